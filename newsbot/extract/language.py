"""The article's language: what the page declares, checked against its text.

Pages declare a language in JSON-LD, ``<html lang>`` or ``og:locale``, sometimes with a
non-standard code ("kr", "nb") and sometimes wrongly (a Zulu page marked ``lang="en"``).
A small n-gram detector (py3langid) reads the body; it overrides the declaration only
when it is confident and the two are not close relatives it cannot tell apart.
"""

from __future__ import annotations

import math
import re

import py3langid

# Codes pages use that are not ISO 639-1, or macrolanguage variants, to what we emit.
ALIASES = {
    "nb": "no", "nn": "no", "kr": "ko", "jp": "ja", "cn": "zh", "gr": "el", "cz": "cs",
    "dk": "da", "se": "sv", "ua": "uk", "iw": "he", "in": "id", "ji": "yi", "ge": "ka",
}  # fmt: skip
# Languages the detector confuses with each other: never overrule a declaration within one.
RELATIVES = [
    {"no", "da", "sv", "is", "fo", "nb", "nn"},
    {"hr", "sr", "bs", "sl", "mk"},
    {"ms", "id"},
    {"cs", "sk"},
    {"es", "gl", "ca", "pt"},
    {"zu", "xh"},
    {"ru", "uk", "be", "bg"},
    {"hi", "mr", "ne"},
    {"fa", "ar", "ur"},
    {"de", "lb", "nl", "af"},
    {"fr", "oc"},
    {"it", "co"},
]
MIN_CHARS = 200
MIN_CONFIDENCE = 0.99
SAMPLE_CHARS = 800


def normalise_code(raw: str | None) -> str | None:
    """ISO 639-1 code from a declaration like "en-GB", "de_DE" or "nb"."""
    if not raw:
        return None
    code = re.split(r"[-_]", raw.strip().lower())[0]
    code = ALIASES.get(code, code)
    return code if re.fullmatch(r"[a-z]{2}", code) else None


def detect(text: str) -> tuple[str, float] | None:
    """The detector's best language for ``text`` and its probability against the runner-up."""
    if len(text) < MIN_CHARS:
        return None
    ranked = py3langid.rank(text[:SAMPLE_CHARS])
    if not ranked:
        return None
    (best, best_score), (_, second_score) = ranked[0], ranked[1]
    confidence = 1 / (1 + math.exp(second_score - best_score))
    return ALIASES.get(best, best), confidence


def find_language(declared: list[str | None], body: str | None) -> str | None:
    """The declared language unless the body clearly says otherwise; the body's if undeclared."""
    code = next((c for c in map(normalise_code, declared) if c), None)
    detected = detect(body or "")
    if detected is None:
        return code
    language, confidence = detected
    if code is None or code == language:
        return code or language
    if confidence < MIN_CONFIDENCE or any(code in g and language in g for g in RELATIVES):
        return code
    return language
