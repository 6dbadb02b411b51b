"""What identifies a story's text: content hash, shingle sketch, LSH bands, passage keys, lede,
headline, slots.

Everything is computed from normalised words (NFKC, lower case, letters and digits only), so
quote, dash and whitespace changes between outlets do not matter.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

SHINGLE = 4
"""Words per shingle."""

SAMPLE_BITS = 2
"""A shingle is sampled into the sketch when the top ``SAMPLE_BITS`` bits of its hash are 0."""

SKETCH_MAX = 128
"""Sampled shingles kept at most (the smallest hashes): bounds the stored size of long texts."""

SKETCH_FORMAT = b"\x02"
"""First byte of a sketch with line flags (odd length); older states hold even-length ones."""

LINE_WORDS = 20
"""Lines shorter than this ("Advertisement", "Read more on our website", a copyright line) are
flagged in the sketch: a text's own short lines that the other lacks do not count against it."""

BODY_BANDS, BODY_ROWS = 12, 4
"""LSH over the body MinHash: finds pairs from a Jaccard of about 0.5."""

LEDE_BANDS, LEDE_ROWS = 4, 4
"""LSH over the lede MinHash: finds trims and briefs, whose whole-text Jaccard is low."""

PARAGRAPH_WORDS = 20
"""Paragraphs shorter than this are left out of the sketch, the lede and the slots when the
longer ones hold most of the text: boilerplate ("Follow us on...", "READ MORE: ...",
"Advertisement", datelines, bylines) comes in short lines, and outlets differ in it."""

LEDE_WORDS = 40
"""The lede: the first words of the first long paragraph."""

HEADLINE_PERM = 16

SLOTS_MAX = 64
"""Slot contexts kept at most (those of the smallest hashes): 4 bytes each."""

SLOT_CONTEXT = 2

SLOT_LINE_WORDS = 8
"""Slots come from lines of at least this many words: "Advertisement", "Read more", a credit
line are left out; an automated story's short lines are in."""
"""Words either side of a slot that make its context."""

SLOTS_FORMAT = b"\x02"
"""First byte of a slots blob (odd length); older states hold even-length number lists."""

HEAD_PARAGRAPHS = 10
"""Slots and passages come from the first paragraphs (copies share them, and the cost of a
long text stays bounded)."""

PASSAGE_WORDS = 8
"""Sentences of at least this many words are passages (CJK: three times as many characters)."""

PASSAGE_FIRST, PASSAGE_SAMPLED = 2, 4
"""Passage keys: the first passages, and those of the smallest hashes among the others. A brief
shares the first; an update that put a new lede on top shares some of the sampled ones."""

# Chinese and Japanese write words without spaces: each of their characters is a word.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD = re.compile(f"[^\\W{_CJK}]+|[{_CJK}]")
_ASCII_WORD = re.compile(r"\w+", re.ASCII)
_CJK_CHAR = re.compile(f"[{_CJK}]")
_DIGIT_GROUP = re.compile(r"[.,](?<=\d[.,])(?=\d)")
_TOKEN = re.compile(f"\\d(?:[\\d.,]*\\d)?|[{_CJK}]|[^\\W\\d_]+")
_ASCII_TOKEN = re.compile(r"\d(?:[\d.,]*\d)?|[^\W\d_]+", re.ASCII)
_WORD_OR_END = re.compile(f"[^\\W{_CJK}]+|[{_CJK}]|[.!?](?=\\s|$)|[。！？]")
_ASCII_WORD_OR_END = re.compile(r"[a-zA-Z0-9_]+|[.!?](?=\s|$)")
_END_MARK = re.compile("[.!?。！？]")
_SLOT_RUN = re.compile("S+")
_PASSAGE_SEED = 0x5A55A6E5
_INNER_END = re.compile(r"[.!?]\s+\S|[。！？]\S")
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
    """Normalised words of ``text``; a number is one word however its digits are grouped
    (``88,000``, ``88.000`` and ``88000`` alike)."""
    return _words(_DIGIT_GROUP.sub("", unicodedata.normalize("NFKC", text)).casefold())


