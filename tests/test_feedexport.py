"""Feed files as the default layout writes them: per run, by day, gzip, published whole."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from scrapy.settings import Settings

from newsbot.demo.site import DemoSite
from newsbot.feedexport import default_feeds, run_stem
from tests.crawl import crawl_command, crawl_env

DAY = "%(year)s/%(month)s/%(day)s"
TIME = r"\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\+00-00"


def crawl_default_feeds(
    cwd: Path, sources: str, **settings: str
) -> subprocess.CompletedProcess[str]:
    """``scrapy crawl articles`` in ``cwd`` with the project's own ``FEEDS`` default."""
    (cwd / "sources.toml").write_text(sources, encoding="utf-8")
    command = crawl_command(
        cwd / "sources.toml", state="sqlite:///.newsbot/state.sqlite3", feed=None, settings=settings
    )
    return subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, env=crawl_env(), timeout=180
    )


@pytest.fixture(scope="module")
def demo() -> Any:
    with DemoSite() as site:
        yield site


def published(root: Path) -> list[Path]:
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def test_default_feed_is_one_file_per_run(demo: DemoSite, tmp_path: Path) -> None:
    proc = crawl_default_feeds(tmp_path, demo.sources_toml())
    assert proc.returncode == 0, proc.stderr
    files = [str(p) for p in published(tmp_path / "feeds")]
    assert len(files) == 2
    assert re.fullmatch(f"articles-{TIME}.jsonl", files[0])
    assert files[1] == files[0].replace(".jsonl", ".report.json")
    lines = (tmp_path / "feeds" / files[0]).read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 40 and all(json.loads(line)["headline"] for line in lines)


def test_partitioned_and_gzipped(demo: DemoSite, tmp_path: Path) -> None:
    proc = crawl_default_feeds(
        tmp_path, demo.sources_toml(), NEWSBOT_FEED_PARTITION="day", NEWSBOT_FEED_GZIP="True"
    )
    assert proc.returncode == 0, proc.stderr
    files = published(tmp_path / "feeds")
    assert len(files) == 2, files  # no .part file left behind
    feed, report = sorted(files, key=lambda p: p.name.endswith(".report.json"))
    match = re.fullmatch(f"(\\d{{4}})/(\\d\\d)/(\\d\\d)/articles-({TIME}).jsonl.gz", str(feed))
    assert match, feed
    year, month, day, time = match.groups()
    assert time.startswith(f"{year}-{month}-{day}T")  # the run's UTC day
    assert report == feed.parent / f"articles-{time}.report.json"
    with gzip.open(tmp_path / "feeds" / feed, "rt", encoding="utf-8") as lines:
        items = [json.loads(line) for line in lines]
    assert len(items) >= 40
    assert {item["source"] for item in items} == {"meridian", "kurier", "wire", "gazette"}
    stats = json.loads((tmp_path / "feeds" / report).read_text(encoding="utf-8"))
    assert sum(row["exported"] for row in stats["sources"]) == len(items)


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({}, "feeds/articles-%(time)s.jsonl"),
        ({"NEWSBOT_FEED_GZIP": True}, "feeds/articles-%(time)s.jsonl.gz"),
        ({"NEWSBOT_FEED_PARTITION": "day"}, f"feeds/{DAY}/articles-%(time)s.jsonl"),
    ],
)
def test_default_feeds(settings: dict[str, Any], expected: str) -> None:
    base = Settings()
    base.setmodule("newsbot.settings")
    base.setdict(settings)
    [(uri, options)] = default_feeds(base).items()
    assert uri == expected
    assert options["format"] == "jsonlines"
    assert ("postprocessing" in options) == uri.endswith(".gz")


def test_unknown_partition_is_refused() -> None:
    base = Settings({"NEWSBOT_DEFAULT_FEEDS": {"a.jsonl": {}}, "NEWSBOT_FEED_PARTITION": "hour"})
    with pytest.raises(ValueError, match="NEWSBOT_FEED_PARTITION='hour'"):
        default_feeds(base)


@pytest.mark.parametrize(
    ("feed", "stem"),
    [
        ("feeds/articles-T.jsonl", "feeds/articles-T"),
        ("feeds/2026/11/25/articles-T.jsonl.gz", "feeds/2026/11/25/articles-T"),
        ("today.json", "today"),
        ("v1.2.jsonl", "v1.2"),
    ],
)
def test_run_stem(feed: str, stem: str) -> None:
    assert run_stem(Path(feed)) == Path(stem)
