"""Find the publication and modification dates a page states (raw strings, not parsed).

Candidates, most trusted first: JSON-LD (the article object, then any other object of the
page, ``@graph`` members included; ``dateCreated`` after the meta tags), meta tags,
``itemprop`` microdata of the article's own scope, ``<time>`` elements marked as the
publication, the visible dateline near the headline (labelled ones first, then an unlabelled
date right under it), dates in inline script state (source ``jsonld``), other unlabelled short
dates near the headline, relative
datelines ("vor 2 Stunden", read by the pipeline against the download time), any
``<time datetime>``, ``data-*publish*`` attributes, the URL path (the page's own canonical
URL when the caller has none). A candidate counts only if it reads as a plausible date.
Publication is never taken from a field or label that names a modification (a class naming
both, hAtom's ``published updated``, is the publication), nor from another story's box: a
short ``<article>`` card or a teaser/card/related-classed box that does not hold the headline
(the ``<h1>`` that reads as the page's title). When the chosen value is weaker than another
one naming the same moment (UTC or no offset against a local offset, a day against a time of
that day), the stronger string is returned instead, so the publisher's own offset survives; a
text dateline that contradicts the date in the URL loses.
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from lxml.html import HtmlElement

from newsbot.dates import Reading, Rejected, is_relative, looks_like_date, parse_date
from newsbot.extract.html import within
from newsbot.extract.structured import ARTICLE_TYPES, _types, as_text, jsonld_objects

PUBLISHED_META = (
    "article:published_time", "og:article:published_time", "article:published:time",
    "article:published", "og:published_time", "published_time", "datepublished",
    "publishdate", "publish-date", "publish_date", "pubdate", "publication_date",
    "publication-date", "sailthru.date", "parsely-pub-date", "article.published",
    "article_date_original", "original-publish-date", "cxenseparse:recs:publishtime",
    "dc.date.issued", "dcterms.issued", "dc.date.created", "dcterms.created", "dc.date",
    "dcterms.date", "prism.publicationdate", "citation_publication_date",
    "citation_date", "date", "datecreated", "release_date", "og:release_date",
    "nv:date", "displaydate", "dc.date.available", "date_published", "created",
    "og:pubdate", "pub_date", "article:published_date", "rnews:datepublished", "dc.created",
    "article_publish_date", "publish_time", "dcterms.available",
)  # fmt: skip
"""Meta names/properties (lower case) that state the publication time, in order of trust."""

MODIFIED_META = (
    "article:modified_time", "og:article:modified_time", "article:modified:time",
    "og:updated_time", "article:modified", "datemodified", "last-modified", "lastmod",
    "dcterms.modified", "dc.date.modified", "article.updated", "parsely-updated",
    "modified_time", "updated_time", "dc.modified", "datemodified",
)  # fmt: skip
"""Meta names/properties that state the last modification."""

_DATE_CLASS = re.compile(
    r"date|datum|time|zeit|tarih|fecha|data-pub|dateline|stamp|publi|posted|byline|submitted"
    r"|entry-meta|post-meta|article-meta|article__meta|meta-info|created",
    re.IGNORECASE,
)
_MODIFIED_CLASS = re.compile(r"modif|updat|aktualis|edited", re.IGNORECASE)
_OTHER_STORY_CLASS = re.compile(r"card|teaser|related", re.IGNORECASE)
_PUBLISHED_CLASS = re.compile(r"publi|pubdate|posted|created|entry-date|erstellt", re.IGNORECASE)
_UPDATE_WORDS = re.compile(
    r"(updated?|modified|last changed|aktualisiert|akt\.|geändert|mis à jour|actualizad[oa]"
    r"|aggiornat[oa]|atualizad[oa]|bijgewerkt|обновлено|güncelleme|更新|수정)\s*:?\s*\S{0,12}$",
    re.IGNORECASE,
)
_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)[/-]([01]?\d)[/-]([0-3]?\d)(?:/|[-_]|\.html?|$)"
    r"|/((?:19|20)\d\d)([01]\d)([0-3]\d)(?:/|[-_])"
)
_MEDIA_TYPES = {
    "VideoObject", "ImageObject", "AudioObject", "MediaObject", "Event", "Product", "Comment",
    "Review", "Recipe", "Book", "Movie", "Clip", "Episode",
}  # fmt: skip
"""JSON-LD objects whose dates are not the article's."""

