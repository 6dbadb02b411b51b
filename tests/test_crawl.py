"""End to end: the real spider and engine crawl the loopback demo site in a subprocess."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from newsbot.demo.site import DemoSite
from newsbot.items import Article
from tests.crawl import CrawlResult, run_crawl


@pytest.fixture(scope="module")
def site() -> Any:
    with DemoSite() as demo:
        yield demo


@pytest.fixture(scope="module")
def crawl(site: DemoSite, tmp_path_factory: pytest.TempPathFactory) -> CrawlResult:
    return run_crawl(tmp_path_factory.mktemp("crawl"), site.sources_toml())


def test_crawl_succeeds_without_errors(crawl: CrawlResult) -> None:
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert crawl.stats["finish_reason"] == "finished"
    assert "Traceback" not in crawl.log
    assert crawl.stats.get("log_count/ERROR", 0) == 0


def test_exports_exactly_the_articles(crawl: CrawlResult, site: DemoSite) -> None:
    urls = Counter(item["url"] for item in crawl.items)
    assert [u for u, n in urls.items() if n > 1] == []
    assert set(urls) == set(site.expected_articles())


def test_every_item_has_every_field(crawl: CrawlResult) -> None:
    fields = set(Article.__dataclass_fields__)
    for item in crawl.items:
        assert set(item) == fields


@pytest.mark.parametrize("field", ["headline", "datePublished", "inLanguage", "source"])
def test_item_fields(crawl: CrawlResult, site: DemoSite, field: str) -> None:
    expected = site.expected_articles()
    wrong = {
        item["url"]: (item[field], expected[item["url"]][field])
        for item in crawl.items
        if item[field] != expected[item["url"]][field]
    }
    assert wrong == {}


def test_authors(crawl: CrawlResult, site: DemoSite) -> None:
    expected = site.expected_articles()
    for item in crawl.items:
        assert [a["name"] for a in item["authors"]] == expected[item["url"]]["authors"]


def test_bodies(crawl: CrawlResult, site: DemoSite) -> None:
    expected = site.expected_articles()
    wrong = [i["url"] for i in crawl.items if i["articleBody"] != expected[i["url"]]["articleBody"]]
    assert wrong == []


def test_discovery_and_identity(crawl: CrawlResult) -> None:
    for item in crawl.items:
        assert item["discovery"]["via"] in {"listing", "feed", "sitemap"}
        assert item["discovery"]["sourceUrl"].startswith("http://127.0.0.1:")
        assert "utm_" not in item["url"] and "utm_" not in item["canonicalUrl"]
        assert len(item["articleId"]) == 16
        assert item["metadata"]["spider"] == "articles"
        assert item["wordCount"] > 20
    by_via = Counter(item["discovery"]["via"] for item in crawl.items)
    assert set(by_via) == {"listing", "feed", "sitemap"}


def test_politeness_robots_txt_is_read(crawl: CrawlResult) -> None:
    assert crawl.stats.get("robotstxt/request_count", 0) >= 4


def test_output_flag_writes_that_file_and_only_that(site: DemoSite, tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = run_crawl(tmp_path, site.sources_toml(), args=["-O", str(out), "-a", "source=wire"])
    assert result.returncode == 0, result.log[-2000:]
    assert out.exists() and out.read_text(encoding="utf-8").count("\n") > 0
    assert not (tmp_path / "feeds").exists()
    assert "\\u" not in out.read_text(encoding="utf-8")  # UTF-8, not escapes


def test_broken_sources_file_stops_before_any_request(tmp_path: Path) -> None:
    broken = '[[source]]\nname = "x"\nlistings = ["http://127.0.0.1:9/"]\ntimezone = "Nowhere/X"\n'
    result = run_crawl(tmp_path, broken)
    assert result.returncode == 2
    assert "source 'x': field 'timezone'" in result.log
    assert result.stats == {}


def test_worker_pool_gives_the_same_items_as_inline_extraction(
    crawl: CrawlResult, site: DemoSite, tmp_path: Path
) -> None:
    inline = run_crawl(tmp_path, site.sources_toml(), settings={"NEWSBOT_EXTRACT_WORKERS": "0"})

    def comparable(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        # discovery says which link reached the page first: crawl order, not extraction.
        skip = {"metadata", "discovery"}
        return {i["url"]: {k: v for k, v in i.items() if k not in skip} for i in items}

    assert crawl.stats["newsbot/extract/workers"] >= 1
    assert inline.stats["newsbot/extract/workers"] == 0
    assert comparable(inline.items) == comparable(crawl.items)
