"""Raw capture of a crawl, and ``newsbot reextract`` giving the crawl's items back, offline."""

from __future__ import annotations

import gzip
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from newsbot.capture import read_capture
from newsbot.demo.site import DemoSite
from tests.crawl import run_crawl

if TYPE_CHECKING:
    from pathlib import Path


def newsbot(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsbot.cli", *args],
        cwd=cwd, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_reextract_gives_the_crawls_feed_back(tmp_path: Path) -> None:
    with DemoSite() as demo:
        sources = demo.sources_toml()
        result = run_crawl(tmp_path, sources, settings={"CAPTURE_ENABLED": "True"})
    # The demo site is gone: whatever reextract does, it is without the network.
    assert result.returncode == 0, result.log
    feed = tmp_path / "feed-0.jsonl"
    capture = tmp_path / "feed-0.capture.gz"
    assert sorted(p.name for p in tmp_path.glob("*feed-0*")) == [
        "feed-0.capture.gz", "feed-0.jsonl", "feed-0.report.json",
    ]  # fmt: skip
    captured_sources, pages = read_capture(capture)
    assert captured_sources == sources
    assert [page.url for page in pages] == [item["url"] for item in result.items]
    assert all(item["storyId"] and item["contentHash"] for item in result.items)

    out = tmp_path / "again.jsonl"
    proc = newsbot("reextract", str(capture), "-o", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"{len(result.items)} items, 0 dropped" in proc.stderr
    assert out.read_bytes() == feed.read_bytes()


def test_reextract_applies_todays_code_and_settings(tmp_path: Path) -> None:
    with DemoSite() as demo:
        result = run_crawl(tmp_path, demo.sources_toml(), settings={"CAPTURE_ENABLED": "True"})
    proc = newsbot(
        "reextract", str(tmp_path / "feed-0.capture.gz"),
        "-s", "REQUIRE_FIELDS_MIN_WORDS=100000", cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert f"0 items, {len(result.items)} dropped" in proc.stderr
    assert proc.stderr.count("ShortBody: ") == len(result.items)


def test_no_capture_unless_asked(tmp_path: Path) -> None:
    with DemoSite() as demo:
        run_crawl(tmp_path, demo.sources_toml())
    assert not list(tmp_path.glob("*.capture.gz"))


def test_a_feed_is_not_a_capture(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"url": "https://a.example/x"}\n'))
    with pytest.raises(ValueError, match=r"feed\.jsonl\.gz is not a newsbot capture"):
        read_capture(path)