_HEADINGS = ("h2", "h3", "h4", "header", "div", "span", "p")
_LABEL = re.compile(
    r"\b(date|datum|dato|published|posted|submitted|on|veröffentlicht|erstellt|publié|publicado"
    r"|pubblicato|gepubliceerd|geplaatst|опубликовано|yayın(lanma)?( tarihi)?|fecha|data"
    r"|publicerad|julkaistu"
    r"|発行|公開|配信|发布|게재|입력|등록)\s*(am|le|el|il|em|op|on|:)?\s*:?\s*$",
    re.IGNORECASE,
)

_LEADING_LABEL = re.compile(r"^[^\W\d_][^\d:]{0,30}:\s*")
"""``Published: `` before a relative date ("Published: 5 hours ago")."""

_DATA_XPATH = (
    "//*[@*[starts-with(name(), 'data-') and (contains(name(), 'publish')"
    " or contains(name(), 'pub-date') or contains(name(), 'pubdate')"
    " or contains(name(), 'deploy-dt') or contains(name(), 'created'))]]"
)

_MICRODATA_KEYS = {
    "datepublished": "datePublished",
    "datecreated": "dateCreated",
    "datemodified": "dateModified",
}
_ARTICLE_SCOPE = re.compile(
    "(" + "|".join(sorted(ARTICLE_TYPES)) + r"|WebPage|ItemPage|CreativeWork)/?$"
)

_SCRIPT_DATE = re.compile(
    r"""["']?\b(?:datePublished|publishDate|publishedDate|published_at|publishedAt|pubDate"""
    r"""|pub_date|firstPublished|firstPublishedAt|date_published|publicationDate|publish_date"""
    r"""|publication_date|publish|published)"""
    r"""["']?"""
    r"""\s*:\s*["']([^"']{8,40})["']"""
)

_DIGIT = re.compile(r"\d")
_ITEMPROP_XPATH = (
    "//*[@itemprop='datePublished' or @itemprop='dateCreated' or @itemprop='dateModified']"
)

_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "select", "option", "button"}

HEADLINE_WINDOW_BEFORE = 40
"""Elements before the headline searched for a dateline (some sites put it above)."""

PLAIN_DATE_MAX_CHARS = 50
"""An unlabelled text holding a date counts only when short: longer ones are prose."""

PLAIN_NEAR_HEADLINE = 25
"""Elements after the headline within which an unlabelled date counts as the dateline."""

SCRIPT_DATES_MAX = 3
"""Publication keys read from inline scripts, at most."""

STORY_CARD_MAX_CHARS = 800
"""An ``<article>`` with less text than this is another story's card, not the page's own."""

HEADLINE_WINDOW_AFTER = 250
"""Elements after the headline searched for a dateline."""


def find_dates(
    tree: HtmlElement, url: str, meta: dict[str, str], ld: dict[str, Any]
) -> dict[str, str | None]:
    """Raw publication/modification dates and where each was found."""
    page = _Page(tree, url, meta, ld, _language(tree, meta, ld))
    language = page.language
    published = _first(_published_candidates(page), language)
    if published is not None:
        published = _strengthen(published, page)
    if published is not None and published[1] in ("text", "time"):
        # A date in the article's own URL beats a date read off the page's text.
        # So does it a relative one ("1 day ago"), which cannot tell the day for sure.
        from_url = next(_url_date(url or _page_url(tree, meta)), None)
        chosen = _reads(published[0], language)
        if from_url and (chosen is None or chosen.value.date().isoformat() != from_url[0]):
            published = from_url
    modified = _first(_modified_candidates(page), language)
    return {
        "datePublishedRaw": published[0] if published else None,
        "datePublishedSource": published[1] if published else None,
        "dateModifiedRaw": modified[0] if modified else None,
        "dateModifiedSource": modified[1] if modified else None,
    }


