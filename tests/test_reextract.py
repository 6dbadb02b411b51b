"""Raw capture as WARC, read by warcio and by ``newsbot reextract`` / ``newsbot extract``,
offline."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from collections import Counter
from typing import TYPE_CHECKING, Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from newsbot.demo.site import DemoSite
from tests.crawl import run_crawl
from tests.warcs import write_demo_warc

if TYPE_CHECKING:
    from pathlib import Path


def newsbot(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsbot.cli", *args],
        cwd=cwd, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def read_warc(path: Path) -> list[dict[str, Any]]:
    """Every record as warcio reads it: type, headers, HTTP status and headers, content."""
    records = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream, check_digests="raise"):
            http = record.http_headers
            records.append({
                "version": record.rec_headers.protocol,
                "type": record.rec_type,
                "headers": dict(record.rec_headers.headers),
                "status": http.get_statuscode() if http and record.rec_type == "response" else None,
                "http": dict(http.headers) if http else {},
                "content": record.content_stream().read(),
            })  # fmt: skip
    return records


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, list[dict[str, Any]]]:
    """A crawl of the demo site with the capture on; the site is gone afterwards."""
    tmp_path = tmp_path_factory.mktemp("capture")
    with DemoSite() as demo:
        sources = demo.sources_toml()
        result = run_crawl(tmp_path, sources, settings={"CAPTURE_ENABLED": "True"})
    assert result.returncode == 0, result.log
    assert sorted(p.name for p in tmp_path.glob("*feed-0*")) == [
        "feed-0.jsonl", "feed-0.report.json", "feed-0.warc.gz",
    ]  # fmt: skip
    return tmp_path, sources, result.items


def test_the_capture_is_a_warc_file(crawled: tuple[Path, str, list[dict[str, Any]]]) -> None:
    tmp_path, sources, items = crawled
    records = read_warc(tmp_path / "feed-0.warc.gz")  # digests checked too
    assert {r["version"] for r in records} == {"WARC/1.1"}
    assert records[0]["type"] == "warcinfo"
    assert b"software: newsbot" in records[0]["content"]
    assert records[1]["type"] == "resource"
    assert records[1]["content"].decode() == sources
    kinds = Counter(r["type"] for r in records)
    assert kinds["request"] == kinds["response"] >= len(items)
    responses = {r["headers"]["WARC-Record-ID"]: r for r in records if r["type"] == "response"}
    for response in responses.values():
        assert response["status"] in ("200", "404")
        assert response["http"]["Content-Length"] == str(len(response["content"]))
        names = {name.lower() for name in response["http"]}  # Scrapy writes "Etag"
        assert "etag" in names or response["status"] != "200"  # as the site sent it
    requests = [r for r in records if r["type"] == "request"]
    assert all(r["headers"]["WARC-Concurrent-To"] in responses for r in requests)
    assert all(r["http"]["User-Agent"].startswith("newsbot/") for r in requests)

    metadata = [r for r in records if r["type"] == "metadata"]
    described = [json.loads(r["content"]) for r in metadata]
    exported = [r for r, d in zip(metadata, described, strict=True) if d["exported"]]
    # In feed order, each referring to the response of its page.
    assert [r["headers"]["WARC-Target-URI"] for r in exported] == [i["url"] for i in items]
    for record in exported:
        page = responses[record["headers"]["WARC-Refers-To"]]
        assert page["headers"]["WARC-Target-URI"] == record["headers"]["WARC-Target-URI"]
    assert len(exported) == len(items)  # pages dropped are kept too: tests/test_warc_crawl.py


def test_reextract_gives_the_crawls_feed_back(
    crawled: tuple[Path, str, list[dict[str, Any]]],
) -> None:
    tmp_path, _, items = crawled
    assert all(item["storyId"] and item["contentHash"] for item in items)
    out = tmp_path / "again.jsonl"
    proc = newsbot("reextract", "feed-0.warc.gz", "-o", str(out), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert f"{len(items)} items, 0 dropped" in proc.stderr
    assert out.read_bytes() == (tmp_path / "feed-0.jsonl").read_bytes()


def test_reextract_applies_todays_code_and_settings(
    crawled: tuple[Path, str, list[dict[str, Any]]],
) -> None:
    tmp_path, _, items = crawled
    proc = newsbot("reextract", "feed-0.warc.gz", "-s", "REQUIRE_FIELDS_MIN_WORDS=100000",
                   cwd=tmp_path)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    assert f"0 items, {len(items)} dropped" in proc.stderr
    assert proc.stderr.count("ShortBody: ") == len(items)


def test_another_crawlers_warc(tmp_path: Path) -> None:
    """A WARC without newsbot's records: every HTML page, each site a source."""
    with DemoSite() as demo:
        archive = write_demo_warc(demo, tmp_path / "other.warc.gz")
        expected = demo.expected_articles()
    proc = newsbot("reextract", "other.warc.gz", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    items = [json.loads(line) for line in proc.stdout.splitlines()]
    by_url = {item["url"]: item for item in items}
    assert set(archive.articles) <= set(by_url)
    for url, want in expected.items():
        assert by_url[url]["headline"] == want["headline"]
        assert by_url[url]["source"] == url.split("/")[2]  # host:port of an IP address
        assert by_url[url]["metadata"]["dateDownloaded"] == "2026-11-25T10:00:00+00:00"
    extracted = newsbot("extract", "other.warc.gz", cwd=tmp_path)
    assert extracted.returncode == 0, extracted.stderr
    lines = [json.loads(line) for line in extracted.stdout.splitlines()]
    assert {line["path"] for line in lines} == {"other.warc.gz"}
    # Every HTML page, the section page too (reextract's pipelines drop it as NotAnArticle).
    assert {line["url"] for line in lines} == {*by_url, f"{demo.urls['meridian']}/section/world/"}
    assert {line["url"]: line["headline"] for line in lines}[archive.articles[0]] == (
        expected[archive.articles[0]]["headline"]
    )


def test_no_capture_unless_asked(tmp_path: Path) -> None:
    with DemoSite() as demo:
        run_crawl(tmp_path, demo.sources_toml())
    assert not list(tmp_path.glob("*.warc.gz"))


def test_a_feed_is_not_a_capture(tmp_path: Path) -> None:
    (tmp_path / "feed.jsonl.gz").write_bytes(gzip.compress(b'{"url": "https://a.example/x"}\n'))
    proc = newsbot("reextract", "feed.jsonl.gz", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.strip() == (
        "newsbot: feed.jsonl.gz: not a newsbot capture: "
        """not a WARC file (it begins with '{"url": "https://a.example/x"}')"""
    )
