"""Find the publication and modification dates a page states (raw strings, not parsed).

Candidates, most trusted first: JSON-LD (the article object, then any other object of the
page, ``@graph`` members included; ``dateCreated`` and a live blog's ``coverageStartTime``
after the meta tags), meta tags, ``itemprop`` microdata of the article's own scope, ``<time>``
elements marked as the publication, the visible dateline near the headline (labelled ones
first, then an unlabelled date right under it), dates in inline script state (source
``jsonld``), other unlabelled short dates near the headline, relative datelines ("vor 2
Stunden", read by the pipeline against the download time), any ``<time datetime>``,
``data-*publish*`` attributes, the URL path (the page's own canonical URL when the caller's
has no date). A candidate counts only if it reads as a plausible date. Publication is never
taken from a field or label that names a modification (a class naming both, hAtom's
``published updated``, is the publication), nor from another story's box (a short
``<article>`` card, a teaser/related/most-read/sidebar/comment box, a ``<nav>``, one entry of
a list of dated entries) nor from a date labelled as something else (a board's clock, a join
day, the print issue, a copyright, licence or version).

The first candidate is then checked against the page's independent sources (the URL's day,
the visible dateline): see :func:`_cross_check`. When the chosen value is weaker than another
one naming the same moment (UTC or no offset against a local offset, a day against a time of
that day), the stronger string is returned instead, so the publisher's own offset survives.
With no candidate at all, the whole page is searched (:func:`_deep_search`).
"""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, timedelta
from functools import cached_property
from itertools import chain, islice
from typing import Any

from htmldate import find_date
from lxml.html import HtmlElement

from newsbot.dateparse import (
    Reading,
    Rejected,
    day_names,
    is_relative,
    looks_like_date,
    month_names,
    parse_date,
    url_day,
)
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
_OTHER_STORY_CLASS = re.compile(
    r"card|teaser|related|popular|most-?read|meistgelesen|trending|(?:^|\s)sidebar|recommend|comment"
    r"|more-(?:stories|news|articles)|post-navigation|nav-links|pagination",
    re.IGNORECASE,
)
_OTHER_STORY_TAGS = {"nav"}
_PUBLISHED_CLASS = re.compile(r"publi|pubdate|posted|created|entry-date|erstellt", re.IGNORECASE)
_UPDATE_WORDS = re.compile(
    r"(updated?|modified|last changed|aktualisiert|akt\.|geändert|mis à jour|actualizad[oa]"
    r"|aggiornat[oa]|atualizad[oa]|bijgewerkt|обновлено|güncelleme|更新|수정)\s*:?\s*\S{0,12}$",
    re.IGNORECASE,
)
_OTHER_DATE_WORDS = re.compile(
    r"(?:(?:it is (?:currently|now)|current time|aktuelle zeit|es ist jetzt|joined|registered"
    r"|member since|mitglied seit|registriert|dabei seit|inscrit|miembro desde|iscritto"
    r"|print edition|in print|printausgabe|print-ausgabe|druckausgabe|zeitungsausgabe"
    r"|ausgabe vom|aus der zeitung|édition du|édition papier|edición impresa|edizione del"
    r"|erschienen in|appear(?:s|ed)? in|copyright|licen[cs]ed?)\b|©|\(c\))[^\d]{0,25}$"
    r"|\bversion\s*v?[\d.]+,?[^\d]{0,12}$",
    re.IGNORECASE,
)
"""Words before a date that is not the publication: a board's clock, a member's join day, the
print issue, a copyright, licence or version date."""
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

_LABEL_IN_TEXT = re.compile(
    r"\b(posted|published|submitted|veröffentlicht|erstellt|publié|publicado|pubblicato"
    r"|gepubliceerd|geplaatst|опубликовано|yayınlanma|publicerad|julkaistu)\b[^.!?]{0,25}$",
    re.IGNORECASE,
)
"""A publication word before a date in running text ("This entry was posted on")."""