@dataclass
class _Page:
    """One page's inputs, with the scans several candidate sources share done once."""

    tree: HtmlElement
    url: str
    meta: dict[str, str]
    ld: dict[str, Any]
    language: str | None

    @cached_property
    def itemprops(self) -> dict[str, list[HtmlElement]]:
        found: dict[str, list[HtmlElement]] = {}
        for el in self.tree.xpath(_ITEMPROP_XPATH):
            found.setdefault(el.get("itemprop"), []).append(el)
        return found

    @cached_property
    def jsonld(self) -> list[dict[str, Any]]:
        return list(jsonld_objects(self.tree))

    @cached_property
    def headline(self) -> HtmlElement | None:
        body = self.tree.find("body")
        if body is None:
            return None
        return _headline(body, as_text(self.ld.get("headline")) or self.meta.get("og:title"))

    @cached_property
    def headline_line(self) -> set[HtmlElement]:
        """The headline and its ancestors (the elements kept alive, so identity holds)."""
        if self.headline is None:
            return set()
        return {self.headline, *self.headline.iterancestors()}

    def other_story(self, el: HtmlElement) -> bool:
        """Whether ``el`` sits in another story's box below the headline's ancestors: a short
        ``<article>`` (a card; the page's own article is longer) or a teaser-, card- or
        related-classed element (lists of other stories)."""
        line = self.headline_line
        node: HtmlElement | None = el
        while node is not None and node not in line:
            if node.tag == "article" and self._short(node):
                return True
            if node is not el and _OTHER_STORY_CLASS.search(_attrs(node)):
                return True
            node = node.getparent()
        return False

    def _short(self, el: HtmlElement) -> bool:
        if el not in self._sizes:
            self._sizes[el] = len(" ".join(el.text_content().split())) < STORY_CARD_MAX_CHARS
        return self._sizes[el]

    @cached_property
    def _sizes(self) -> dict[HtmlElement, bool]:
        return {}


def _language(tree: HtmlElement, meta: dict[str, str], ld: dict[str, Any]) -> str | None:
    raw = as_text(ld.get("inLanguage")) or tree.get("lang") or meta.get("og:locale") or ""
    code = re.split(r"[-_]", raw.strip().lower())[0]
    return code or None


def _reads(raw: str, language: str | None) -> Reading | None:
    """How a candidate reads, exact formats only; None if it is not a plausible date."""
    reading = looks_like_date(raw, language)
    if reading is None:
        return None
    try:
        parse_date(raw)
    except Rejected:
        return None
    return reading


def _first(candidates: Iterator[tuple[str, str]], language: str | None) -> tuple[str, str] | None:
    """The first plausible candidate. Failing that, the first absurd one ("0000-00-00",
    "2099-01-01"), so the dates pipeline rejects it with a counted reason and the evidence
    stays in the ``...Raw`` field."""
    absurd = None
    for raw, source in candidates:
        if not raw:
            continue
        if _reads(raw, language) or is_relative(raw):
            return raw, source
        if absurd is None and _rejected(raw):
            absurd = raw, source
    return absurd


def _rejected(raw: str) -> bool:
    try:
        parse_date(raw)
    except Rejected:
        return True
    return False


# --- publication --------------------------------------------------------------------------


def _published_candidates(page: _Page) -> Iterator[tuple[str, str]]:
    tree, meta = page.tree, page.meta
    yield from _jsonld(page, ("datePublished",))
    yield from _meta(page, PUBLISHED_META)
    yield from _parsely(meta)
    yield from _microdata(page, "datePublished")
    yield from _jsonld(page, ("dateCreated",))
    yield from _microdata(page, "dateCreated")
    yield from _marked_elements(page)
    labelled, plain, relative = _dateline(page)
    yield from labelled
    # App state in scripts also lists related stories: trusted below a labelled dateline.
    yield from _script_data(tree)
    yield from plain
    yield from relative
    yield from _any_time_element(page)
    yield from _data_attributes(tree)
    yield from _url_date(page.url or _page_url(tree, meta))


