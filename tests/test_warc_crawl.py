"""``scrapy crawl articles -a warc=``: WARC records through the crawl's own path (extraction
pool, pipelines, the state, the feed), without the network."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from warcio.archiveiterator import ArchiveIterator

from newsbot.demo.site import DemoSite
from tests.crawl import LOG_FILE, crawl_command, crawl_env, start_crawl
from tests.redis_server import RedisServer, running_redis
from tests.warcs import WARC_DATE, DemoArchive, write_demo_warc

if TYPE_CHECKING:
    from collections.abc import Iterator

RUN_DATE = WARC_DATE.replace("Z", "+00:00")


def crawl(
    cwd: Path, *args: str, sources: Path | None, settings: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], list[dict[str, Any]], dict[str, Any]]:
    """``scrapy crawl articles`` with the shipped settings: state ``cwd/state.sqlite3``, feed
    ``cwd/feed.jsonl`` (the capture beside it: ``feed.warc.gz``); ``sources=None`` is
    ``-a sources=``, no sources file."""
    stats, feed = cwd / "stats.json", cwd / "feed.jsonl"
    stats.unlink(missing_ok=True)
    feed.unlink(missing_ok=True)
    no_sources = ["-a", "sources="] if sources is None else []
    command = crawl_command(
        sources or Path("unused.toml"), state=f"sqlite:///{cwd / 'state.sqlite3'}", feed=feed,
        stats=stats, settings=settings, args=[*args, *no_sources],
    )  # fmt: skip
    proc = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=crawl_env(),
                          timeout=300)  # fmt: skip
    items = [json.loads(line) for line in feed.read_text().splitlines()] if feed.exists() else []
    return proc, items, json.loads(stats.read_text()) if stats.exists() else {}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The demo site, serving while the module runs (its access log shows what was asked)."""
    with DemoSite() as demo:
        root = tmp_path_factory.mktemp("warc")
        archive = write_demo_warc(demo, root / "CC-NEWS-20261125100000-00001.warc.gz")
        (root / "sources.toml").write_text(demo.sources_toml(), encoding="utf-8")
        yield demo, archive, root


def logged(cwd: Path) -> str:
    """What the crawls run in ``cwd`` wrote to their log file (the terminal shows little)."""
    return (cwd / LOG_FILE).read_text(encoding="utf-8")


def requests_made(demo: DemoSite) -> int:
    return sum(len(paths) for paths in demo.requests().values())


def test_backfill_exports_each_article_once_then_nothing(
    site: tuple[DemoSite, DemoArchive, Path], tmp_path: Path
) -> None:
    demo, archive, root = site
    before = requests_made(demo)
    proc, items, stats = crawl(tmp_path, "-a", f"warc={archive.path}",
                               sources=root / "sources.toml")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert requests_made(demo) == before  # read from the file, not the network

    expected = demo.expected_articles()
    assert sorted(item["url"] for item in items) == sorted(expected)
    for item in items:
        want = expected[item["url"]]
        assert item["headline"] == want["headline"]
        assert item["source"] == want["source"]
        assert item["datePublished"] == want["datePublished"]
        assert item["metadata"]["dateDownloaded"] == RUN_DATE  # the record's WARC-Date
        assert item["discovery"]["via"] == "warc"
        assert item["discovery"]["sourceUrl"] == str(archive.path)
    # Counted by reason, never exported.
    assert stats["newsbot/warc/files"] == 1
    assert stats["newsbot/warc/skipped/request"] == len(archive.articles) + 5
    assert stats["newsbot/warc/skipped/warcinfo"] == 1
    assert stats["newsbot/warc/skipped/metadata"] == 1
    assert stats["newsbot/warc/skipped/revisit"] == 1
    assert stats["newsbot/warc/skipped/http_404"] == 1
    assert stats["newsbot/warc/skipped/http_301"] == 1
    assert stats["newsbot/not_html"] == 2
    assert stats["newsbot/source/meridian/not_html"] == 2
    dropped = {k.rsplit("/", 1)[1]: v for k, v in stats.items()
               if k.startswith("item_dropped_reasons_count/")}  # fmt: skip
    copies = sum(v for k, v in dropped.items() if "Duplicate" in k)
    assert copies == len(archive.copies), dropped
    assert stats["newsbot/discovered/warc"] == len(archive.articles) + len(archive.copies)
    assert stats["newsbot/not_article/warc"] == 1  # the section page
    assert "ERROR" not in logged(tmp_path)

    again, items, stats = crawl(tmp_path, "-a", f"warc={archive.path}",
                                sources=root / "sources.toml")  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert items == []
    # The copies too: the state remembers them as duplicates of their story.
    assert stats["newsbot/state/skipped_seen"] == len(archive.articles) + len(archive.copies)
    assert "newsbot/extract/workers" not in stats or "item_scraped_count" not in stats