_WIRE = re.compile(r"[A-ZÀ-Þ][A-ZÀ-Þ .'’-]{2,30}\b[^\n]{0,60}?(?:--|—|–| - )")
"""A wire dateline: a place in capitals, the date, a dash ("BERLIN, 3 May 2021 (dpa) -")."""

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Þ\"“„])|\s*[|\n]\s*|$")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|\d[./-]\d\d?[./-]\d\d(?!\d)")

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
_DATEISH = re.compile(
    r"(?<!\d)(?:(?:19|20)\d\d[-/.年년]\s*[01]?\d|[0-3]?\d[./-][01]?\d[./-](?:19|20)?\d\d"
    r"|[0-3]?\d(?:st|nd|rd|th|\.)?\s+[^\W\d_]{3,12}\.?,?\s+(?:19|20)\d\d"
    r"|[^\W\d_]{3,12}\.?\s+[0-3]?\d(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d)(?!\d)"
)
"""Something shaped like a full date (cheap; the exact readers decide)."""
_ITEMPROP_XPATH = (
    "//*[@itemprop='datePublished' or @itemprop='dateCreated' or @itemprop='dateModified']"
)

_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "select", "option", "button"}

HEADLINE_WINDOW_BEFORE = 40
"""Elements before the headline searched for a dateline (some sites put it above)."""

SHORT_TEXT_MIN, SHORT_TEXT_MAX = 6, 52
"""A dateline's length: the texts the last search reads (htmldate's free-text bounds)."""

_SHORT_TEXT_TAGS = ("div", "h2", "h3", "h4", "li", "p", "span", "time", "ul")

LABEL_MAX_CHARS = 40
"""A label ("Posted by Ann Lee on") stands this close to the date; further back, "on" is prose."""

PLAIN_DATE_MAX_CHARS = 50
"""An unlabelled text holding a date counts only when short: longer ones are prose."""

PLAIN_NEAR_HEADLINE = 25
"""Elements after the headline within which an unlabelled date counts as the dateline."""

SCRIPT_DATES_MAX = 3
"""Publication keys read from inline scripts, at most."""

STORY_CARD_MAX_CHARS = 800
"""An ``<article>`` with less text than this is another story's card, not the page's own."""

DATED_ENTRIES = 3
"""Like siblings that each hold a date, at least: a list of stories, comments or posts."""

HEADLINE_WINDOW_AFTER = 250
"""Elements after the headline searched for a dateline."""

WITNESS_WINDOW_BEFORE, WITNESS_WINDOW_AFTER = 5, 25
"""Elements around the headline read for the visible dateline that checks a structured date."""


def find_dates(
    tree: HtmlElement, url: str, meta: dict[str, str], ld: dict[str, Any]
) -> dict[str, str | None]:
    """Raw publication/modification dates and where each was found."""
    page = _Page(tree, url, meta, ld, _language(tree, meta, ld))
    language = page.language
    published = _first(_published_candidates(page), language)
    if published is not None:
        published = _cross_check(_strengthen(published, page), page)
    else:
        published = _deep_search(page)
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
    def url_date(self) -> tuple[str, str] | None:
        """The day in the page's URL, or else in the URL it gives itself (canonical, og:url)."""
        return next(_url_date(self.url), None) or next(
            _url_date(_page_url(self.tree, self.meta)), None
        )

    @cached_property
    def datelines(self) -> _Datelines:
        return _dateline(self)

    @cached_property
    def witness(self) -> _Datelines:
        """The dates right around the headline: the visible witness of the cross-checks."""
        if "datelines" in self.__dict__:
            return self.datelines
        return _dateline(self, WITNESS_WINDOW_BEFORE, WITNESS_WINDOW_AFTER)

    @cached_property
    def headline_line(self) -> set[HtmlElement]:
        """The headline and its ancestors (the elements kept alive, so identity holds)."""
        if self.headline is None:
            return set()
        return {self.headline, *self.headline.iterancestors()}

    def other_story(self, el: HtmlElement) -> bool:
        """Whether ``el`` sits in another story's box below the headline's ancestors: a short
        ``<article>`` (a card; the page's own article is longer), a teaser-, related-, most-read-,
        sidebar- or comment-classed element, a ``<nav>``, or one entry of a list of
        dated entries (other stories, comments, a live blog's posts)."""
        line = self.headline_line
        node: HtmlElement | None = el
        while node is not None and node not in line:
            if node.tag == "article" and self._short(node):
                return True
            if node is not el and (
                node.tag in _OTHER_STORY_TAGS or _OTHER_STORY_CLASS.search(_attrs(node))
            ):
                return True
            if self._dated_entry(node):
                return True
            node = node.getparent()
        return False

    def _short(self, el: HtmlElement) -> bool:
        if el not in self._sizes:
            self._sizes[el] = len(" ".join(el.text_content().split())) < STORY_CARD_MAX_CHARS
        return self._sizes[el]

    def _dated_entry(self, el: HtmlElement) -> bool:
        """Whether ``el`` is one of ``DATED_ENTRIES`` or more like siblings (same tag and class;
        a list item, or a classed block) that each hold a date."""
        parent = el.getparent()
        if parent is None or (el.tag != "li" and not el.get("class")):
            return False
        key = (parent, el.tag, el.get("class"))
        if key not in self._entries:
            like = [c for c in parent if c.tag == el.tag and c.get("class") == el.get("class")]
            dated = 0
            if len(like) >= DATED_ENTRIES:
                for sibling in like:
                    dated += _DATEISH.search(sibling.text_content()[:400]) is not None
                    if dated >= DATED_ENTRIES:
                        break
            self._entries[key] = dated >= DATED_ENTRIES
        return self._entries[key]

    @cached_property
    def _sizes(self) -> dict[HtmlElement, bool]:
        return {}

    @cached_property
    def _entries(self) -> dict[tuple[HtmlElement, Any, str | None], bool]:
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
    yield from _jsonld(page, ("coverageStartTime",))  # a live blog's start
    yield from _marked_elements(page)
    datelines = page.datelines
    yield from ((seen.raw, seen.source) for seen in datelines.labelled)
    # App state in scripts also lists related stories: trusted below a labelled dateline.
    yield from _script_data(tree)
    yield from ((seen.raw, seen.source) for seen in datelines.plain)
    yield from ((seen.raw, seen.source) for seen in datelines.relative)
    yield from _any_time_element(page)
    yield from _data_attributes(tree)
    if page.url_date:
        yield page.url_date


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


