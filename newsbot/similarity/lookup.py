"""Find the story an article copies among the docs the state holds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsbot.similarity.match import Signals, Text, compare, contradicts, is_copy, shares_shingles

if TYPE_CHECKING:
    from newsbot.similarity.sketch import Fingerprint
    from newsbot.state import Doc, State


@dataclass(frozen=True)
class Copy:
    """The stored doc an article copies, and why we think so."""

    doc: Doc
    signals: Signals | None
    """``None`` for an exact copy (same ``contentHash``)."""


def text_of(fp: Fingerprint, published: int | None) -> Text:
    """The comparable parts of a new article."""
    return Text(fp.size, fp.sketch, fp.lede, fp.headline, fp.slots, published)


def doc_text(doc: Doc) -> Text:
    """The comparable parts of a stored doc (its ``numbers`` hold the slots)."""
    return Text(doc.size, doc.signature, doc.lede, doc.headline, doc.numbers, doc.published)


def find_copy(
    state: State, fp: Fingerprint, published: int | None, *, exclude: str | None = None
) -> Copy | None:
    """The doc in ``state`` whose story ``fp`` copies: the same text, else, among the
    candidates sharing a look-up key, the one :func:`is_copy` accepts with the highest
    Jaccard, from a story none of whose docs :func:`contradicts` it. ``exclude`` skips one
    article (the URL's own previous version)."""
    same = state.by_content(fp.content_hash)
    if same is not None and same.article != exclude:
        return Copy(same, None)
    text = text_of(fp, published)
    accepted: dict[str, tuple[float, Copy]] = {}
    refused: set[str] = set()
    for doc in state.candidates(fp.bands):
        if doc.article == exclude or not shares_shingles(fp.sketch, doc.signature):
            continue
        signals = compare(text, doc_text(doc))
        if is_copy(signals):
            if doc.story not in accepted or signals.jaccard > accepted[doc.story][0]:
                accepted[doc.story] = (signals.jaccard, Copy(doc, signals))
        elif contradicts(signals):
            refused.add(doc.story)
    choices = [found for story, found in accepted.items() if story not in refused]
    return max(choices, key=lambda found: found[0])[1] if choices else None
