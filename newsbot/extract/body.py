"""The article body: trafilatura's main text, cleaned with what the page's markup says.

Trafilatura (precision mode) finds the main text; each of its lines is then traced back
to the element it came from, so captions, share boxes, "related" lists and promotion
lines can be dropped by generic evidence, the headline is not repeated as the first
paragraph, and a lead that sits in the page header is put back in front.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from lxml.html import HtmlElement
from trafilatura import bare_extraction

from newsbot.extract.blocks import BlockLocator, normalise, readable_tree, table_row
from newsbot.extract.boilerplate import (
    furniture_marks,
    is_caption_line,
    is_head_line,
    is_notice_line,
    is_promo_line,
    is_prompt_line,
    is_tail_line,
    is_teaser_label,
)
from newsbot.extract.html import within
from newsbot.extract.lead import find_lead, words
from newsbot.extract.rules import on
from newsbot.extract.sections import fill_gaps, main_box, visible_text
from newsbot.urls import registered_domain

TRAFILATURA_OPTIONS: dict[str, Any] = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "with_metadata": False,
    "deduplicate": False,
}
# Trafilatura's fallback comparison (readability, jusText) costs about 40% of its time and
# matters on one page in ten; it runs only when the fast pass finds too little text.
MIN_FAST_CHARS = 1000
MIN_FAST_SHARE = 0.4
# When even the full pass finds little, the default (recall-minded) mode is tried, and its
# text taken if it is this many times longer.
MIN_RECALL_GAIN = 1.5
MAX_FURNITURE_SHARE = 0.35
# The floor: a cleaning that keeps less than this share of the extractor's text has taken
# the article for furniture (a layout no rule was written for); the page is then cleaned
# only by what its lines say of themselves.
FLOOR_SHARE = 0.5
MAX_TRAILING_SHARE = 0.2
MIN_BOX_BLOCKS = 3
# A pull quote repeats this many words of the text; its attribution is short.
MIN_QUOTE_WORDS = 6
MAX_QUOTE_WORDS = 60
MAX_BYLINE_WORDS = 12
QUOTE_DEPTH = 4
# Teaser cards (paragraphs wholly inside a link) may outweigh a short article.
MAX_LINKED_SHARE = 0.6
MIN_CARD_WORDS = 8
# A "Read more" label heads a teaser box holding at most this share of the text.
MAX_TEASER_SHARE = 0.15
MIN_LIST_LINK_SHARE = 0.5
# A teaser card: a small box whose heading is (mostly) a link.
MAX_CARD_CHARS = 600
MIN_CARD_LINK_SHARE = 0.4
# A caption without <figcaption>: a short line in a small box with a picture.
MAX_CAPTION_WORDS = 25
MEDIA_DEPTH = 3
MAX_CAPTION_BOX_EXTRA = 200  # a credit, a counter, "enlarge picture"
# A media player's description, as its schema.org data in the box has it (plus a duration).
MEDIA_TYPES = ("VideoObject", "AudioObject", "MediaObject", "ImageObject", "Clip")
MAX_MEDIA_EXTRA = 40
# A closing sign-up box: its prompt within the last lines, short lines after it.
MAX_PROMPT_TAIL = 2
MAX_PROMPT_TAIL_WORDS = 50
# Words that open a note about the author ("Korrespondent Jane Doe ist ...").
HEAD_BIO_LINES = 3
BIO_OPENERS = frozenset(["korrespondent", "korrespondentin", "reporter", "correspondent", "about"])
# The label of a closing list of sources or tags: "Quellen:", "Sources used", "Tags:".
SOURCES_LABEL = re.compile(
    r"^\W*(?:(?:verwendete|genutzte|benutzte|weitere) )?(?:quellen?|sources?(?: used)?|"
    r"fuentes?|fontes?|fonti|kilder?|källor|źródła|bronnen|lähteet|references|referenzen|"
    r"tags?|schlagwörter|schlagworte|stichwörter|themen|etiketler|etiquetas|mots-clés|"
    r"keywords|emneord|taggar|tagit|tagi|теги|темы)\W*$",
    re.IGNORECASE,
)
_WORD = re.compile(r"\w+")
HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])


def extract_body(
    tree: HtmlElement,
    url: str,
    headline: str | None = None,
    description: str | None = None,
    authors: list[str] | None = None,
) -> str | None:
    """Paragraphs of the main text, separated by a blank line, or None."""
    prose = paragraph_chars(tree)
    text, precise = main_text(tree, url, prose)
    lines = text_lines(text)
    if not lines:
        return None
    locator = BlockLocator(tree)
    elements = [locator.locate(line) for line in lines]
    # The floor stands on what the precision mode found, not on a wider pass's extra text.
    found = sum(len(line) for line in (lines if precise == text else text_lines(precise)))
    same_site = site_test(url)
    if on("gaps"):
        weights = text_weights(lines, elements)
        lines, elements = fill_gaps(lines, elements, weights, locator.order, prose, same_site)
    headlines = [headline, *h1_texts(tree)]
    containers = [
        locator.container(ln) if el is None else None
        for ln, el in zip(lines, elements, strict=True)
    ]
    kept = clean(lines, elements, containers, headlines, authors or [], same_site)
    if on("floor") and sum(len(line) for line, _ in kept) < FLOOR_SHARE * found:
        kept = clean_lightly(lines, elements, headlines, authors or [])
    if not kept:
        return None
    first = next((el for _, el in kept if el is not None), None)
    if first is not None and on("lead"):
        lead = find_lead(tree, first, description)
        if lead and not _already_in(lead, [line for line, _ in kept[:3]]):
            kept.insert(0, (lead, None))
    return "\n\n".join(blocks(kept)) or None


def clean(
    lines: list[str],
    elements: list[HtmlElement | None],
    containers: list[HtmlElement | None],
    headlines: list[str | None],
    authors: list[str],
    same_site: Callable[[str | None], bool],
) -> list[tuple[str, HtmlElement | None]]:
    """The lines without furniture, repeated headline, bylines and closing notes."""
    kept = drop_furniture(lines, elements, containers, same_site)
    if on("pull_quote"):
        kept = drop_pull_quotes(kept)
    if on("leading_headline"):
        kept = drop_leading_headline(kept, headlines)
    if on("byline"):
        kept = [(line, el) for line, el in kept if not is_byline(line, authors)]
    kept = trim_edges(kept, authors)
    if on("trailing_outside") and (inside := drop_trailing_outside(kept)) != kept:
        kept = trim_edges(inside, authors)  # what closed the box may now close the text
    return kept


def site_test(url: str) -> Callable[[str | None], bool]:
    """A test whether a link's target is on the page's own site (a relative link is)."""
    site = registered_domain(url)

    def same_site(href: str | None) -> bool:
        if not href:
            return False
        href = href.strip()
        if href.startswith(("#", "/", "?")) or "://" not in href[:12]:
            return not href.startswith(("mailto:", "tel:", "javascript:"))
        return registered_domain(href) == site

    return same_site


def clean_lightly(
    lines: list[str],
    elements: list[HtmlElement | None],
    headlines: list[str | None],
    authors: list[str],
) -> list[tuple[str, HtmlElement | None]]:
    """The lines without those that say by their own words that they are no article text
    (promotions, notices, credits, bylines, the repeated headline): the floor under a page
    whose cleaning removed most of what the extractor found."""
    kept = [
        (line, el)
        for line, el in zip(lines, elements, strict=True)
        if not (is_promo_line(line) or is_notice_line(line) or is_caption_line(line))
        and not is_byline(line, authors)
    ]
    return drop_leading_headline(kept, headlines)


def blocks(kept: list[tuple[str, HtmlElement | None]]) -> list[str]:
    """The body's paragraphs: each line, except that the rows of one table are one block
    (a row per line, its cells joined by " | ")."""
    out: list[str] = []
    previous = None
    for line, element in kept:
        table = _table_of(element)
        if table is not None and table is previous:
            out[-1] += "\n" + line
        else:
            out.append(line)
        previous = table
    return out


def _table_of(element: HtmlElement | None) -> HtmlElement | None:
    if element is None or element.tag != "tr":
        return None
    return next(element.iterancestors("table"), None)


def text_lines(text: str | None) -> list[str]:
    """The extractor's lines, whitespace-collapsed, table rows as cells joined by " | "."""
    lines = [
        row if (row := table_row(line)) is not None else normalise(line)
        for line in (text or "").split("\n")
    ]
    return [line for line in lines if line]


