"""Near-duplicate detection: fingerprints of article text, and the rule that says "same story"."""

from __future__ import annotations

from newsbot.dedupe.fingerprint import Fingerprint, fingerprint
from newsbot.dedupe.lookup import Copy, find_copy
from newsbot.dedupe.match import Signals, Text, compare, is_copy

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