def _window(
    body: HtmlElement,
    anchor: HtmlElement | None,
    before_max: int = HEADLINE_WINDOW_BEFORE,
    after_max: int = HEADLINE_WINDOW_AFTER,
) -> tuple[list[HtmlElement], int]:
    """Elements around ``anchor`` in document order, and the anchor's position among them.

    Only the window is materialised: lxml builds a Python object per element visited.
    """
    before: deque[HtmlElement] = deque(maxlen=before_max)
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
        if len(window) - start >= after_max:
            break
        if isinstance(el.tag, str):
            window.append(el)
    return window, start


def _near(
    body: HtmlElement, anchor: HtmlElement | None, before_max: int, after_max: int
) -> tuple[list[HtmlElement], int]:
    """A few elements around ``anchor`` in document order, and the anchor's position among
    them; found from the anchor, without walking the page up to it as :func:`_window` does.
    Before it: its and its ancestors' previous siblings, with their descendants when few."""
    if anchor is None:
        return list(islice(_elements(body.iter()), after_max)), 0
    following = chain(
        islice(anchor.iter(), 1, None),
        (el for node in (anchor, *anchor.iterancestors()) for sib in node.itersiblings()
         for el in sib.iter()),
    )  # fmt: skip
    after = list(islice(_elements(following), after_max))
    before: list[HtmlElement] = []
    node: HtmlElement | None = anchor
    while node is not None and node is not body and len(before) < before_max:
        for sibling in node.itersiblings(preceding=True):
            subtree = list(islice(_elements(sibling.iter()), before_max + 1))
            before.extend(reversed(subtree) if len(subtree) <= before_max else [sibling])
            if len(before) >= before_max:
                break
        node = node.getparent()
    before = before[:before_max][::-1]
    return [*before, anchor, *after], len(before)


def _elements(nodes: Iterator[Any]) -> Iterator[HtmlElement]:
    return (node for node in nodes if isinstance(node.tag, str))


@dataclass(frozen=True)
class _Seen:
    """A date read off the page's text near the headline."""

    raw: str
    source: str
    """``text``, or ``time`` for a ``<time datetime>``."""
    labelled: bool = False
    """A publication word stands before it ("Published", "Veröffentlicht am")."""


@dataclass
class _Datelines:
    """The dates near the headline, each list best first."""

    labelled: list[_Seen]
    """Labelled, in a date-classed element or a ``<time>``, or unlabelled right under the
    headline."""
    plain: list[_Seen]
    relative: list[_Seen]
    """Relative ones ("vor 2 Stunden") in date-classed elements: only the pipeline reads them."""
    updates: list[str]
    """Dates labelled as an update ("Updated", "Aktualisiert")."""