def test_the_crawl_after_a_backfill_fetches_no_article_it_has(
    site: tuple[DemoSite, DemoArchive, Path], tmp_path: Path
) -> None:
    demo, archive, root = site
    proc, items, _ = crawl(tmp_path, "-a", f"warc={archive.path}", sources=root / "sources.toml")
    assert proc.returncode == 0, proc.stderr
    before = demo.requests()
    proc, items, _stats = crawl(tmp_path, "-s", "AUTOTHROTTLE_ENABLED=False",
                               sources=root / "sources.toml")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert items == []
    asked = [p for site, paths in demo.requests().items() for p in paths[len(before[site]) :]]
    articles = {u.split("/", 3)[3] for u in archive.articles}
    assert not [p for p in asked if p.lstrip("/") in articles]


def test_without_a_sources_file_each_site_is_a_source(
    site: tuple[DemoSite, DemoArchive, Path], tmp_path: Path
) -> None:
    demo, archive, _ = site
    proc, items, _stats = crawl(tmp_path, "-a", f"warc={archive.path}", sources=None)
    assert proc.returncode == 0, proc.stderr
    sites = {name: url.removeprefix("http://") for name, url in demo.urls.items()}
    assert Counter(item["source"] for item in items) == {
        sites["meridian"]: 20, sites["kurier"]: 14, sites["wire"]: 9, sites["gazette"]: 9,
    }  # fmt: skip


def test_one_source_of_the_sources_file(
    site: tuple[DemoSite, DemoArchive, Path], tmp_path: Path
) -> None:
    _, archive, root = site
    proc, items, stats = crawl(tmp_path, "-a", f"warc={archive.path}", "-a", "source=wire",
                               sources=root / "sources.toml")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert {item["source"] for item in items} == {"wire"}
    assert len(items) == 9
    # All but wire's articles, the copies on gazette, the section page, the PDF, the image.
    assert stats["newsbot/warc/skipped/other_source"] == 52 - 9 + len(archive.copies) + 3


def test_records_of_other_sites_are_skipped(
    site: tuple[DemoSite, DemoArchive, Path], tmp_path: Path
) -> None:
    _demo, archive, root = site
    sources = tmp_path / "two.toml"
    text = (root / "sources.toml").read_text()
    sources.write_text("[[source]]" + "[[source]]".join(text.split("[[source]]")[1:3]))
    proc, items, stats = crawl(tmp_path, "-a", f"warc={archive.path}", sources=sources)
    assert proc.returncode == 0, proc.stderr
    assert {item["source"] for item in items} == {"meridian", "kurier"}
    assert stats["newsbot/warc/skipped/no_source"] == 9 + 9 + len(archive.copies)


def test_a_damaged_record_is_skipped_and_the_file_goes_on(
    site: tuple[DemoSite, DemoArchive, Path], tmp_path: Path
) -> None:
    _demo, archive, root = site
    data = bytearray(archive.path.read_bytes())
    victim = archive.articles[10]
    start = archive.offsets[victim]
    data[start + 40 : start + 60] = b"\x00" * 20  # inside the response record's gzip member
    damaged = tmp_path / "damaged.warc.gz"
    damaged.write_bytes(bytes(data))
    truncated = tmp_path / "truncated.warc.gz"
    truncated.write_bytes(archive.path.read_bytes()[: archive.offsets[archive.articles[3]] + 200])
    proc, items, stats = crawl(tmp_path, "-a", f"warc={damaged},{truncated}",
                               sources=root / "sources.toml")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    urls = [item["url"] for item in items]
    assert victim not in urls
    assert sorted(urls) == sorted(set(archive.articles) - {victim})
    assert stats["newsbot/warc/skipped/damaged"] == 2
    assert stats["newsbot/warc/files"] == 2
    assert logged(tmp_path).count("Damaged WARC record") == 2
    assert "Traceback" not in logged(tmp_path) + proc.stderr


