"""The headline: the page's metadata title without its site-name tail, else its ``<h1>``.

Metadata titles (JSON-LD ``headline``, ``og:title``, ``<title>``) are often escaped twice
and carry a " | Site" tail; both are undone here. The visible ``<h1>`` stands in when
there is no metadata, with kickers and screen-reader text inside it left out.
"""

from __future__ import annotations

import html
import re
from collections import Counter

from lxml.html import HtmlElement

from newsbot.extract.blocks import normalise
from newsbot.extract.boilerplate import class_words

KICKER_WORDS = frozenset(
    [
        "kicker", "overline", "topline", "eyebrow", "dachzeile", "roofline", "supertitle",
        "overtitle", "pretitle", "preheadline", "spitzmarke", "flag", "label", "rubric",
        "category", "offscreen", "sr", "visually", "hidden", "visuallyhidden",
    ]
)  # fmt: skip
SEPARATORS = re.compile(r"\s+(?:\||--?|–|—|::|·|»|/)\s+")
_WORD = re.compile(r"\w+")
KICKER_END = re.compile(r"[:|]\s*$")
TAIL_START = re.compile(r"\s+(?:\||--|::|·|»)\s+")
STRAIGHT_QUOTES = str.maketrans("‘’‚‛“”„‟", "''''\"\"\"\"")
DATE_PART = re.compile(r"[\d./\-: ]+")


def clean_title(text: str | None) -> str | None:
    """Unescaped, whitespace-collapsed text (metadata is often HTML-escaped twice)."""
    if not text:
        return None
    return normalise(html.unescape(html.unescape(text))) or None


def find_headline(
    tree: HtmlElement, candidates: list[str | None], site_names: list[str]
) -> str | None:
    """The first metadata title, without its site name or a label the others lack; else
    the page's main ``<h1>``.

    Measured on the corpus, publishers' metadata titles match the curated headline more
    often than the visible ``<h1>`` does (which adds kickers, or is a teaser variant).
    """
    titles = [strip_site_name(t, site_names) for c in candidates if (t := clean_title(c))]
    h1 = next((text for h1 in tree.iter("h1") if (text := h1_text(h1))), None)
    if titles:
        return common_spelling(without_affix(titles[0], titles[1:], h1), titles)
    return h1


def without_affix(title: str, others: list[str], h1: str | None = None) -> str:
    """``title`` shortened to another candidate it contains plus a kicker or tail.

    "Kicker: Headline" or "Headline | Section" where other metadata (``og:title``,
    ``<title>``, ``twitter:title``) states just "Headline" is the headline with a label
    glued on. The ``<h1>`` witnesses tails only: measured, it drops kickers the publisher
    counts as headline. Only a colon or a pipe marks a kicker; a tail also follows "»",
    "·", "::" or "--", never a single dash, which often joins two halves of one headline.
    """
    best = title
    for other in [*others, h1]:
        if not other or len(other) >= len(best) or len(_words(other)) < 3:
            continue
        kicker = other is not h1 and best.endswith(other) and KICKER_END.search(best[: -len(other)])
        tail = best.startswith(other) and TAIL_START.match(best[len(other) :])
        if kicker or tail:
            best = other
    return best


def common_spelling(title: str, titles: list[str]) -> str:
    """``title`` with the quote marks most of the page's metadata titles use for it.

    Titles that differ only in curly versus straight quotes state one headline; the
    spelling most of them share wins, a tie keeping ``title``'s own.
    """
    key = title.translate(STRAIGHT_QUOTES)
    same = Counter(t for t in titles if t.translate(STRAIGHT_QUOTES) == key)
    return max(same, key=lambda t: (same[t], t == title), default=title)


def h1_text(h1: HtmlElement) -> str:
    """Text of an ``<h1>`` without kicker/overline children or screen-reader-only text."""
    parts: list[str] = [h1.text or ""]
    for child in h1:
        if not isinstance(child.tag, str):
            parts.append(child.tail or "")
            continue
        hidden = child.get("aria-hidden") == "true" or class_words(child) & KICKER_WORDS
        if not hidden:
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return normalise(html.unescape("".join(parts)))


def strip_site_name(title: str, site_names: list[str]) -> str:
    """Drop " | Site name" parts (and dates among them) from either end of a title, and
    whatever follows a site name ("Headline | Site | Section", "... | Site | by Author").

    A declared name holding the words of two parts of the title is the headline copied
    into a name field (a section set to the headline): a site's name is one part.
    """
    parts = SEPARATORS.split(title)
    words_of_parts = [set(w) for p in parts if (w := _words(p))]
    names = [set(_words(n)) for n in site_names if _words(n)]
    names = [n for n in names if sum(w <= n for w in words_of_parts) < 2]
    # "Harbour Gazette" is the site of harbourgazette.example: its words run together.
    joined_names = {"".join(_words(n)) for n in site_names} - {""}

    def is_site(part: str) -> bool:
        words = set(_words(part))
        if not words:
            return True
        if DATE_PART.fullmatch(part.strip()):
            return True
        if len(words) > 1 and "".join(_words(part)) in joined_names:
            return True
        return any(words <= name or name <= words for name in names)

    while len(parts) > 1 and is_site(parts[-1]):
        parts.pop()
    while len(parts) > 1 and is_site(parts[0]):
        parts.pop(0)
    parts = parts[: next((i for i in range(1, len(parts)) if is_site(parts[i])), len(parts))]
    if len(parts) == len(SEPARATORS.split(title)):
        return title
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end]


def _words(text: str | None) -> list[str]:
    folded = (text or "").lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    return _WORD.findall(folded)
