"""The body's cleaning rules by name, so that a benchmark can switch each off and measure it.

Every rule that adds or removes body text checks :func:`on` with its name;
``benchmarks/extraction.py --without NAME`` (or ``--ablate``) runs the corpus with rules
switched off and reports their effect per fold of publishers. Nothing in the product
switches a rule off.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

RULES: dict[str, str] = {
    "recall_pass": "precision mode finds little of the page's prose: the default mode's text",
    "gaps": "paragraphs the extractor skipped inside the article's box are put back",
    "gaps_dense": "little of the page's prose found: the densest block of paragraphs is taken",
    "gaps_sections": "sibling sections built like the article's box are the article too",
    "gaps_headings": "a subheading unlike the extracted blocks that heads article text is kept",
    "promo": "a short line opening with a promotion ('Read more', 'Subscribe', '©')",
    "credit_caption": "a short line ending with a picture credit ('Photo: AFP')",
    "notice": "an embed's consent placeholder or a 'please enable JavaScript' notice",
    "teaser_box": "a box headed by a lone 'Read more' label",
    "furniture_tags": "a line inside <figure>, <aside>, <nav>, <footer>, <form>...",
    "furniture_classes": "a line inside a box whose class says related, share, caption...",
    "link_block": "a paragraph wholly inside a link (a teaser card)",
    "link_list": "a list whose items are all links (other stories)",
    "link_row": "a block of two or more links and only separators (a navigation row)",
    "card_row": "a row of small boxes built alike, each headed by a linked headline",
    "beside_picture": "a short line alone beside a picture (an untagged caption)",
    "media_caption": "a line that is a media player's schema.org description",
    "pull_quote": "a quoted line repeating part of a longer line, and its attribution",
    "leading_headline": "opening lines repeating the headline",
    "byline": "a short line made of the authors' names",
    "head_lines": "datelines, bylines and timestamps before the text",
    "tail_lines": "credits, sign-up lines, short closing lines after the text",
    "author_bio": "a closing note about the author",
    "sources_list": "a closing list of sources ('Quellen:')",
    "closing_prompt": "a closing sign-up box (a prompt, then short lines)",
    "trailing_outside": "closing lines from outside the article's box",
    "lead": "the lead in the page header put in front of the body",
    "floor": "a cleaning that keeps less than half the extracted text is undone",
}
"""Rule name: what the rule adds or removes."""

_OFF: ContextVar[frozenset[str]] = ContextVar("rules_off", default=frozenset())


def on(rule: str) -> bool:
    """Whether ``rule`` applies (always, except inside :func:`switched_off`)."""
    return rule not in _OFF.get()


@contextmanager
def switched_off(rules: Iterable[str]) -> Iterator[None]:
    """Run the block with ``rules`` switched off (for measurement only)."""
    names = frozenset(rules)
    if unknown := names - RULES.keys():
        raise ValueError(f"unknown rules: {', '.join(sorted(unknown))}")
    token = _OFF.set(names)
    try:
        yield
    finally:
        _OFF.reset(token)
