"""A loopback news site whose listing is paginated in one of the common shapes, with a hub
page linked like an article, an optional robots.txt ``Crawl-delay`` and slow article pages.

Article URLs end in ``.html`` (``/news/<slug>-<number>.html``), as do the listing's pages in
the ``page_html`` shape (``/news/page/2.html``): only the page's structure tells them apart.
"""

from __future__ import annotations

import math
import threading
import time
from datetime import datetime
from typing import Self

from newsbot.demo.newssite import esc, json_ld
from newsbot.demo.server import Reply, Request, SiteServer, html_reply, text_reply
from newsbot.demo.stories import SitePlan, Story, generate

PLAN = SitePlan(
    name="paged",
    count=23,
    timezone="Europe/London",
    staff=("Ruth Ellery", "Tomas Vidal", "Priya Natarajan"),
    first_number=48210,
    number_step=(3, 40),
    newest=datetime(2026, 11, 24, 9, 30),
)

PAGE_SHAPES = {
    "query": "/news/?page={n}",
    "page_slash": "/news/page/{n}/",
    "page_html": "/news/page/{n}.html",
    "section_number": "/news/{n}/",
}
HUB = "/news/special-coverage-of-the-autumn-floods.html"


class PagedSite:
    """The site (a :class:`newsbot.demo.server.App`). ``shape`` is a key of
    :data:`PAGE_SHAPES`; ``next_link`` is ``numbers`` (links 1 2 3 ... only), ``rel`` (a
    ``<link rel="next">`` only) or the text of a single link to the next page."""

    name = "paged"

    def __init__(
        self,
        shape: str = "page_html",
        next_link: str = "numbers",
        *,
        count: int = PLAN.count,
        per_page: int = 5,
        crawl_delay: float | None = None,
        article_delay: float = 0.0,
    ) -> None:
        plan = SitePlan(**{**PLAN.__dict__, "count": count})
        self.stories: list[Story] = generate([plan])[plan.name]
        self.shape = shape
        self.next_link = next_link
        self.per_page = per_page
        self.pages = math.ceil(len(self.stories) / per_page)
        self.crawl_delay = crawl_delay
        self.article_delay = article_delay
        self.log: list[tuple[float, str]] = []
        """(``time.monotonic()``, path and query) of every request, in order."""
        self._lock = threading.Lock()

    # -- what a test needs -----------------------------------------------------------------

    def article_path(self, story: Story) -> str:
        return f"/news/{story.slug}-{story.number}.html"

    def page_path(self, n: int) -> str:
        return "/news/" if n == 1 else PAGE_SHAPES[self.shape].format(n=n)

    def expected_urls(self, base: str) -> set[str]:
        return {base + self.article_path(s) for s in self.stories}

    def sources_entry(self, base: str) -> str:
        return (
            f'[[source]]\nname = "paged"\nlistings = ["{base}/news/"]\n'
            f'timezone = "Europe/London"\nmax_listing_pages = {self.pages}\n'
        )

    def requested(self) -> list[str]:
        with self._lock:
            return [path for _, path in self.log]

    # -- serving -----------------------------------------------------------------------------

    def respond(self, request: Request) -> Reply:
        query = "&".join(f"{k}={v[0]}" for k, v in request.query.items())
        with self._lock:
            self.log.append((time.monotonic(), request.path + (f"?{query}" if query else "")))
        if request.path == "/robots.txt":
            delay = f"Crawl-delay: {self.crawl_delay:g}\n" if self.crawl_delay else ""
            return text_reply(f"User-agent: *\n{delay}Disallow: /search/\n")
        if request.path == HUB:
            return html_reply(self.hub_page())
        for story in self.stories:
            if request.path == self.article_path(story):
                time.sleep(self.article_delay)
                return html_reply(self.article_page(request.base, story))
        for n in range(1, self.pages + 1):
            path, _, page_query = self.page_path(n).partition("?")
            if request.path == path and query == page_query:
                return html_reply(self.listing_page(n))
        return html_reply("<html><body><h1>Page not found</h1></body></html>", status=404)

    def listing_page(self, n: int) -> str:
        shown = self.stories[(n - 1) * self.per_page : n * self.per_page]
        cards = "".join(
            f'<article class="teaser"><h2><a href="{self.article_path(s)}">{esc(s.headline)}</a>'
            f"</h2><p>{esc(s.description)}</p></article>"
            for s in shown
        )
        if n == 1:
            cards = (
                f'<article class="teaser special"><h2><a href="{HUB}">Special coverage: the '
                "autumn floods, day by day</a></h2></article>" + cards
            )
        head = pager = ""
        if self.next_link == "numbers":
            pager = " ".join(
                f"<span>{i}</span>" if i == n else f'<a href="{self.page_path(i)}">{i}</a>'
                for i in range(1, self.pages + 1)
            )
        elif n < self.pages and self.next_link == "rel":
            head = f'<link rel="next" href="{self.page_path(n + 1)}">'
        elif n < self.pages:
            pager = f'<a href="{self.page_path(n + 1)}">{esc(self.next_link)}</a>'
        return self._page(f"Latest news - page {n} | The Paged Post", f"<h1>Latest news</h1>"
                          f'{cards}<nav class="pager">{pager}</nav>', head)  # fmt: skip

    def hub_page(self) -> str:
        """A hub linked like an article: a short introduction and many headlines."""
        links = "".join(
            f'<li><a href="{self.article_path(s)}">{esc(s.headline)}</a></li>'
            for s in self.stories[:12]
        )
        return self._page(
            "Special coverage: the autumn floods | The Paged Post",
            "<h1>Special coverage: the autumn floods</h1><p>All our reporting on the floods "
            f"in one place.</p><ul>{links}</ul>",
        )

    def article_page(self, base: str, story: Story) -> str:
        url = base + self.article_path(story)
        data = {
            "@context": "https://schema.org", "@type": "NewsArticle", "headline": story.headline,
            "datePublished": story.published.isoformat(), "url": url,
            "author": [{"@type": "Person", "name": a} for a in story.authors],
        }  # fmt: skip
        paragraphs = "".join(f"<p>{esc(p)}</p>" for p in story.paragraphs)
        names = esc(", ".join(story.authors))
        byline = f'<p class="byline">By {names}</p>' if story.authors else ""
        related = "".join(
            f'<li><a href="{self.article_path(s)}">{esc(s.headline)}</a></li>'
            for s in self.stories[:4]
            if s is not story
        )
        return self._page(
            f"{story.headline} | The Paged Post",
            f'<article><h1>{esc(story.headline)}</h1>{byline}<time datetime="'
            f'{story.published.isoformat()}">{story.published:%d %B %Y}</time>{paragraphs}'
            f"</article><aside><h2>Most read</h2><ul>{related}</ul></aside>",
            f'<link rel="canonical" href="{url}"><meta property="og:type" content="article">'
            + json_ld(data),
        )

    def _page(self, title: str, main: str, head: str = "") -> str:
        return (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)}'
            f'</title>{head}</head><body><header><a href="/">The Paged Post</a><nav>'
            '<a href="/news/">News</a></nav></header><main>' + main + "</main><footer><p>© "
            "The Paged Post</p></footer></body></html>"
        )


class Served:
    """A :class:`PagedSite` on ``127.0.0.1`` while the ``with`` block runs."""

    def __init__(self, site: PagedSite) -> None:
        self.site = site
        self.server = SiteServer(site)
        self.base = self.server.base_url

    def __enter__(self) -> Self:
        self.server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.stop()

    def sources_toml(self) -> str:
        return self.site.sources_entry(self.base)
