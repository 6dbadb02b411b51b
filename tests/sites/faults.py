""" "Faults": a news site that fails in every way at once (issue 8), for the hostile-web tests.

Not part of the normal demo: add it with ``DemoSite(sites=[*build_sites(), FaultSite()])`` or
serve it alone with ``DemoSite(sites=[FaultSite()])``. Among good articles, its front page links
to pages that answer 500/502/503 (some recovering on retry), 429 with Retry-After, hang, drip
one byte a second, reset the connection mid-body, lie about their length or stop mid-HTML;
pages in cp1251, Shift_JIS and Latin-1 declared wrongly or not at all, and a BOM that
contradicts the header (each with a UTF-8 twin); a gzip bomb and a 50 MB page; a PDF and an
image at article URLs; redirect loops and redirects to another host and to ``file:``,
``ftp:`` and ``data:``; endless pagination and a calendar trap; a session id in every link;
malformed RSS and sitemaps, a billion-laughs sitemap and one with external entities; broken
and list-shaped JSON-LD; absurd dates; a bot challenge, a consent wall and a soft 404 served
with 200; a paywalled article showing only its first paragraph.

Every fault page's path starts with ``/news/``; anything under ``/leak/`` must never be
requested (it is where the offsite redirects, links and external entities point).
:meth:`FaultSite.expected` names the pages newsbot must export.
"""

from __future__ import annotations

import gzip
import secrets
import socket
import struct
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import TYPE_CHECKING, Any

from newsbot.demo.newssite import NewsSite, esc, json_ld
from newsbot.demo.server import Reply, Request, html_reply, redirect_reply, text_reply, xml_reply
from newsbot.demo.stories import SitePlan, Story, generate

if TYPE_CHECKING:
    from collections.abc import Callable
    from http.server import BaseHTTPRequestHandler

DAY = "/news/2026/11/24/"
PLAN = SitePlan(
    name="faults",
    count=40,
    timezone="Europe/Paris",
    staff=("Inès Morel", "Tomasz Wrona", "Keiko Abe"),
    first_number=7001,
    number_step=(1, 2),
)

# -- Replies that misbehave on the wire ----------------------------------------------------------

_SENT_ERRORS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, OSError)


def _head(handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str]) -> None:
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.end_headers()


@dataclass
class VerbatimReply(Reply):
    """Status, headers and body exactly as given: no gzip, no ETag, no Content-Length fix-up."""

    def send(self, handler: BaseHTTPRequestHandler) -> None:
        headers = {"Content-Type": self.content_type, **self.headers}
        headers.setdefault("Content-Length", str(len(self.body)))
        try:
            _head(handler, self.status, headers)
            handler.wfile.write(self.body)
        except _SENT_ERRORS:
            handler.close_connection = True


@dataclass
class SlowReply(Reply):
    """Answers only after ``delay`` seconds (longer than the crawler waits)."""

    delay: float = 30.0

    def send(self, handler: BaseHTTPRequestHandler) -> None:
        time.sleep(self.delay)
        try:
            super().send(handler)
        except _SENT_ERRORS:
            handler.close_connection = True


@dataclass
class DripReply(Reply):
    """Announces the whole body, then sends it one byte a second."""

    def send(self, handler: BaseHTTPRequestHandler) -> None:
        handler.close_connection = True
        try:
            _head(handler, self.status, {"Content-Type": self.content_type,
                                         "Content-Length": str(len(self.body))})  # fmt: skip
            for i in range(len(self.body)):
                handler.wfile.write(self.body[i : i + 1])
                time.sleep(1.0)
        except _SENT_ERRORS:
            pass


