"""Per-source field overrides: the sources file's selectors (and page object) over generic values.

A source whose pages generic extraction gets wrong names, per item field, a parsel selector
(CSS with ``::text``/``::attr(name)``, or XPath after an ``xpath:`` prefix). A field whose
selector finds no text keeps the generic value and is reported as missed, so a redesign shows
in the run report instead of silently emptying the field. Pure functions of (html, url,
selectors): nothing here knows about Scrapy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from cssselect import SelectorError
from lxml.html import HtmlElement
from parsel import Selector

from newsbot.extract.html import parse_html

FIELDS = ("headline", "articleBody", "authors", "datePublishedRaw", "dateModifiedRaw",
          "description", "inLanguage", "articleSection", "keywords", "mainImage",
          "canonicalUrl")  # fmt: skip
"""The item fields a source may override, in the order reports show them. A string field
takes the first match with text; a list field (:data:`LIST_FIELDS`) every one; the body each
match as one paragraph, joined with a blank line; URLs are resolved against the page's."""

LIST_FIELDS = ("authors", "articleSection", "keywords")
BODY_FIELD = "articleBody"
XPATH_PREFIX = "xpath:"

_REPORT = "_newsbot_fields"

_DATE_SOURCES = {"datePublishedRaw": "datePublishedSource", "dateModifiedRaw": "dateModifiedSource"}
_BLOCKS = {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
           "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
           "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr",
           "ul"}  # fmt: skip


@dataclass(frozen=True)
class FieldReport:
    """Which fields of one article an override set, and which it was asked for but missed."""

    overridden: tuple[str, ...] = ()
    missed: tuple[str, ...] = ()
    """Asked for, but the selector (or page object) found nothing: the generic value stayed."""

    page_error: str | None = None
    """``ExceptionName: message`` when the source's page object raised on this page."""


def attach_report(item: object, report: FieldReport) -> None:
    """Keep ``report`` with the article built from the page (not a field: never exported)."""
    setattr(item, _REPORT, report)


def field_report(item: object) -> FieldReport | None:
    """The :class:`FieldReport` of an article built with overrides, else None."""
    return getattr(item, "__dict__", {}).get(_REPORT)


def selector_problem(selector: str) -> str | None:
    """Why ``selector`` cannot be used (a sentence), or None when it can."""
    if not isinstance(selector, str) or not selector.removeprefix(XPATH_PREFIX).strip():
        return "must be a non-empty selector string"
    try:
        _select(Selector(text="<html></html>"), selector)
    except (SelectorError, ValueError) as exc:
        kind = "XPath" if selector.startswith(XPATH_PREFIX) else "CSS selector"
        return f"bad {kind} {selector!r}: {exc}"
    return None


def select_fields(html: str, url: str, selectors: Mapping[str, str]) -> dict[str, Any]:
    """The values ``selectors`` (field -> selector) find on the page, as item values; None for
    a field whose selector finds no text."""
    tree = parse_html(html)
    if tree is None:
        return dict.fromkeys(selectors)
    page = Selector(root=tree, type="html")
    return {
        name: field_value(name, [_text(match) for match in _select(page, selector)], url)
        for name, selector in selectors.items()
    }


def field_value(name: str, texts: Iterable[str | None], url: str) -> Any:
    """The item value of field ``name`` from the texts found for it, or None when none has
    text: the first text for a string field, each for a list field, paragraphs for the body."""
    clean = [t for t in (" ".join(text.split()) for text in texts if text) if t]
    if not clean:
        return None
    if name == BODY_FIELD:
        return "\n\n".join(clean)
    if name == "authors":
        return [{"name": text} for text in clean]
    if name in LIST_FIELDS:
        return clean
    if name == "inLanguage":
        from newsbot.extract.language import normalise_code  # py3langid: workers only

        return next((code for text in clean if (code := normalise_code(text))), None)
    if name == "mainImage":
        return {"url": urljoin(url, clean[0])}
    if name == "canonicalUrl":
        return urljoin(url, clean[0])
    return clean[0]


def override(
    generic: dict[str, Any], found: Mapping[str, Any]
) -> tuple[dict[str, Any], FieldReport]:
    """``generic`` fields with the values ``found`` put over them, and what happened: a field
    found with a value is overridden, one found as None is missed (its generic value stays)."""
    values = {name: value for name, value in found.items() if value is not None}
    fields = {**generic, **values}
    for raw, where in _DATE_SOURCES.items():
        if raw in values:
            fields[where] = "override"
    if BODY_FIELD in values:
        fields["wordCount"] = len(re.findall(r"\w+", values[BODY_FIELD]))
    return fields, FieldReport(
        overridden=tuple(n for n in found if n in values),
        missed=tuple(n for n in found if n not in values),
    )


def _select(page: Selector, selector: str) -> list[Selector]:
    if selector.startswith(XPATH_PREFIX):
        return list(page.xpath(selector[len(XPATH_PREFIX) :].strip()))
    return list(page.css(selector))


def _text(match: Selector) -> str:
    """A match as text: a string result (``::text``, ``::attr``, XPath ``text()``) as it is, an
    element as its visible text, blocks separated by spaces."""
    root = match.root
    if not isinstance(root, HtmlElement):
        return str(root)
    parts: list[str] = []
    _walk(root, parts)
    return "".join(parts)


def _walk(element: HtmlElement, parts: list[str]) -> None:
    if not isinstance(element.tag, str) or element.tag in ("script", "style", "template"):
        return
    block = element.tag in _BLOCKS
    if block:
        parts.append(" ")
    parts.append(element.text or "")
    for child in element:
        _walk(child, parts)
        parts.append(child.tail or "")
    if block:
        parts.append(" ")