def _dateline(
    page: _Page,
    before_max: int = HEADLINE_WINDOW_BEFORE,
    after_max: int = HEADLINE_WINDOW_AFTER,
) -> _Datelines:
    """Dates in the page text near the headline. Dates in other stories' boxes (teasers,
    related articles, comments), and dates labelled as something else than the publication (a
    clock, a join day, the print issue, a copyright, licence or version) are left out.
    """
    found = _Datelines([], [], [], [])
    body = page.tree.find("body")
    if body is None:
        return found
    language = page.language
    if (before_max, after_max) == (HEADLINE_WINDOW_BEFORE, HEADLINE_WINDOW_AFTER):
        elements, start = _window(body, page.headline)
    else:
        elements, start = _near(body, page.headline, before_max, after_max)
    labelled: list[tuple[int, _Seen]] = []
    plain: list[tuple[int, _Seen]] = []
    relative: list[tuple[int, _Seen]] = []
    for i, el in enumerate(elements):
        if el.tag in _SKIP_TAGS:
            continue
        distance = i - start if i >= start else (start - i) * 4  # after the headline first
        for text, label, holder in _texts(el):
            attrs = _attrs(holder)
            if _not_publication(attrs):
                continue
            reads = _reads(text, language)
            if not reads and not is_relative(text):
                continue
            before = _before_date(text)
            if label is None and holder is el:
                label = _previous_label(el)
            label = label or ""
            if _OTHER_DATE_WORDS.search(before) or _OTHER_DATE_WORDS.search(label):
                continue
            update = bool(_UPDATE_WORDS.search(before) or _UPDATE_WORDS.search(label))
            if not reads:
                if (
                    is_relative(text)
                    and (holder.tag == "time" or _DATE_CLASS.search(attrs))
                    and not update
                    and not page.other_story(holder)
                ):
                    relative.append((distance, _Seen(_LEADING_LABEL.sub("", text), "text")))
                continue
            if page.other_story(holder):
                continue
            if update:
                found.updates.append(text)
                continue
            if (len(before) <= LABEL_MAX_CHARS and _LABEL.search(before)) or _LABEL.search(label):
                labelled.append((distance - HEADLINE_WINDOW_AFTER, _Seen(text, "text", True)))
            elif holder.tag == "time":
                labelled.append((distance, _Seen(holder.get("datetime") or text, "time")))
            elif _DATE_CLASS.search(attrs) or _DATE_CLASS.search(_attrs(holder.getparent())):
                labelled.append((distance, _Seen(text, "text")))
            elif len(text) <= PLAIN_DATE_MAX_CHARS and not _in_link(holder):
                if 0 <= i - start <= PLAIN_NEAR_HEADLINE:
                    # Right under the headline, an unlabelled date is the dateline: it ranks
                    # after the labelled ones, before the script state.
                    labelled.append((distance + 10 * HEADLINE_WINDOW_AFTER, _Seen(text, "text")))
                else:
                    plain.append((distance, _Seen(text, "text")))
    for ranked, into in (
        (labelled, found.labelled),
        (plain, found.plain),
        (relative, found.relative),
    ):
        into.extend(seen for _, seen in sorted(ranked, key=lambda c: c[0]))
    return found