def main_text(tree: HtmlElement, url: str, prose: int) -> tuple[str | None, str | None]:
    """Trafilatura's text: fast pass first, full pass when the fast one finds too little of
    the ``prose`` (:func:`paragraph_chars`) there is; with the precision mode's own text."""
    tree = readable_tree(tree)
    document: Any = bare_extraction(tree, url=url, as_dict=False, fast=True, **TRAFILATURA_OPTIONS)
    found = len(document.text) if document is not None and document.text else 0
    if found < MIN_FAST_CHARS or found < MIN_FAST_SHARE * prose:
        document = bare_extraction(tree, url=url, as_dict=False, **TRAFILATURA_OPTIONS)
        found = len(document.text) if document is not None and document.text else 0
    precise = str(document.text) if document is not None and document.text else None
    if on("recall_pass") and found < MIN_FAST_CHARS and found < MIN_FAST_SHARE * prose:
        # Precision mode skips slideshows and lists of short items (what it finds is a
        # heading, a caption): the default mode reads them.
        options = {**TRAFILATURA_OPTIONS, "favor_precision": False}
        wider: Any = bare_extraction(tree, url=url, as_dict=False, **options)
        if wider is not None and wider.text and len(wider.text) >= MIN_RECALL_GAIN * found:
            return str(wider.text), precise
    return precise, precise


