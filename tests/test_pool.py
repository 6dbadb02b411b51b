"""The extraction pool: real worker processes give the inline article, with the fingerprint
de-duplication would compute attached, and a stale fingerprint is never used."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
from itemadapter import ItemAdapter

from newsbot.article import build_article
from newsbot.items import Article
from newsbot.pipelines.clean import CleanText
from newsbot.pool import ExtractionPool, build_in_worker, take_fingerprint
from newsbot.similarity import fingerprint
from newsbot.urls import SameSite, site_key

PAGE = Path(__file__).parent / "pages" / "seed_style.html"
URL = "https://wire.example.com/news/412345-northern-port-reopens/"
FACTS = {"source": "wire", "downloaded": "2024-03-01T10:00:00+00:00"}


def cleaned(article: Article) -> Article:
    return CleanText().process_item(article)


def test_attached_fingerprint_is_the_one_dedupe_would_compute() -> None:
    article = cleaned(build_in_worker(PAGE.read_text("utf-8"), URL, fingerprints=True, **FACTS))
    assert article.articleBody
    assert take_fingerprint(article) == fingerprint(article.articleBody, article.headline)


def test_fingerprint_is_taken_once_and_never_exported() -> None:
    article = cleaned(build_in_worker(PAGE.read_text("utf-8"), URL, fingerprints=True, **FACTS))
    assert "_newsbot_fingerprint" not in ItemAdapter(article).asdict()
    assert take_fingerprint(article) is not None
    assert take_fingerprint(article) is None


@pytest.mark.parametrize("field", ["articleBody", "headline"])
def test_fingerprint_of_changed_text_is_not_used(field: str) -> None:
    article = cleaned(build_in_worker(PAGE.read_text("utf-8"), URL, fingerprints=True, **FACTS))
    setattr(article, field, getattr(article, field) + " Updated.")
    assert take_fingerprint(article) is None


def test_no_fingerprint_unless_asked() -> None:
    article = build_in_worker(PAGE.read_text("utf-8"), URL, fingerprints=False, **FACTS)
    assert take_fingerprint(cleaned(article)) is None


def test_worker_process_gives_the_inline_article() -> None:
    html = PAGE.read_text("utf-8")
    same_site = SameSite(frozenset({site_key(URL)}))

    async def both() -> tuple[Article, Article]:
        pooled, inline = ExtractionPool(1), ExtractionPool(0)
        try:
            return (
                await pooled.build(html, URL, same_site=same_site, **FACTS),
                await inline.build(html, URL, same_site=same_site, **FACTS),
            )
        finally:
            pooled.close()

    from_worker, from_inline = asyncio.run(both())
    assert from_worker == from_inline == cleaned(build_article(html, URL, **FACTS))
    assert take_fingerprint(cleaned(from_worker)) is not None
    assert take_fingerprint(cleaned(from_inline)) is not None


def test_text_is_cleaned_once_whoever_cleans_it() -> None:
    """A worker cleans the text and CleanText passes it by: cleaning twice is not a no-op
    ("&amp;lt;b&amp;gt;" is "<b>" once and "" twice), so the item must not depend on where."""
    html = PAGE.read_text("utf-8").replace('repairs.">', 'repairs &amp;lt;b&amp;gt; wins.">', 1)
    from_worker = cleaned(build_in_worker(html, URL, fingerprints=False, **FACTS))
    from_pipeline = cleaned(build_article(html, URL, **FACTS))
    assert from_worker == from_pipeline
    assert "<b> wins" in (from_worker.description or "")


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
