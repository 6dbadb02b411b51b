"""Load everything an extraction worker runs, once, before any page arrives.

The extraction pool's fork server imports this module, so every worker it forks shares
these pages copy-on-write instead of loading its own copy: py3langid's model alone is
~75 MB a process, the public-suffix list ~5 MB (``benchmarks/crawl.py`` reports the
pool's memory).
"""

from __future__ import annotations

import gc

from newsbot.dateparse import day_names, month_names
from newsbot.pool import extract_in_worker
from newsbot.settings import NEWSBOT_POOL_PIPELINES

month_names(), day_names()  # the date readers' month and weekday names in 30 languages

_TEXT = "A paragraph of ordinary prose, long enough for every extractor to read it. " * 4
extract_in_worker(  # the shipped settings' pool pipelines; others load on first use
    f"<html lang='en'><body><h1>Warm up</h1><p>{_TEXT}</p></body></html>",
    "https://www.example.com/2024/01/01/warm-up.html",
    pipelines=tuple(NEWSBOT_POOL_PIPELINES),
    fingerprints=True,
    source="warm-up",
    downloaded="2024-01-01T00:00:00+00:00",
)

# The fork server's objects, shared by every worker, are never collected: a collection
# writes to every object it visits, which would copy the shared pages into each worker.
gc.freeze()