@dataclass
class ResetReply(Reply):
    """Sends the headers and half the body, then resets the connection (TCP RST)."""

    def send(self, handler: BaseHTTPRequestHandler) -> None:
        handler.close_connection = True
        try:
            _head(handler, self.status, {"Content-Type": self.content_type,
                                         "Content-Length": str(len(self.body))})  # fmt: skip
            handler.wfile.write(self.body[: len(self.body) // 2])
            handler.wfile.flush()
            handler.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
            handler.connection.close()
        except _SENT_ERRORS:
            pass


@dataclass
class ShortReply(Reply):
    """Promises more bytes than it sends, then closes the connection cleanly (data loss)."""

    def send(self, handler: BaseHTTPRequestHandler) -> None:
        handler.close_connection = True
        try:
            _head(handler, self.status, {"Content-Type": self.content_type,
                                         "Content-Length": str(len(self.body) * 2),
                                         "Connection": "close"})  # fmt: skip
            handler.wfile.write(self.body)
        except _SENT_ERRORS:
            pass


@dataclass
class StreamReply(Reply):
    """``size`` bytes of filler HTML in 64 KB chunks, with or without a Content-Length."""

    size: int = 50 * 1024 * 1024
    declare_length: bool = True

    def send(self, handler: BaseHTTPRequestHandler) -> None:
        handler.close_connection = True
        headers = {"Content-Type": "text/html; charset=utf-8", "Connection": "close"}
        if self.declare_length:
            headers["Content-Length"] = str(self.size)
        chunk = (b"<p>" + b"filler " * 9360 + b"</p>\n")[: 64 * 1024]
        try:
            _head(handler, 200, headers)
            handler.wfile.write(b"<html><body>")
            sent = 12
            while sent < self.size:
                piece = chunk[: self.size - sent]
                handler.wfile.write(piece)
                sent += len(piece)
        except _SENT_ERRORS:
            pass


@cache
def gzip_bomb(size: int = 200 * 1024 * 1024) -> bytes:
    """An HTML page that gzips ``size`` bytes of spaces into about a thousandth of that."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    parts = [compressor.compress(b"<html><body><p>")]
    block = b" " * (1024 * 1024)
    parts += [compressor.compress(block) for _ in range(size // len(block))]
    parts.append(compressor.flush())
    return b"".join(parts)


# -- Pages in other encodings ----------------------------------------------------------------------


@dataclass(frozen=True)
class Foreign:
    """An article written in another language, served in several encodings."""

    key: str
    language: str
    headline: str
    paragraphs: tuple[str, ...]
    encoding: str
    published: str


RUSSIAN = Foreign(
    key="most",
    language="ru",
    headline="Новый мост через реку Аске открыт для пешеходов",
    paragraphs=(
        "В субботу утром в городе Порт-Алдрен открыли новый пешеходный мост через реку Аске. "
        "Строительство продолжалось почти два года и обошлось городу дешевле, чем ожидалось.",
        "Мэр города сказала журналистам, что мост соединит северные кварталы с центральным "
        "рынком и сократит путь до школы для сотен детей.",
        "Жители, собравшиеся на церемонии, хвалили широкие дорожки и новое освещение, но "
        "некоторые жаловались на шум строительной техники в последние месяцы.",
        "Следующим летом городской совет планирует отремонтировать набережную и посадить вдоль "
        "неё новые деревья.",
    ),
    encoding="cp1251",
    published="2026-11-24T09:15:00+01:00",
)
JAPANESE = Foreign(
    key="toshokan",
    language="ja",
    headline="港町アルドレンに新しい図書館が開館",
    paragraphs=(
        "土曜日の朝、港町アルドレンで、新しい市立図書館が開館した。建設には、約二年かかり、"
        "費用は、予算を下回った。",
        "市長は、記者団に対し、「この図書館は、子どもたちや、高齢者にとって、大切な学びの場に"
        "なる」と語った。",
        "開館式には、多くの市民が集まり、広い閲覧室や、新しい照明を、称賛した。一方で、駐車場が"
        "少ないという声も、聞かれた。",
        "市議会は、来年の春、図書館の隣に、小さな公園を、整備する計画だ。図書館は、毎日、"
        "午前九時から、午後八時まで、開いている。",
    ),
    encoding="shift_jis",
    published="2026-11-24T10:30:00+09:00",
)
FRENCH = Foreign(
    key="marche",
    language="fr",
    headline="Le marché de Port Aldren rouvre après les inondations",
    paragraphs=(
        "Le marché couvert de Port Aldren a rouvert samedi matin, trois mois après les "
        "inondations qui avaient détruit la plupart des étals du quartier du port.",
        "« Nous avons cru que ce serait la fin », a déclaré une marchande de fromages, qui a "
        "passé l'été à réparer son comptoir avec l'aide de ses voisins.",
        "La mairie a financé les travaux à hauteur de deux cent mille euros ; les commerçants "
        "ont payé le reste grâce à une souscription ouverte à tous les habitants.",
        "Les élus promettent une digue plus haute avant l'hiver, mais les riverains restent "
        "sceptiques après des années de promesses non tenues.",
    ),
    encoding="latin-1",
    published="2026-11-24T08:00:00+01:00",
)
FOREIGN = (RUSSIAN, JAPANESE, FRENCH)


# -- The site --------------------------------------------------------------------------------------


class FaultSite(NewsSite):
    """The hostile site. ``secret_file`` is the local file its external-entity sitemap points
    to; ``slow_seconds`` how long its hanging page waits (longer than the crawler's timeout)."""

    name = "faults"
    title = "Faults Daily"
    plan = PLAN
    routes = (
        (r"/", "front_page"),
        (r"/archive/(?P<day>\d{4}-\d\d-\d\d)/", "calendar_page"),
        (r"/news/2026/11/24/(?P<slug>[a-z0-9-]+)\.html(;jsessionid=\w+)?", "article_route"),
        (r"/stories/(?P<slug>dated-[a-z0-9-]+)\.html(;jsessionid=\w+)?", "article_route"),
        (r"/rss\.xml", "rss_feed"),
        (r"/sitemap-(?P<kind>[a-z]+)\.xml", "sitemap"),
        (r"/robots\.txt", "robots"),
    )

    def __init__(
        self, stories: list[Story] | None = None, *, secret_file: str = "/etc/hostname",
        slow_seconds: float = 30.0,
    ) -> None:  # fmt: skip
        super().__init__(stories if stories is not None else generate([PLAN])[PLAN.name])
        self.secret_file = secret_file
        self.slow_seconds = slow_seconds
        self.hits: Counter[str] = Counter()
        self._lock = threading.Lock()
        self.pages = self._pages()
        gzip_bomb()  # a second of compressing: done before serving, not while a client waits

    # -- what newsbot must do ----------------------------------------------------------------

    def sources_entry(self, base: str) -> str:
        sitemaps = ", ".join(f'"{base}/sitemap-{k}.xml"' for k in ("broken", "laughs", "external"))
        return (
            "[[source]]\n"
            'name = "faults"\n'
            f'listings = ["{base}/", "{base}/archive/2026-11-24/"]\n'
            f'feeds = ["{base}/rss.xml"]\n'
            f"sitemaps = [{sitemaps}]\n"
            'timezone = "Europe/Paris"\n'
            "max_listing_pages = 4\n"
        )

    def expected(self, base: str) -> dict[str, dict[str, Any]]:
        """Canonical URL -> expected fields of every page newsbot must export (good articles,
        pages that recover on retry, mis-encoded pages, absurd dates, the paywalled one)."""
        expected = {}
        for page in self.pages.values():
            if page.export:
                expected[base + page.path] = {"source": self.name, **page.expect}
        return expected

    def slugs(self, kind: str) -> list[str]:
        """Slugs of the fault pages of one kind (``good``, ``encoding``, ``junk``, ...)."""
        return [slug for slug, page in self.pages.items() if page.kind == kind]

    # -- routing -----------------------------------------------------------------------------

    def respond(self, request: Request) -> Reply:
        with self._lock:
            self.hits[request.path] += 1
        return super().respond(request)

    def hit(self, path: str) -> int:
        with self._lock:
            return self.hits[path]

    def article_route(self, request: Request, slug: str, **_: str) -> Reply | None:
        page = self.pages.get(slug)
        if page is None or not request.path.startswith(page.path):
            return None
        return page.reply(self, request)

    # -- pages -------------------------------------------------------------------------------

    def _session(self) -> str:
        return secrets.token_hex(16)

    def _link(self, path: str, session: str, i: int) -> str:
        # Java-style path parameter on some links, PHP-style query parameter on the others.
        return (
            f"{path};jsessionid={session.upper()}" if i % 3 == 0 else f"{path}?PHPSESSID={session}"
        )

    def front_page(self, request: Request) -> Reply:
        page = int(request.param("page", "1") or 1)
        session = self._session()
        links = "".join(
            f'<li><a href="{self._link(p.path, session, i)}">{esc(p.title)}</a></li>'
            for i, p in enumerate(self.pages.values())
            if p.listed
        )
        # Off the site, or not HTTP at all: nothing here may be requested.
        traps = (
            f'<li><a href="{request.base.replace("127.0.0.1", "localhost")}/leak/news/2026/11/24/'
            'link-to-another-host-of-the-same-server.html">Elsewhere</a></li>'
            '<li><a href="file:///etc/passwd">Local file</a></li>'
            '<li><a href="ftp://127.0.0.1/news/2026/11/24/ftp-story-about-nothing-at-all.html">'
            "FTP</a></li>"
        )
        # Endless pagination: every page has an older one.
        older = f'<a rel="next" href="/?page={page + 1}&amp;PHPSESSID={session}">Older stories</a>'
        body = (
            f"<h1>Faults Daily</h1><ul>{links}{traps}</ul>{older}"
            f'<p><a href="/archive/2026-11-24/">Archive</a></p>'
        )
        return html_reply(_html("Faults Daily", body))

    def calendar_page(self, request: Request, day: str) -> Reply:
        """A calendar that goes back forever, one day per page."""
        year, month, date = (int(x) for x in day.split("-"))
        previous = _previous_day(year, month, date)
        body = (
            f"<h1>Archive: {day}</h1><p>No stories on this day.</p>"
            f'<a rel="next" href="/archive/{previous}/">Previous day</a>'
        )
        return html_reply(_html(f"Archive {day}", body))

    def rss_feed(self, request: Request) -> Reply:
        """Malformed RSS: an undefined entity, an unclosed element, cut off mid-item."""
        good = self.slugs("good")[:3]
        items = "".join(
            f"<item><title>{esc(self.pages[s].title)} &nbsp;</title>"
            f"<link>{request.base}{DAY}{s}.html</link><pubDate>Tue, 24 Nov 2026 08:00:00 GMT"
            "</pubDate><description><b>unclosed</description></item>"
            for s in good
        )
        elsewhere = request.base.replace("127.0.0.1", "localhost")
        offsite = (
            f"<item><title>Elsewhere</title><link>{elsewhere}/leak{DAY}a-story-on-another-host"
            ".html</link></item>"
        )
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
            f"<title>Faults</title>{offsite}{items}<item><title>Cut off</title>"
            f"<link>{request.base}{DAY}"
        )
        return xml_reply(xml, "application/rss+xml; charset=utf-8")

    def sitemap(self, request: Request, kind: str) -> Reply | None:
        good = self.slugs("good")
        if kind == "broken":
            urls = "".join(f"<url><loc>{request.base}{DAY}{s}.html</loc>" for s in good[3:5])
            return xml_reply(f'<?xml version="1.0"?><urlset><url><loc>{urls}<lastmod>never')
        if kind == "laughs":
            entities = '<!ENTITY lol "lol">' + "".join(
                f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
                for i in range(1, 10)
            )
            xml = (
                f'<?xml version="1.0"?>\n<!DOCTYPE urlset [{entities}]>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<url><loc>{request.base}{DAY}&lol9;.html</loc></url>"
                f"<url><loc>{request.base}{DAY}{good[5]}.html</loc></url></urlset>"
            )
            return xml_reply(xml)
        if kind == "external":
            xml = (
                '<?xml version="1.0"?>\n'
                f'<!DOCTYPE urlset SYSTEM "{request.base}/leak/sitemap.dtd" [\n'
                f'<!ENTITY secret SYSTEM "file://{self.secret_file}">\n'
                f'<!ENTITY remote SYSTEM "{request.base}/leak/entity.txt">\n'
                f'<!ENTITY % dtd SYSTEM "{request.base}/leak/parameter.dtd"> %dtd;\n]>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"<url><loc>{request.base}{DAY}secret-&secret;.html</loc></url>"
                f"<url><loc>{request.base}{DAY}remote-&remote;.html</loc></url>"
                f"<url><loc>{request.base}{DAY}{good[6]}.html</loc></url></urlset>"
            )
            return xml_reply(xml)
        return None

    def robots(self, request: Request) -> Reply:
        return text_reply("User-agent: *\nAllow: /\n")

    def _pages(self) -> dict[str, Page]:
        stories = iter(self.stories)
        pages: dict[str, Page] = {}

        def add(slug: str, kind: str, make: Any, *, export: bool, **expect: Any) -> None:
            story = next(stories)
            pages[slug] = Page(slug, kind, story, make, export, expect)

        def story(slug: str) -> Story:
            found = pages[slug].story
            assert found is not None
            return found

        def good(story: Story | None) -> dict[str, Any]:
            assert story is not None
            return {"headline": story.headline, "articleBody": story.body,
                    "datePublished": story.published.isoformat()}  # fmt: skip

        for i in range(8):
            add(f"good-story-number-{i + 1}", "good", _plain, export=True)
        for page in pages.values():
            page.expect.update(good(page.story))
        # Server errors and overload: recovering on retry, or never.
        add("recovers-after-one-503", "retry", _fail_once(503), export=True)
        add("recovers-after-one-502", "retry", _fail_once(502), export=True)
        add("rate-limited-once-with-retry-after", "retry", _rate_limited_once, export=True)
        add("always-answers-500", "broken", _always(500), export=False)
        add("always-answers-503", "broken", _always(503), export=False)
        add("hangs-longer-than-the-timeout", "broken", _slow, export=False)
        add("drips-one-byte-a-second", "broken", _drip, export=False)
        add("connection-reset-mid-body", "broken", _reset, export=False)
        add("promises-more-bytes-than-it-sends", "broken", _short, export=False)
        add("truncated-in-the-middle-of-the-html", "truncated", _truncated, export=True)
        for slug in list(pages)[8:11]:
            pages[slug].expect.update(good(pages[slug].story))
        pages["truncated-in-the-middle-of-the-html"].expect.update(
            headline=story("truncated-in-the-middle-of-the-html").headline
        )
        # Size and type.
        add("gzip-bomb-of-two-hundred-megabytes", "huge", _bomb, export=False)
        add("fifty-megabytes-of-html", "huge", _big(declared=True), export=False)
        add("fifty-megabytes-without-a-length", "huge", _big(declared=False), export=False)
        add("annual-report-served-as-a-pdf-file", "binary", _pdf, export=False)
        add("photo-of-the-day-served-as-an-image", "binary", _image, export=False)
        # Redirects.
        for slug, target in (
            ("redirect-loop-first-half", f"{DAY}redirect-loop-second-half.html"),
            ("redirect-loop-second-half", f"{DAY}redirect-loop-first-half.html"),
            ("redirect-to-a-local-file", "file:///etc/passwd"),
            ("redirect-to-an-ftp-server", "ftp://127.0.0.1/x.html"),
            ("redirect-to-a-data-url", "data:text/html,<h1>Injected</h1><p>not the site</p>"),
        ):
            add(slug, "redirect", _redirect(target), export=False)
        add("redirect-to-another-host", "redirect", _redirect_offsite, export=False)
        add("meta-refresh-to-another-host", "redirect", _refresh_offsite, export=False)
        # Structured data and dates.
        add("invalid-json-ld-block", "jsonld", _jsonld_invalid, export=True)
        add("json-ld-list-of-ten-objects", "jsonld", _jsonld_ten, export=True)
        for slug in ("invalid-json-ld-block", "json-ld-list-of-ten-objects"):
            pages[slug].expect.update(good(pages[slug].story))
        # Expected: no date rather than a false one; epoch milliseconds read right. A bare
        # "yesterday" is the dates pipeline's call (download day minus one), not asserted.
        for raw, slug, published in (
            ("0000-00-00", "dated-zero-zero-zero", None),
            ("2099-01-01", "dated-in-the-year-2099", None),
            ("yesterday", "dated-only-as-yesterday", ...),
            ("1763971200000", "dated-in-epoch-milliseconds", "2025-11-24T08:00:00+00:00"),
        ):
            add(slug, "date", _dated(raw), export=True)
            pages[slug].expect["headline"] = story(slug).headline
            if published is not ...:
                pages[slug].expect["datePublished"] = published
        # Junk served with 200, and a paywall.
        add("just-a-moment-checking-your-browser", "junk", _challenge, export=False)
        add("before-you-continue-consent-wall", "junk", _consent, export=False)
        add("soft-not-found-with-status-200", "junk", _soft_404, export=False)
        add("subscriber-exclusive-paywalled-story", "paywall", _paywalled, export=True)
        paywalled = story("subscriber-exclusive-paywalled-story")
        pages["subscriber-exclusive-paywalled-story"].expect.update(
            headline=paywalled.headline,
            articleBody=paywalled.paragraphs[0],
            isAccessibleForFree=False,
            accessStatus="partial",
        )
        # Encodings: each foreign article in UTF-8 (the twin) and served wrongly.
        for foreign in FOREIGN:
            variants = [("utf-8-twin", _encoded(foreign, "utf-8", header="utf-8", meta=True))]
            legacy = foreign.encoding
            if foreign is FRENCH:
                variants += [
                    ("latin-1-declared-in-meta", _encoded(foreign, legacy, header=None, meta=True)),
                    ("bom-contradicting-header", _bom(foreign)),
                    ("latin-1-undeclared", _encoded(foreign, legacy, header=None, meta=False)),
                ]
            else:
                variants += [
                    ("declared-utf-8", _encoded(foreign, legacy, header="utf-8", meta=True)),
                    ("undeclared", _encoded(foreign, legacy, header=None, meta=False)),
                ]
            for variant, make in variants:
                slug = f"{foreign.key}-{variant}"
                expect = {
                    "headline": foreign.headline,
                    "articleBody": "\n\n".join(foreign.paragraphs),
                    "inLanguage": foreign.language,
                    "datePublished": foreign.published,
                }
                pages[slug] = Page(slug, "encoding", None, make, True, expect, foreign)
        return pages


@dataclass
class Page:
    """One page under ``/news/2026/11/24/``: how it misbehaves and what newsbot must export."""

    slug: str
    kind: str
    story: Story | None
    make: Callable[[FaultSite, Page, Request], Reply]
    export: bool
    expect: dict[str, Any]
    foreign: Foreign | None = None

    @property
    def path(self) -> str:
        """Date pages have no date in their URL, so nothing but the page can date them."""
        return f"/stories/{self.slug}.html" if self.kind == "date" else f"{DAY}{self.slug}.html"

    @property
    def listed(self) -> bool:
        """Linked from the front page (the second half of the redirect loop is not)."""
        return self.slug != "redirect-loop-second-half"

    @property
    def title(self) -> str:
        if self.foreign is not None:
            return self.foreign.headline
        assert self.story is not None
        return self.story.headline

    def reply(self, site: FaultSite, request: Request) -> Reply:
        return self.make(site, self, request)


# -- page makers: (site, page, request) -> Reply ---------------------------------------------------


def _html(title: str, body: str, head: str = "", lang: str = "en", charset: str = "utf-8") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head>{meta}<title>{esc(title)}</title>{head}'
        f'</head><body><header><a href="/">Faults Daily</a></header><main>{body}</main>'
        "<footer><p>&copy; 2026 Faults Daily</p></footer></body></html>\n"
    )


def _article_html(
    story: Story, *, jsonld: str | None = None, paragraphs: tuple[str, ...] | None = None,
    date: str | None = None, extra: str = "",
) -> str:  # fmt: skip
    date = story.published.isoformat() if date is None else date
    if jsonld is None:
        jsonld = json_ld({
            "@context": "https://schema.org", "@type": "NewsArticle",
            "headline": story.headline, "datePublished": date,
            "author": [{"@type": "Person", "name": a} for a in story.authors],
        })  # fmt: skip
    paras = "".join(f"<p>{esc(p)}</p>" for p in (paragraphs or story.paragraphs))
    body = (
        f"<article><h1>{esc(story.headline)}</h1>"
        f'<p class="byline">By {esc(", ".join(story.authors))}</p>'
        f'<div class="article-body">{paras}</div>{extra}</article>'
    )
    return _html(f"{story.headline} | Faults Daily", body, jsonld)


def _plain(site: FaultSite, page: Page, request: Request) -> Reply:
    assert page.story is not None
    return html_reply(_article_html(page.story))


def _fail_once(status: int) -> Any:
    def make(site: FaultSite, page: Page, request: Request) -> Reply:
        if site.hit(request.path) == 1:
            return html_reply(f"<h1>{status} Server Error</h1>", status=status)
        return _plain(site, page, request)

    return make


def _rate_limited_once(site: FaultSite, page: Page, request: Request) -> Reply:
    if site.hit(request.path) == 1:
        return html_reply("<h1>429 Too Many Requests</h1>", 429, {"Retry-After": "1"})
    return _plain(site, page, request)


def _always(status: int) -> Any:
    def make(site: FaultSite, page: Page, request: Request) -> Reply:
        return html_reply(f"<h1>{status} Server Error</h1>", status=status)

    return make


def _slow(site: FaultSite, page: Page, request: Request) -> Reply:
    assert page.story is not None
    body = _article_html(page.story).encode()
    return SlowReply(200, body, "text/html; charset=utf-8", delay=site.slow_seconds)


def _drip(site: FaultSite, page: Page, request: Request) -> Reply:
    assert page.story is not None
    return DripReply(200, _article_html(page.story).encode(), "text/html; charset=utf-8")


def _reset(site: FaultSite, page: Page, request: Request) -> Reply:
    assert page.story is not None
    return ResetReply(200, _article_html(page.story).encode(), "text/html; charset=utf-8")


def _short(site: FaultSite, page: Page, request: Request) -> Reply:
    assert page.story is not None
    return ShortReply(200, _article_html(page.story).encode(), "text/html; charset=utf-8")


def _truncated(site: FaultSite, page: Page, request: Request) -> Reply:
    """A complete HTTP response whose HTML stops in the middle of the body."""
    assert page.story is not None
    html = _article_html(page.story)
    cut = html.index(page.story.paragraphs[-1]) + len(page.story.paragraphs[-1]) // 2
    return html_reply(html[:cut])


def _bomb(site: FaultSite, page: Page, request: Request) -> Reply:
    return VerbatimReply(200, gzip_bomb(), "text/html; charset=utf-8",
                         {"Content-Encoding": "gzip"})  # fmt: skip


def _big(*, declared: bool) -> Any:
    def make(site: FaultSite, page: Page, request: Request) -> Reply:
        return StreamReply(declare_length=declared)

    return make


def _pdf(site: FaultSite, page: Page, request: Request) -> Reply:
    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    return VerbatimReply(200, body, "application/pdf")


def _image(site: FaultSite, page: Page, request: Request) -> Reply:
    png = b"\x89PNG\r\n\x1a\n" + gzip.compress(b"\x00" * 64)
    return VerbatimReply(200, png, "image/png")


def _redirect(location: str) -> Any:
    def make(site: FaultSite, page: Page, request: Request) -> Reply:
        return redirect_reply(location, status=302)

    return make


def _redirect_offsite(site: FaultSite, page: Page, request: Request) -> Reply:
    # Same server, another host name: if it were followed, the access log would show /leak/.
    other = request.base.replace("127.0.0.1", "localhost")
    return redirect_reply(f"{other}/leak/news/2026/11/24/redirected-off-the-site.html", 302)


def _refresh_offsite(site: FaultSite, page: Page, request: Request) -> Reply:
    other = request.base.replace("127.0.0.1", "localhost")
    target = f"{other}/leak/news/2026/11/24/refreshed-off-the-site.html"
    return html_reply(
        _html("Moved", "<p>Moved.</p>", f'<meta http-equiv="refresh" content="0; url={target}">')
    )


def _jsonld_invalid(site: FaultSite, page: Page, request: Request) -> Reply:
    assert page.story is not None
    story = page.story
    broken = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": '
        f'"{esc(story.headline)}", "datePublished": "{story.published.isoformat()}",,}}'
        "</script>"
    )
    head = broken + (
        f'<meta property="og:title" content="{esc(story.headline)}">'
        f'<meta property="article:published_time" content="{story.published.isoformat()}">'
    )
    return html_reply(_article_html(story, jsonld=head))


