"""Article text a page carries only inside a script: HTML in a JSON string.

Client-rendered pages (Next.js, Nuxt and their like) ship the article as an escaped HTML
string in a ``<script>`` and draw it in the browser, so the page as fetched shows no body.
When the markup yields none, the longest such string with several paragraphs is read as
a small page of its own, through the same body extractor.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from lxml.html import HtmlElement

from newsbot.extract.html import parse_html

MIN_CHARS = 500
"""A JSON string shorter than this is no article."""

MIN_PARAGRAPHS = 3
"""Paragraph tags an article's HTML holds at least."""

_STRING = re.compile(rf'"((?:[^"\\]|\\.){{{MIN_CHARS},}})"')
_PARAGRAPH = re.compile(r"<p[\s>]", re.IGNORECASE)


def embedded_html(tree: HtmlElement) -> str | None:
    """The longest HTML string with :data:`MIN_PARAGRAPHS` paragraphs in the page's scripts."""
    best: str | None = None
    for script in tree.iter("script"):
        for html in _html_strings(script.text or ""):
            if best is None or len(html) > len(best):
                best = html
    return best


def embedded_page(tree: HtmlElement) -> HtmlElement | None:
    """:func:`embedded_html` as a page of its own, the article its only content."""
    html = embedded_html(tree)
    return parse_html(f"<html><body><article>{html}</article></body></html>") if html else None


def _html_strings(source: str) -> Iterator[str]:
    if "<p" not in source and "\\u003cp" not in source.lower():
        return
    for match in _STRING.finditer(source):
        try:
            value = json.loads(f'"{match.group(1)}"')
        except ValueError:
            continue
        if len(_PARAGRAPH.findall(value)) >= MIN_PARAGRAPHS:
            yield value
