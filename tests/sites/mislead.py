"""A loopback news site whose pages mislead generic extraction, for the field-override tests.

Every article page says "Home" as its structured headline (JSON-LD, og:title, <title>), names
"Riverside Desk" as its JSON-LD author while the byline is plain spans, states its date only as
visible text ("Filed 24 November 2026, 18:40", below the header's date of the day), and carries
a prose-like promo paragraph inside ``<article>``. The sources entry's ``[source.fields]``
(:data:`SELECTORS`) or the page object :class:`tests.page_objects.RiversideArticle` picks the
right values; :meth:`MisleadSite.expected` says what they are.
"""

from __future__ import annotations

import html
import json

from newsbot.demo.server import Reply, Request, html_reply
from newsbot.demo.stories import SitePlan, Story, generate

SELECTORS = {
    "headline": "div.ttl::text",
    "articleBody": "div.txt > p:not(.cta)",
    "authors": "xpath://span[@class='nm']/text()",
    "datePublishedRaw": "div.stamp::text",
}

PROMO = (
    "The Riverside Gazette has reported from the towns along the river since 1921, and its "
    "morning edition reaches readers in forty of them before the first ferry sails."
)


def build_sites(*names: str, count: int = 5) -> list[MisleadSite]:
    """One site per name, each with its own ``count`` stories (no two alike: the crawl's
    de-duplication keeps them all)."""
    plans = [
        SitePlan(
            name=name,
            count=count,
            timezone="Asia/Kolkata",
            staff=("Asha Rao", "Dev Mehta", "Meera Iyer", "Kabir Sen"),
            first_number=4100 + 100 * i,
            number_step=(1, 3),
            co_author_chance=0.5,
        )
        for i, name in enumerate(names)
    ]
    stories = generate(plans)
    return [MisleadSite(name, stories[name]) for name in names]


class MisleadSite:
    """A site: ``/news/`` lists its stories, ``/stories/<slug>-<number>.html`` shows one."""

    def __init__(self, name: str, stories: list[Story]) -> None:
        self.name = name
        self.stories = stories

    def path(self, story: Story) -> str:
        return f"/stories/{story.slug}-{story.number}.html"

    def respond(self, request: Request) -> Reply:
        if request.path == "/news/":
            links = "".join(
                f'<li><a href="{self.path(s)}">{html.escape(s.headline)}</a></li>'
                for s in self.stories
            )
            return html_reply(f"<html><body><h1>News</h1><ul>{links}</ul></body></html>")
        for story in self.stories:
            if request.path == self.path(story):
                return html_reply(article_html(story))
        return html_reply("<h1>Not found</h1>", status=404)

    def expected(self, base: str) -> dict[str, dict[str, object]]:
        """Article URL -> the fields the overrides must give."""
        return {
            base + self.path(s): {
                "headline": s.headline,
                "articleBody": s.body,
                "authors": [{"name": a} for a in s.authors],
                "datePublished": s.published.isoformat(),
            }
            for s in self.stories
        }


def article_html(story: Story) -> str:
    """One article page, built to mislead generic extraction (see the module docstring)."""
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Home",
        "author": {"@type": "Person", "name": "Riverside Desk"},
    }
    paragraphs = [f"<p>{html.escape(p)}</p>" for p in story.paragraphs]
    paragraphs.insert(2, f'<p class="cta">{html.escape(PROMO)}</p>')
    names = " and ".join(f'<span class="nm">{html.escape(a)}</span>' for a in story.authors)
    filed = story.published.strftime("%-d %B %Y, %H:%M")
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        "<title>Home | Riverside Gazette</title>"
        '<meta property="og:title" content="Home">'
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head><body>'
        '<header><div class="today">Monday, 30 November 2026</div>'
        '<nav><a href="/news/">News</a> <a href="/">Home</a></nav></header>'
        f'<article><div class="ttl">{html.escape(story.headline)}</div>'
        f'<div class="by">By {names}</div><div class="stamp">Filed {filed}</div>'
        f'<div class="txt">{"".join(paragraphs)}</div></article>'
        "<footer><p>© Riverside Gazette</p></footer></body></html>"
    )
