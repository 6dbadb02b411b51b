"""The article body: trafilatura's main text, cleaned with what the page's markup says.

Trafilatura (precision mode) finds the main text; each of its lines is then traced back
to the element it came from, so captions, share boxes, "related" lists and promotion
lines can be dropped by generic evidence, the headline is not repeated as the first
paragraph, and a lead that sits in the page header is put back in front.
"""

from __future__ import annotations

from lxml.html import HtmlElement
from trafilatura import bare_extraction

from newsbot.extract.blocks import BlockLocator, normalise
from newsbot.extract.boilerplate import (
    furniture_marks,
    is_head_line,
    is_promo_line,
    is_tail_line,
)
from newsbot.extract.lead import find_lead, words

TRAFILATURA_OPTIONS = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": False,
    "with_metadata": False,
    "deduplicate": False,
}
MAX_FURNITURE_SHARE = 0.25


def extract_body(
    tree: HtmlElement,
    url: str,
    headline: str | None = None,
    description: str | None = None,
) -> str | None:
    """Paragraphs of the main text, separated by a blank line, or None."""
    document = bare_extraction(tree, url=url, as_dict=False, **TRAFILATURA_OPTIONS)
    if document is None or not document.text:
        return None
    lines = [normalise(line) for line in document.text.split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return None
    locator = BlockLocator(tree)
    elements = [locator.locate(line) for line in lines]
    kept = drop_furniture(lines, elements)
    kept = drop_leading_headline(kept, headline)
    kept = trim_edges(kept)
    if not kept:
        return None
    first = next((el for _, el in kept if el is not None), None)
    if first is not None:
        lead = find_lead(tree, first, description)
        if lead and not _already_in(lead, [line for line, _ in kept[:3]]):
            kept.insert(0, (lead, None))
    return "\n\n".join(line for line, _ in kept) or None


def drop_furniture(
    lines: list[str], elements: list[HtmlElement | None]
) -> list[tuple[str, HtmlElement | None]]:
    """Drop promotion lines and lines from captions, asides and boxes marked as furniture.

    A mark (a tag or class word) that covers much of the extracted text describes the
    article itself ("paywall" on every paragraph, "withSidebar" on the wrapper), so it
    counts only when it covers little.
    """
    weights = text_weights(lines, elements)
    total = sum(len(line) for line, el in zip(lines, elements, strict=True) if el is not None)

    def holds_article(node: HtmlElement) -> bool:
        return weights.get(node, 0) > MAX_FURNITURE_SHARE * total

    marks = [furniture_marks(el, holds_article) if el is not None else set() for el in elements]
    covered: dict[str, int] = {}
    for line, line_marks in zip(lines, marks, strict=True):
        for mark in line_marks:
            covered[mark] = covered.get(mark, 0) + len(line)
    kept = []
    for line, element, line_marks in zip(lines, elements, marks, strict=True):
        if is_promo_line(line):
            continue
        if any(covered[m] <= MAX_FURNITURE_SHARE * total for m in line_marks):
            continue
        kept.append((line, element))
    return kept


def text_weights(lines: list[str], elements: list[HtmlElement | None]) -> dict[HtmlElement, int]:
    """Characters of extracted text each element holds (itself and its descendants)."""
    weights: dict[HtmlElement, int] = {}
    for line, element in zip(lines, elements, strict=True):
        if element is None:
            continue
        weights[element] = weights.get(element, 0) + len(line)
        for ancestor in element.iterancestors():
            weights[ancestor] = weights.get(ancestor, 0) + len(line)
    return weights


def drop_leading_headline(
    kept: list[tuple[str, HtmlElement | None]], headline: str | None
) -> list[tuple[str, HtmlElement | None]]:
    """Drop the first lines while they repeat the headline (alone or with a kicker)."""
    headline_words = words(headline)
    if not headline_words:
        return kept
    while kept:
        line_words = words(kept[0][0])
        if line_words == headline_words or (
            _contains(line_words, headline_words) and len(line_words) <= len(headline_words) + 12
        ):
            kept = kept[1:]
            continue
        if kept[0][1] is not None and kept[0][1].tag == "h1":
            kept = kept[1:]
            continue
        break
    return kept


def trim_edges(kept: list[tuple[str, HtmlElement | None]]) -> list[tuple[str, HtmlElement | None]]:
    """Drop datelines and bylines before the text, credits and sign-up notices after it."""
    start, end = 0, len(kept)
    while start < end and is_head_line(kept[start][0]):
        start += 1
    while end > start and is_tail_line(kept[end - 1][0]):
        end -= 1
    return kept[start:end]


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def _already_in(text: str, lines: list[str]) -> bool:
    text_words = words(text)
    return any(_contains(words(line), text_words[:12]) for line in lines)