def _jsonld(page: _Page, keys: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    for key in keys:
        if value := as_text(page.ld.get(key)):
            yield value, "jsonld"
    for obj in page.jsonld:
        if obj == page.ld or _MEDIA_TYPES & _types(obj):
            continue
        for key in keys:
            if value := as_text(obj.get(key)):
                yield value, "jsonld"


def _meta(page: _Page, keys: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    """Meta tags by name or property; microdata ``itemprop`` ones are left to :func:`_microdata`."""
    for key in keys:
        if key in page.meta:
            prop = _MICRODATA_KEYS.get(key)
            if prop and any(el.tag == "meta" for el in page.itemprops.get(prop, ())):
                continue
            yield page.meta[key], "meta"


def _parsely(meta: dict[str, str]) -> Iterator[tuple[str, str]]:
    """Parse.ly's ``<meta name="parsely-page" content='{"pub_date": ...}'>``."""
    if "parsely-page" in meta:
        try:
            data = json.loads(meta["parsely-page"])
        except json.JSONDecodeError:
            return
        if isinstance(data, dict) and (value := as_text(data.get("pub_date"))):
            yield value, "meta"


def _microdata(page: _Page, prop: str) -> Iterator[tuple[str, str]]:
    """``itemprop`` values of the article's own scope (lists of related stories carry theirs)."""
    for el in page.itemprops.get(prop, ()):
        scope = el.xpath("ancestor::*[@itemscope][1]")
        if scope and not _ARTICLE_SCOPE.search(scope[0].get("itemtype") or ""):
            continue
        if page.other_story(el):
            continue
        raw = el.get("content") or el.get("datetime") or el.text_content()
        yield raw.strip(), "meta" if el.tag == "meta" else "time"


def _marked_elements(page: _Page) -> Iterator[tuple[str, str]]:
    """``<time>`` elements marked as the publication; hAtom ``<abbr class="published">``."""
    for el in page.tree.xpath("//abbr[@title][contains(@class, 'published')]"):
        yield el.get("title").strip(), "time"
    for el in page.tree.iter("time"):
        attrs = " ".join(filter(None, (el.get("class"), el.get("id"), el.get("itemprop"))))
        marked = el.get("pubdate") is not None or _PUBLISHED_CLASS.search(attrs)
        if marked and not _not_publication(attrs) and not page.other_story(el):
            if el.get("datetime"):
                yield el.get("datetime").strip(), "time"
            yield " ".join(el.text_content().split()), "time"


def _script_data(tree: HtmlElement) -> Iterator[tuple[str, str]]:
    """``"datePublished": "..."``-like keys in the page's inline script data (app state): the
    first few, in page order (a key may hold a flag or an id rather than a date)."""
    # JSON-LD blocks are read here too: the ones json.loads refused (trailing commas, ...).
    left = SCRIPT_DATES_MAX
    for script in tree.iter("script"):
        text = script.text
        if not text:
            continue
        for m in _SCRIPT_DATE.finditer(text):
            yield m[1], "jsonld"
            left -= 1
            if not left:
                return


def _headline(body: HtmlElement, title: str | None) -> HtmlElement | None:
    """The headline element: the ``<h1>`` that reads as the title (a logo or breadcrumb may be
    an ``<h1>`` too), else the first ``<h1>`` not inside a link (a logo), else a heading that
    reads as the title."""
    key = " ".join((title or "").split())[:40].lower()
    first = linked = None
    for el in body.iter("h1"):
        text = " ".join(el.text_content().split()).lower()
        if not text:
            continue
        if _in_link(el):
            linked = linked if linked is not None else el
        elif first is None:
            first = el
            if len(key) < 10:
                break
        size = min(len(text), len(key))
        if size >= 10 and text[:size] == key[:size]:
            return el
    first = first if first is not None else linked
    if first is not None or len(key) < 10:
        return first
    for el in body.iter(*_HEADINGS):
        # Own text for block elements: text_content() of every <div> would be quadratic.
        text = el.text_content() if el.tag in ("h2", "h3", "h4") else (el.text or "")
        if " ".join(text.split()).lower().startswith(key):
            return el
    return None


def _window(body: HtmlElement, anchor: HtmlElement | None) -> tuple[list[HtmlElement], int]:
    """Elements around ``anchor`` in document order, and the anchor's position among them.

    Only the window is materialised: lxml builds a Python object per element visited.
    """
    before: deque[HtmlElement] = deque(maxlen=HEADLINE_WINDOW_BEFORE)
    elements = body.iter()
    if anchor is not None:
        for el in elements:
            if el is anchor:
                break
            if isinstance(el.tag, str):
                before.append(el)
    window = list(before)
    start = len(window)
    if anchor is not None:
        window.append(anchor)
    for el in elements:
        if len(window) - start >= HEADLINE_WINDOW_AFTER:
            break
        if isinstance(el.tag, str):
            window.append(el)
    return window, start


Candidates = list[tuple[str, str]]


def _dateline(page: _Page) -> tuple[Candidates, Candidates, Candidates]:
    """Dates in the page text near the headline: the labelled ones, the others, and the
    relative ones ("vor 2 Stunden") in date-classed elements, which only the pipeline can read.
    Dates in other stories' boxes (teasers, related articles) are left out.
    """
    body = page.tree.find("body")
    if body is None:
        return [], [], []
    language = page.language
    elements, start = _window(body, page.headline)
    labelled: list[tuple[int, str, str]] = []
    plain: list[tuple[int, str, str]] = []
    relative: list[tuple[int, str, str]] = []
    for i, el in enumerate(elements):
        if el.tag in _SKIP_TAGS:
            continue
        distance = i - start if i >= start else (start - i) * 4  # after the headline first
        for text, label, holder in _texts(el):
            attrs = _attrs(holder)
            if _not_publication(attrs):
                continue
            if not _reads(text, language):
                if (
                    is_relative(text)
                    and (holder.tag == "time" or _DATE_CLASS.search(attrs))
                    and not _UPDATE_WORDS.search(_before_date(text))
                    and not page.other_story(holder)
                ):
                    relative.append((distance, _LEADING_LABEL.sub("", text), "text"))
                continue
            if page.other_story(holder):
                continue
            if _UPDATE_WORDS.search(_before_date(text)):
                continue
            if _LABEL.search(_before_date(text)) or (label and _LABEL.search(label)):
                labelled.append((distance - HEADLINE_WINDOW_AFTER, text, "text"))
            elif holder.tag == "time":
                labelled.append((distance, holder.get("datetime") or text, "time"))
            elif _DATE_CLASS.search(attrs) or _DATE_CLASS.search(_attrs(holder.getparent())):
                labelled.append((distance, text, "text"))
            elif len(text) <= PLAIN_DATE_MAX_CHARS and not _in_link(holder):
                if 0 <= i - start <= PLAIN_NEAR_HEADLINE:
                    # Right under the headline, an unlabelled date is the dateline: it ranks
                    # after the labelled ones, before the script state.
                    labelled.append((distance + 10 * HEADLINE_WINDOW_AFTER, text, "text"))
                else:
                    plain.append((distance, text, "text"))
    return tuple(  # type: ignore[return-value]
        [(raw, source) for _, raw, source in sorted(found, key=lambda c: c[0])]
        for found in (labelled, plain, relative)
    )


def _texts(el: HtmlElement) -> Iterator[tuple[str, str | None, HtmlElement]]:
    """Text pieces of ``el`` that may hold a date, each with its label and the element holding it.

    A tail belongs to the parent, and its label is the element's own text:
    ``<strong>Datum</strong> 28.04.2023``. A date-classed element is also read whole, for
    dates split over children (``<div class="date">29<br>Mai 2013</div>``).
    """
    if el.tag == "time" and el.get("datetime"):
        yield el.get("datetime"), None, el
    if _usable(el.text):
        yield _squeeze(el.text), None, el
    parent = el.getparent()
    if _usable(el.tail) and parent is not None:
        label = " ".join(el.text_content().split())
        yield _squeeze(el.tail), label if len(label) <= 40 else None, parent
    if len(el) and _DATE_CLASS.search(_attrs(el)):
        whole = _once(" ".join(el.text_content().split()))
        if _usable(whole) and len(whole) <= 80:
            yield whole, None, el


def _not_publication(attrs: str) -> bool:
    """A class naming a modification, unless it names the publication too, as hAtom's
    ``entry-date published updated`` does. (A class naming a teaser counts on the box around
    the date, :meth:`_Page.other_story`: some pages class their own dateline so.)"""
    return bool(_MODIFIED_CLASS.search(attrs)) and not _PUBLISHED_CLASS.search(attrs)


def _once(text: str) -> str:
    """A text written twice over (a visible copy and a screen-reader one) read once."""
    half = text[: len(text) // 2].strip()
    return half if half and text in (half + half, f"{half} {half}") else text


def _squeeze(text: str) -> str:
    return " ".join(text.split()).strip("-–—|·•,: ")


def _usable(text: str | None) -> bool:
    if not text:
        return False
    return 6 <= len(text.strip()) <= 120 and _DIGIT.search(text) is not None


def _attrs(el: HtmlElement | None) -> str:
    if el is None:
        return ""
    return f"{el.get('class') or ''} {el.get('id') or ''}"


def _before_date(text: str) -> str:
    m = re.search(r"\d", text)
    return text[: m.start()] if m else text


def _in_link(el: HtmlElement) -> bool:
    return within(el, "a", 4)


def _any_time_element(page: _Page) -> Iterator[tuple[str, str]]:
    """The first ``<time datetime>`` outside links and teasers, wherever it is."""
    for el in page.tree.iter("time"):
        attrs = _attrs(el)
        if (
            el.get("datetime")
            and not _not_publication(attrs)
            and not _in_link(el)
            and not page.other_story(el)
        ):
            yield el.get("datetime"), "time"
            return


def _data_attributes(tree: HtmlElement) -> Iterator[tuple[str, str]]:
    """``data-publish-date="..."``-like attributes, when the visible date is drawn by a script."""
    for el in tree.xpath(_DATA_XPATH):
        for name, value in el.attrib.items():
            if (
                name.startswith("data-")
                and re.search(r"publish|pub-?date|deploy-dt|created", name)
                and not re.search(r"modif|update", name)
            ):
                yield value, "text"


def _page_url(tree: HtmlElement, meta: dict[str, str]) -> str:
    """The URL the page gives itself (rel=canonical, og:url), for when the caller has none."""
    for link in tree.iterfind(".//link"):
        href = link.get("href")
        if "canonical" in (link.get("rel") or "").lower().split() and href:
            return str(href)
    return meta.get("og:url") or ""


def _url_date(url: str) -> Iterator[tuple[str, str]]:
    m = _URL_DATE.search(url)
    if m:
        year, month, day = (m[1], m[2], m[3]) if m[1] else (m[4], m[5], m[6])
        yield f"{year}-{int(month):02d}-{int(day):02d}", "url"


# --- a stronger string for the same moment -----------------------------------------------------


def _strengthen(
    chosen: tuple[str, str],
    page: _Page,
) -> tuple[str, str]:
    """Prefer a string that names the same moment with the publisher's offset or a time."""
    language = page.language
    reading = _reads(chosen[0], language)
    if reading is None or _strength(reading) == 2:
        return chosen
    best, best_strength = chosen, _strength(reading)
    others = [
        *_jsonld(page, ("datePublished",)),
        *_meta(page, PUBLISHED_META),
        *_microdata(page, "datePublished"),
        *_marked_elements(page),
    ]
    for raw, source in others:
        other = _reads(raw, language)
        if other is None or _strength(other) <= best_strength or not _same(reading, other):
            continue
        best, best_strength = (raw, source), _strength(other)
    return best


def _strength(reading: Reading) -> int:
    """0: a day; 1: a time without the publisher's offset (or UTC); 2: a local offset."""
    if reading.date_only:
        return 0
    offset = reading.value.utcoffset()
    return 2 if offset is not None and offset.total_seconds() != 0 else 1


def _same(weak: Reading, strong: Reading) -> bool:
    if weak.date_only:
        return weak.value.date() == strong.value.date()
    if weak.value.tzinfo is None:
        return weak.value == strong.value.replace(tzinfo=None)
    return strong.value.tzinfo is not None and weak.value == strong.value


# --- modification -------------------------------------------------------------------------


def _modified_candidates(page: _Page) -> Iterator[tuple[str, str]]:
    yield from _jsonld(page, ("dateModified",))
    yield from _meta(page, MODIFIED_META)
    yield from _microdata(page, "dateModified")