def paragraph_chars(tree: HtmlElement) -> int:
    """Characters of text in the page's ``<p>`` elements: how much prose there is to find."""
    return sum(len(p.text_content()) for p in tree.iter("p"))


def h1_texts(tree: HtmlElement) -> list[str]:
    """Texts of the page's ``<h1>`` elements (a repeated headline may be any of them)."""
    return [normalise(h1.text_content()) for h1 in tree.iter("h1")]


def is_byline(line: str, authors: list[str]) -> bool:
    """True for a short line made of the authors' names (with dates or "By" around them)."""
    if not authors or len(line.split()) > 4 * len(authors) + 8:
        return False
    name_words = {w for name in authors for w in words(name)}
    line_words = [w for w in words(line) if not w.isdigit()]
    named = [w for w in line_words if w in name_words]
    return bool(named) and len(named) >= 0.6 * len(line_words)


def drop_furniture(
    lines: list[str],
    elements: list[HtmlElement | None],
    containers: list[HtmlElement | None] | None = None,
    same_site: Callable[[str | None], bool] = lambda href: True,
) -> list[tuple[str, HtmlElement | None]]:
    """Drop promotion lines and lines from captions, asides and boxes marked as furniture.

    A mark (a tag or class word) that covers much of the extracted text describes the
    article itself ("paywall" on every paragraph, "withSidebar" on the wrapper), so it
    counts only when it covers little. A line that is no element's whole text (text
    between ``<br>`` tags) is judged by the marks of the element holding it, its container.
    """
    weights = text_weights(lines, elements)
    boxes_of = containers or [None] * len(lines)
    total = sum(
        len(line)
        for line, el, box in zip(lines, elements, boxes_of, strict=True)
        if el is not None or box is not None
    )

    def holds_article(node: HtmlElement) -> bool:
        return weights.get(node, 0) > MAX_FURNITURE_SHARE * total

    marks = [
        block_marks(line, el, holds_article, same_site)
        if el is not None or box is None
        else furniture_marks(box, holds_article)
        for line, el, box in zip(lines, elements, boxes_of, strict=True)
    ]
    anchor = next((el for el in elements if el is not None), None)
    media = media_texts(anchor.getroottree().getroot()) if anchor is not None else {}
    for line, element, line_marks in zip(lines, elements, marks, strict=True):
        pictured = (
            on("beside_picture") and element is not None and beside_picture(line, element, weights)
        )
        if pictured or (on("media_caption") and media and describes_media(line, element, media)):
            line_marks.add("figure")
    covered: dict[str, int] = {}
    for line, line_marks in zip(lines, marks, strict=True):
        for mark in line_marks:
            covered[mark] = covered.get(mark, 0) + len(line)
    boxes = teaser_boxes(lines, elements, weights, total) if on("teaser_box") else []
    kept = []
    for line, element, line_marks in zip(lines, elements, marks, strict=True):
        if (
            (on("promo") and is_promo_line(line))
            or (on("credit_caption") and is_caption_line(line))
            or (on("notice") and is_notice_line(line))
        ):
            continue
        if element is not None and any(box in element.iterancestors() for box in boxes):
            continue
        if any(covered[m] <= MAX_FURNITURE_SHARE * total for m in line_marks) or (
            "link" in line_marks and covered["link"] <= MAX_LINKED_SHARE * total
        ):
            continue
        kept.append((line, element))
    return kept


