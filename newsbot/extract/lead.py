"""Find the lead (standfirst, dek, teaser) that sits between the headline and the body.

Main-text extractors often skip it because it lives in the page header, apart from the
body's paragraphs. It is recognised by agreeing with the page's description or by its
class ("lead", "standfirst", "intro", ...), and only between the headline and the body.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from newsbot.extract.blocks import normalise
from newsbot.extract.boilerplate import class_words, furniture_marks, is_caption_line

LEAD_WORDS = frozenset(
    [
        "lead",
        "leadtext",
        "lede",
        "standfirst",
        "intro",
        "introduction",
        "teaser",
        "excerpt",
        "dek",
        "deck",
        "summary",
        "preface",
        "preamble",
        "abstract",
        "synopsis",
        "description",
        "desc",
        "subtitle",
        "subheadline",
        "subhead",
        "strapline",
        "subheader",
        "epigraph",
        "kurztext",
        "vorspann",
        "chapeau",
        "entradilla",
        "sumario",
        "occhiello",
        "ingress",
    ]
)
CANDIDATE_TAGS = frozenset(["p", "div", "h2", "h3", "span", "section", "header"])
_WORD = re.compile(r"\w+")
MIN_WORDS = 6
MAX_WORDS = 120


def words(text: str | None) -> list[str]:
    """Lower-cased word tokens, for comparisons that ignore punctuation."""
    return _WORD.findall((text or "").lower())


def agrees_with(text_words: list[str], description_words: list[str]) -> bool:
    """True when the texts are equal, or one is a truncated start of the other."""
    if len(description_words) < MIN_WORDS or len(text_words) < MIN_WORDS:
        return False
    shorter = min(len(text_words), len(description_words))
    return text_words[:shorter] == description_words[:shorter] and shorter >= 0.6 * max(
        len(text_words), len(description_words)
    )


def find_lead(
    tree: HtmlElement,
    body_start: HtmlElement,
    description: str | None,
) -> str | None:
    """The lead's text, if an element before ``body_start`` (and after the ``<h1>``) is one."""
    description_words = words(description.rstrip(".… ") if description else None)
    containers = set(body_start.iterancestors())
    best: str | None = None
    best_by_description = False
    seen_headline = False
    headline_neighbours: set[HtmlElement] = set()
    for element in tree.iter():
        if element is body_start:
            break
        tag = element.tag
        if tag == "h1":
            seen_headline = True
            best, best_by_description = None, False  # a lead follows its headline
            headline_neighbours = set(_next_siblings(element))
            continue
        if tag not in CANDIDATE_TAGS or element in containers:
            continue
        by_class = seen_headline and bool(class_words(element) & LEAD_WORDS)
        # An unmarked paragraph right after the headline, in its <header>/<hgroup>.
        by_place = element in headline_neighbours and tag == "p" and not by_class
        if not (by_class or by_place) and not (
            tag != "div" or _starts_like(element, description_words)
        ):
            continue  # a div's text is costly: read it only when it may be the lead
        text = normalise(element.text_content())
        text_words = words(text)
        if not MIN_WORDS <= len(text_words) <= MAX_WORDS:
            continue
        by_description = agrees_with(text_words, description_words)
        if not (by_description or by_class or by_place) or _is_link_text(element, text):
            continue
        if element.find(".//img") is not None or is_caption_line(text, MAX_WORDS):
            continue  # a picture with its caption
        if by_place and not by_description and not _is_prose(text_words, text):
            continue
        if furniture_marks(element, lambda node: node in containers):
            continue  # the article's own wrappers may say "sidebar-grid"; only its boxes count
        if by_description or not best_by_description:
            best, best_by_description = text, by_description
    return best


def _next_siblings(h1: HtmlElement, limit: int = 3) -> list[HtmlElement]:
    anchor = h1.getparent() if h1.getparent() is not None and len(h1.getparent()) == 1 else h1
    return list(anchor.itersiblings())[:limit]


def _is_prose(text_words: list[str], text: str) -> bool:
    return len(text_words) >= 12 and text.rstrip()[-1:] in ".!?…"


def _starts_like(element: HtmlElement, description_words: list[str]) -> bool:
    first = words((element.text or "")[:40])
    return bool(first and description_words and first[0] == description_words[0])


def _is_link_text(element: HtmlElement, text: str) -> bool:
    linked = sum(len(normalise(a.text_content())) for a in element.iter("a"))
    return linked > 0.5 * len(text)
