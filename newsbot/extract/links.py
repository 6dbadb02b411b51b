"""Listing pages: which links are articles, and where the next page is."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import parse_qsl, urljoin, urlsplit

from lxml.html import HtmlElement

# Path segments of pages that are not articles: hubs, people, media, accounts, utilities.
NON_ARTICLE_SEGMENTS = frozenset(
    {
        "tag",
        "tags",
        "topic",
        "topics",
        "thema",
        "themen",
        "section",
        "sections",
        "category",
        "categories",
        "kategorie",
        "rubrik",
        "ressort",
        "author",
        "authors",
        "autor",
        "autoren",
        "journalist",
        "people",
        "profile",
        "profiles",
        "user",
        "users",
        "login",
        "signin",
        "sign-in",
        "logout",
        "register",
        "signup",
        "sign-up",
        "subscribe",
        "subscription",
        "abo",
        "account",
        "my",
        "search",
        "suche",
        "recherche",
        "buscar",
        "video",
        "videos",
        "live",
        "livestream",
        "tv",
        "gallery",
        "galleries",
        "photos",
        "photo",
        "bilder",
        "fotos",
        "podcast",
        "podcasts",
        "audio",
        "newsletter",
        "newsletters",
        "about",
        "impressum",
        "contact",
        "kontakt",
        "privacy",
        "datenschutz",
        "terms",
        "imprint",
        "legal",
        "cookies",
        "rss",
        "feed",
        "feeds",
        "share",
        "print",
        "comments",
        "archive",
        "archiv",
        "sitemap",
        "jobs",
        "shop",
        "advertise",
        "help",
        "faq",
        "weather",
        "wetter",
        "horoscope",
        "games",
        "puzzles",
        "crossword",
    }
)
_MEDIA_EXT = re.compile(r"\.(jpe?g|png|gif|webp|svg|pdf|mp3|mp4|zip|xml|rss|css|js|ico)$", re.I)
_DATE_PATH = re.compile(r"/(19|20)\d{2}[/-](0?[1-9]|1[0-2])([/-](0?[1-9]|[12]\d|3[01]))?(/|-|$)")
_COMPACT_DATE = re.compile(r"(^|[/_-])(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])($|[/_.-])")
_LONG_ID = re.compile(r"(^|[/_.-])[a-z]?\d{5,}($|[/_.-])|[/-]a-\d{4,}|\.html?$", re.I)
_PAGINATION_QUERY = {"page", "p", "pg", "seite", "pagina", "offset", "start"}
_PAGE_QUERY = ("page", "p", "pg", "seite", "pagina")
# A page number in the path: /page/2/, /page/2.html, /seite/2, /page-2.html, /index_2.html.
_PAGE_PATH = re.compile(
    r"/(?:page|seite|pagina|pagine|strona|sayfa)/([1-9]\d{0,3})(?:\.[a-z]{2,5})?/?$"
    r"|/(?:page|seite|pagina)[-_]?([1-9]\d{0,3})(?:\.[a-z]{2,5})?/?$"
    r"|/index[-_]([1-9]\d{0,3})\.[a-z]{2,5}$",
    re.I,
)
# A page number alone under a section (/news/2/, /news/2.html): pagination only where a link
# says so (its text, rel=next), as a small site's article may be /story/123.html.
_SECTION_PAGE = re.compile(r"^(/.+/)([1-9]\d{0,2})(?:\.[a-z]{2,5})?/?$", re.I)
_INDEX_FILE = re.compile(r"/index\.[a-z]{2,5}$", re.I)
_NUMBER_LABEL = re.compile(r"^\d{1,4}$")
_NEXT_TEXT = re.compile(
    r"^\s*(next|next page|older|older (stories|posts|articles|news)|more|more (stories|news|"
    r"articles)|load more|weiter|nächste( seite)?|ältere( artikel| beiträge)?|mehr|suivant|"
    r"page suivante|plus|siguiente|más|successivo|avanti|próxima|volgende|следующая|"
    r"далее|еще|ещё|sonraki|次へ|次のページ|下一页|다음|›|»|→|>|>>)\s*[›»→>]*\s*$",
    re.I,
)


def is_article_url(url: str) -> bool:
    """Whether the URL's shape says "one article": a date, a long id, or a long slug."""
    if is_non_article_url(url):
        return False
    path = urlsplit(url).path
    segments = [s for s in path.lower().split("/") if s]
    last = segments[-1].rsplit(".", 1)[0]
    words = [w for w in re.split(r"[-_]", last) if w]
    return bool(
        _DATE_PATH.search(path + "/")
        or _COMPACT_DATE.search(path)
        or _LONG_ID.search(path)
        or len(words) >= 4
        or (len(last) >= 30 and len(segments) >= 2)
    )