def drop_pull_quotes(
    kept: list[tuple[str, HtmlElement | None]],
) -> list[tuple[str, HtmlElement | None]]:
    """Drop pull quotes: a quoted line repeating part of a longer one, and its attribution.

    The attribution is a short line right after the quote, in the same box around it.
    """
    quoted = [i for i, (_, el) in enumerate(kept) if within(el, "blockquote", QUOTE_DEPTH)]
    if not quoted:
        return kept
    keys = [" ".join(words(line)) for line, _ in kept]
    dropped: set[int] = set()
    for i in quoted:
        key, element = keys[i], kept[i][1]
        if not MIN_QUOTE_WORDS <= key.count(" ") + 1 <= MAX_QUOTE_WORDS:
            continue
        if not any(len(other) > len(key) and key in other for other in keys):
            continue  # only a longer line can hold it, so the line itself never counts
        dropped.add(i)
        box = element.getparent() if element is not None else None
        if i + 1 < len(kept) and box is not None and len(keys[i + 1].split()) <= MAX_BYLINE_WORDS:
            follower = kept[i + 1][1]
            if follower is not None and box in follower.iterancestors():
                dropped.add(i + 1)
    return [item for i, item in enumerate(kept) if i not in dropped]


def teaser_boxes(
    lines: list[str],
    elements: list[HtmlElement | None],
    weights: dict[HtmlElement, int],
    total: int,
) -> list[HtmlElement]:
    """Boxes labelled "Read more" (a label line alone): the teaser that the label heads.

    The box is the label's nearest ancestor that holds other extracted lines, when those
    are a small part of the text.
    """
    boxes = []
    for line, element in zip(lines, elements, strict=True):
        if element is None or not is_teaser_label(line):
            continue
        for ancestor in element.iterancestors():
            weight = weights.get(ancestor, 0)
            if weight > len(line):
                if weight - len(line) <= MAX_TEASER_SHARE * total:
                    boxes.append(ancestor)
                break
    return boxes


def block_marks(
    line: str,
    element: HtmlElement | None,
    holds_article: Callable[[HtmlElement], bool],
    same_site: Callable[[str | None], bool] = lambda href: True,
) -> set[str]:
    """Furniture marks of a line's element, plus "link" when the whole block is a link.

    A paragraph inside an ``<a>`` is a teaser card pointing to another page (its kicker,
    headline and summary); article prose is never one link from end to end. A list whose
    every item is mostly a link is a list of other stories ("Topic: <a>Headline</a>").
    Other stories are the site's own: links to other sites (a listicle's shops and
    places, a round-up's sources) are what the article points its reader to.
    """
    if element is None:
        return set()
    marks = furniture_marks(element, holds_article)
    if (on("link_list") and in_link_list(element, same_site)) or (
        on("card_row") and in_card_row(element, holds_article, same_site)
    ):
        marks.add("link")
        return marks
    if on("link_row") and is_link_row(element):
        marks.add("link")
        return marks
    if element.tag in HEADING_TAGS or element.tag == "a" or len(line.split()) < MIN_CARD_WORDS:
        return marks  # a linked subheading or a table of contents entry belongs to the text
    if not on("link_block"):
        return marks
    node: HtmlElement | None = element.getparent()
    while node is not None and not holds_article(node):
        if node.tag == "a" and same_site(node.get("href")):
            marks.add("link")
            break
        node = node.getparent()
    return marks


