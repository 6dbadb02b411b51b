"""Whether two articles are one story: what they share and what differs, each measured, combined
by rules.

One Jaccard threshold cannot tell a trimmed brief (low Jaccard, fully contained) from a
same-template story (high Jaccard, other figures) or from a follow-up that reuses the first
paragraphs. Containment both ways, the figures and names in the same places (slots), the lede
and publication times together can (``benchmarks/dedupe.py`` measures them by class).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from newsbot.similarity.sketch import SKETCH_FORMAT, SKETCH_MAX, SLOTS_FORMAT, SLOTS_MAX

CONTAINMENT = 0.8
"""Share of the shorter text's sampled shingles found in the longer one: a copy."""

MIN_SAMPLES = 4
HEADLINE_AGREES = 0.5
LEDE_AGREES = 0.7
"""Fewer sampled shingles than this in the shorter text: too little text to judge by
containment alone; the lede and the headline must agree too."""

SHORT_SAMPLES = 30
HEADLINE_SHARES = 0.1
HEADLINE_SHORT_LINES = 0.25
"""A short text (fewer sampled shingles) is judged on little evidence: unless its headline
shares some words with the other's (more when the texts share no long line, only short ones
that may be an outlet's furniture), a shared opening paragraph is all it has in common."""

SLOT_DIFFERENCES = 2
SLOT_DIFFERENCE_SHARE = 0.2
"""Figures or names that differ in the same contexts: this many of them, in this share of the
contexts both texts have, make another story (same template, other company, team, city).
An update changes a figure or two among many that stay."""

CONTINUATION = 0.45
"""A longer text that shares the shorter one's opening but not all of it, and whose own text
is new for at least this share, goes on with another story (a follow-up)."""

WHOLE = 0.9
"""The shorter text is all there (a brief, a copy with paragraphs added): whatever follows."""

UPDATE_CONTAINMENT = 0.65
UPDATE_SLOTS = 6
UPDATE_SLOT_RATIO = 4
"""Lower bar when the longer text opens with other words (a wire update's new lede on top of
the original's lede and most of its body) and many of the figures and names stand in the same
places: this many, and this many times as many as differ."""

SHARES_MUCH = 0.5
"""Containment above which differing slots say "another story of this template"."""

UPDATE_NOVELTY = 0.15
"""Share of new text that, under a new lede, makes a copy an update (a new version)."""

MAX_DAYS_APART = 14
"""Publication times further apart than this: not a copy (templated series, anniversaries)."""


@dataclass(frozen=True)
class Signals:
    """How alike two articles are, signal by signal."""

    containment: float
    """Share of the shorter text found in the longer one."""

    coverage: float
    """Share of the longer text found in the shorter one."""

    jaccard: float
    novelty: float
    """Share of the first text (the new article) that the second lacks."""

    samples: int
    """Sampled shingles of the shorter text."""

    shared_long: int
    """Sampled shingles both texts have, in a long line of the first (see ``LINE_WORDS``)."""

    lede: float
    headline: float | None
    slots_same: int
    """Contexts both texts have, with the same figure or name in them."""

    slots_differ: int
    """Contexts both texts have, with another figure or name in them."""

    slots_changed: int
    """Figures of the first text that stand where the second has others, names counted
    twice."""

    days_apart: float | None


@dataclass(frozen=True)
class Text:
    """The parts of a fingerprint that :func:`compare` reads (a new article or a stored doc)."""

    size: int
    sketch: bytes
    lede: bytes
    headline: bytes
    slots: bytes
    published: int | None


def compare(a: Text, b: Text) -> Signals:
    """The :class:`Signals` of ``a`` against ``b``."""
    sa, fa = _sketch(a.sketch)
    sb, fb = _sketch(b.sketch)
    cutoff = 1 << 16
    for s in (sa, sb):
        if len(s) >= SKETCH_MAX:
            cutoff = min(cutoff, int(s[-1]) + 1)
    fa, fb = fa[sa < cutoff], fb[sb < cutoff]
    sa, sb = sa[sa < cutoff], sb[sb < cutoff]
    shared_a = np.isin(sa, sb, assume_unique=True)
    inter = int(shared_a.sum())
    union = len(sa) + len(sb) - inter
    # Short lines that the other text lacks (its boilerplate) count for neither.
    counted_a = len(sa) - int((fa & ~shared_a).sum())
    counted_b = len(sb) - int((fb & ~np.isin(sb, sa, assume_unique=True)).sum())
    if (a.size, len(sa)) > (b.size, len(sb)):
        short_counted, long_counted = counted_b, counted_a
    else:
        short_counted, long_counted = counted_a, counted_b
    shared_long = int((shared_a & ~fa).sum())
    same, differ, changed = _slots(a.slots, b.slots)
    days = None
    if a.published is not None and b.published is not None:
        days = abs(a.published - b.published) / 86400
    equal = float(a.sketch == b.sketch)
    return Signals(
        containment=inter / short_counted if short_counted else equal,
        coverage=inter / long_counted if long_counted else equal,
        jaccard=inter / union if union else equal,
        novelty=1 - inter / counted_a if counted_a else 0.0,
        samples=short_counted,
        shared_long=shared_long,
        lede=_agreement(a.lede, b.lede),
        headline=_agreement(a.headline, b.headline) if a.headline and b.headline else None,
        slots_same=same,
        slots_differ=differ,
        slots_changed=changed,
        days_apart=days,
    )


