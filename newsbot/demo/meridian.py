""" "The Meridian": a big English-language publisher with rich JSON-LD, OpenGraph and everything
around the story a modern news page carries (cookie banner, share bars, newsletter box, related
stories, most read, tracking parameters on internal links).

Entry points: the front page, three paginated section listings (``?page=N``, rel=next and an
"Older stories" link) and an RSS feed whose links carry ``utm_*`` parameters.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING
from urllib.parse import quote

from newsbot.demo.chrome import analytics_script, inline_css, state_script, svg_icons
from newsbot.demo.newssite import NewsSite, esc, json_ld
from newsbot.demo.server import Reply, Request, html_reply, text_reply, xml_reply
from newsbot.demo.stories import SitePlan, Story, person_slug, slugify

if TYPE_CHECKING:
    from collections.abc import Iterable

PAGE_SIZE = 4
ICONS = ("facebook", "x", "whatsapp", "email", "copy", "search", "menu", "close")
SUBHEADING_AT = 8
"""Long stories get a subheading before this paragraph."""
SUBHEADINGS = (
    "What happens next",
    "A long-running problem",
    "Pressure mounts",
    "Counting the cost",
)
SECTIONS = {"world": "World", "business": "Business", "science": "Science"}
_ENTITIES = {"’": "&rsquo;", "‘": "&lsquo;", "“": "&ldquo;", "”": "&rdquo;", "—": "&mdash;"}
_CITY = re.compile(r"\b(Port Aldren|Velmora|Kessington|Brackwater|Linden Falls|Marrowgate)\b")

VIDEOS = (
    ("2026/11/23", "watch-drone-footage-shows-scale-of-flooding-in-the-lowlands", 80312,
     "Watch: drone footage shows scale of flooding in the lowlands"),
    ("2026/11/21", "inside-the-factory-building-the-next-generation-of-heat-pumps", 80297,
     "Inside the factory building the next generation of heat pumps"),
)  # fmt: skip
LIVE = ("2026/11/24", "budget-day-live-finance-minister-sets-out-spending-plans",
        "Budget day live: finance minister sets out spending plans")  # fmt: skip


def ent(text: str) -> str:
    """Escape like :func:`esc`, then write typographic characters as named entities, as this
    publisher's CMS does."""
    text = esc(text)
    for char, entity in _ENTITIES.items():
        text = text.replace(char, entity)
    return text