def _texts(el: HtmlElement) -> Iterator[tuple[str, str | None, HtmlElement]]:
    """Text pieces of ``el`` that may hold a date, each with its label and the element holding it.

    A tail belongs to the parent, and its label is the element's own text:
    ``<strong>Datum</strong> 28.04.2023`` (an element's own text is labelled by its previous
    sibling, :func:`_previous_label`). A date-classed element is also read whole, for dates
    split over children (``<div class="date">29<br>Mai 2013</div>``).
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


def _previous_label(el: HtmlElement) -> str | None:
    """A short previous sibling's text: the label of a date in its own element
    (``<span>Last updated</span> <span>14 August 2018</span>``)."""
    previous = el.getprevious()
    if previous is None or len(previous) > 3:
        return None
    label = " ".join(previous.text_content().split())
    return label if len(label) <= 40 else None


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
    """The text before the date: before its first digit, less the weekday and month names that
    open the date ("Published Tuesday, March ")."""
    m = re.search(r"\d", text)
    before = text[: m.start()] if m else text
    words = before.split()
    names = month_names()
    while words and (
        (word := words[-1].lower().strip(".,")) in names or word in day_names() or word == ","
    ):
        words.pop()
    if len(words) == len(before.split()):
        return before
    return " ".join(words) + " "


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
    if day := url_day(url):
        yield day.isoformat(), "url"


# --- when nothing is found: the whole page ------------------------------------------------


def _deep_search(page: _Page) -> tuple[str, str] | None:
    """A date from the whole page, for when no candidate was found near the headline or in the
    page's data. In order: the first date in running text labelled as the publication ("This
    entry was posted on ..."); a wire dateline opening a paragraph ("ABERDEEN, Sept. 14, 2021
    /PRNewswire/ --"); htmldate's fast search; the date in the document's title; the oldest
    date of a dateline's length (htmldate's extensive free-text rule, without dateparser).
    Never a date in another story's box (htmldate is asked with
    those boxes taken out), one labelled as something else (a clock, a join day, the print
    issue, a copyright, licence, version or update) or a modification's day. htmldate gives a
    day, not the page's string: its source is ``search``."""
    body = page.tree.find("body")
    if body is None:
        return None
    language = page.language
    wire = None
    for el in body.iter():
        if not isinstance(el.tag, str):
            continue
        pieces = [(el.tail, el.getparent(), False)]
        if el.tag not in _SKIP_TAGS:
            pieces.insert(0, (el.text, el, True))
        for text, holder, opening in pieces:
            if not text or holder is None or not _YEAR.search(text):
                continue
            for start, chunk in _sentences(text):
                if _reads(chunk, language) is None:
                    continue
                before = _before_date(chunk)
                if (
                    _OTHER_DATE_WORDS.search(before)
                    or _UPDATE_WORDS.search(before)
                    or _not_publication(_attrs(holder))
                    or page.other_story(holder)
                ):
                    continue
                if len(before) <= LABEL_MAX_CHARS and _LABEL_IN_TEXT.search(before):
                    return chunk, "text"
                if wire is None and opening and start == 0 and _WIRE.match(chunk):
                    wire = chunk
    if wire:
        return wire, "text"
    updates = _update_days(page)
    with _other_stories_detached(page):
        # The parsed tree, never a string: htmldate fetches a string that looks like a URL.
        day = find_date(page.tree, extensive_search=False, original_date=True)
    if day and day not in updates:
        return day, "search"
    title = " ".join((page.tree.findtext(".//title") or "").split())
    if title and _reads(title, language) and not _OTHER_DATE_WORDS.search(_before_date(title)):
        return title, "text"
    # htmldate's extensive search is not asked: its dateparser loads each language's data on
    # first use (1.6 s for Chinese on a corpus page), past the 500 ms a page may take.
    return _oldest_short_date(page, updates)


def _oldest_short_date(page: _Page, updates: set[str]) -> tuple[str, str] | None:
    """The oldest date among the page's short texts (a dateline's length), as htmldate's
    extensive search does, read without dateparser; other stories' boxes and dates labelled as
    something else left out."""
    body = page.tree.find("body")
    oldest: tuple[date, str] | None = None
    for el in body.iter(*_SHORT_TEXT_TAGS) if body is not None else ():
        text = el.text
        if not text or not SHORT_TEXT_MIN < len(text := text.strip()) < SHORT_TEXT_MAX:
            continue
        if not _YEAR.search(text) or (reading := _reads(text, page.language)) is None:
            continue
        before = _before_date(text)
        day = reading.value.date()
        if (
            (oldest is None or day < oldest[0])
            and day.isoformat() not in updates
            and not _OTHER_DATE_WORDS.search(before)
            and not _UPDATE_WORDS.search(before)
            and not _not_publication(_attrs(el))
            and not page.other_story(el)
        ):
            oldest = day, " ".join(text.split())
    return (oldest[1], "text") if oldest else None


@contextmanager
def _other_stories_detached(page: _Page) -> Iterator[None]:
    """The page without other stories' boxes (see :meth:`_Page.other_story`) for a while: they
    are taken out of the tree and put back in place."""
    boxes: list[HtmlElement] = []
    body = page.tree.find("body")
    for el in body.iter() if body is not None else ():
        if (
            isinstance(el.tag, str)
            and el not in page.headline_line
            and (
                el.tag in _OTHER_STORY_TAGS
                or _OTHER_STORY_CLASS.search(_attrs(el))
                or (el.tag == "article" and page._short(el))
                or page._dated_entry(el)
            )
            and not any(box in boxes for box in el.iterancestors())
        ):
            boxes.append(el)
    places = []
    for el in boxes:
        parent = el.getparent()
        places.append((parent, parent.index(el), el))
        parent.remove(el)
    try:
        yield
    finally:
        for parent, index, el in reversed(places):
            parent.insert(index, el)