def is_link_row(element: HtmlElement) -> bool:
    """True for a block of two or more links and nothing else but separators: a row of
    navigation ("<< Back to News | Print | E-mail this story"), never a sentence."""
    links = [a for a in element.iter("a") if a.get("href")]
    if len(links) < 2:
        return False
    linked = sum(len(_WORD.findall(a.text_content())) for a in links)
    return linked == len(_WORD.findall(element.text_content()))


def beside_picture(line: str, element: HtmlElement, weights: dict[HtmlElement, int]) -> bool:
    """True for a short line alone beside a picture in a box of little more: a caption untagged.

    The walk up ends at the first box holding other extracted text: a picture among the
    article's paragraphs does not make them captions.
    """
    if element.tag in HEADING_TAGS or len(line.split()) > MAX_CAPTION_WORDS:
        return False  # a picture story's pictures may have headings; a caption is no heading
    node = element
    for _ in range(MEDIA_DEPTH):
        parent = node.getparent()
        if parent is None or weights.get(parent, 0) > len(line):
            return False
        if next(parent.iter("img", "picture", "video"), None) is not None:
            if next(parent.iter("figcaption", *HEADING_TAGS), None) is not None:
                return False  # the picture has its caption; a box with a heading is a section
            return len(normalise(visible_text(parent))) <= len(line) + MAX_CAPTION_BOX_EXTRA
        node = parent
    return False


def media_texts(root: HtmlElement) -> dict[HtmlElement, list[str]]:
    """Descriptions and names of media objects in the page's schema.org data, by the box
    holding the data (a video player's box carries its own ``ld+json`` script)."""
    found: dict[HtmlElement, list[str]] = {}
    for script in root.iter("script"):
        if script.get("type") != "application/ld+json":
            continue
        code, parent = script.text or "", script.getparent()
        if parent is None or parent.tag == "head" or not any(k in code for k in MEDIA_TYPES):
            continue
        try:
            data = json.loads(code)
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and item.get("@type") in MEDIA_TYPES:
                texts = [item.get("description"), item.get("name")]
                found.setdefault(parent, []).extend(
                    normalise(t) for t in texts if isinstance(t, str) and t.strip()
                )
    return found


def describes_media(
    line: str, element: HtmlElement | None, media: dict[HtmlElement, list[str]]
) -> bool:
    """True for a line that is the description of a media player in a box around it.

    A line not traced to an element (the player's text runs on into its duration, and the
    box's text holds the script) is matched against every player in the page's body.
    """
    if element is None:
        return any(_opens_with(line, texts) for texts in media.values())
    node = element
    for _ in range(MEDIA_DEPTH):
        if node in media and _opens_with(line, media[node]):
            return True
        parent = node.getparent()
        if parent is None:
            return False
        node = parent
    return False


def _opens_with(line: str, texts: list[str]) -> bool:
    return any(line.startswith(t) and len(line) <= len(t) + MAX_MEDIA_EXTRA for t in texts)


def in_card_row(
    element: HtmlElement,
    holds_article: Callable[[HtmlElement], bool],
    same_site: Callable[[str | None], bool] = lambda href: True,
) -> bool:
    """True inside one of a row of teaser cards: boxes built alike, each headed by a link.

    A card holds another story's linked headline and its summary; two or more side by
    side are a list of other stories, however their summaries read.
    """
    node: HtmlElement | None = element
    while node is not None and not holds_article(node):
        parent = node.getparent()
        if parent is None:
            break
        key = (node.tag, node.get("class"))
        if key[1] and _is_card(node, same_site):
            alike = [s for s in parent if s is not node and (s.tag, s.get("class")) == key]
            if any(_is_card(s, same_site) for s in alike):
                return True
        node = parent
    return False


