""" "Kurier International": an English-language broadcaster site from Berlin in the style of
``shared/seed``. No JSON-LD and no date meta tags: the only date is a visible dateline such as
``24 Nov, 2026 18:40`` with no zone (Berlin time). An icon sprite's text comes first in the page,
the headline stands alone, the summary is the first paragraph, and "READ MORE: ..." promotions
of other stories sit inside the body.

Entry points: ``/news/`` (every story) and ``/business/``, paginated as ``/news/page/2/``.
Also: a short link ``/news/<id>/`` that redirects to the story, video pages with article-like
URLs (``/video/<id>-<slug>/``), tag, author, search, login and live pages.
"""

from __future__ import annotations

import math
from datetime import datetime
from urllib.parse import quote

from newsbot.demo.chrome import analytics_script, inline_css, svg_icons
from newsbot.demo.newssite import NewsSite, esc
from newsbot.demo.server import Reply, Request, html_reply, redirect_reply, text_reply
from newsbot.demo.stories import SitePlan, Story, person_slug, slugify

PAGE_SIZE = 6
SECTIONS = {"news": "News", "business": "Business"}
ICONS = (
    "bookmark-b", "bookmark", "camera", "check", "chevron down", "chevron left",
    "chevron right", "chevron up", "close", "v-compress", "download", "edit", "v-expand", "fb",
    "file", "filter", "flag de", "full chevron down", "full chevron left", "full chevron right",
    "full chevron up", "insta", "mail", "move", "music", "muted", "nomuted", "ok", "v-pause",
    "v-play", "search", "share", "sign in", "sign up", "stepback", "stepfor", "swipe down", "tag",
    "tags", "tg", "trash", "tw", "yt", "wt", "fm",
)  # fmt: skip
VIDEOS = (
    (613804, "Crowds gather as new bridge opens to traffic"),
    (613377, "Firefighters battle blaze at recycling plant overnight"),
)


def _dateline(when: datetime) -> str:
    """``24 Nov, 2026 18:40``: the site's date format, no zone."""
    return f"{when:%d %b, %Y %H:%M}"


