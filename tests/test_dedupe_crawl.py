"""Near-duplicates end to end: the real spider crawls a loopback site with the shipped settings
(``NEWSBOT_DUPLICATES=tag``), twice, as cron would; stories are read from the feeds."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsbot.demo.server import Reply, Request, SiteServer, html_reply, text_reply
from tests.crawl import run_crawl
from tests.test_similarity import BRIDGE, FOLLOW_UP, UPDATE

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def earnings(company: str, revenue: int, change: int, profit: int, eps: str, ceo: str) -> list[str]:
    return [
        f"{company} on Tuesday reported third-quarter revenue of ${revenue} million, up {change} "
        "percent from a year earlier, the company said in a statement.",
        f"Net income came to ${profit} million, or ${eps} per share, compared with the same "
        "period last year, when the company booked a one-time charge for restructuring.",
        f"Chief executive {ceo} said the company remained confident in its full-year outlook "
        "and would keep investing in its core markets and in new products.",
        "The company's results are reported under generally accepted accounting principles; "
        "adjusted figures exclude one-time items such as restructuring charges and impairments.",
        "This story was generated automatically from company filings.",
    ]


ARTICLES = {
    # slug: (crawl, headline, paragraphs, hours after T0)
    "harbour-street-bridge-to-close-to-traffic": (1, "Harbour Street bridge to close", BRIDGE, 0),
    "harbour-street-bridge-closure-in-brief": (
        1, "Bridge to close", [*BRIDGE[:2], "Read the full story on the Courier's website."], 2,
    ),
    "acme-corp-reports-third-quarter-results": (
        1, "Acme Corp reports results", earnings("Acme Corp", 812, 14, 95, "1.12", "Ada Novak"),
        1,
    ),
    "globex-reports-third-quarter-results": (
        1, "Globex reports results", earnings("Globex", 2307, 3, 410, "2.05", "Tomas Lind"), 1,
    ),
    "initech-reports-third-quarter-results": (
        1, "Initech reports results", earnings("Initech", 145, 22, 12, "0.31", "Ada Brandt"), 1,
    ),
    "harbour-street-bridge-closure-brought-forward": (
        2, "Harbour Street bridge closure brought forward", UPDATE, 30,
    ),
    "mill-fire-stretches-emergency-services": (
        2, "Mill fire and bridge closure stretch emergency services", FOLLOW_UP, 40,
    ),
    "globex-results-syndicated-copy-for-readers": (
        2, "Globex results", [*earnings("Globex", 2307, 3, 410, "2.05", "Tomas Lind"),
                              "Follow us for more business news."], 3,
    ),
}  # fmt: skip


class Courier:
    """A news site whose listing shows the articles of the crawls so far."""

    name = "courier"

    def __init__(self) -> None:
        self.crawl = 1

    def path(self, slug: str) -> str:
        hours = ARTICLES[slug][3]
        return f"/news/{(T0 + timedelta(hours=hours)):%Y/%m/%d}/{slug}/"

    def respond(self, request: Request) -> Reply:
        if request.path == "/robots.txt":
            return text_reply("User-agent: *\nAllow: /\n")
        if request.path == "/news/":
            links = "".join(
                f'<li><a href="{self.path(slug)}">{headline}</a></li>'
                for slug, (crawl, headline, _, _) in ARTICLES.items()
                if crawl <= self.crawl
            )
            return html_reply(f"<html><body><h1>News</h1><ul>{links}</ul></body></html>")
        for slug, (crawl, headline, paragraphs, hours) in ARTICLES.items():
            if request.path == self.path(slug) and crawl <= self.crawl:
                published = (T0 + timedelta(hours=hours)).isoformat()
                body = "".join(f"<p>{p}</p>" for p in paragraphs)
                return html_reply(
                    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                    f"<title>{headline} | Courier</title>"
                    f'<link rel="canonical" href="{request.base}{self.path(slug)}">'
                    '<meta property="og:type" content="article">'
                    f'<meta property="article:published_time" content="{published}">'
                    '</head><body><header><a href="/news/">News</a></header><main><article>'
                    f'<h1>{headline}</h1><time datetime="{published}">{published}</time>'
                    f'<div class="story">{body}</div></article></main>'
                    "<footer>© 2026 The Courier</footer></body></html>"
                )
        return html_reply("<h1>Not found</h1>", status=404)


@pytest.fixture
def courier() -> Iterator[tuple[Courier, str]]:
    site = Courier()
    server = SiteServer(site)
    server.start()
    yield site, server.base_url
    server.stop()


def test_stories_across_two_crawls_in_tag_mode(
    courier: tuple[Courier, str], tmp_path: Path
) -> None:
    site, base = courier
    sources = f'[[source]]\nname = "courier"\nlistings = ["{base}/news/"]\n'
    settings = {"NEWSBOT_DUPLICATES": "tag"}
    first = run_crawl(tmp_path, sources, settings=settings)
    site.crawl = 2
    second = run_crawl(tmp_path, sources, settings=settings)
    assert first.returncode == second.returncode == 0, second.log[-3000:]
    items = {item["url"].rstrip("/").rsplit("/", 1)[1]: item for item in first.items + second.items}
    assert set(items) == set(ARTICLES), json.dumps(sorted(items))
    story = {slug: item["storyId"] for slug, item in items.items()}

    bridge = story["harbour-street-bridge-to-close-to-traffic"]
    # A brief is the story; an update keeps its story and is its next version.
    assert story["harbour-street-bridge-closure-in-brief"] == bridge
    update = items["harbour-street-bridge-closure-brought-forward"]
    assert update["storyId"] == bridge and update["duplicateOf"] is not None
    assert (update["version"], update["changeType"]) == (2, "updated")
    # A follow-up that reuses the first paragraphs and goes on elsewhere is another story.
    assert story["mill-fire-stretches-emergency-services"] != bridge
    # Automated stories of one template are three stories; a copy of one is that story.
    results = [story[f"{c}-reports-third-quarter-results"] for c in ("acme-corp", "globex",
                                                                     "initech")]  # fmt: skip
    assert len(set(results)) == 3
    assert story["globex-results-syndicated-copy-for-readers"] == results[1]
