"""Load the extractors and the language model, once, before any page arrives.

The extraction pool's fork server imports this module, so every worker it forks shares
these pages copy-on-write instead of loading its own copy: py3langid's model alone is
~75 MB a process (``benchmarks/crawl.py`` reports the pool's memory).
"""

from __future__ import annotations

from newsbot.extract import extract_article
from newsbot.extract.language import MIN_CHARS, detect

_TEXT = "A paragraph of ordinary prose, long enough for every extractor to read it. " * 4
assert len(_TEXT) >= MIN_CHARS
detect(_TEXT)
extract_article(f"<html><body><h1>Warm up</h1><p>{_TEXT}</p></body></html>", "http://localhost/")
