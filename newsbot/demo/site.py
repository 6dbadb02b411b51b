"""The demo news web: every demo site on its own loopback server, started and stopped together.

Four sites, 52 generated English stories (fictional places and people), each site in its own
style (details in each module's docstring):

- ``meridian`` (Europe/London): JSON-LD NewsArticle + OpenGraph; front page and three section
  listings paginated by ``?page=N`` (rel=next, "Older stories"); an RSS feed whose links carry
  ``utm_*``; tag, author, video, live, search and login pages; cookie banner, share bars,
  newsletter box, related and most-read boxes with tracked links, external social links.
- ``kurier`` (Europe/Berlin): meta tags only, a zone-less visible date ``24 Nov, 2026 18:40``,
  icon-sprite text, "READ MORE:" promos in the body; ``/news/page/2/`` pagination;
  a short link that redirects; video pages with article-shaped URLs.
- ``wire`` (America/New_York): microdata; reachable only by its RSS and Atom feeds (overlapping).
- ``gazette`` (Asia/Kolkata): Yoast-style JSON-LD graph; reachable only by a sitemap index with a
  Google News sitemap (plus category and page sitemaps holding no articles).

``python -m newsbot.demo.site`` serves it in the foreground and prints the URLs and a sources
file, for exploring by hand.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any, Self

from newsbot.demo.gazette import Gazette
from newsbot.demo.kurier import Kurier
from newsbot.demo.meridian import Meridian
from newsbot.demo.server import SiteServer
from newsbot.demo.stories import generate
from newsbot.demo.wire import Wire

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import TracebackType

    from newsbot.demo.newssite import NewsSite

SITE_CLASSES: tuple[type[NewsSite], ...] = (Meridian, Kurier, Wire, Gazette)


def build_sites() -> list[NewsSite]:
    """The demo sites with their stories (deterministic)."""
    stories = generate([cls.plan for cls in SITE_CLASSES])
    return [cls(stories[cls.name]) for cls in SITE_CLASSES]


class DemoSite:
    """All demo sites, served on 127.0.0.1 while the ``with`` block runs."""

    def __init__(self, sites: Sequence[NewsSite] | None = None) -> None:
        self.sites = list(sites) if sites is not None else build_sites()
        self.servers: list[SiteServer] = []
        self.urls: dict[str, str] = {}
        """Site name -> base URL such as ``http://127.0.0.1:41234``."""

    def start(self) -> None:
        """Bind every site to a free port and serve it from a background thread."""
        for site in self.sites:
            server = SiteServer(site)
            server.start()
            self.servers.append(server)
            self.urls[site.name] = server.base_url

    def stop(self) -> None:
        """Stop all servers."""
        for server in self.servers:
            server.stop()

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def requests(self) -> dict[str, list[str]]:
        """Site name -> path and query of every request it received, in order (kept after
        the servers stop, so a test can read it once the crawl is over)."""
        return {server.app.name: list(server.requests) for server in self.servers}

    def sources_toml(self) -> str:
        """A sources file covering every site, with time zones set."""
        return "\n".join(site.sources_entry(self.urls[site.name]) for site in self.sites)

    def expected_articles(self) -> dict[str, dict[str, Any]]:
        """Canonical article URL -> expected ``headline``, ``articleBody``, ``authors``,
        ``datePublished``, ``source`` and ``inLanguage``."""
        expected: dict[str, dict[str, Any]] = {}
        for site in self.sites:
            expected.update(site.expected(self.urls[site.name]))
        return expected


def main() -> None:
    """Serve the demo sites until interrupted."""
    with DemoSite() as demo:
        for name, url in demo.urls.items():
            print(f"{name:10} {url}/")
        print(f"\n# sources file ({len(demo.expected_articles())} articles)\n")
        print(demo.sources_toml())
        sys.stdout.flush()
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
