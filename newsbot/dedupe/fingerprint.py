"""What identifies a story's text: content hash, shingle sketch, LSH bands, lede, headline, numbers.

Everything is computed from normalised words (NFKC, lower case, letters and digits only), so
quote, dash and whitespace changes between outlets do not matter.
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