def _jsonld_ten(site: FaultSite, page: Page, request: Request) -> Reply:
    assert page.story is not None
    story = page.story
    others: list[dict[str, Any]] = [
        {"@type": "Organization", "name": "Faults Daily", "url": request.base},
        {"@type": "WebSite", "name": "Faults Daily", "url": request.base},
        {"@type": "BreadcrumbList", "itemListElement": []},
        {"@type": "WebPage", "name": "A different page title"},
        {"@type": "ImageObject", "url": f"{request.base}/img/1.jpg"},
        {"@type": "Person", "name": story.authors[0] if story.authors else "Staff"},
        {"@type": "NewsArticle", "headline": "Related: a teaser for another story",
         "url": f"{request.base}{DAY}good-story-number-1.html"},
        {"@type": "SiteNavigationElement", "name": "Menu"},
        {"@type": "VideoObject", "name": "A video", "uploadDate": "2020-01-01"},
    ]  # fmt: skip
    article = {
        "@type": "NewsArticle", "headline": story.headline,
        "datePublished": story.published.isoformat(),
        "author": [{"@type": "Person", "name": a} for a in story.authors],
        "description": story.description,
    }  # fmt: skip
    data = [{"@context": "https://schema.org", **o} for o in [*others[:4], article, *others[4:]]]
    return html_reply(_article_html(story, jsonld=json_ld(data)))


