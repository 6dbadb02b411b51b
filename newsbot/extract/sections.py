"""Keep the article whole: paragraphs the extractor skipped inside the article's own box.

Precision-minded extractors drop paragraphs with a link in them and keep only the first
of several sibling sections (a long read split into chunks). Once the extracted lines
are traced to their elements, the box that holds most of them is the article; its
paragraphs and subheadings, and those of sibling boxes built the same way, are the
candidates, and the furniture filters then judge them like any other line.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml.html import HtmlElement

from newsbot.extract.blocks import normalise
from newsbot.extract.rules import on

BLOCK_TAGS = ("p", "h2", "h3", "h4", "h5", "h6", "blockquote")
HEADINGS = frozenset(["h2", "h3", "h4", "h5", "h6"])
OUTER_TAGS = frozenset([*BLOCK_TAGS, "a", "li"])
MEDIA_TAGS = frozenset(["figure", "picture", "img", "video", "audio", "iframe"])
PART_TAGS = frozenset(["ul", "ol", "li", "dl", "table", "thead", "tbody", "tfoot", "tr"])
CONTAINER_SHARE = 0.6
MAX_SECTION_DEPTH = 4
# Higher up, sibling sections count only through the box's counterpart inside them.
MAX_FAR_DEPTH = 6
MIN_PARAGRAPH_WORDS = 8
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
MIN_UNSPACED_CHARS = 6
MIN_DENSE_CHARS = 80
LOW_COVERAGE = 0.4
MAX_LINK_SHARE = 0.5
_WORD = re.compile(r"\w+")


def main_box(weights: dict[HtmlElement, int], total: int) -> HtmlElement | None:
    """The deepest element holding most of the extracted text (a box of blocks: a list or a
    table holding most of it is a part of the article, whose box is around it)."""
    best, best_depth = None, -1
    for element, weight in weights.items():
        if weight >= CONTAINER_SHARE * total and element.tag not in PART_TAGS:
            depth = sum(1 for _ in element.iterancestors())
            if depth > best_depth:
                best, best_depth = element, depth
    return best


def sections(box: HtmlElement) -> list[HtmlElement]:
    """The box and its siblings of the same make (tag and class), nearest level first.

    A long read may be cut into chunks that each sit in their own wrapper rows (with an
    advert row between them): there the sections are the boxes found in the wrappers of
    the same make by the path that leads from the box's own wrapper down to the box.
    """
    element: HtmlElement | None = box
    path: list[HtmlElement] = []
    for depth in range(MAX_FAR_DEPTH):
        if element is None or element.getparent() is None:
            break
        parent = element.getparent()
        key = (element.tag, element.get("class"))
        same = [s for s in parent if (s.tag, s.get("class")) == key]
        if len(same) > 1 and key[1]:
            if depth < MAX_SECTION_DEPTH:
                return same
            found = [box if s is element else _follow(s, path) for s in same]
            boxes = [b for b in found if b is not None]
            if len(boxes) > 1:
                return boxes
        path.insert(0, element)
        element = parent
    return [box]


def _follow(wrapper: HtmlElement, path: list[HtmlElement]) -> HtmlElement | None:
    """The element reached from ``wrapper`` by children built like each step of ``path``."""
    node = wrapper
    for step in path:
        key = (step.tag, _first_class(step))
        node = next((c for c in node if (c.tag, _first_class(c)) == key), None)
        if node is None:
            return None
    return node


def _first_class(element: HtmlElement) -> str:
    return next(iter((element.get("class") or "").split()), "")


def densest_box(tree: HtmlElement) -> HtmlElement | None:
    """The element whose own paragraphs hold the most text (a parent of many ``<p>``)."""
    scores: dict[HtmlElement, int] = {}
    for paragraph in tree.iter("p"):
        parent = paragraph.getparent()
        if parent is None:
            continue
        length = len(paragraph.text_content().strip())
        if length >= MIN_DENSE_CHARS:
            scores[parent] = scores.get(parent, 0) + length
    return max(scores, key=scores.__getitem__) if scores else None


def fill_gaps(
    lines: list[str],
    elements: list[HtmlElement | None],
    weights: dict[HtmlElement, int],
    order: dict[HtmlElement, int],
    page_prose: int = 0,
    same_site: Callable[[str | None], bool] = lambda href: True,
) -> tuple[list[str], list[HtmlElement | None]]:
    """The lines plus the article box's paragraphs they miss, in document ``order``.

    When the lines hold little of the page's prose (``page_prose`` characters in ``<p>``),
    the extractor has likely stopped early: the box is then the page's densest block of
    paragraphs, taken whole.
    """
    total = sum(len(line) for line, el in zip(lines, elements, strict=True) if el is not None)
    box = main_box(weights, total) if total else None
    whole = False
    if total < LOW_COVERAGE * page_prose and on("gaps_dense"):
        anchor = next((el for el in elements if el is not None), None)
        dense = densest_box(anchor.getroottree().getroot()) if anchor is not None else None
        if dense is not None and (box is None or box in dense.iterancestors() or box is dense):
            box, whole = dense, True
    if box is None:
        return lines, elements
    known = set(lines)
    seen = {shingle for line in lines for shingle in _shingles(line)}
    makes = {(el.tag, el.get("class")) for el in elements if el is not None}
    located = [order[el] for el in elements if el is not None and el in order]
    first, last = min(located), max(located)
    boxes = sections(box) if on("gaps_sections") else [box]
    candidates: list[tuple[str, HtmlElement]] = []
    headings: list[HtmlElement] = []
    for section in boxes:
        for block in section.iter(*BLOCK_TAGS):
            foreign = not whole and (block.tag, block.get("class")) not in makes
            if foreign and (block.tag not in HEADINGS or not on("gaps_headings")):
                continue  # only blocks built like the ones already extracted
            if not whole and len(boxes) == 1 and not first < order[block] < last:
                continue  # within one box, only gaps between extracted lines
            if any(a.tag in OUTER_TAGS for a in _ancestors_below(block, section)):
                continue  # an outer block carries this text, or it is a teaser in a list/link
            text = normalise(visible_text(block))
            if not text or text in known or not _is_prose(block, text, same_site):
                continue
            shingles = _shingles(text)
            if len(shingles & seen) > 0.3 * len(shingles):
                continue  # already extracted, in a slightly different form
            candidates.append((text, block))
            known.add(text)
            if foreign:
                headings.append(block)
    if headings:
        extracted = {el for el in elements if el is not None}
        blocks = extracted | {block for _, block in candidates}
        stray = {h for h in headings if not _heads_text(h, blocks)}
        candidates = [(text, block) for text, block in candidates if block not in stray]
    if not candidates:
        return lines, elements
    merged: list[tuple[float, int, str, HtmlElement | None]] = []
    position = -1.0
    for i, (line, element) in enumerate(zip(lines, elements, strict=True)):
        if element is not None and element in order:
            position = float(order[element])
        merged.append((position, i, line, element))  # unlocated lines follow their neighbour
    for j, (text, block) in enumerate(candidates):
        merged.append((float(order[block]), len(lines) + j, text, block))
    merged.sort(key=lambda item: (item[0], item[1]))
    return [m[2] for m in merged], [m[3] for m in merged]


def _heads_text(heading: HtmlElement, blocks: set[HtmlElement]) -> bool:
    """True when the heading's next sibling with text is one of ``blocks`` (or opens with one).

    A subheading of the article heads its paragraphs (or the next subheading, in a chain);
    the heading of a sign-in box or a teaser heads something else.
    """
    for sibling in heading.itersiblings():
        if not isinstance(sibling.tag, str) or sibling.tag in MEDIA_TAGS:
            continue  # a picture (with its caption) between a heading and its text
        if not visible_text(sibling).strip():
            continue
        if sibling.tag in HEADINGS:
            return sibling in blocks and _heads_text(sibling, blocks)
        return sibling in blocks or next(sibling.iter(*BLOCK_TAGS), None) in blocks
    return False


def visible_text(element: HtmlElement) -> str:
    """The element's text without the code of scripts and styles inside it."""
    parts: list[str] = []

    def walk(node: HtmlElement) -> None:
        if node.tag in ("script", "style", "noscript", "template"):
            return
        if isinstance(node.tag, str) and node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return "".join(parts)


def _ancestors_below(block: HtmlElement, section: HtmlElement) -> list[HtmlElement]:
    ancestors = []
    for ancestor in block.iterancestors():
        if ancestor is section:
            break
        ancestors.append(ancestor)
    return ancestors


def _shingles(text: str, size: int = 3) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.lower())
    if len(words) < size:
        return {tuple(words)}
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def _is_prose(block: HtmlElement, text: str, same_site: Callable[[str | None], bool]) -> bool:
    """True for a block of text, not a link to another page of the site (a teaser).

    A block of several short links ("Miyazaki: <a>Takanabe</a>, <a>Shintomi</a>") lists
    terms; a teaser is one link holding most of the text.
    """
    links = [len(normalise(a.text_content())) for a in block.iter("a") if same_site(a.get("href"))]
    if sum(links) > MAX_LINK_SHARE * len(text) and max(links) > MAX_LINK_SHARE * len(text):
        return False
    if block.tag == "p" or block.tag == "blockquote":
        return (
            len(text.split()) >= MIN_PARAGRAPH_WORDS
            or len(text) >= 60
            or len(UNSPACED.findall(text)) >= MIN_UNSPACED_CHARS  # Chinese, Japanese: no spaces
        )
    return True
