"""Near-duplicate detection: fingerprints of article text, and the rule that says "same story"."""

from __future__ import annotations

from newsbot.similarity.lookup import Copy, find_copy
from newsbot.similarity.match import Signals, Text, compare, is_copy
from newsbot.similarity.sketch import Fingerprint, fingerprint

__all__ = [
    "Copy",
    "Fingerprint",
    "Signals",
    "Text",
    "compare",
    "find_copy",
    "fingerprint",
    "is_copy",
]