def _dated(raw: str) -> Any:
    def make(site: FaultSite, page: Page, request: Request) -> Reply:
        assert page.story is not None
        return html_reply(_article_html(page.story, date=raw))

    return make


def _challenge(site: FaultSite, page: Page, request: Request) -> Reply:
    body = (
        '<div class="main-wrapper" role="main"><div class="main-content">'
        '<h1 class="zone-name-title">faults.example</h1>'
        '<h2 id="challenge-running">Checking if the site connection is secure</h2>'
        '<noscript><div id="challenge-error-title">Enable JavaScript and cookies to continue'
        "</div></noscript><p>faults.example needs to review the security of your connection "
        "before proceeding.</p></div></div>"
        '<script>window._cf_chl_opt={cvId: "3",cZone: "faults.example",cType: "managed"};'
        "</script>"
    )
    return html_reply(_html("Just a moment...", body), headers={"cf-mitigated": "challenge"})


def _consent(site: FaultSite, page: Page, request: Request) -> Reply:
    body = (
        '<div class="consent-wall"><h1>Before you continue to Faults Daily</h1>'
        "<p>We use cookies and data to deliver and maintain our services, measure audience "
        "engagement and show personalised ads. If you choose to accept all, we will also use "
        "cookies and data to develop new services.</p>"
        '<form action="/consent/save" method="post"><button name="set" value="reject">'
        'Reject all</button><button name="set" value="accept">Accept all</button></form>'
        '<a href="/privacy/">More options</a></div>'
    )
    return html_reply(_html("Before you continue", body))