def test_a_backfill_capture_keeps_every_page_and_reextracts_to_its_feed(
    site: tuple[DemoSite, DemoArchive, Path], tmp_path: Path
) -> None:
    _, archive, root = site
    proc, items, _ = crawl(tmp_path, "-a", f"warc={archive.path}", sources=root / "sources.toml",
                           settings={"CAPTURE_ENABLED": "True"})  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    outcomes = []
    with (tmp_path / "feed.warc.gz").open("rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "response":
                assert record.rec_headers.get_header("WARC-Date").startswith(WARC_DATE[:-1])
            if record.rec_type == "metadata":
                outcomes.append(json.loads(record.content_stream().read()))
    exported = [o for o in outcomes if o["exported"]]
    dropped = Counter(o["dropped"] for o in outcomes if not o["exported"])
    assert len(exported) == len(items)
    assert sum(dropped.values()) == len(archive.copies)  # the syndicated copies
    again = subprocess.run(
        [sys.executable, "-m", "newsbot.cli", "reextract", "feed.warc.gz", "-o", "again.jsonl"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again.jsonl").read_bytes() == (tmp_path / "feed.jsonl").read_bytes()


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("missing.warc.gz", "warc=missing.warc.gz: no such file"),
        ("nothing-*.warc.gz", "warc=nothing-*.warc.gz: no such file"),
        ("CC-*.warc.gz", "warc=CC-NEWS-2.warc.gz: not a WARC file (it begins with '<Error/>')"),
    ],
)
def test_a_wrong_path_is_a_usage_error(tmp_path: Path, spec: str, message: str) -> None:
    (tmp_path / "CC-NEWS-2.warc.gz").write_bytes(b"<Error/>")  # a failed download
    proc, _items, _ = crawl(tmp_path, "-a", f"warc={spec}", sources=None)
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines()[-1] == f"newsbot: {message}"


def test_a_named_sources_file_must_be_there(
    site: tuple[DemoSite, DemoArchive, Path], tmp_path: Path
) -> None:
    """Only the default sources.toml may be missing (every site is then a source): a file the
    user named is not silently replaced by every site of the archive."""
    _, archive, _ = site
    proc, items, _ = crawl(tmp_path, "-a", f"warc={archive.path}", sources=tmp_path / "sorces.toml")
    assert proc.returncode == 2
    message = f"newsbot: {tmp_path}/sorces.toml: sources file not found"
    assert proc.stderr.strip().splitlines()[-1] == message
    assert not items


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    yield from running_redis(tmp_path / "redis")


def test_several_workers_share_the_files_and_the_redis_state(
    site: tuple[DemoSite, DemoArchive, Path], tmp_path: Path, redis_server: RedisServer
) -> None:
    """On a Redis state the first worker lists the records, every worker reads those it
    takes (the files at the same path for all of them): each article once in all."""
    _, archive, root = site
    feeds = {str(tmp_path / "feed-%(worker)s.jsonl"): {"format": "jsonlines"}}
    procs = []
    for worker in ("w1", "w2"):
        command = crawl_command(
            root / "sources.toml", state=redis_server.url, feed=None,
            settings={"NEWSBOT_WORKER_ID": worker, "FEEDS": feeds, "NEWSBOT_EXTRACT_WORKERS": "1",
                      "NEWSBOT_IDLE_CLOSE_SECONDS": "2"},
            args=["-a", f"warc={archive.path}"],
        )  # fmt: skip
        procs.append(start_crawl(command, tmp_path, tmp_path / f"{worker}.log"))
    codes = [p.wait(300) for p in procs]
    assert codes == [0, 0], (tmp_path / "w1.log").read_text() + (tmp_path / "w2.log").read_text()
    exported = Counter(
        json.loads(line)["url"]
        for feed in tmp_path.glob("feed-*.jsonl")
        for line in feed.read_text().splitlines()
    )
    assert sorted(exported) == sorted(archive.articles)
    assert set(exported.values()) == {1}
    # Whether the second worker gets a share depends on how fast it starts on a loaded
    # machine (the first may read the whole small file first): only "once in all" is asserted.
