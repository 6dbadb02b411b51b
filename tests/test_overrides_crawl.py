"""End to end: a crawl of sites whose pages mislead generic extraction, fixed per source by the
sources file's ``[source.fields]`` or a page object; one whose page object raises still exports."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsbot.demo.server import SiteServer
from tests.crawl import CrawlResult, crawl_env, run_crawl
from tests.sites.mislead import SELECTORS, MisleadSite, build_sites

NAMES = ("riverside", "riverside_po", "riverside_broken")


@pytest.fixture(scope="module")
def sites() -> Iterator[dict[str, tuple[MisleadSite, str]]]:
    servers = [SiteServer(site) for site in build_sites(*NAMES)]
    for server in servers:
        server.start()
    yield {server.app.name: (server.app, server.base_url) for server in servers}
    for server in servers:
        server.stop()


@pytest.fixture(scope="module")
def crawl_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("overrides")


@pytest.fixture(scope="module")
def crawl(sites: dict[str, tuple[MisleadSite, str]], crawl_dir: Path) -> CrawlResult:
    fields = "\n".join(f"{name} = {json.dumps(selector)}" for name, selector in SELECTORS.items())
    entries = {
        "riverside": f'[source.fields]\n{fields}\ndescription = "p.standfirst"\n',
        "riverside_po": 'page = "tests.page_objects:RiversideArticle"\n',
        "riverside_broken": 'page = "tests.page_objects:Broken"\n',
    }
    toml = "\n".join(
        f'[[source]]\nname = "{name}"\nlistings = ["{sites[name][1]}/news/"]\n'
        f'timezone = "Asia/Kolkata"\n{entry}'
        for name, entry in entries.items()
    )
    return run_crawl(crawl_dir, toml, settings={"CAPTURE_ENABLED": "True"})


def items_of(crawl: CrawlResult, source: str) -> dict[str, dict[str, object]]:
    return {item["url"]: item for item in crawl.items if item["source"] == source}


def test_crawl_succeeds(crawl: CrawlResult) -> None:
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert "Traceback" not in crawl.log
    assert crawl.stats.get("log_count/ERROR", 0) == 0


@pytest.mark.parametrize("source", ["riverside", "riverside_po"])
def test_every_item_has_exactly_the_selected_fields(
    crawl: CrawlResult, sites: dict[str, tuple[MisleadSite, str]], source: str
) -> None:
    site, base = sites[source]
    expected = site.expected(base)
    items = items_of(crawl, source)
    assert set(items) == set(expected)
    for url, item in items.items():
        got = {name: item[name] for name in expected[url]}
        assert got == expected[url], url
        assert item["datePublishedSource"] == "override"
        assert item["datePublishedTz"] == "source"


def test_a_selector_that_finds_nothing_is_counted_and_reported(crawl: CrawlResult) -> None:
    exported = len(items_of(crawl, "riverside"))
    assert crawl.stats["newsbot/fields/riverside/description/missed"] == exported
    assert crawl.stats["newsbot/fields/riverside/headline/override"] == exported
    assert crawl.stats["newsbot/fields/riverside_po/description/missed"] == exported
    assert (
        f"  riverside: overrides found nothing, generic value kept: description: {exported}"
        in crawl.log
    )


def test_a_page_object_that_raises_falls_back_to_generic_values(
    crawl: CrawlResult, sites: dict[str, tuple[MisleadSite, str]]
) -> None:
    site, base = sites["riverside_broken"]
    items = items_of(crawl, "riverside_broken")
    assert set(items) == set(site.expected(base))
    assert {item["headline"] for item in items.values()} == {"Home"}  # generic, misled
    assert crawl.stats["newsbot/fields/riverside_broken/page_error"] == len(items)
    assert crawl.log.count("Page object of riverside_broken failed") == 1  # then DEBUG
    assert "ValueError: div.ttl is gone" in crawl.log


def test_run_report_file_lists_the_misses(crawl: CrawlResult, crawl_dir: Path) -> None:
    report = json.loads((crawl_dir / "feed-0.report.json").read_text(encoding="utf-8"))
    rows = {row["source"]: row for row in report["sources"]}
    assert rows["riverside"]["overrides_missed"] == {
        "description": len(items_of(crawl, "riverside"))
    }
    assert rows["riverside_broken"]["overrides_missed"] == {
        "page object failed": len(items_of(crawl, "riverside_broken"))
    }


def test_reextract_applies_the_overrides(crawl: CrawlResult, crawl_dir: Path) -> None:
    again = crawl_dir / "again.jsonl"
    done = subprocess.run(
        [sys.executable, "-m", "newsbot.cli", "reextract", "feed-0.warc.gz", "-o", again.name],
        cwd=crawl_dir, env=crawl_env(), capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert again.read_bytes() == (crawl_dir / "feed-0.jsonl").read_bytes()