def _words(folded: str) -> list[str]:
    """The words of normalised, case-folded text."""
    return (_ASCII_WORD if folded.isascii() else _WORD).findall(folded)


def shingle_hashes(tokens: list[str], size: int = SHINGLE) -> np.ndarray:
    """Distinct 32-bit hashes of the ``size``-word shingles (the whole text if shorter)."""
    return np.unique(_shingles(tokens, size))


def _shingles(tokens: list[str], size: int) -> np.ndarray:
    """32-bit hashes of the ``size``-word shingles, one per starting word."""
    if len(tokens) < size:
        grams = [" ".join(tokens)] if tokens else []
    else:
        grams = [" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)]
    return _mix(np.fromiter((zlib.crc32(g.encode()) for g in grams), np.uint64, len(grams)))


def _mix(crcs: np.ndarray) -> np.ndarray:
    """CRC-32 is linear; a multiplicative mix spreads its top bits for sampling."""
    mixed: np.ndarray = crcs * np.uint64(0x9E3779B1) & np.uint64(0xFFFFFFFF)
    return mixed


def minhash(hashes: np.ndarray, perm: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """MinHash values (32-bit) of a set of shingle hashes; all ones for an empty set."""
    a, b = perm
    if not len(hashes):
        return np.full(len(a), 0xFFFFFFFF, np.uint64)
    # One row per permutation, computed in place: a row's minimum is a contiguous reduction.
    mixed = np.outer(a, hashes)
    mixed += b[:, None]
    mixed %= _MERSENNE
    mixed &= np.uint64(0xFFFFFFFF)
    values: np.ndarray = mixed.min(axis=1)
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


class Paragraph(NamedTuple):
    """One paragraph, tokenised once for every part of the fingerprint."""

    text: str
    """As the body has it."""

    plain: str
    """NFKC, digit groups joined (``88,000`` is ``88000``), case kept: for slots."""

    folded: str
    """``plain`` case-folded: for words and sentences."""

    words: list[str]

    size: float
    """Length in words (:func:`line_words`)."""


def split_paragraphs(body: str) -> list[Paragraph]:
    """The non-blank paragraphs of ``body``, tokenised: the words of a text are the words of
    its paragraphs in order (a line break never joins two words)."""
    out = []
    normalize, join_digits = unicodedata.normalize, _DIGIT_GROUP.sub
    for text in _PARAGRAPH_BREAK.split(body):
        if not text.strip():
            continue
        # Case folding never makes or changes a digit, a dot or a comma: it may follow.
        plain = join_digits("", normalize("NFKC", text))
        folded = plain.casefold()
        ws = _words(folded)
        out.append(Paragraph(text, plain, folded, ws, line_words(len(ws), folded)))
    return out


def main_paragraphs(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The paragraphs that carry the story: the long ones, when they hold most of the words."""
    long = [p for p in paragraphs if len(p.words) >= PARAGRAPH_WORDS]
    if sum(len(p.words) for p in long) * 2 >= sum(len(p.words) for p in paragraphs):
        return long
    return paragraphs


def lede(paragraphs: list[Paragraph]) -> list[str]:
    """The first ``LEDE_WORDS`` words of the first long paragraph (else of the first one)."""
    with_words = [p.words for p in paragraphs if p.words]
    long = [w for w in with_words if len(w) >= PARAGRAPH_WORDS] or with_words
    return long[0][:LEDE_WORDS] if long else []


class _SlotShapes(dict[int, str]):
    """``str.translate`` table: "S" for a character that opens a slot (a digit or a capital),
    "w" for any other; filled as characters are met."""

    def __missing__(self, char: int) -> str:
        c = chr(char)
        self[char] = shape = "S" if c.isdigit() or c.isupper() else "w"
        return shape


_SLOT_SHAPES = _SlotShapes()


def slots(paragraphs: list[Paragraph]) -> bytes:
    """The figures and names of a text, each with its context: a run of numbers and
    capitalised words is one slot, and its context is the two words before it, and apart,
    the two after it (other slots masked), when one of them says something (four letters or
    more: "and #" would match "Facebook and Instagram" with "9 and 12 million"). Two stories
    of one template share contexts with other values in them; copies share them with the same
    values.

    Sorted ``uint32`` values (20 bits of context hash, a name bit, 11 bits of value hash) after
    :data:`SLOTS_FORMAT`, the :data:`SLOTS_MAX` of the smallest contexts."""
    entries: set[int] = set()
    crc = zlib.crc32
    for paragraph in paragraphs:
        ascii = paragraph.plain.isascii()
        tokens = (_ASCII_TOKEN if ascii else _TOKEN).findall(paragraph.plain)
        if not tokens:
            continue
        # Case folding is per character: one call for all the tokens.
        lower = "\0".join(tokens).casefold().split("\0")
        shape = "".join([t[0] for t in tokens]).translate(_SLOT_SHAPES)
        padded = ["^", "^"]  # lower case words, "#" for a slot
        values: list[tuple[int, str]] = []  # (position in padded, value) of each slot
        end = 0
        for run in _SLOT_RUN.finditer(shape):
            start = run.start()
            padded += lower[end:start]
            end = run.end()
            values.append((len(padded), " ".join(lower[start:end])))
            padded.append("#")
        padded += lower[end:]
        padded += ("$", "$")
        for i, value in values:
            # The top bit of the value says "a name": updates change figures, not names.
            v = crc(value.encode()) & 0x7FF | (0 if value[0].isdigit() else 0x800)
            for side, first, second in (("<", i - 2, i - 1), (">", i + 1, i + 2)):
                a, b = padded[first], padded[second]
                cjk = not ascii and (_CJK_CHAR.match(a) or _CJK_CHAR.match(b))
                if len(a) > 3 or len(b) > 3 or cjk:
                    entries.add(crc(f"{side} {a} {b}".encode()) >> 12 << 12 | v)
    kept = np.array(sorted(entries)[:SLOTS_MAX], dtype="<u4")
    return SLOTS_FORMAT + kept.tobytes()


def passage_keys(paragraphs: list[Paragraph]) -> list[int]:
    """Signed 32-bit keys of whole sentences (see :data:`PASSAGE_FIRST`): a copy whose text
    shares little overall (brief, update) still shares sentences word for word."""
    sentences: list[str] = []  # words joined by spaces
    for paragraph in paragraphs:
        if len(paragraph.words) < PASSAGE_WORDS:
            continue
        if not _INNER_END.search(paragraph.text):  # one sentence: its words are the paragraph's
            sentences.append(" ".join(paragraph.words))
            continue
        folded = paragraph.folded
        tokens = (_ASCII_WORD_OR_END if folded.isascii() else _WORD_OR_END).findall(folded)
        # No word holds an end mark, so the marks left in the joined tokens split sentences.
        for sentence in _END_MARK.split(" ".join(tokens)):
            sentence = sentence.strip()
            if sentence and line_words(sentence.count(" ") + 1, sentence) >= PASSAGE_WORDS:
                sentences.append(sentence)
    hashes = []
    for sentence in sentences:
        key = zlib.crc32(sentence.encode(), _PASSAGE_SEED)
        hashes.append(key - (1 << 32) if key >= 1 << 31 else key)
    hashes = list(dict.fromkeys(hashes))
    first = hashes[:PASSAGE_FIRST]
    return first + sorted(hashes[PASSAGE_FIRST:])[:PASSAGE_SAMPLED]


@dataclass(frozen=True)
class Fingerprint:
    """The text identity of one article."""

    content_hash: int
    """Signed 64-bit hash of the normalised words: equal for the same text."""

    size: int
    """Distinct shingles in the body."""

    sketch: bytes
    """Sampled shingle hashes with line flags (:func:`sketch`)."""

    lede: bytes
    """``uint8`` MinHash of the lede shingles."""

    headline: bytes
    """``uint8`` MinHash of the headline words."""

    slots: bytes
    """Figures and names with their contexts (:func:`slots`)."""

    bands: tuple[int, ...]
    """Look-up keys: body LSH bands, lede LSH bands, passage keys."""

    @property
    def content_hex(self) -> str:
        """:attr:`content_hash` as 16 hex digits: the item's ``contentHash``."""
        return format(self.content_hash & 0xFFFFFFFFFFFFFFFF, "016x")


def fingerprint(body: str, headline: str | None = None) -> Fingerprint:
    """The :class:`Fingerprint` of an article body (paragraphs separated by blank lines)."""
    paragraphs = split_paragraphs(body)
    all_words = [word for p in paragraphs for word in p.words]
    digest = hashlib.blake2b(" ".join(all_words).encode(), digest_size=8).digest()
    main = main_paragraphs(paragraphs)
    # All lines, short ones flagged: a short line of the story counts when both texts have it.
    hashes, body_sketch = sketch(paragraphs)
    body_mh = minhash(hashes, _BODY_PERM)
    lede_hashes = shingle_hashes(lede(paragraphs), 3)
    lede_mh = minhash(lede_hashes, _LEDE_PERM)
    headline_mh = minhash(shingle_hashes(words(headline or ""), 1), _HEADLINE_PERM)
    bands = band_keys(body_mh, BODY_BANDS, BODY_ROWS, 1)
    if len(lede_hashes):
        bands += band_keys(lede_mh, LEDE_BANDS, LEDE_ROWS, 2)
    head = main[:HEAD_PARAGRAPHS]
    bands += passage_keys(head)
    return Fingerprint(
        content_hash=int.from_bytes(digest, "little", signed=True),
        size=len(hashes),
        sketch=body_sketch,
        lede=(lede_mh & 0xFF).astype(np.uint8).tobytes(),
        headline=(headline_mh & 0xFF).astype(np.uint8).tobytes(),
        slots=slots([p for p in paragraphs[:HEAD_PARAGRAPHS] if len(p.words) >= SLOT_LINE_WORDS]),
        bands=tuple(bands) if len(hashes) else (),
    )


def sketch(paragraphs: list[Paragraph]) -> tuple[np.ndarray, bytes]:
    """Distinct shingle hashes of the text, and their consistent sample: the hashes below
    ``2**(32 - SAMPLE_BITS)`` as 16-bit values in order, the smallest ``SKETCH_MAX``, after
    :data:`SKETCH_FORMAT`. A value's lowest bit says its shingle is in a line of fewer than
    :data:`LINE_WORDS` words (boilerplate lines are: a copy's own go uncounted).

    Shingles stay within a line, so a line added between two does not change theirs."""
    crcs: list[int] = []
    short: list[bool] = []
    crc = zlib.crc32
    for paragraph in paragraphs:
        ws = paragraph.words
        if not ws:
            continue
        starts = range(max(1, len(ws) - SHINGLE + 1))
        crcs += [crc(" ".join(ws[i : i + SHINGLE]).encode()) for i in starts]
        short += [paragraph.size < LINE_WORDS] * len(starts)
    hashes = _mix(np.array(crcs, np.uint64))
    flags = np.array(short, bool)
    chosen = hashes < (1 << (32 - SAMPLE_BITS))
    values = (hashes[chosen] >> (16 - SAMPLE_BITS)).astype(np.uint16) & np.uint16(0xFFFE)
    values |= flags[chosen].astype(np.uint16)
    # A shingle met in a long line and a short one counts as long: sorted, its even value
    # comes first, and unique() keeps the first of each masked value.
    values = np.sort(values)
    _, first = np.unique(values & np.uint16(0xFFFE), return_index=True)
    kept = values[first][:SKETCH_MAX]
    return np.unique(hashes), SKETCH_FORMAT + kept.astype("<u2").tobytes()


def line_words(count: int, text: str) -> float:
    """Length in words of ``text``, which has ``count`` words: three CJK characters make a
    word (each is a word of its own)."""
    if text.isascii():
        return count
    cjk = len(_CJK_CHAR.findall(text))
    return count - cjk + cjk / 3