def _soft_404(site: FaultSite, page: Page, request: Request) -> Reply:
    return html_reply(site.not_found_page(request))


def _paywalled(site: FaultSite, page: Page, request: Request) -> Reply:
    assert page.story is not None
    story = page.story
    jsonld = json_ld({
        "@context": "https://schema.org", "@type": "NewsArticle", "headline": story.headline,
        "datePublished": story.published.isoformat(), "isAccessibleForFree": False,
        "hasPart": {"@type": "WebPageElement", "isAccessibleForFree": False,
                    "cssSelector": ".paywalled-content"},
    })  # fmt: skip
    wall = (
        '<div class="paywalled-content"></div><div class="paywall"><h2>Subscribe to keep '
        'reading</h2><p>This story is for subscribers.</p><a href="/subscribe/">Subscribe'
        "</a></div>"
    )
    html = _article_html(story, jsonld=jsonld, paragraphs=story.paragraphs[:1], extra=wall)
    return html_reply(html)


def _foreign_html(foreign: Foreign, *, meta_charset: str | None) -> str:
    jsonld = json_ld(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": foreign.headline,
            "datePublished": foreign.published,
        }
    )
    paras = "".join(f"<p>{esc(p)}</p>" for p in foreign.paragraphs)
    body = f'<article><h1>{esc(foreign.headline)}</h1><div class="body">{paras}</div></article>'
    title = f"{foreign.headline} | Faults Daily"
    return _html(title, body, jsonld, lang=foreign.language, charset=meta_charset or "")


def _encoded(foreign: Foreign, encoding: str, *, header: str | None, meta: bool) -> Any:
    """``foreign`` encoded in ``encoding``; the header and the meta tag (when present) declare
    ``header``, or nothing at all."""

    def make(site: FaultSite, page: Page, request: Request) -> Reply:
        declared = header or encoding
        html = _foreign_html(foreign, meta_charset=declared if meta else None)
        content_type = f"text/html; charset={header}" if header else "text/html"
        return VerbatimReply(200, html.encode(encoding), content_type)

    return make


def _bom(foreign: Foreign) -> Any:
    """UTF-8 with a byte-order mark, while header and meta claim windows-1252."""

    def make(site: FaultSite, page: Page, request: Request) -> Reply:
        html = _foreign_html(foreign, meta_charset="windows-1252")
        body = b"\xef\xbb\xbf" + html.encode("utf-8")
        return VerbatimReply(200, body, "text/html; charset=windows-1252")

    return make


def _previous_day(year: int, month: int, day: int) -> str:
    return (date(year, month, day) - timedelta(days=1)).isoformat()
