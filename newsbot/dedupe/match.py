"""Whether two articles are one story: several signals, each measured, combined by rules.

One global Jaccard threshold cannot tell a trimmed brief (low Jaccard, fully contained) from
a same-template story (high Jaccard, other numbers); containment, numbers, lede, headline and
publication times together can (``benchmarks/dedupe.py`` measures each).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from newsbot.dedupe.fingerprint import NUMBERS_MAX, SKETCH_MAX

CONTAINMENT = 0.8
"""Share of the shorter text's sampled shingles found in the longer one: a copy."""

CONTAINMENT_WITH_LEDE = 0.6
"""Lower bar when the ledes agree as well (copies with outlet paragraphs added)."""

LEDE_AGREES = 0.7
HEADLINE_AGREES = 0.5
MIN_SAMPLES = 4
"""Fewer sampled shingles than this in the shorter text: too little text to judge by
containment alone; the lede and the headline must agree too."""

SHORT_SAMPLES = 30
HEADLINE_SHARES = 0.1
"""A short text (fewer sampled shingles) is judged on little evidence: unless its headline
shares some words with the other's, a shared opening paragraph is all it has in common."""

NUMBER_MISSES = 1
NUMBER_MISS_SHARE = 0.25
"""Numbers of the shorter text that the longer one lacks: at most ``NUMBER_MISSES``, or this
share of them (same-template stories differ in most of their figures; an update in a few)."""

MAX_DAYS_APART = 14
"""Publication times further apart than this: not a copy (templated series, anniversaries)."""


@dataclass(frozen=True)
class Signals:
    """How alike two articles are, signal by signal."""

    containment: float
    jaccard: float
    samples: int
    lede: float
    headline: float | None
    number_misses: int
    numbers: int
    """Numbers in the shorter text."""

    days_apart: float | None


@dataclass(frozen=True)
class Text:
    """The parts of a fingerprint that :func:`compare` reads (a new article or a stored doc)."""

    size: int
    sketch: bytes
    lede: bytes
    headline: bytes
    numbers: bytes
    published: int | None


def compare(a: Text, b: Text) -> Signals:
    """The :class:`Signals` of ``a`` against ``b``."""
    sa = np.frombuffer(a.sketch, dtype="<u2")
    sb = np.frombuffer(b.sketch, dtype="<u2")
    cutoff = 1 << 16
    for s in (sa, sb):
        if len(s) >= SKETCH_MAX:
            cutoff = min(cutoff, int(s[-1]) + 1)
    sa, sb = sa[sa < cutoff], sb[sb < cutoff]
    inter = len(np.intersect1d(sa, sb, assume_unique=True))
    union = len(sa) + len(sb) - inter
    short = sa if (a.size, len(sa)) <= (b.size, len(sb)) else sb
    short_text, long_text = (a, b) if short is sa else (b, a)
    misses, count = _misses(short_text.numbers, long_text.numbers)
    days = None
    if a.published is not None and b.published is not None:
        days = abs(a.published - b.published) / 86400
    return Signals(
        containment=inter / len(short) if len(short) else float(a.sketch == b.sketch),
        jaccard=inter / union if union else float(a.sketch == b.sketch),
        samples=len(short),
        lede=_agreement(a.lede, b.lede),
        headline=_agreement(a.headline, b.headline) if a.headline and b.headline else None,
        number_misses=misses,
        numbers=count,
        days_apart=days,
    )


def close_in_time(s: Signals) -> bool:
    """Published within ``MAX_DAYS_APART`` of each other (or a date is unknown)."""
    return s.days_apart is None or s.days_apart <= MAX_DAYS_APART


def same_figures(s: Signals) -> bool:
    """The shorter text's figures and names are (nearly all) in the longer one."""
    return s.number_misses <= max(NUMBER_MISSES, NUMBER_MISS_SHARE * s.numbers)


def is_copy(s: Signals) -> bool:
    """The combined rule: contained (or nearly, with the same lede), same figures and names,
    close in time; a short text needs a headline sharing some words too."""
    if not close_in_time(s) or not same_figures(s):
        return False
    lede = s.lede >= LEDE_AGREES
    if s.samples < MIN_SAMPLES:
        return lede and s.containment >= CONTAINMENT and (s.headline or 0) >= HEADLINE_AGREES
    if s.samples < SHORT_SAMPLES and s.headline is not None and s.headline < HEADLINE_SHARES:
        return False
    return s.containment >= CONTAINMENT or (lede and s.containment >= CONTAINMENT_WITH_LEDE)


def _misses(short: bytes, long: bytes) -> tuple[int, int]:
    """Numbers of ``short`` missing from ``long`` (within the range both keep), and how many
    ``short`` has there."""
    s = np.frombuffer(short, dtype="<u2")
    lg = np.frombuffer(long, dtype="<u2")
    cutoff = 1 << 16
    for values in (s, lg):
        if len(values) >= NUMBERS_MAX:
            cutoff = min(cutoff, int(values[-1]) + 1)
    s, lg = s[s < cutoff], lg[lg < cutoff]
    return len(np.setdiff1d(s, lg, assume_unique=True)), len(s)


def _agreement(a: bytes, b: bytes) -> float:
    """Estimated Jaccard of two ``uint8`` MinHash signatures (b-bit corrected)."""
    if not a or len(a) != len(b):
        return 0.0
    equal = sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
    return max(0.0, (equal - 1 / 256) / (1 - 1 / 256))