class Meridian(NewsSite):
    name = "meridian"
    title = "The Meridian"
    plan = SitePlan(
        name="meridian",
        count=20,
        timezone="Europe/London",
        staff=(
            "Helena Brandt",
            "Kwame Mensah",
            "Priya Raman",
            "Tobias Whitcombe",
            "Camille Moreau",
            "Daniel O’Connell",
            "Yuki Nakamura",
        ),
        first_number=48213,
        number_step=(37, 420),
        co_author_chance=0.3,
    )
    routes = (
        (r"/", "front_page"),
        (r"/section/(?P<section>[a-z]+)/", "section_page"),
        (r"/(?P<section>world|business|science)/(?P<y>\d{4})/(?P<m>\d\d)/(?P<d>\d\d)/"
         r"(?P<slug>[a-z0-9-]+)-(?P<number>\d+)/", "article_page"),
        (r"/tag/(?P<tag>[a-z0-9-]+)/", "tag_page"),
        (r"/author/(?P<author>[a-z0-9-]+)/", "author_page"),
        (r"/video/(?P<date>\d{4}/\d\d/\d\d)/(?P<slug>[a-z0-9-]+)-v(?P<number>\d+)/", "video_page"),
        (r"/live/(?P<date>\d{4}/\d\d/\d\d)/(?P<slug>[a-z0-9-]+)/", "live_page"),
        (r"/search/", "search_page"),
        (r"/account/login/", "login_page"),
        (r"/newsletters/", "static_page"),
        (r"/(?P<page>about|contact|privacy|terms|cookies)/", "static_page"),
        (r"/rss/latest\.xml", "rss_feed"),
        (r"/robots\.txt", "robots"),
    )  # fmt: skip

    # -- URLs -------------------------------------------------------------------------------

    def article_path(self, story: Story) -> str:
        return f"/{story.desk}/{story.published:%Y/%m/%d}/{story.slug}-{story.number}/"

    def paragraphs(self, story: Story) -> tuple[str, ...]:
        # The standfirst above the byline is the lead, and a subheading is a paragraph of its
        # own: the corpus's ground truth (fundus) counts both as body.
        body = list(story.paragraphs)
        if heading := _subheading(story):
            body.insert(SUBHEADING_AT, heading)
        return (story.standfirst, *body)

    def tracked(self, story: Story, source: str, medium: str) -> str:
        """The story's path with the tracking parameters an internal promo link carries."""
        return f"{self.article_path(story)}?utm_source={source}&utm_medium={medium}"

    def section_stories(self, section: str) -> list[Story]:
        return [s for s in self.stories if s.desk == section]

    def pages_needed(self) -> int:
        """Listing depth that reaches every story."""
        return max(math.ceil(len(self.section_stories(s)) / PAGE_SIZE) for s in SECTIONS)

    def sources_entry(self, base: str) -> str:
        listings = ", ".join(f'"{base}/section/{s}/"' for s in SECTIONS)
        return (
            "[[source]]\n"
            'name = "meridian"\n'
            f'listings = ["{base}/", {listings}]\n'
            f'feeds = ["{base}/rss/latest.xml"]\n'
            'timezone = "Europe/London"\n'
            'language = "en"\n'
            f"max_listing_pages = {self.pages_needed()}\n"
            "deny = ['/video/', '/live/']\n"
        )

    # -- Pages ------------------------------------------------------------------------------

    def front_page(self, request: Request) -> Reply:
        top = self.stories[:6]
        lead, rest = top[0], top[1:]
        parts = [
            '<section class="live-banner"><span class="badge">Live</span> '
            f'<a href="/live/{LIVE[0]}/{LIVE[1]}/">{ent(LIVE[2])}</a></section>',
            '<section class="top-stories"><h2 class="visually-hidden">Top stories</h2>',
            f'<article class="card card--lead"><a class="card__link" href="'
            f'{self.tracked(lead, "homepage", "top-stories")}"><h2 class="card__headline">'
            f'{ent(lead.headline)}</h2></a><p class="card__standfirst">{ent(lead.standfirst)}'
            f"</p>{self._card_meta(lead)}</article>",
        ]
        parts += [self._card(s, self.tracked(s, "homepage", "top-stories")) for s in rest]
        parts.append("</section>")
        for section, label in SECTIONS.items():
            picks = self.section_stories(section)[:3]
            parts.append(
                f'<section class="section-block"><h2><a href="/section/{section}/">{label}</a>'
                f"</h2>{''.join(self._card(s) for s in picks)}"
                f'<a class="more" href="/section/{section}/">More {label.lower()} news</a>'
                "</section>"
            )
        parts.append(self._video_block())
        body = "".join(parts)
        return html_reply(
            self._page(
                request,
                title="The Meridian | News, analysis and opinion",
                main=body,
                head=f'<link rel="canonical" href="{request.base}/">',
            )
        )

    def section_page(self, request: Request, section: str) -> Reply | None:
        if section not in SECTIONS:
            return None
        stories = self.section_stories(section)
        pages = max(1, math.ceil(len(stories) / PAGE_SIZE))
        try:
            page = int(request.param("page", "1") or "1")
        except ValueError:
            page = 0
        if not 1 <= page <= pages:
            return None
        path = f"/section/{section}/"

        def page_url(n: int) -> str:
            return path if n == 1 else f"{path}?page={n}"

        head = [f'<link rel="canonical" href="{request.base}{page_url(page)}">']
        if page > 1:
            head.append(f'<link rel="prev" href="{request.base}{page_url(page - 1)}">')
        if page < pages:
            head.append(f'<link rel="next" href="{request.base}{page_url(page + 1)}">')
        shown = stories[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        head.append(
            json_ld(
                {
                    "@context": "https://schema.org",
                    "@type": "ItemList",
                    "itemListElement": [
                        {
                            "@type": "ListItem",
                            "position": i,
                            "url": request.base + self.article_path(s),
                        }
                        for i, s in enumerate(shown, start=1)
                    ],
                }
            )
        )
        cards = [self._card(s) for s in shown]
        if section == "world" and page == 1:
            date, slug, number, title = VIDEOS[0]
            cards.insert(
                2,
                f'<article class="card card--video"><a class="card__link" href="/video/{date}/'
                f'{slug}-v{number}/"><span class="card__kicker">Video</span><h3 class="card__'
                f'headline">{ent(title)}</h3></a></article>',
            )
            cards.insert(
                0,
                f'<article class="card card--live"><a class="card__link" href="/live/{LIVE[0]}/'
                f'{LIVE[1]}/"><span class="card__kicker">Live</span><h3 class="card__headline">'
                f"{ent(LIVE[2])}</h3></a></article>",
            )
        pager = ['<nav class="pagination" aria-label="Pagination">']
        if page > 1:
            pager.append(
                f'<a class="pagination__newer" href="{page_url(page - 1)}">Newer stories</a>'
            )
        pager.append(f'<span class="pagination__status">Page {page} of {pages}</span>')
        if page < pages:
            pager.append(
                f'<a class="pagination__older" href="{page_url(page + 1)}">Older stories</a>'
            )
        pager.append("</nav>")
        label = SECTIONS[section]
        main = (
            f'<h1 class="section-title">{label}</h1><section class="stream">{"".join(cards)}'
            f"</section>{''.join(pager)}{self._most_read()}"
        )
        return html_reply(
            self._page(
                request,
                title=f"{label} news | The Meridian" + (f" | Page {page}" if page > 1 else ""),
                main=main,
                head="".join(head),
            )
        )

    def article_page(
        self, request: Request, section: str, y: str, m: str, d: str, slug: str, number: str
    ) -> Reply | None:
        story = self.story_at(number)
        if story is None or story.desk != section or slug != story.slug:
            return None
        url = request.base + self.article_path(story)
        label = SECTIONS[story.desk]
        image = f"{request.base}/media/{story.number}/lead-1200x675.jpg"
        head = [
            f'<meta name="description" content="{esc(story.standfirst)}">',
            f'<link rel="canonical" href="{url}">',
            '<meta property="og:type" content="article">',
            f'<meta property="og:title" content="{esc(story.headline)}">',
            f'<meta property="og:description" content="{esc(story.standfirst)}">',
            f'<meta property="og:url" content="{url}">',
            f'<meta property="og:image" content="{image}">',
            '<meta property="og:site_name" content="The Meridian">',
            '<meta property="og:locale" content="en_GB">',
            f'<meta property="article:published_time" content="{story.published.isoformat()}">',
            f'<meta property="article:section" content="{label}">',
            *(f'<meta property="article:tag" content="{esc(t)}">' for t in story.tags),
            '<meta name="twitter:card" content="summary_large_image">',
            '<meta name="twitter:site" content="@meridiannews">',
            json_ld(self._jsonld(story, url, image)),
            json_ld(
                {
                    "@context": "https://schema.org",
                    "@type": "BreadcrumbList",
                    "itemListElement": [
                        {
                            "@type": "ListItem",
                            "position": 1,
                            "name": "Home",
                            "item": f"{request.base}/",
                        },
                        {
                            "@type": "ListItem",
                            "position": 2,
                            "name": label,
                            "item": f"{request.base}/section/{story.desk}/",
                        },
                    ],
                }
            ),
        ]
        if story.modified:
            head.insert(
                10,
                f'<meta property="article:modified_time" content="{story.modified.isoformat()}">',
            )
        related = [s for s in self.stories if s is not story and s.desk == story.desk][:4]
        body = self._body(story, related)
        byline = " and ".join(
            f'<a rel="author" class="byline__author" href="/author/{person_slug(a)}/">{ent(a)}</a>'
            for a in story.authors
        )
        dates = f'<time datetime="{story.published.isoformat()}">{_display(story)}</time>'
        if story.modified:
            dates += (
                f' <span class="updated">Last modified on <time datetime="'
                f'{story.modified.isoformat()}">{_display(story, modified=True)}</time></span>'
            )
        tags = "".join(
            f'<li><a href="/tag/{slugify(t)}/">{esc(t.capitalize())}</a></li>' for t in story.tags
        )
        share = self._share(url, story.headline)
        main = (
            '<article class="story" id="story">'
            f'<nav class="breadcrumbs"><a href="/">Home</a> › <a href="/section/{story.desk}/">'
            f"{label}</a></nav>"
            f'<h1 class="story__headline">{ent(story.headline)}</h1>'
            f'<p class="story__standfirst">{ent(story.standfirst)}</p>'
            f'<div class="story__meta"><p class="byline">By {byline}</p>'
            f'<p class="dateline">{dates}</p>{share}</div>'
            f'<figure class="story__lead-image"><img src="{image}" alt="{esc(story.caption)}" '
            f'width="1200" height="675"><figcaption>{ent(story.caption)} Photograph: '
            "Meridian Pictures</figcaption></figure>"
            f'<div class="story__body">{body}</div>'
            f'<footer class="story__footer"><h2>Topics</h2><ul class="tags">{tags}</ul>{share}'
            '<p class="corrections">Spotted an error? <a href="/contact/">Contact our '
            "corrections team</a>.</p></footer></article>"
            '<section class="related"><h2>Related stories</h2><ul>'
            + "".join(
                f'<li><article class="card card--small"><a href="'
                f'{self.tracked(s, "related", "web")}"><h3>{ent(s.headline)}</h3></a>'
                "</article></li>"
                for s in related[:3]
            )
            + "</ul></section>"
            + self._most_read()
        )
        return html_reply(
            self._page(
                request,
                title=f"{story.headline} | {label} | The Meridian",
                main=main + self._state(story, url),
                head="".join(head),
            )
        )

    def tag_page(self, request: Request, tag: str) -> Reply:
        stories = [
            s
            for s in self.stories
            if tag in {slugify(t) for t in s.tags} or tag in {slugify(c) for c in _cities(s)}
        ]
        label = tag.replace("-", " ").title()
        cards = "".join(self._card(s) for s in stories) or "<p>No stories yet.</p>"
        main = (
            f'<h1 class="section-title">{esc(label)}</h1><p class="tag-intro">All the latest '
            f"news, analysis and comment on {esc(label.lower())}.</p>"
            f'<section class="stream">{cards}</section>'
        )
        return html_reply(self._page(request, title=f"{label} | The Meridian", main=main))

    def author_page(self, request: Request, author: str) -> Reply | None:
        names = {person_slug(n): n for n in self.plan.staff}
        if author not in names:
            return None
        name = names[author]
        stories = [s for s in self.stories if name in s.authors]
        main = (
            f'<div class="profile"><img src="/media/staff/{author}.jpg" alt="">'
            f'<h1>{ent(name)}</h1><p class="profile__bio">{ent(name)} is a correspondent for The '
            "Meridian, covering politics, the economy and public services.</p>"
            f'<p><a href="https://twitter.com/{author.replace("-", "")}">Follow on X</a> · '
            f'<a href="mailto:{author}@meridian.example">Email</a></p></div>'
            f'<section class="stream">{"".join(self._card(s) for s in stories)}</section>'
        )
        return html_reply(self._page(request, title=f"{name} | The Meridian", main=main))

    def video_page(self, request: Request, date: str, slug: str, number: str) -> Reply | None:
        for v_date, v_slug, v_number, v_title in VIDEOS:
            if (date, slug, int(number)) == (v_date, v_slug, v_number):
                url = f"{request.base}/video/{date}/{slug}-v{number}/"
                ld = {
                    "@context": "https://schema.org",
                    "@type": "VideoObject",
                    "name": v_title,
                    "description": "Footage filmed by our correspondents.",
                    "uploadDate": f"{date.replace('/', '-')}T09:30:00+00:00",
                    "duration": "PT2M14S",
                    "thumbnailUrl": f"{request.base}/media/video/{v_number}.jpg",
                    "contentUrl": f"{request.base}/media/video/{v_number}.mp4",
                }
                main = (
                    f'<div class="video-page"><h1>{ent(v_title)}</h1><video controls poster="'
                    f'/media/video/{v_number}.jpg"><source src="/media/video/{v_number}.mp4" '
                    'type="video/mp4"></video><p class="video-page__caption">Footage filmed by '
                    f"our correspondents. Duration 2:14.</p>{self._share(url, v_title)}</div>"
                )
                head = f'<link rel="canonical" href="{url}">' + json_ld(ld)
                return html_reply(self._page(request, title=v_title, main=main, head=head))
        return None

    def live_page(self, request: Request, date: str, slug: str) -> Reply | None:
        if (date, slug) != LIVE[:2]:
            return None
        url = f"{request.base}/live/{date}/{slug}/"
        posts = [
            ("16:05", "The finance minister has sat down after speaking for 58 minutes."),
            ("15:41", "Fuel duty is frozen for another year, the minister confirms."),
            ("15:20", "A new levy on large employers will fund regional transport schemes."),
            ("15:02", "The minister is on her feet in the assembly chamber."),
            ("14:30", "Welcome to our live coverage of budget day. Stay with us."),
        ]
        ld = {
            "@context": "https://schema.org",
            "@type": "LiveBlogPosting",
            "headline": LIVE[2],
            "coverageStartTime": "2026-11-24T14:30:00+00:00",
            "liveBlogUpdate": [
                {
                    "@type": "BlogPosting",
                    "headline": text,
                    "datePublished": f"2026-11-24T{time}:00+00:00",
                }
                for time, text in posts
            ],
        }
        items = "".join(
            f'<li class="live-post"><time>{time}</time><p>{esc(text)}</p></li>'
            for time, text in posts
        )
        main = (
            f'<div class="liveblog"><span class="badge">Live</span><h1>{ent(LIVE[2])}</h1>'
            f'{self._share(url, LIVE[2])}<ol class="live-posts">{items}</ol></div>'
        )
        head = f'<link rel="canonical" href="{url}">' + json_ld(ld)
        return html_reply(self._page(request, title=LIVE[2], main=main, head=head))

    def search_page(self, request: Request) -> Reply:
        query = (request.param("q") or "").strip()
        words = [w for w in query.lower().split() if w]
        hits = [s for s in self.stories if words and all(w in s.headline.lower() for w in words)]
        main = (
            f"<h1>Search results for “{esc(query)}”</h1><p>{len(hits)} results</p>"
            f'<section class="stream">{"".join(self._card(s) for s in hits)}</section>'
        )
        head = '<meta name="robots" content="noindex, follow">'
        return html_reply(self._page(request, title="Search | The Meridian", main=main, head=head))

    def login_page(self, request: Request) -> Reply:
        back = esc(request.param("return") or "/")
        main = (
            '<div class="login"><h1>Sign in</h1><form method="post" action="/account/login/">'
            f'<input type="hidden" name="return" value="{back}"><label>Email <input name="email"'
            ' type="email"></label><label>Password <input name="password" type="password">'
            '</label><button type="submit">Sign in</button></form><p>New here? '
            '<a href="/account/register/">Create a free account</a></p></div>'
        )
        head = '<meta name="robots" content="noindex">'
        return html_reply(self._page(request, title="Sign in | The Meridian", main=main, head=head))

    def static_page(self, request: Request, page: str = "newsletters") -> Reply:
        texts = {
            "newsletters": ("Newsletters", "Choose from our free daily and weekly newsletters."),
            "about": ("About us", "The Meridian is an independent news organisation."),
            "contact": ("Contact us", "Write to the newsroom at newsdesk@meridian.example."),
            "privacy": ("Privacy policy", "This policy explains how we use your data."),
            "terms": ("Terms and conditions", "By using this site you agree to these terms."),
            "cookies": ("Cookie policy", "We use cookies to make this site work."),
        }
        heading, text = texts[page]
        main = f'<div class="static"><h1>{heading}</h1><p>{text}</p></div>'
        return html_reply(self._page(request, title=f"{heading} | The Meridian", main=main))

    def rss_feed(self, request: Request) -> Reply:
        items = []
        for story in self.stories[:8]:
            link = request.base + self.tracked(story, "rss", "feed").replace("&", "&amp;")
            items.append(
                "<item>"
                f"<title>{esc(story.headline)}</title>"
                f"<link>{link}</link>"
                f'<guid isPermaLink="false">meridian-{story.number}</guid>'
                f"<description>{esc(story.standfirst)}</description>"
                f"<pubDate>{story.published.strftime('%a, %d %b %Y %H:%M:%S %z')}</pubDate>"
                f"<category>{SECTIONS[story.desk]}</category>"
                + "".join(f"<dc:creator>{esc(a)}</dc:creator>" for a in story.authors)
                + "</item>"
            )
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:atom="http://www.w3.org/2005/Atom"><channel>'
            "<title>The Meridian – Latest news</title>"
            f"<link>{request.base}/</link>"
            f'<atom:link href="{request.base}/rss/latest.xml" rel="self" '
            'type="application/rss+xml"/>'
            "<description>The latest stories from The Meridian</description>"
            "<language>en-gb</language>"
            f"<lastBuildDate>{self.stories[0].published.strftime('%a, %d %b %Y %H:%M:%S %z')}"
            "</lastBuildDate>" + "".join(items) + "</channel></rss>\n"
        )
        return xml_reply(xml, "application/rss+xml; charset=utf-8")

    def robots(self, request: Request) -> Reply:
        return text_reply(
            "User-agent: *\nDisallow: /search/\nDisallow: /account/\n\n"
            "User-agent: GPTBot\nDisallow: /\n"
        )

    # -- Pieces -----------------------------------------------------------------------------

    def _state(self, story: Story, url: str) -> str:
        """The Next.js page state: the whole story again, inside a script."""
        article = {
            "id": story.number,
            "url": url,
            "headline": story.headline,
            "standfirst": story.standfirst,
            "byline": [{"name": a, "slug": person_slug(a)} for a in story.authors],
            "published": story.published.isoformat(),
            "blocks": [{"type": "paragraph", "text": p} for p in story.paragraphs],
            "tags": list(story.tags),
        }
        state = {"props": {"pageProps": {"article": article}}, "page": "/[section]/[...slug]"}
        return state_script("__NEXT_DATA__", state, element_id="__NEXT_DATA__")

    def _jsonld(self, story: Story, url: str, image: str) -> dict[str, object]:
        base = url.split("/", 3)[:3]
        root = "/".join(base)
        return {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "url": url,
            "headline": story.headline,
            "description": story.standfirst,
            "image": [{"@type": "ImageObject", "url": image, "width": 1200, "height": 675}],
            "datePublished": story.published.isoformat(),
            "dateModified": (story.modified or story.published).isoformat(),
            "author": [
                {"@type": "Person", "name": a, "url": f"{root}/author/{person_slug(a)}/"}
                for a in story.authors
            ],
            "publisher": {
                "@type": "NewsMediaOrganization",
                "name": "The Meridian",
                "logo": {"@type": "ImageObject", "url": f"{root}/static/logo-600x60.png"},
            },
            "articleSection": SECTIONS[story.desk],
            "keywords": list(story.tags),
            "inLanguage": "en-GB",
            "isAccessibleForFree": True,
        }

    def _body(self, story: Story, related: list[Story]) -> str:
        out = []
        linked = False
        for i, paragraph in enumerate(story.paragraphs):
            text = ent(paragraph)
            if i > 0 and not linked:
                text, count = _CITY.subn(
                    lambda m: f'<a href="/tag/{slugify(m.group(1))}/">{m.group(1)}</a>', text, 1
                )
                linked = bool(count)
            if i == SUBHEADING_AT and (heading := _subheading(story)):
                out.append(f"<h2>{ent(heading)}</h2>")
            out.append(f"<p>{text}</p>")
            if i == 2 and related:
                out.append(
                    '<aside class="inline-related"><span>Related:</span> <a href="'
                    f'{self.tracked(related[0], "inline", "related")}">'
                    f"{ent(related[0].headline)}</a></aside>"
                )
            if i == 4:
                out.append(
                    '<aside class="newsletter-box"><h3>Sign up to Meridian Morning</h3>'
                    "<p>Our essential briefing on the day’s news, in your inbox every weekday "
                    'at 7am.</p><form action="/newsletters/" method="post"><input type="email" '
                    'name="email" placeholder="Your email address"><button>Sign up</button>'
                    '</form><p class="small">Privacy notice: newsletters may contain info about '
                    "charities, online ads, and content funded by outside parties.</p></aside>"
                )
        if len(story.paragraphs) > 6:
            out.insert(
                7,
                f'<figure class="inline-image"><img src="/media/{story.number}/inline.jpg" '
                f'alt=""><figcaption>{ent(story.caption)} Photograph: Handout</figcaption>'
                "</figure>",
            )
        return "".join(out)

    def _share(self, url: str, title: str) -> str:
        u, t = quote(url, safe=""), quote(title, safe="")
        return (
            '<ul class="share-bar" aria-label="Share this story">'
            f'<li><a class="share--facebook" href="https://www.facebook.com/sharer/sharer.php?u={u}">'
            "Share on Facebook</a></li>"
            f'<li><a class="share--x" href="https://twitter.com/intent/tweet?url={u}&amp;text={t}">'
            "Share on X</a></li>"
            f'<li><a class="share--whatsapp" href="https://wa.me/?text={u}">Share on WhatsApp'
            "</a></li>"
            f'<li><a class="share--email" href="mailto:?subject={t}&amp;body={u}">Share via Email'
            "</a></li>"
            '<li><button class="share--copy" type="button">Copy link</button></li></ul>'
        )

    def _card_meta(self, story: Story) -> str:
        authors = ", ".join(
            f'<a href="/author/{person_slug(a)}/">{ent(a)}</a>' for a in story.authors
        )
        tag = story.tags[0]
        return (
            f'<p class="card__meta"><span class="card__byline">{authors}</span> '
            f'<time datetime="{story.published.isoformat()}">{story.published:%d %b %Y}</time> '
            f'<a class="card__tag" href="/tag/{slugify(tag)}/">{esc(tag.capitalize())}</a></p>'
        )

    def _card(self, story: Story, href: str | None = None) -> str:
        href = href or self.article_path(story)
        return (
            f'<article class="card"><a class="card__link" href="{href}">'
            f'<h3 class="card__headline">{ent(story.headline)}</h3></a>'
            f'<p class="card__standfirst">{ent(story.standfirst)}</p>{self._card_meta(story)}'
            "</article>"
        )

    def _most_read(self) -> str:
        picks = sorted(self.stories, key=lambda s: (s.number * 7919) % 1000)[:5]
        items = "".join(
            f'<li><a href="{self.tracked(s, "mostread", "web")}">{ent(s.headline)}</a></li>'
            for s in picks
        )
        return f'<aside class="most-read"><h2>Most read</h2><ol>{items}</ol></aside>'

    def _video_block(self) -> str:
        items = "".join(
            f'<li><a href="/video/{date}/{slug}-v{number}/">{ent(title)}</a></li>'
            for date, slug, number, title in VIDEOS
        )
        return f'<section class="video-block"><h2>Watch</h2><ul>{items}</ul></section>'

    def _page(self, request: Request, *, title: str, main: str, head: str = "") -> str:
        back = quote(request.path, safe="/")
        nav = "".join(
            f'<li><a href="/section/{s}/">{label}</a></li>' for s, label in SECTIONS.items()
        )
        return (
            '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{ent(title)}</title>{head}{inline_css('mr', 700)}"
            f"{analytics_script('meridian', request.path)}"
            '<link rel="alternate" type="application/rss+xml" title="The Meridian" '
            'href="/rss/latest.xml"><link rel="stylesheet" href="/static/css/main.4f2a9c.css">'
            '<link rel="icon" href="/static/favicon.ico">'
            "<script>window.dataLayer=window.dataLayer||[];dataLayer.push({'page':'"
            f"{back}'}});</script></head><body>"
            f"{svg_icons(ICONS)}"
            '<div class="cookie-banner" role="dialog" aria-label="Cookie consent"><p>We use '
            "cookies and similar technologies to run this site, measure audiences and show you "
            'relevant ads. You can change your choices at any time in <a href="/cookies/">Cookie '
            'settings</a>.</p><button type="button">Accept all</button><button type="button">'
            "Manage preferences</button></div>"
            '<header class="site-header"><a class="logo" href="/">The Meridian</a>'
            f'<nav class="primary-nav"><ul><li><a href="/">Home</a></li>{nav}'
            '<li><a href="/video/2026/11/23/watch-drone-footage-shows-scale-of-flooding-in-the-'
            'lowlands-v80312/">Video</a></li></ul></nav>'
            '<form class="search" action="/search/" method="get"><input type="search" name="q" '
            'placeholder="Search"><button>Search</button></form>'
            f'<a class="sign-in" href="/account/login/?return={back}">Sign in</a>'
            '<a class="newsletters" href="/newsletters/">Newsletters</a>'
            '<a class="subscribe" href="https://support.meridian-news.example/subscribe?'
            'utm_source=header&amp;utm_medium=button">Support us</a></header>'
            f'<main id="main">{main}</main>'
            '<footer class="site-footer"><nav><ul>'
            '<li><a href="/about/">About us</a></li><li><a href="/contact/">Contact us</a></li>'
            '<li><a href="/privacy/">Privacy policy</a></li><li><a href="/terms/">Terms and '
            'conditions</a></li><li><a href="/cookies/">Cookie settings</a></li>'
            '<li><a href="https://jobs.meridian-news.example/">Work for us</a></li></ul></nav>'
            '<ul class="social"><li><a href="https://twitter.com/meridiannews">X</a></li>'
            '<li><a href="https://www.facebook.com/meridiannews">Facebook</a></li>'
            '<li><a href="https://www.instagram.com/meridiannews/">Instagram</a></li>'
            '<li><a href="https://www.youtube.com/@meridiannews">YouTube</a></li></ul>'
            "<p>© 2026 Meridian News Media Ltd. All rights reserved.</p></footer>"
            "</body></html>\n"
        )


def _display(story: Story, *, modified: bool = False) -> str:
    """``Tue 24 Nov 2026 18.40 GMT``, as the page shows it."""
    when = story.modified if modified and story.modified else story.published
    return f"{when:%a %d %b %Y %H.%M} {when.tzname()}"


def _subheading(story: Story) -> str | None:
    if len(story.paragraphs) < SUBHEADING_AT + 3:
        return None
    return SUBHEADINGS[story.number % len(SUBHEADINGS)]


def _cities(story: Story) -> Iterable[str]:
    return set(_CITY.findall(" ".join(story.paragraphs)))