class Kurier(NewsSite):
    name = "kurier"
    title = "Kurier International"
    plan = SitePlan(
        name="kurier",
        count=14,
        timezone="Europe/Berlin",
        staff=("Anna Keller", "Jonas Brandt", "Mirela Varga", "Elias Holm"),
        first_number=614027,
        number_step=(55, 380),
        no_author_chance=0.4,
        # Older stories cross the end of summer time (25 Oct): offsets +02:00 and +01:00.
        newest=datetime(2026, 11, 9, 13, 17),
    )
    routes = (
        (r"/", "home_page"),
        (r"/(?P<section>news|business)/", "listing_page"),
        (r"/(?P<section>news|business)/page/(?P<page>\d+)/", "listing_page"),
        (r"/(?P<section>news|business)/(?P<number>\d{6})-(?P<slug>[a-z0-9-]+)/", "article_page"),
        (r"/news/(?P<number>\d{6})/", "short_link"),
        (r"/video/(?P<number>\d{6})-(?P<slug>[a-z0-9-]+)/", "video_page"),
        (r"/tags/(?P<tag>[a-z0-9-]+)/", "tag_page"),
        (r"/authors/(?P<author>[a-z0-9-]+)/", "author_page"),
        (r"/search/", "search_page"),
        (r"/login/", "login_page"),
        (r"/live/", "live_page"),
        (r"/robots\.txt", "robots"),
    )

    def section_of(self, story: Story) -> str:
        return "business" if story.desk == "business" else "news"

    def article_path(self, story: Story) -> str:
        return f"/{self.section_of(story)}/{story.number}-{story.slug}/"

    def listing(self, section: str) -> list[Story]:
        if section == "news":
            return self.stories
        return [s for s in self.stories if self.section_of(s) == section]

    def sources_entry(self, base: str) -> str:
        pages = max(math.ceil(len(self.listing(s)) / PAGE_SIZE) for s in SECTIONS)
        return (
            "[[source]]\n"
            'name = "kurier"\n'
            f'listings = ["{base}/news/", "{base}/business/"]\n'
            'timezone = "Europe/Berlin"\n'
            'language = "en"\n'
            f"max_listing_pages = {pages}\n"
        )

    # -- Pages ------------------------------------------------------------------------------

    def home_page(self, request: Request) -> Reply:
        cards = "".join(self._card(s) for s in self.stories[:8])
        main = (
            f'<div class="main-promobox"><ul class="listing__rows">{cards}</ul>'
            '<a class="listing__more" href="/news/">All news</a></div>'
        )
        return html_reply(self._page(request, "Kurier International – news from Berlin", main))

    def listing_page(self, request: Request, section: str, page: str = "1") -> Reply | None:
        stories = self.listing(section)
        pages = max(1, math.ceil(len(stories) / PAGE_SIZE))
        number = int(page)
        if request.path.endswith("/page/1/"):
            return redirect_reply(f"/{section}/")
        if not 1 <= number <= pages:
            return None

        def url(n: int) -> str:
            return f"/{section}/" if n == 1 else f"/{section}/page/{n}/"

        shown = stories[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
        numbers = "".join(
            f'<span class="page-numbers current">{n}</span>'
            if n == number
            else f'<a class="page-numbers" href="{url(n)}">{n}</a>'
            for n in range(1, pages + 1)
        )
        more = (
            f'<a class="next page-numbers" href="{url(number + 1)}">More news »</a>'
            if number < pages
            else ""
        )
        prev = (
            f'<a class="prev page-numbers" href="{url(number - 1)}">« Back</a>'
            if number > 1
            else ""
        )
        main = (
            f'<h1 class="listing__title">{SECTIONS[section]}</h1>'
            f'<ul class="listing__rows">{"".join(self._card(s) for s in shown)}</ul>'
            f'<div class="pagination">{prev}{numbers}{more}</div>{self._trending()}'
        )
        return html_reply(self._page(request, f"{SECTIONS[section]} – Kurier International", main))

    def article_page(self, request: Request, section: str, number: str, slug: str) -> Reply | None:
        story = self.story_at(number)
        if story is None or self.section_of(story) != section:
            return None
        if slug != story.slug:
            return redirect_reply(self.article_path(story))
        url = request.base + self.article_path(story)
        image = f"{request.base}/static/article/{story.number}-main.jpg"
        head = [
            f'<meta name="description" content="{esc(story.description)}">',
            f'<link rel="canonical" href="{url}">',
            f'<meta property="og:title" content="{esc(story.headline)}">',
            f'<meta property="og:description" content="{esc(story.description)}">',
            f'<meta property="og:url" content="{url}">',
            f'<meta property="og:image" content="{image}">',
            '<meta property="og:type" content="article">',
            '<meta property="og:site_name" content="Kurier International">',
            '<meta name="twitter:card" content="summary_large_image">',
            '<meta name="twitter:site" content="@kurier_intl">',
        ]
        if story.authors:
            head.append(f'<meta name="author" content="{esc(story.authors[0])}">')
        keywords = ", ".join(t.capitalize() for t in story.tags)
        head.append(f'<meta name="keywords" content="{esc(keywords)}">')
        date = _dateline(story.published)
        if story.modified:
            date = f"Published time: {date} Edited time: {_dateline(story.modified)}"
        others = [s for s in self.stories if s is not story]
        promos = [others[(story.number + k) % len(others)] for k in (1, 5)]
        text = []
        for i, paragraph in enumerate(story.paragraphs[1:], start=1):
            text.append(f"<p>{esc(paragraph)}</p>")
            if i in (3, 8) and promos:
                promo = promos.pop(0)
                text.append(
                    f'<p><strong><a href="{self.article_path(promo)}">READ MORE: '
                    f"{esc(promo.headline)}</a></strong></p>"
                )
        author = (
            f'<div class="article__author"><a class="article__author-name" href="/authors/'
            f'{person_slug(story.authors[0])}/">{esc(story.authors[0])}</a></div>'
            if story.authors
            else ""
        )
        tags = "".join(
            f'<a class="tags-trends__link" href="/tags/{slugify(t)}/">{esc(t.capitalize())}</a>'
            for t in story.tags
        )
        share = self._share(url, story.headline)
        main = (
            '<div class="article">'
            f'<div class="article__date-autor-shortcode"><div class="date date_article-header">'
            f"{date}</div>{author}</div>{share}"
            f'<h1 class="article__heading">{esc(story.headline)}</h1>'
            f'<div class="article__cover"><img class="article__cover-image" src="{image}" alt="">'
            f'<div class="article__cover-source">{esc(story.caption)} © Kurier / Handout</div>'
            "</div>"
            f'<div class="article__summary summary">{esc(story.paragraphs[0])}</div>'
            f'<div class="article__text text">{"".join(text)}</div>'
            f'<div class="tags-trends">{tags}</div>'
            '<div class="follows-channel">Like this story? Share it with a friend!</div>'
            f"{share}"
            f'<div class="comments"><a href="{self.article_path(story)}#comments">Comments</a>'
            "</div>"
            "</div>" + self._trending()
        )
        return html_reply(self._page(request, f"{story.headline} — Kurier International", main,
                                     head="".join(head)))  # fmt: skip

    def short_link(self, request: Request, number: str) -> Reply | None:
        story = self.story_at(number)
        return redirect_reply(self.article_path(story)) if story else None

    def video_page(self, request: Request, number: str, slug: str) -> Reply | None:
        for v_number, v_title in VIDEOS:
            if int(number) == v_number and slug == slugify(v_title):
                main = (
                    f'<div class="article article_video"><h1 class="article__heading">'
                    f'{esc(v_title)}</h1><div class="media__video"><video controls src="'
                    f'/static/video/{v_number}.mp4"></video></div><div class="article__summary">'
                    "Footage filmed by a Kurier crew.</div></div>"
                )
                return html_reply(self._page(request, f"{v_title} — Kurier Video", main))
        return None

    def tag_page(self, request: Request, tag: str) -> Reply:
        stories = [s for s in self.stories if tag in {slugify(t) for t in s.tags}]
        main = (
            f'<h1 class="listing__title">{esc(tag.replace("-", " ").capitalize())}</h1>'
            f'<ul class="listing__rows">{"".join(self._card(s) for s in stories)}</ul>'
        )
        return html_reply(self._page(request, f"{tag} — Kurier International", main))

    def author_page(self, request: Request, author: str) -> Reply | None:
        names = {person_slug(n): n for n in self.plan.staff}
        if author not in names:
            return None
        stories = [s for s in self.stories if names[author] in s.authors]
        main = (
            f'<h1 class="listing__title">{esc(names[author])}</h1><p>Correspondent, Berlin</p>'
            f'<ul class="listing__rows">{"".join(self._card(s) for s in stories)}</ul>'
        )
        return html_reply(self._page(request, f"{names[author]} — Kurier International", main))

    def search_page(self, request: Request) -> Reply:
        query = request.param("q") or ""
        main = f'<h1>Search: {esc(query)}</h1><p class="search__empty">Nothing found.</p>'
        return html_reply(self._page(request, "Search — Kurier International", main))

    def login_page(self, request: Request) -> Reply:
        main = (
            '<h1>Log in</h1><form method="post"><input name="login"><input type="password" '
            'name="password"><button>Log in</button></form>'
        )
        return html_reply(self._page(request, "Log in — Kurier International", main))

    def live_page(self, request: Request) -> Reply:
        main = (
            '<div class="live"><h1>Kurier On Air</h1><video controls src="/static/live/stream.'
            'm3u8"></video><p>Watch Kurier International live, 24 hours a day.</p></div>'
        )
        return html_reply(self._page(request, "Live — Kurier International", main))

    def robots(self, request: Request) -> Reply:
        return text_reply("User-agent: *\nDisallow: /search/\nDisallow: /login/\n")

    # -- Pieces -----------------------------------------------------------------------------

    def _trending(self) -> str:
        """The "Trending" box; its first link is a short link that redirects to the story."""
        first, *rest = self.stories[2:6]
        items = [f'<li><a href="/news/{first.number}/">{esc(first.headline)}</a></li>']
        items += [f'<li><a href="{self.article_path(s)}">{esc(s.headline)}</a></li>' for s in rest]
        return f'<div class="trending"><h2>Trending</h2><ul>{"".join(items)}</ul></div>'

    def _card(self, story: Story) -> str:
        return (
            '<li class="listing__column"><div class="card">'
            f'<div class="card__heading"><a class="link" href="{self.article_path(story)}">'
            f"{esc(story.headline)}</a></div>"
            f'<div class="card__summary">{esc(story.description[:140].rsplit(" ", 1)[0])}…</div>'
            f'<div class="card__date">{_dateline(story.published)}</div></div></li>'
        )

    def _share(self, url: str, title: str) -> str:
        u, t = quote(url, safe=""), quote(title, safe="")
        return (
            '<div class="share"><a class="share__item share__item_fb" href="https://www.facebook.'
            f'com/sharer.php?u={u}">fb</a><a class="share__item share__item_tw" href="https://'
            f'twitter.com/intent/tweet?url={u}&amp;text={t}">tw</a><a class="share__item '
            f'share__item_tg" href="https://t.me/share/url?url={u}">tg</a><a class="share__item '
            f'share__item_mail" href="mailto:?subject={t}&amp;body={u}">mail</a></div>'
        )

    def _page(self, request: Request, title: str, main: str, head: str = "") -> str:
        sprite = "".join(f'<span class="icon">icon {name}</span>' for name in ICONS)
        videos = "".join(
            f'<li><a href="/video/{n}-{slugify(t)}/">{esc(t)}</a></li>' for n, t in VIDEOS
        )
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<title>{esc(title)}</title><meta name="viewport" content="width=device-width">{head}'
            f"{inline_css('kr', 500)}{analytics_script('kurier', request.path)}"
            '<link rel="stylesheet" href="/static/css/layout.css?v=3812"></head><body>'
            f'{svg_icons(ICONS)}<div class="svg-sprite" aria-hidden="true">{sprite}</div>'
            '<header class="header"><a class="header__logo" href="/">Kurier</a>'
            '<nav class="nav"><a href="/news/">News</a><a href="/business/">Business</a>'
            '<a href="/tags/energy/">Energy</a><a href="/video/613804-crowds-gather-as-new-bridge-'
            'opens-to-traffic/">Video</a><a href="/live/">On Air</a></nav>'
            '<form action="/search/"><input name="q" placeholder="Search"></form>'
            '<a class="header__login" href="/login/">Log in</a></header>'
            f'<div class="layout"><main class="layout__content">{main}</main>'
            f'<aside class="layout__sidebar"><h2>Video</h2><ul>{videos}</ul>'
            '<div class="subscribe-box">Subscribe to the Kurier daily digest<form><input '
            'type="email"><button>Subscribe</button></form></div></aside></div>'
            '<footer class="footer"><a href="https://www.youtube.com/@kurier">YouTube</a> '
            '<a href="https://t.me/kurier_intl">Telegram</a> '
            '<a href="https://twitter.com/kurier_intl">X</a>'
            "<p>© 2005–2026 Kurier International. All rights reserved.</p></footer>"
            "</body></html>\n"
        )
