"""A quiet terminal: progress, the run report and where the files are; the rest in the log file.
``newsbot crawl`` from any directory, ``newsbot --version``, ``newsbot --help``."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from scrapy import Spider
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newsbot import __version__
from newsbot import settings as project
from newsbot.demo.site import DemoSite
from newsbot.exceptions import ShortBody
from newsbot.items import Article
from newsbot.logs import ShortItems
from tests.crawl import LOG_FILE, crawl_env, newsbot, run_crawl

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

SCRAPY_DUMPS = ("Scrapy 2.", "Overridden settings", "Enabled extensions", "Dumping Scrapy stats")
"""Scrapy's start-up banner and stats dump: the log file's, not the terminal's."""

# `newsbot demo` as its console script runs it, with deprecation warnings as errors: Python's
# own categories by -W, Scrapy's (a Warning, not a DeprecationWarning) by a filter.
DEMO = """\
import sys, warnings
from scrapy.exceptions import ScrapyDeprecationWarning
warnings.simplefilter("error", ScrapyDeprecationWarning)
from newsbot.cli import main
sys.exit(main(["demo"]))
"""


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoSite]:
    with DemoSite() as site:
        yield site


def test_demo_prints_under_40_lines_without_deprecation_warnings(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-W", "error::DeprecationWarning", "-W",
         "error::PendingDeprecationWarning", "-c", DEMO],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, env=crawl_env(),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    terminal = proc.stderr + proc.stdout
    assert len(terminal.splitlines()) < 40, terminal
    assert "Run report" in proc.stderr
    exported = (tmp_path / "demo-articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert exported and f"articles exported:  {len(exported)}  -> " in proc.stdout
    assert f"log: {LOG_FILE}" in proc.stdout
    log = (tmp_path / LOG_FILE).read_text(encoding="utf-8")
    for dump in SCRAPY_DUMPS:
        assert dump in log and dump not in terminal, dump
    assert "Warning" not in terminal + log


def test_a_crawl_prints_the_report_and_where_its_files_are(demo: DemoSite, tmp_path: Path) -> None:
    result = run_crawl(tmp_path, demo.sources_toml(), settings={"PROGRESS_INTERVAL": "0.05"})
    assert result.returncode == 0, result.log[-3000:]
    lines = result.terminal.splitlines()
    assert lines[0].startswith("Exported ")  # a progress line
    assert len([line for line in lines if not line.startswith("Exported ")]) < 40, lines
    assert "Run report" in result.terminal
    assert lines[-3:] == [
        f"feed: {tmp_path / 'feed-0.jsonl'} ({len(result.items)} articles)",
        f"report: {tmp_path / 'feed-0.report.json'}",
        f"log: {LOG_FILE}",
    ]
    for dump in SCRAPY_DUMPS:
        assert dump in result.log and dump not in result.terminal, dump


def test_quiet_prints_nothing_verbose_prints_the_log(demo: DemoSite, tmp_path: Path) -> None:
    quiet = run_crawl(tmp_path, demo.sources_toml(), args=["-q"])
    assert (quiet.returncode, quiet.terminal) == (0, "")
    assert "Run report" in quiet.log
    again = run_crawl(tmp_path, demo.sources_toml(), args=["-v"])
    assert again.returncode == 0
    for dump in SCRAPY_DUMPS[1:]:  # (the version banner comes before the terminal's handler)
        assert dump in again.terminal, dump
    assert "feed: none written (no new articles)" in again.terminal


def test_a_failure_is_one_line_on_the_terminal_the_traceback_in_the_log(
    demo: DemoSite, tmp_path: Path
) -> None:
    pipelines = {**project.ITEM_PIPELINES, "tests.no_such_module.Pipeline": 500}
    result = run_crawl(tmp_path, demo.sources_toml(), settings={"ITEM_PIPELINES": pipelines})
    assert result.returncode == 1
    assert result.terminal.splitlines() == [
        f"log: {LOG_FILE}",
        "newsbot: the crawl failed: ModuleNotFoundError: No module named 'tests.no_such_module'",
    ]
    assert "Traceback" in result.log
    logged = (tmp_path / LOG_FILE).read_text(encoding="utf-8").rstrip().splitlines()[-1]
    assert logged.endswith(f"ERROR: newsbot: {result.terminal.splitlines()[-1][9:]}")


def test_a_log_file_that_cannot_be_written_is_bad_configuration(
    demo: DemoSite, tmp_path: Path
) -> None:
    (tmp_path / "logs").write_text("a file where the folder should be")
    result = run_crawl(tmp_path, demo.sources_toml())
    assert result.returncode == 2
    assert result.terminal == (
        f"newsbot: log file {LOG_FILE} cannot be written: a file is in the way of its folder logs\n"
    )


def test_newsbot_crawl_runs_from_any_directory(demo: DemoSite, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "mine.toml").write_text(demo.sources_toml(), encoding="utf-8")
    first = newsbot("crawl", "--sources", "mine.toml", "--source", "wire", "-O", "wire.jsonl",
                    "-s", "AUTOTHROTTLE_ENABLED=False", cwd=elsewhere)  # fmt: skip
    assert first.returncode == 0, first.stderr[-3000:]
    wire = [json.loads(line) for line in (elsewhere / "wire.jsonl").read_text().splitlines()]
    assert wire and {item["source"] for item in wire} == {"wire"}
    assert (elsewhere / ".newsbot" / "state.sqlite3").exists()
    assert "Spider closed (finished)" in (elsewhere / LOG_FILE).read_text(encoding="utf-8")
    assert first.stderr.splitlines()[-1] == f"log: {LOG_FILE}"
    # the default feed, and only what is new: the state is where the crawl runs
    second = newsbot("crawl", "-a", "sources=mine.toml", "-s", "AUTOTHROTTLE_ENABLED=False",
                     cwd=elsewhere)  # fmt: skip
    assert second.returncode == 0, second.stderr[-3000:]
    [feed] = (elsewhere / "feeds").glob("articles-*.jsonl")
    again = [json.loads(line) for line in feed.read_text().splitlines()]
    assert len(again) == len(demo.expected_articles()) - len(wire)
    assert not {i["url"] for i in again} & {i["url"] for i in wire}


def test_newsbot_crawl_reports_a_bad_source_in_one_line(tmp_path: Path) -> None:
    (tmp_path / "sources.toml").write_text('[[source]]\nname = "x"\nfeeds = ["ftp://x/"]\n')
    proc = newsbot("crawl", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == (
        "newsbot: sources.toml: source 'x': field 'feeds': 'ftp://x/' is not an http(s) URL\n"
    )


def test_version_and_help(tmp_path: Path) -> None:
    version = newsbot("--version", cwd=tmp_path)
    assert version.returncode == 0
    assert version.stdout.startswith(f"newsbot {__version__} (Scrapy 2.")
    for args in (["--help"], ["crawl", "--help"], ["demo", "--help"], ["extract", "--help"]):
        shown = newsbot(*args, cwd=tmp_path)
        assert shown.returncode == 0
        assert "`" not in shown.stdout, shown.stdout


def test_a_dropped_item_is_logged_by_its_url_not_its_repr() -> None:
    url = "https://news.example/2024/05/03/story/"
    item = Article(url=url, source="x", headline="Story", articleBody="word " * 5000)
    spider = Spider("articles")
    spider.crawler = get_crawler(Spider)
    response = HtmlResponse(url, body=b"<html></html>")
    formatter = ShortItems()
    result = formatter.dropped(item, ShortBody(f"{url} has a body of 12 words"), response, spider)
    assert result["msg"] % result["args"] == f"Dropped ShortBody: {url} has a body of 12 words"
    assert result["level"] == logging.WARNING
    error = formatter.item_error(item, ValueError("x"), response, spider)
    assert error["msg"] % error["args"] == f"Error processing {url}"


def test_other_scrapy_commands_log_to_stderr_as_usual(demo: DemoSite, tmp_path: Path) -> None:
    url = f"{demo.urls['wire']}/rss/topnews.xml"
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "fetch", url],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, env=crawl_env(),
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Spider closed (finished)" in proc.stderr
    assert not (tmp_path / LOG_FILE).parent.exists()