def _is_card(box: HtmlElement, same_site: Callable[[str | None], bool]) -> bool:
    """A small box holding a heading that is all link (another story's headline)."""
    if box.tag in HEADING_TAGS or not isinstance(box.tag, str):
        return False
    headings = list(box.iter(*HEADING_TAGS))
    if not headings or len(box.text_content()) > MAX_CARD_CHARS:
        return False
    for heading in headings:
        text = normalise(heading.text_content())
        linked = sum(
            len(normalise(a.text_content())) for a in heading.iter("a") if same_site(a.get("href"))
        )
        if text and linked >= MIN_CARD_LINK_SHARE * len(text):
            return True
    return False


def in_link_list(
    element: HtmlElement, same_site: Callable[[str | None], bool] = lambda href: True
) -> bool:
    """True for an item (or an item's only block) of a list whose items are all links."""
    parent = _list_of(element)
    if parent is None:
        return False
    items = [child for child in parent if child.tag == "li"]
    # A label item ("Tags:") heads the links; it is no item of its own.
    items = [li for li in items if not normalise(li.text_content()).endswith(":")]
    return len(items) >= 2 and all(
        _linked_share(li, same_site) >= MIN_LIST_LINK_SHARE for li in items
    )


def _linked_share(element: HtmlElement, same_site: Callable[[str | None], bool]) -> float:
    text = normalise(element.text_content())
    if not text:
        return 0.0
    linked = sum(
        len(normalise(a.text_content())) for a in element.iter("a") if same_site(a.get("href"))
    )
    return linked / len(text)


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
    kept: list[tuple[str, HtmlElement | None]], headlines: list[str | None]
) -> list[tuple[str, HtmlElement | None]]:
    """Drop the first lines while they repeat a headline (alone, or with a kicker or date)."""
    keys = [_letters(h) for h in headlines if h and len(_letters(h)) >= 12]
    while kept:
        line = _letters(kept[0][0])
        element = kept[0][1]
        if (element is not None and element.tag == "h1") or any(
            key in line and len(line) <= len(key) + 80 for key in keys
        ):
            kept = kept[1:]
            continue
        break
    return kept


def _letters(text: str) -> str:
    """Lower-cased word characters only: "Migration:Chiesa" and "Migration: Chiesa" agree."""
    return "".join(_WORD.findall(text.lower()))


def drop_trailing_outside(
    kept: list[tuple[str, HtmlElement | None]],
) -> list[tuple[str, HtmlElement | None]]:
    """Drop closing lines from outside the article's box (teasers and notices after it)."""
    lines = [line for line, _ in kept]
    elements = [el for _, el in kept]
    weights = text_weights(lines, elements)
    total = sum(len(line) for line, el in kept if el is not None)
    box = main_box(weights, total) if total else None
    if box is None:
        return kept
    end, dropped = len(kept), 0
    while end > 1:
        line, element = kept[end - 1]
        if element is None or element is box or box in element.iterancestors():
            break
        dropped += len(line)
        end -= 1
    # Much text outside the box means the box is one section of several, not the article,
    # unless none of it is built like the box's own blocks (a promotion box after it).
    if dropped <= MAX_TRAILING_SHARE * total:
        return kept[:end]
    inside = [el for _, el in kept[:end] if el is not None and box in el.iterancestors()]
    makes = {_make(el) for el in inside}
    if len(inside) < MIN_BOX_BLOCKS or any(_make(el) in makes for _, el in kept[end:]):
        return kept
    return kept[:end]


def _make(element: HtmlElement | None) -> tuple[str, str | None]:
    """A block's tag and class: blocks of one text are built alike."""
    assert element is not None
    return (element.tag, element.get("class"))


