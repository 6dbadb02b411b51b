"""Incremental crawls end to end: real ``scrapy crawl`` processes, a real state file, the demo site.

A second crawl exports nothing and downloads no article page; two crawls on one state do not
run at once; crawls killed with SIGKILL at any moment lose nothing and export nothing twice.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from newsbot import settings as project
from newsbot.demo.site import DemoSite
from tests.crawl import crawl_command, start_crawl


def start(
    workdir: Path, feed: str, source: str | None = None, **settings: Any
) -> subprocess.Popen[bytes]:
    """A crawl of the demo site with the shipped settings into ``feeds/<feed>.jsonl``, on the
    state in ``state/``, its log in ``<feed>.log``."""
    command = crawl_command(
        workdir / "sources.toml",
        state=f"sqlite:///{workdir}/state/state.sqlite3",
        feed=workdir / "feeds" / f"{feed}.jsonl",
        stats=workdir / f"{feed}.stats.json",
        source=source,
        settings=settings,
    )
    return start_crawl(command, workdir, workdir / f"{feed}.log")


def run(
    workdir: Path, feed: str, source: str | None = None, **settings: Any
) -> tuple[int, str, dict[str, Any]]:
    code = start(workdir, feed, source, **settings).wait(timeout=240)
    stats_file = workdir / f"{feed}.stats.json"
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    return code, (workdir / f"{feed}.log").read_text(), stats


def finished_feeds(workdir: Path) -> dict[str, list[dict[str, Any]]]:
    """Every published feed file (not the ``.part`` files of killed crawls), parsed line by
    line: a half line fails the JSON parse."""
    out = {}
    for path in sorted((workdir / "feeds").glob("*.jsonl")):
        text = path.read_text(encoding="utf-8")
        assert text == "" or text.endswith("\n"), f"{path.name} ends in a half line"
        out[path.name] = [json.loads(line) for line in text.splitlines()]
    return out


def article_paths(site: DemoSite, before: dict[str, list[str]]) -> list[str]:
    """Article pages the demo servers served since ``before``."""
    expected = {url.split("/", 3)[3] for url in site.expected_articles()}
    served = []
    for name, paths in site.requests().items():
        new = paths[len(before.get(name, [])) :]
        served += [p for p in new if p.lstrip("/").split("?")[0] in expected]
    return served


@pytest.fixture
def site() -> Any:
    with DemoSite() as demo:
        yield demo


@pytest.fixture
def workdir(tmp_path: Path, site: DemoSite) -> Path:
    (tmp_path / "sources.toml").write_text(site.sources_toml(), encoding="utf-8")
    return tmp_path


def test_second_crawl_exports_nothing_and_downloads_no_article(
    site: DemoSite, workdir: Path
) -> None:
    code, log, stats = run(workdir, "first")
    assert code == 0, log[-3000:]
    first = finished_feeds(workdir)["first.jsonl"]
    assert first, log[-3000:]
    assert all(i["version"] == 1 and i["changeType"] == "new" for i in first)
    assert all(i["storyId"] and i["contentHash"] for i in first)
    assert len({i["articleId"] for i in first}) == len(first)
    # every exported item, plus the short links that redirected to some of them
    assert stats.get("newsbot/state/prepared", 0) >= stats["item_scraped_count"]
    before = site.requests()

    code, log, stats = run(workdir, "second")
    assert code == 0, log[-3000:]
    assert "second.jsonl" not in finished_feeds(workdir)  # no items: no file (FEED_STORE_EMPTY)
    assert stats.get("item_scraped_count", 0) == 0
    assert stats.get("newsbot/state/article_downloads", 0) == 0
    assert stats.get("newsbot/known", 0) > 0  # listings: links to articles it has
    assert stats.get("newsbot/state/not_modified", 0) > 0  # feeds and sitemaps: 304
    assert stats.get("downloader/response_status_count/301", 0) == 0  # short links remembered
    assert article_paths(site, before) == []


def test_second_crawl_stops_paginating_at_the_first_page_with_nothing_new(
    site: DemoSite, workdir: Path
) -> None:
    code, log, _ = run(workdir, "first")
    assert code == 0, log[-3000:]
    before = site.requests()
    first_pages = sum(is_next_page(p) for paths in before.values() for p in paths)
    assert first_pages > 0  # the demo listings are paginated
    code, log, _ = run(workdir, "second")
    assert code == 0, log[-3000:]
    later = [
        p
        for name, paths in site.requests().items()
        for p in paths[len(before.get(name, [])) :]
        if is_next_page(p)
    ]
    assert later == []


def is_next_page(path: str) -> bool:
    """A listing page after the first (``?page=2``, ``/page/2/``)."""
    return "page=" in path or "/page/" in path


def test_a_crawl_overlapping_another_exits_at_once(site: DemoSite, workdir: Path) -> None:
    slow = start(workdir, "slow", DOWNLOAD_DELAY=0.2, CONCURRENT_REQUESTS_PER_DOMAIN=1)
    try:
        _wait_for(lambda: article_paths(site, {}), "the first crawl to fetch an article")
        code, log, stats = run(workdir, "overlap")
        assert code != 0
        assert "in use by another crawl" in log
        assert stats.get("downloader/request_count", 0) == 0
        assert not (workdir / "feeds" / "overlap.jsonl").exists()
    finally:
        slow.wait(timeout=240)
    assert slow.returncode == 0, (workdir / "slow.log").read_text()[-3000:]
    items = finished_feeds(workdir)["slow.jsonl"]
    assert len(items) == len({i["articleId"] for i in items}) > 0


KILLER = "tests.killer.KillAt"


def test_sigkill_at_any_moment_loses_nothing_and_exports_nothing_twice(
    site: DemoSite, workdir: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    reference_dir = tmp_path_factory.mktemp("reference")
    (reference_dir / "sources.toml").write_text(site.sources_toml(), encoding="utf-8")
    code, log, _ = run(reference_dir, "all")
    assert code == 0, log[-3000:]
    expected = Counter(i["articleId"] for i in finished_feeds(reference_dir)["all.jsonl"])
    assert expected and max(expected.values()) == 1

    # Extraction inline: a SIGKILLed crawl would leave its extraction worker processes behind.
    slow = {
        "DOWNLOAD_DELAY": 0.05,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
        "NEWSBOT_EXTRACT_WORKERS": 0,
    }
    # (run name, source to crawl or all, where it dies); each crawl continues the state
    kills = [
        ("export", None, "item:5"),  # while items are written to the feed
        ("fetching-1", None, "outside"),  # from outside, while article pages download
        ("prepared", "meridian", "after_prepare"),  # state batch stored, feed not renamed
        ("renamed", "meridian", "before_confirm"),  # feed renamed, state not committed
        ("confirmed", "kurier", "after_confirm"),  # committed, crawl still closing
        ("committing", "wire", "during_commit"),  # inside the state's commit transaction
        ("export-again", None, "item:3"),
        ("fetching-2", None, "outside"),
    ]
    for name, source, at in kills:
        if at == "outside":
            before = site.requests()
            proc = start(workdir, name, source, **slow)
            _wait_for(lambda b=before: len(article_paths(site, b)) >= 2, "article downloads")
            proc.send_signal(signal.SIGKILL)
            code, log = proc.wait(timeout=60), ""
        else:
            extensions = {**project.EXTENSIONS, KILLER: 999}
            code, log, _ = run(
                workdir, name, source, EXTENSIONS=extensions, NEWSBOT_TEST_KILL_AT=at, **slow
            )
        assert code == -signal.SIGKILL, f"{name}: {log[-3000:]}"
    code, log, _ = run(workdir, "final", NEWSBOT_EXTRACT_WORKERS=0)
    assert code == 0, log[-3000:]

    feeds = finished_feeds(workdir)
    exported = Counter(i["articleId"] for items in feeds.values() for i in items)
    twice = {a: n for a, n in exported.items() if n > 1}
    assert twice == {}, f"exported more than once: {twice} in {list(feeds)}"
    assert set(exported) == set(expected), f"lost: {set(expected) - set(exported)}"
    # The kills did hit different moments: some files were published before their state
    # commit (renamed), some crawls never published (prepared, fetching).
    assert {"renamed.jsonl", "confirmed.jsonl", "committing.jsonl"} <= set(feeds)
    assert "prepared.jsonl" not in feeds
    # The unpublished files of the killed crawls were removed by the runs after them.
    assert not (workdir / "feeds" / ".partial").exists()


def _wait_for(condition: Any, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)