def is_non_article_url(url: str) -> bool:
    """Whether the URL is surely not an article: a hub, account, media or paginated page."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return True
    path = parts.path
    if _MEDIA_EXT.search(path):
        return True
    segments = [s for s in path.lower().split("/") if s]
    if not segments or any(s in NON_ARTICLE_SEGMENTS for s in segments):
        return True
    if {k.lower() for k, _ in parse_qsl(parts.query)} & _PAGINATION_QUERY:
        return True
    return bool(_PAGE_PATH.search(path))


def article_links(tree: HtmlElement, base_url: str, same_site: Callable[[str], bool]) -> list[str]:
    """Absolute URLs of the article links on a listing page, in page order, unique."""
    found: list[str] = []
    seen: set[str] = set()
    for anchor in tree.iterfind(".//a[@href]"):
        href = anchor.get("href", "").strip()
        if not href or href.startswith(("#", "mailto:", "javascript:", "tel:", "data:")):
            continue
        url = urljoin(base_url, href).split("#", 1)[0]
        if url in seen or not same_site(url) or _is_self(url, base_url):
            continue
        rel = (anchor.get("rel") or "").lower().split()
        if {"next", "prev", "nofollow", "author", "tag"} & set(rel):
            continue
        if _is_page_link(anchor, url, base_url):
            continue
        if is_article_url(url):
            seen.add(url)
            found.append(url)
    return found


def next_page_url(tree: HtmlElement, url: str, same_site: Callable[[str], bool]) -> str | None:
    """The listing's next page: rel=next, a "next/older/more" link, or a link to page N+1
    (see :func:`listing_page`)."""
    candidates: list[str] = []
    for element in tree.iterfind(".//link[@href]"):
        if "next" in (element.get("rel") or "").lower().split():
            candidates.append(element.get("href", ""))
    for anchor in tree.iterfind(".//a[@href]"):
        rel = (anchor.get("rel") or "").lower().split()
        label = _label(anchor)
        if "next" in rel or _NEXT_TEXT.match(label) or "next" in (anchor.get("class") or ""):
            candidates.append(anchor.get("href", ""))
    for href in candidates:
        target = urljoin(url, href.strip()).split("#", 1)[0]
        if target != url and same_site(target) and not _is_self(target, url):
            return target
    return _numbered_next(tree, url, same_site)


def _numbered_next(tree: HtmlElement, url: str, same_site: Callable[[str], bool]) -> str | None:
    """A link to page N+1 of this listing, in any of the shapes :func:`listing_page` reads."""
    base, current = listing_page(url, section_number=True)
    for anchor in tree.iterfind(".//a[@href]"):
        target: str = urljoin(url, anchor.get("href", "").strip()).split("#", 1)[0]
        if not same_site(target):
            continue
        if listing_page(target, section_number=_label(anchor).isdigit()) == (base, current + 1):
            return target
    return None


def listing_page(url: str, *, section_number: bool = False) -> tuple[str, int]:
    """The listing a URL is a page of (its path without page markers) and the page number:
    ``?page=N``, ``/page/N/``, ``/page/N.html``, ``/page-N``, ``/index_N.html``, and with
    ``section_number`` a bare ``/N/`` or ``/N.html`` under a section."""
    parts = urlsplit(url)
    path = parts.path or "/"
    for key, value in parse_qsl(parts.query):
        if key.lower() in _PAGE_QUERY and value.isdigit():
            return path.rstrip("/"), int(value)
    if match := _PAGE_PATH.search(path):
        number = next(g for g in match.groups() if g)
        return path[: match.start()].rstrip("/"), int(number)
    if section_number and (match := _SECTION_PAGE.match(path)):
        return match.group(1).rstrip("/"), int(match.group(2))
    return _INDEX_FILE.sub("", path).rstrip("/"), 1


def _is_page_link(anchor: HtmlElement, url: str, base_url: str) -> bool:
    """Whether the link goes to another page of a listing (or a calendar day): a bare number,
    or a "next/older/more" label on a page of the listing it is on."""
    label = _label(anchor)
    if _NUMBER_LABEL.match(label):
        return True
    if not _NEXT_TEXT.match(label):
        return False
    return (
        listing_page(url, section_number=True)[0] == listing_page(base_url, section_number=True)[0]
    )


def _label(anchor: HtmlElement) -> str:
    return " ".join(anchor.text_content().split()) or anchor.get("aria-label", "")


def _is_self(url: str, base_url: str) -> bool:
    return url.rstrip("/") == base_url.split("#", 1)[0].rstrip("/")