def _sketch(sketch: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Sampled values (line flag cleared) and their short-line flags; a sketch of an older
    state has no flags."""
    if sketch.startswith(SKETCH_FORMAT) and len(sketch) % 2:
        values = np.frombuffer(sketch, dtype="<u2", offset=1)
        return values & np.uint16(0xFFFE), (values & 1).astype(bool)
    values = np.unique(np.frombuffer(sketch, dtype="<u2") & np.uint16(0xFFFE))
    return values, np.zeros(len(values), bool)


def shares_shingles(a: bytes, b: bytes) -> bool:
    """Whether two sketches have a sampled shingle in common (or either has none): a quick
    test before :func:`compare`, as most candidates of a look-up share a key by chance."""
    va, vb = _sketch(a)[0], _sketch(b)[0]
    if not len(va) or not len(vb):
        return True
    return bool(np.intersect1d(va, vb, assume_unique=True).size)


def close_in_time(s: Signals) -> bool:
    """Published within ``MAX_DAYS_APART`` of each other (or a date is unknown)."""
    return s.days_apart is None or s.days_apart <= MAX_DAYS_APART


def same_slots(s: Signals) -> bool:
    """No more than an update's changes among the figures and names in shared contexts."""
    compared = s.slots_same + s.slots_differ
    return s.slots_changed < SLOT_DIFFERENCES or s.slots_differ < SLOT_DIFFERENCE_SHARE * compared


def continues_elsewhere(s: Signals) -> bool:
    """The longer text shares the shorter one's opening and goes on with mostly new text:
    a follow-up story, unless the shorter is all there (a brief) under a headline sharing
    some words with the other's."""
    if s.lede < LEDE_AGREES or s.coverage >= 1 - CONTINUATION:
        return False
    other_headline = s.headline is not None and s.headline < HEADLINE_SHARES
    return s.containment < WHOLE or other_headline


def is_copy(s: Signals) -> bool:
    """The combined rule: the shorter text contained in the longer, close in time, with the
    same figures and names in the same places, and not a shared opening that continues with
    another story; a short text needs a headline sharing some words too."""
    if not close_in_time(s) or not same_slots(s) or continues_elsewhere(s):
        return False
    if s.samples < MIN_SAMPLES:
        lede = s.lede >= LEDE_AGREES
        return lede and s.containment >= CONTAINMENT and (s.headline or 0) >= HEADLINE_AGREES
    if s.samples < SHORT_SAMPLES and s.headline is not None:
        bar = HEADLINE_SHARES if s.shared_long else HEADLINE_SHORT_LINES
        if s.headline < bar:
            return False
    if s.containment >= CONTAINMENT:
        return True
    # An update: a new lede on top, most of the text below, its figures and names in place.
    return (
        s.lede < LEDE_AGREES
        and s.containment >= UPDATE_CONTAINMENT
        and s.slots_same >= max(UPDATE_SLOTS, UPDATE_SLOT_RATIO * s.slots_differ)
    )


def contradicts(s: Signals) -> bool:
    """Not a copy, though the texts share much: another story of the same template, or one
    that goes on elsewhere from the same opening. A story any of whose articles says so about a
    new one does not take it in, whichever of its other articles it resembles (a follow-up
    contains the brief of the story it follows)."""
    if not close_in_time(s):
        return False
    return continues_elsewhere(s) or (not same_slots(s) and s.containment >= SHARES_MUCH)


def is_update(s: Signals) -> bool:
    """A copy that brings news (of the first text, against the second): a figure changed,
    or new text over a new lede. Other copies (trims, briefs, boilerplate) bring none."""
    return s.slots_differ > 0 or (s.lede < LEDE_AGREES and s.novelty >= UPDATE_NOVELTY)


def _slots(a: bytes, b: bytes) -> tuple[int, int, int]:
    """Contexts both slot lists have (within the range both keep): how many hold the same
    value, how many another, and how many values of ``a`` stand where ``b`` has another (a
    figure an update changed counts once, wherever it appears). Lists of an older format
    compare as empty."""
    if not all(v.startswith(SLOTS_FORMAT) and len(v) % 4 == 1 for v in (a, b)):
        return 0, 0, 0
    va = np.frombuffer(a, dtype="<u4", offset=1)
    vb = np.frombuffer(b, dtype="<u4", offset=1)
    cutoff = 1 << 32
    for values in (va, vb):
        if len(values) >= SLOTS_MAX:
            cutoff = min(cutoff, (int(values[-1]) >> 12) << 12)
    va, vb = va[va < cutoff], vb[vb < cutoff]
    ca, cb = set((va >> 12).tolist()), set((vb >> 12).tolist())
    shared = ca & cb
    if not shared:
        return 0, 0, 0
    same = {int(v) >> 12 for v in np.intersect1d(va, vb)}
    differ = shared - same
    changed = {int(v) & 0xFFF for v in va if int(v) >> 12 in differ}
    # A name that changed weighs as two figures: updates change figures, not names.
    return len(same), len(differ), len(changed) + sum(v >> 11 for v in changed)


def _agreement(a: bytes, b: bytes) -> float:
    """Estimated Jaccard of two ``uint8`` MinHash signatures (b-bit corrected)."""
    if not a or len(a) != len(b):
        return 0.0
    equal = sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
    return max(0.0, (equal - 1 / 256) / (1 - 1 / 256))
