"""The extraction pool: real worker processes give the inline extraction (the article after the
pool's pipelines, and its fingerprint), and de-duplication gets that fingerprint for that text
only."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

from newsbot.build import build_article
from newsbot.items import Article
from newsbot.pipelines.clean import CleanText
from newsbot.pool import Extraction, ExtractionPool, Fingerprints, extract_in_worker
from newsbot.settings import ITEM_PIPELINES, NEWSBOT_POOL_PIPELINES
from newsbot.similarity import fingerprint
from newsbot.urls import SameSite, site_key

PAGE = Path(__file__).parent / "pages" / "seed_style.html"
URL = "https://wire.example.com/news/412345-northern-port-reopens/"
FACTS = {"source": "wire", "downloaded": "2024-03-01T10:00:00+00:00"}
CLEAN = ("newsbot.pipelines.clean.CleanText",)


def test_shipped_pool_pipelines_clean_the_text() -> None:
    """Where CleanText runs is the settings' choice: in the pool, not in ITEM_PIPELINES."""
    assert list(NEWSBOT_POOL_PIPELINES) == list(CLEAN)
    assert not set(NEWSBOT_POOL_PIPELINES) & set(ITEM_PIPELINES)


def test_worker_runs_the_pipelines_it_is_given() -> None:
    html = PAGE.read_text("utf-8").replace('repairs.">', 'repairs &amp;lt;b&amp;gt; wins.">', 1)
    raw = extract_in_worker(html, URL, **FACTS).article
    cleaned = extract_in_worker(html, URL, pipelines=CLEAN, **FACTS).article
    assert raw == build_article(html, URL, **FACTS)
    assert cleaned == CleanText().process_item(build_article(html, URL, **FACTS))
    assert "<b> wins" in (cleaned.description or "")
    assert raw != cleaned


def test_fingerprint_is_the_one_dedupe_would_compute() -> None:
    extraction = extract_in_worker(
        PAGE.read_text("utf-8"), URL, pipelines=CLEAN, fingerprints=True, **FACTS
    )
    article = extraction.article
    assert article.articleBody
    assert extraction.fingerprint == fingerprint(article.articleBody, article.headline)


def test_no_fingerprint_unless_asked() -> None:
    assert extract_in_worker(PAGE.read_text("utf-8"), URL, **FACTS).fingerprint is None


def test_worker_process_gives_the_inline_extraction() -> None:
    html = PAGE.read_text("utf-8")
    same_site = SameSite(frozenset({site_key(URL)}))

    async def both() -> tuple[Extraction, Extraction]:
        pooled, inline = ExtractionPool(1, pipelines=CLEAN), ExtractionPool(0, pipelines=CLEAN)
        try:
            return (
                await pooled.extract(html, URL, same_site=same_site, **FACTS),
                await inline.extract(html, URL, same_site=same_site, **FACTS),
            )
        finally:
            pooled.close()

    from_worker, from_inline = asyncio.run(both())
    assert from_worker == from_inline
    assert from_worker.article == CleanText().process_item(build_article(html, URL, **FACTS))
    assert from_worker.fingerprint is not None


def _article(body: str, headline: str = "A headline") -> Article:
    return Article(url=URL, articleBody=body, headline=headline)


def test_fingerprints_give_what_a_worker_computed_for_that_text() -> None:
    known = Fingerprints()
    article = _article("Some body text of the article.")
    computed = fingerprint("Some body text of the article.", "A headline")
    known.add(article, computed)
    assert known.take("Some body text of the article.", "A headline") is computed


def test_fingerprints_compute_what_no_worker_did() -> None:
    """A cache, not a channel: the answer is the same without it (changed text, or taken)."""
    known = Fingerprints()
    known.add(_article("Old text."), fingerprint("Old text.", "A headline"))
    assert known.take("New text.", "A headline") == fingerprint("New text.", "A headline")
    assert known.take("Old text.", "Another") == fingerprint("Old text.", "Another")
    assert known.take("Old text.", "A headline") == fingerprint("Old text.", "A headline")
    assert known.take("Old text.", "A headline") == fingerprint("Old text.", "A headline")


def test_fingerprints_are_bounded() -> None:
    known = Fingerprints(size=2)
    for n in range(3):
        known.add(_article(f"Text {n}."), fingerprint(f"Text {n}.", "A headline"))
    assert list(known._known) == [("Text 1.", "A headline"), ("Text 2.", "A headline")]


SCRAPY_LIKE_SCRIPT = """
import sys
from scrapy.cmdline import execute  # what the `scrapy` console script imports

MODULES = ("scrapy", "__mp_main__")

if __name__ == "__main__":
    import asyncio

    from newsbot.pool import ExtractionPool

    pool = ExtractionPool(2)
    page = "<html><body><h1>A headline</h1><p>Some text.</p></body></html>"
    facts = {"source": "s", "downloaded": "2024-01-01T00:00:00+00:00"}
    asyncio.run(pool.build(page, "https://example.com/a", **facts))
    probe = "[getattr(__import__('sys').modules.get(m), '__file__', None) for m in MODULES]"
    try:
        found = {repr(pool._executor.submit(eval, probe, {"MODULES": MODULES}).result())
                 for _ in range(8)}
        print(sorted(found))
    finally:
        pool.close()
"""


def test_workers_do_not_rerun_the_main_script(tmp_path: Path) -> None:
    """multiprocessing would run ``scrapy`` again in each worker: all of Scrapy, per worker."""
    script = tmp_path / "scrapy_like.py"
    script.write_text(SCRAPY_LIKE_SCRIPT, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.strip() == "['[None, None]']"