def _update_days(page: _Page) -> set[str]:
    """The days the page names as modifications (structured or labelled): htmldate falls back
    on them, and publication is never taken from a modification."""
    raws = [raw for raw, _ in _modified_candidates(page)] + page.datelines.updates
    readings = (_reads(raw, page.language) for raw in raws)
    return {r.value.date().isoformat() for r in readings if r}


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    """The sentences of a text that hold a year, with where each starts."""
    start = 0
    for m in _SENTENCE_END.finditer(text + " "):
        sentence = text[start : m.start()].strip()
        if _YEAR.search(sentence):
            yield start, " ".join(sentence.split())
        start = m.end()


# --- independent sources checked against each other ---------------------------------------


def _cross_check(chosen: tuple[str, str], page: _Page) -> tuple[str, str]:
    """The chosen date, unless the page's independent sources say another day.

    The URL's day and the visible dateline near the headline are the witnesses. A date read off
    the text loses to the URL's day. A structured (JSON-LD, meta) date loses when it is an
    instant in UTC (or without offset) whose local day is the one the witnesses agree on (the
    publisher's day: the offset moved it); when both witnesses agree on a day it is far from
    (a republished or migrated page); and when a visible date labelled as the publication is
    earlier and the structured date is the update (the page's update label or ``dateModified``).
    """
    raw, source = chosen
    language = page.language
    reading = _reads(raw, language)
    url = page.url_date
    if source in ("text", "time"):
        # So does a relative date ("1 day ago"), which cannot tell the day for sure.
        if url and (reading is None or reading.value.date().isoformat() != url[0]):
            return url
        return chosen
    if source not in ("jsonld", "meta") or reading is None:
        return chosen
    url_day = date.fromisoformat(url[0]) if url else None
    day = reading.value.date()
    if url_day == day or not (url_day or _in_utc(reading) or _is_modified(page, reading)):
        return chosen  # no rule below can apply: the dateline is not read (it costs)
    seen = page.witness.labelled[0] if page.witness.labelled else None
    visible = _reads(seen.raw, language) if seen else None
    seen_day = visible.value.date() if visible else None
    witnesses = {d for d in (url_day, seen_day) if d}
    if len(witnesses) == 1 and day not in witnesses:
        local = next(iter(witnesses))
        by_seen = seen is not None and seen_day == local
        if _shifted(reading, local, visible if by_seen else None):
            return (seen.raw, seen.source) if by_seen and seen else url or chosen
        if url_day and seen and seen_day == url_day and abs(local - day) > timedelta(days=1):
            return seen.raw, seen.source
    if seen and seen.labelled and seen_day and seen_day < day and _is_update(page, reading):
        return seen.raw, seen.source
    return chosen


def _in_utc(reading: Reading) -> bool:
    """An instant in UTC, or without offset: its day need not be the publisher's."""
    value = reading.value
    return not reading.date_only and (value.tzinfo is None or value.utcoffset() == timedelta(0))


def _shifted(reading: Reading, local: date, visible: Reading | None) -> bool:
    """Whether an instant in UTC (or naive) falls on ``local`` in some zone (UTC-12 to UTC+14),
    and, when the visible dateline gives a time of day, on that wall-clock time."""
    value = reading.value
    if not _in_utc(reading):
        return False
    utc = value.replace(tzinfo=None)
    if local not in ((utc - timedelta(hours=12)).date(), (utc + timedelta(hours=14)).date()):
        return False
    if visible is None or visible.date_only:
        return True
    seen = visible.value
    if seen.tzinfo is not None:
        return seen.astimezone(UTC).replace(tzinfo=None) == utc
    offset = seen - utc
    return abs(offset) <= timedelta(hours=14) and offset % timedelta(minutes=15) == timedelta(0)


def _is_update(page: _Page, reading: Reading) -> bool:
    """Whether a structured publication date is the page's update: a visible date labelled as
    an update names its day, or it is the structured ``dateModified``."""
    day = reading.value.date()
    for raw in page.witness.updates:
        update = _reads(raw, page.language)
        if update and update.value.date() == day:
            return True
    return _is_modified(page, reading)


def _is_modified(page: _Page, reading: Reading) -> bool:
    """Whether ``reading`` is the instant of the structured ``dateModified``."""
    modified = _first(_modified_candidates(page), page.language)
    other = _reads(modified[0], page.language) if modified else None
    return other is not None and other.value == reading.value


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
