"""newsbot's near-duplicate rule as it was before issue 20 (commit 464722a), kept verbatim as a
baseline for ``benchmarks/dedupe.py``: fingerprint, signals and rule; look-up as ``find_copy`` did.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass

import numpy as np

SHINGLE = 4
"""Words per shingle."""

SAMPLE_BITS = 2
"""A shingle is sampled into the sketch when the top ``SAMPLE_BITS`` bits of its hash are 0."""

SKETCH_MAX = 128
"""Sampled shingles kept at most (the smallest hashes): bounds the stored size of long texts."""

BODY_BANDS, BODY_ROWS = 12, 4
"""LSH over the body MinHash: finds pairs from a Jaccard of about 0.5."""

LEDE_BANDS, LEDE_ROWS = 4, 4
"""LSH over the lede MinHash: finds trims and briefs, whose whole-text Jaccard is low."""

PARAGRAPH_WORDS = 20
"""Paragraphs shorter than this are left out of the sketch, the lede and the numbers when the
longer ones hold most of the text: boilerplate ("Follow us on...", "READ MORE: ...",
"Advertisement", datelines, bylines) comes in short lines, and outlets differ in it."""

LEDE_WORDS = 40
"""The lede: the first words of the first long paragraph."""

HEADLINE_PERM = 16
NUMBERS_MAX = 32

# Chinese and Japanese write words without spaces: each of their characters is a word.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(f"[{_CJK}]|[^\\W{_CJK}]+")
_NUMBER = re.compile(r"\d[\d.,]*\d|\d\d")
_MID_SENTENCE_WORD = re.compile(r"(?<=[\w,;] )[^\W\d_]{3,}")
_MERSENNE = np.uint64((1 << 61) - 1)


def _permutations(count: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    gen = np.random.RandomState(seed)
    a = gen.randint(1, (1 << 31) - 1, size=count, dtype=np.uint64)
    b = gen.randint(0, (1 << 31) - 1, size=count, dtype=np.uint64)
    return a, b


_BODY_PERM = _permutations(BODY_BANDS * BODY_ROWS, 1)
_LEDE_PERM = _permutations(LEDE_BANDS * LEDE_ROWS, 2)
_HEADLINE_PERM = _permutations(HEADLINE_PERM, 3)


def words(text: str) -> list[str]:
    """Normalised words of ``text``."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def shingle_hashes(tokens: list[str], size: int = SHINGLE) -> np.ndarray:
    """Distinct 32-bit hashes of the ``size``-word shingles (the whole text if shorter)."""
    if len(tokens) < size:
        grams = [" ".join(tokens)] if tokens else []
    else:
        grams = [" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)]
    crcs = np.fromiter((zlib.crc32(g.encode()) for g in grams), np.uint64, len(grams))
    # CRC-32 is linear; a multiplicative mix spreads its top bits for sampling.
    return np.unique(crcs * np.uint64(0x9E3779B1) & np.uint64(0xFFFFFFFF))


def minhash(hashes: np.ndarray, perm: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """MinHash values (32-bit) of a set of shingle hashes; all ones for an empty set."""
    a, b = perm
    if not len(hashes):
        return np.full(len(a), 0xFFFFFFFF, np.uint64)
    mixed: np.ndarray = (np.outer(hashes, a) + b) % _MERSENNE & np.uint64(0xFFFFFFFF)
    values: np.ndarray = mixed.min(axis=0)
    return values


def band_keys(values: np.ndarray, bands: int, rows: int, kind: int) -> list[int]:
    """Signed 32-bit LSH band keys, distinct per band position and ``kind``.

    32 bits keep the band index small (4 bytes a key); at a million stories a look-up meets
    about 0.1 unrelated candidate by chance, which the signals then reject."""
    keys = []
    for i in range(bands):
        chunk = values[i * rows : (i + 1) * rows].astype("<u4").tobytes()
        digest = hashlib.blake2b(chunk, digest_size=4, person=bytes([kind, i]) * 8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n")


def split_paragraphs(body: str) -> list[tuple[str, list[str]]]:
    """The non-blank paragraphs of ``body`` with their words, computed once: the words of a
    text are the words of its paragraphs in order (a line break never joins two words)."""
    return [(p, words(p)) for p in _PARAGRAPH_BREAK.split(body) if p.strip()]


def main_paragraphs(paragraphs: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """The paragraphs that carry the story: the long ones, when they hold most of the words."""
    long = [(p, w) for p, w in paragraphs if len(w) >= PARAGRAPH_WORDS]
    if sum(len(w) for _, w in long) * 2 >= sum(len(w) for _, w in paragraphs):
        return long
    return paragraphs


def lede(paragraphs: list[tuple[str, list[str]]]) -> list[str]:
    """The first ``LEDE_WORDS`` words of the first long paragraph (else of the first one)."""
    with_words = [w for _, w in paragraphs if w]
    long = [w for w in with_words if len(w) >= PARAGRAPH_WORDS] or with_words
    return long[0][:LEDE_WORDS] if long else []


def numbers(text: str) -> bytes:
    """The figures and names of ``text`` (multi-digit numbers, capitalised words inside a
    sentence): sorted distinct ``uint16`` hashes, the smallest ``NUMBERS_MAX`` of them."""
    found = [re.sub(r"\D", "", n) for n in _NUMBER.findall(text)]
    found += [w for w in _MID_SENTENCE_WORD.findall(text) if w[0].isupper()]
    hashes = {zlib.crc32(n.encode()) & 0xFFFF for n in found}
    return np.array(sorted(hashes)[:NUMBERS_MAX], dtype="<u2").tobytes()


@dataclass(frozen=True)
class Fingerprint:
    """The text identity of one article."""

    content_hash: int
    """Signed 64-bit hash of the normalised words: equal for the same text."""

    size: int
    """Distinct shingles in the body."""

    sketch: bytes
    """Sorted ``uint16`` values of the sampled shingle hashes (consistent sampling)."""

    lede: bytes
    """``uint8`` MinHash of the lede shingles."""

    headline: bytes
    """``uint8`` MinHash of the headline words."""

    numbers: bytes
    """Sorted ``uint16`` hashes of the multi-digit numbers."""

    bands: tuple[int, ...]
    """LSH band keys: body bands, then lede bands."""


def fingerprint(body: str, headline: str | None = None) -> Fingerprint:
    """The :class:`Fingerprint` of an article body (paragraphs separated by blank lines)."""
    paragraphs = split_paragraphs(body)
    all_words = [word for _, ws in paragraphs for word in ws]
    digest = hashlib.blake2b(" ".join(all_words).encode(), digest_size=8).digest()
    main = main_paragraphs(paragraphs)
    hashes = shingle_hashes([word for _, ws in main for word in ws])
    body_mh = minhash(hashes, _BODY_PERM)
    lede_hashes = shingle_hashes(lede(paragraphs), 3)
    lede_mh = minhash(lede_hashes, _LEDE_PERM)
    headline_mh = minhash(shingle_hashes(words(headline or ""), 1), _HEADLINE_PERM)
    bands = band_keys(body_mh, BODY_BANDS, BODY_ROWS, 1)
    if len(lede_hashes):
        bands += band_keys(lede_mh, LEDE_BANDS, LEDE_ROWS, 2)
    return Fingerprint(
        content_hash=int.from_bytes(digest, "little", signed=True),
        size=len(hashes),
        sketch=sketch(hashes),
        lede=(lede_mh & 0xFF).astype(np.uint8).tobytes(),
        headline=(headline_mh & 0xFF).astype(np.uint8).tobytes(),
        numbers=numbers("\n\n".join(p for p, _ in main)),
        bands=tuple(bands) if len(hashes) else (),
    )


def sketch(hashes: np.ndarray) -> bytes:
    """Consistent sample of shingle hashes: those below ``2**(32 - SAMPLE_BITS)``, as 16-bit
    values in order, the smallest ``SKETCH_MAX`` of them."""
    sampled = hashes[hashes < (1 << (32 - SAMPLE_BITS))] >> (16 - SAMPLE_BITS)
    values = np.unique(sampled.astype(np.uint16))[:SKETCH_MAX]
    return values.astype("<u2").tobytes()


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


def text_of(fp: Fingerprint, published: int | None) -> Text:
    return Text(fp.size, fp.sketch, fp.lede, fp.headline, fp.numbers, published)


class Index:
    """``find_copy`` over an in-memory index: exact text first, then the candidate sharing a
    band that :func:`is_copy` accepts with the highest containment. Only first captures of a
    story are indexed (as the pipeline stored them)."""

    def __init__(self) -> None:
        self.by_hash: dict[int, int] = {}
        self.bands: dict[int, list[int]] = {}
        self.texts: dict[int, Text] = {}
        self.story: dict[int, int] = {}

    def add(self, doc: int, body: str, headline: str, published: int | None) -> int:
        """The story of ``doc``: that of the doc it copies, else its own (and it is indexed)."""
        fp = fingerprint(body, headline)
        if fp.content_hash in self.by_hash:
            return self.story[self.by_hash[fp.content_hash]]
        text = text_of(fp, published)
        best: tuple[float, int] | None = None
        for other in dict.fromkeys(o for band in fp.bands for o in self.bands.get(band, ())):
            signals = compare(text, self.texts[other])
            if is_copy(signals) and (best is None or signals.containment > best[0]):
                best = (signals.containment, other)
        if best is not None:
            return self.story[best[1]]
        self.by_hash[fp.content_hash] = doc
        self.texts[doc] = text
        self.story[doc] = doc
        for band in fp.bands:
            self.bands.setdefault(band, []).append(doc)
        return doc