def trim_edges(
    kept: list[tuple[str, HtmlElement | None]], authors: list[str] | None = None
) -> list[tuple[str, HtmlElement | None]]:
    """Drop datelines and bylines before the text; credits, notices and bios after it."""
    start, end = 0, len(kept)
    while on("head_lines") and start < end and is_head_line(kept[start][0]):
        start += 1
    if on("author_bio"):  # a note about the author between the lead and the text
        bios = [
            i
            for i in range(start, min(end, start + HEAD_BIO_LINES))
            if is_author_bio(kept[i][0], authors or [])
        ]
        kept = [item for i, item in enumerate(kept) if i not in bios]
        end -= len(bios)
    while end > start:
        line, element = kept[end - 1]
        # A closing list or table is the article's (ingredients, a squad, results); the
        # lists that are not have their own rules (sources, links to other stories).
        listed = _is_list_line(line, element) or (element is not None and element.tag == "tr")
        if (on("tail_lines") and is_tail_line(line, listed=listed)) or (
            on("author_bio") and is_author_bio(line, authors or [])
        ):
            end -= 1
        elif on("sources_list") and (sources := sources_list_start(kept[start:end])) is not None:
            end = start + sources
        elif on("closing_prompt") and (prompt := closing_prompt_start(kept[start:end])) is not None:
            end = start + prompt
        else:
            break
    return kept[start:end]


def closing_prompt_start(kept: list[tuple[str, HtmlElement | None]]) -> int | None:
    """Where a closing sign-up box starts: its prompt, then at most two short lines."""
    for i in range(max(1, len(kept) - 1 - MAX_PROMPT_TAIL), len(kept)):
        if is_prompt_line(kept[i][0]) and all(
            len(line.split()) <= MAX_PROMPT_TAIL_WORDS for line, _ in kept[i + 1 :]
        ):
            return i
    return None


def sources_list_start(kept: list[tuple[str, HtmlElement | None]]) -> int | None:
    """Where a closing list of sources or tags starts ("Quellen:", "Tags:"), or None.

    The label is either the line before the list's items or, when the extractor left it
    out, the element just before the list.
    """
    last = _list_of(kept[-1][1]) if kept else None
    start = len(kept)
    while start > 0 and _is_list_line(*kept[start - 1]):
        element = kept[start - 1][1]
        if last is not None and element is not None and _list_of(element) is not last:
            break  # an earlier list of the text
        start -= 1
    if start == len(kept):
        return None
    if start > 0 and SOURCES_LABEL.match(kept[start - 1][0]):
        return start - 1
    for i in range(len(kept) - 1, start - 1, -1):
        if SOURCES_LABEL.match(kept[i][0].removeprefix("- ")):
            return i  # the label is an item of the list
    label = last.getprevious() if last is not None else None
    if label is not None and SOURCES_LABEL.match(normalise(label.text_content())):
        return start
    return None


def _list_of(element: HtmlElement | None) -> HtmlElement | None:
    """The ``<ul>``/``<ol>`` of a list item (or of an item's only block)."""
    item = element if element is None or element.tag == "li" else element.getparent()
    if item is None or item.tag != "li":
        return None
    parent = item.getparent()
    return parent if parent is not None and parent.tag in ("ul", "ol") else None


def _is_list_line(line: str, element: HtmlElement | None) -> bool:
    return line.startswith("- ") or (element is not None and element.tag == "li")


def is_author_bio(line: str, authors: list[str]) -> bool:
    """True for a closing note about an author: it starts with their name ("Jane Doe is ...")."""
    line_words = words(line)
    for name in authors:
        name_words = words(name)
        if len(name_words) >= 2 and line_words[: len(name_words)] == name_words:
            return len(line_words) <= 80
        if len(name_words) >= 2 and name_words[-1] in line_words[:8] and len(line_words) <= 80:
            return line_words[0] in BIO_OPENERS
    return False


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


def _already_in(text: str, lines: list[str]) -> bool:
    text_words = words(text)
    return any(_contains(words(line), text_words[:12]) for line in lines)
