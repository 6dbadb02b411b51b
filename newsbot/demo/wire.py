""" "Wire": a news agency whose stories newsbot reaches only through its feeds: an RSS 2.0 feed of
every story and an Atom feed of business stories whose links carry ``utm_*`` parameters (so
business stories arrive twice). Pages use schema.org microdata, not JSON-LD; dates carry a New
York offset; the first paragraph opens with an agency dateline (``PORT ALDREN, Nov 20 (Wire) -``).
"""

from __future__ import annotations

from datetime import UTC, datetime

from newsbot.demo.chrome import analytics_script, inline_css, state_script
from newsbot.demo.newssite import NewsSite, esc
from newsbot.demo.server import Reply, Request, html_reply, text_reply, xml_reply
from newsbot.demo.stories import SitePlan, Story, person_slug

SECTIONS = {"world": "World", "business": "Business", "technology": "Technology"}


class Wire(NewsSite):
    name = "wire"
    title = "Wire"
    plan = SitePlan(
        name="wire",
        count=9,
        timezone="America/New_York",
        staff=("Maria Lopez", "Samuel Adeyemi", "Ruth Marchetti", "Oren Szabo", "Nadia Iyer"),
        first_number=2201,
        number_step=(1, 3),
    )
    routes = (
        (r"/", "home_page"),
        (r"/(?P<section>world|business|technology)/", "section_page"),
        (r"/(?P<section>world|business|technology)/(?P<slug>[a-z0-9-]+)-"
         r"(?P<date>\d{4}-\d\d-\d\d)/", "article_page"),
        (r"/rss/topnews\.xml", "rss_feed"),
        (r"/feeds/business\.atom", "atom_feed"),
        (r"/authors/(?P<author>[a-z0-9-]+)/", "author_page"),
        (r"/robots\.txt", "robots"),
    )  # fmt: skip

    def section_of(self, story: Story) -> str:
        return "technology" if story.desk == "science" else story.desk

    def article_path(self, story: Story) -> str:
        return f"/{self.section_of(story)}/{story.slug}-{story.published:%Y-%m-%d}/"

    def paragraphs(self, story: Story) -> tuple[str, ...]:
        first = f"{story.place.upper()}, {story.published:%b} {story.published.day} (Wire) - "
        return (first + story.paragraphs[0], *story.paragraphs[1:])

    def sources_entry(self, base: str) -> str:
        return (
            "[[source]]\n"
            'name = "wire"\n'
            f'feeds = ["{base}/rss/topnews.xml", "{base}/feeds/business.atom"]\n'
            'timezone = "America/New_York"\n'
            'language = "en"\n'
        )

    def _find(self, section: str, slug: str, date: str) -> Story | None:
        for story in self.stories:
            if (self.section_of(story), story.slug, f"{story.published:%Y-%m-%d}") == (
                section, slug, date,
            ):  # fmt: skip
                return story
        return None

    # -- Pages ------------------------------------------------------------------------------

    def home_page(self, request: Request) -> Reply:
        items = "".join(self._teaser(s) for s in self.stories)
        return html_reply(self._page("Wire | Breaking international news", f"<ul>{items}</ul>"))

    def section_page(self, request: Request, section: str) -> Reply:
        items = "".join(self._teaser(s) for s in self.stories if self.section_of(s) == section)
        return html_reply(self._page(f"{SECTIONS[section]} | Wire", f"<ul>{items}</ul>"))

    def article_page(self, request: Request, section: str, slug: str, date: str) -> Reply | None:
        story = self._find(section, slug, date)
        if story is None:
            return None
        url = request.base + self.article_path(story)
        published = story.published.isoformat()
        head = (
            f'<link rel="canonical" href="{url}">'
            f'<meta name="description" content="{esc(story.description)}">'
            f'<meta property="og:title" content="{esc(story.headline)}">'
            f'<meta property="og:url" content="{url}">'
            '<meta property="og:type" content="article">'
            f'<meta name="author" content="{esc(story.authors[0])}">'
            f'<meta property="article:published_time" content="{published}">'
            f'<meta property="article:section" content="{SECTIONS[self.section_of(story)]}">'
        )
        updated = ""
        if story.modified:
            updated = (
                f' <span class="updated">Updated <time itemprop="dateModified" datetime="'
                f'{story.modified.isoformat()}">{_display(story.modified)}</time></span>'
            )
        body = "".join(f'<p data-testid="paragraph-{i}">{esc(p)}</p>'
                       for i, p in enumerate(self.paragraphs(story)))  # fmt: skip
        author = story.authors[0]
        others = [s for s in self.stories if s is not story][:3]
        main = (
            '<article itemscope itemtype="https://schema.org/NewsArticle">'
            f'<meta itemprop="mainEntityOfPage" content="{url}">'
            f'<a class="kicker" href="/{self.section_of(story)}/">'
            f"{SECTIONS[self.section_of(story)]}</a>"
            f'<h1 itemprop="headline">{esc(story.headline)}</h1>'
            '<div class="byline">By <span itemprop="author" itemscope itemtype="https://schema.'
            f'org/Person"><a itemprop="url" href="/authors/{person_slug(author)}/"><span '
            f'itemprop="name">{esc(author)}</span></a></span></div>'
            f'<time itemprop="datePublished" datetime="{published}">{_display(story.published)}'
            f"</time>{updated}"
            f'<div class="article-body" itemprop="articleBody">{body}</div>'
            f'<p class="sign-off">Reporting by {esc(author)}; Editing by Oren Szabo</p>'
            '<p class="trust">Our Standards: <a href="/about/trust-principles/">The Wire Trust '
            "Principles</a>.</p></article>"
            '<aside class="read-next"><h2>Read Next</h2><ul>'
            + "".join(self._teaser(s) for s in others)
            + "</ul></aside>"
        )
        content = {
            "_id": f"WIR{story.number}",
            "canonical_url": self.article_path(story),
            "headlines": {"basic": story.headline},
            "description": {"basic": story.description},
            "credits": {"by": [{"name": a} for a in story.authors]},
            "display_date": story.published.astimezone(UTC).isoformat(),
            "content_elements": [{"type": "text", "content": p} for p in self.paragraphs(story)],
        }
        main += state_script("Fusion", {"globalContent": content, "arcSite": "wire"})
        return html_reply(self._page(f"{story.headline} | Wire", main, head))

    def author_page(self, request: Request, author: str) -> Reply | None:
        names = {person_slug(n): n for n in self.plan.staff}
        if author not in names:
            return None
        items = "".join(self._teaser(s) for s in self.stories if names[author] in s.authors)
        return html_reply(self._page(f"{names[author]} | Wire", f"<h1>{names[author]}</h1>{items}"))

    def rss_feed(self, request: Request) -> Reply:
        items = "".join(
            "<item>"
            f"<title>{esc(s.headline)}</title>"
            f"<link>{request.base}{self.article_path(s)}</link>"
            f'<guid isPermaLink="false">WIR-{s.number}</guid>'
            f"<pubDate>{s.published.astimezone(UTC):%a, %d %b %Y %H:%M:%S} GMT</pubDate>"
            f"<description>{esc(s.description)}</description>"
            f"<category>{SECTIONS[self.section_of(s)]}</category>"
            f"<dc:creator>{esc(s.authors[0])}</dc:creator>"
            "</item>"
            for s in self.stories
        )
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
            f"<title>Wire: Top News</title><link>{request.base}/</link>"
            "<description>Top news from Wire</description><language>en-us</language>"
            "<ttl>15</ttl>" + items + "</channel></rss>\n"
        )
        return xml_reply(xml, "application/rss+xml; charset=utf-8")

    def atom_feed(self, request: Request) -> Reply:
        stories = [s for s in self.stories if self.section_of(s) == "business"]
        entries = "".join(
            "<entry>"
            f"<title>{esc(s.headline)}</title>"
            f'<link rel="alternate" type="text/html" href="{request.base}{self.article_path(s)}'
            '?utm_source=atom&amp;utm_medium=feed&amp;utm_campaign=business"/>'
            f"<id>tag:wire.example,2026:{s.number}</id>"
            f"<published>{s.published.isoformat()}</published>"
            f"<updated>{(s.modified or s.published).isoformat()}</updated>"
            f"<author><name>{esc(s.authors[0])}</name></author>"
            f'<summary type="text">{esc(s.description)}</summary>'
            "</entry>"
            for s in stories
        )
        updated = stories[0].published.isoformat() if stories else "2026-11-24T00:00:00+00:00"
        xml = (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom">'
            "<title>Wire – Business</title>"
            f'<link rel="self" href="{request.base}/feeds/business.atom"/>'
            f'<link rel="alternate" href="{request.base}/business/"/>'
            f"<id>{request.base}/feeds/business.atom</id><updated>{updated}</updated>"
            + entries
            + "</feed>\n"
        )
        return xml_reply(xml, "application/atom+xml; charset=utf-8")

    def robots(self, request: Request) -> Reply:
        return text_reply("User-agent: *\nDisallow: /search\nDisallow: /account/\n")

    # -- Pieces -----------------------------------------------------------------------------

    def _teaser(self, story: Story) -> str:
        return (
            f'<li class="story-card"><a href="{self.article_path(story)}">{esc(story.headline)}'
            f'</a><time datetime="{story.published.isoformat()}">{_display(story.published)}'
            "</time></li>"
        )

    def _page(self, title: str, main: str, head: str = "") -> str:
        nav = "".join(f'<a href="/{s}/">{label}</a>' for s, label in SECTIONS.items())
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{esc(title)}</title>{head}{inline_css('wr', 450)}"
            f"{analytics_script('wire', title)}</head><body>"
            '<a class="skip" href="#main">Skip to main content</a>'
            f'<header><a class="logo" href="/">Wire</a><nav>{nav}</nav>'
            '<a href="/account/sign-in/">Sign In</a> <a href="/account/register/">Register</a>'
            f'</header><main id="main">{main}</main>'
            '<footer><a href="https://www.linkedin.com/company/wire-news">LinkedIn</a> '
            '<a href="https://twitter.com/wire">X</a> <p>All quotes delayed a minimum of 15 '
            "minutes. © 2026 Wire. All rights reserved.</p></footer></body></html>\n"
        )


def _display(when: datetime) -> str:
    """``November 20, 2026 8:14 AM EST``."""
    return f"{when:%B} {when.day}, {when:%Y} {when.hour % 12 or 12}:{when:%M %p} {when.tzname()}"
