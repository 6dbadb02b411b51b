"""The run report and exit statuses of real crawls of the demo site (subprocesses)."""

from __future__ import annotations

import json
import re
import socket
import statistics
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from newsbot import settings as settings_module
from newsbot.demo.server import Reply
from newsbot.demo.site import DemoSite
from newsbot.state import open_state
from tests.crawl import run_crawl

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from newsbot.demo.newssite import NewsSite
    from newsbot.demo.server import Request


PROJECT = Path(__file__).parents[1]


class Redesign:
    """A demo site whose replies a test rewrites while it runs (a layout change, dead pages)."""

    def __init__(self, site: NewsSite) -> None:
        self.site = site
        self.name = site.name
        self.rewrite: Callable[[Request, Reply], Reply] | None = None

    def respond(self, request: Request) -> Reply:
        reply = self.site.respond(request)
        return self.rewrite(request, reply) if self.rewrite else reply


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoSite]:
    with DemoSite() as site:
        for server in site.servers:
            server.app = Redesign(server.app)
        yield site


def redesign(demo: DemoSite, name: str) -> Redesign:
    [server] = [s for s in demo.servers if s.app.name == name]
    assert isinstance(server.app, Redesign)
    return server.app


@pytest.fixture(autouse=True)
def original_layouts(demo: DemoSite) -> Iterator[None]:
    yield
    for server in demo.servers:
        server.app.rewrite = None


def report_of(tmp_path: Path, n: int = 0) -> dict[str, Any]:
    return json.loads((tmp_path / f"feed-{n}.report.json").read_text(encoding="utf-8"))


def test_report_numbers_match_the_crawl(demo: DemoSite, tmp_path: Path) -> None:
    kurier = [u for u, a in demo.expected_articles().items() if a["source"] == "kurier"]
    dead = {u.split("/", 3)[3] for u in kurier[:2]}

    def two_dead_pages(request: Request, reply: Reply) -> Reply:
        return Reply(404, b"<h1>Gone</h1>") if request.path.lstrip("/") in dead else reply

    redesign(demo, "kurier").rewrite = two_dead_pages
    result = run_crawl(tmp_path, demo.sources_toml())
    assert result.returncode == 0, result.log
    report = report_of(tmp_path)
    assert report["finish_reason"] == "finished"
    assert report["feeds"] == [str(tmp_path / "feed-0.jsonl")]
    rows = {row["source"]: row for row in report["sources"]}
    assert sorted(rows) == ["gazette", "kurier", "meridian", "wire"]
    items_by_source: dict[str, list[dict[str, Any]]] = {name: [] for name in rows}
    for item in result.items:
        items_by_source[item["source"]].append(item)
    drops = Counter[str]()
    for name, row in rows.items():
        items = items_by_source[name]
        assert row["exported"] == len(items) > 0
        for via, count in row["discovered"].items():
            assert count == result.stats[f"newsbot/source/{name}/discovered/{via}"]
        # every article page fetched became an item (exported or dropped) or an HTTP error
        errors = sum(row["http_errors"].values())
        assert row["fetched"] == row["exported"] + sum(row["dropped"].values()) + errors
        assert row["requested"] >= row["fetched"]  # redirects and retries are requests too
        assert row["requests"] > row["requested"]  # and its listings, feeds or sitemaps
        for field in ("datePublished", "authors", "description", "inLanguage"):
            filled = sum(1 for item in items if item[field])
            assert row["fill_rates"][field] == round(filled / len(items), 4)
        assert row["body_length_median"] == int(
            statistics.median(len(item["articleBody"]) for item in items)
        )
        drops.update(row["dropped"])
    assert rows["kurier"]["http_errors"] == {"404": 2}
    assert {k: v for k, v in rows.items() if v["http_errors"] and k != "kurier"} == {}
    assert dict(drops) == {
        key.rsplit("/", 1)[1]: n
        for key, n in result.stats.items()
        if key.startswith("item_dropped_reasons_count/")
    }
    assert "Run report" in result.log
    assert re.search(r"^kurier +\d+ +0 +0 ", result.log, re.MULTILINE)


def test_progress_lines_while_running(demo: DemoSite, tmp_path: Path) -> None:
    # a progress line every 50 ms: the crawl takes longer than that
    result = run_crawl(tmp_path, demo.sources_toml(), settings={"PROGRESS_INTERVAL": "0.05"})
    lines = re.findall(r"Exported (\d+) articles so far: (.*)", result.log)
    assert lines
    total, by_source = lines[-1]
    counts = dict(pair.rsplit(" ", 1) for pair in by_source.split(", "))
    assert sorted(counts) == ["gazette", "kurier", "meridian", "wire"]
    assert sum(int(n) for n in counts.values()) == int(total) <= len(result.items)


def strip_metadata(request: Request, reply: Reply) -> Reply:
    """Meridian's redesign: no JSON-LD, no meta description on any page."""
    html = reply.body.decode("utf-8")
    html = re.sub(r"<meta[^>]*description[^>]*>", "", html)
    html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
    return Reply(reply.status, html.encode("utf-8"), reply.content_type, reply.headers)


def no_article_links(request: Request, reply: Reply) -> Reply:
    """Kurier's redesign: listings are rendered by JavaScript, the HTML has no links."""
    if not reply.content_type.startswith("text/html"):
        return reply
    html = re.sub(rb"<a\b[^>]*>", b"<a>", reply.body)
    return Reply(reply.status, html, reply.content_type, reply.headers)


def test_layout_change_between_two_crawls_is_flagged(demo: DemoSite, tmp_path: Path) -> None:
    history = tmp_path / "runs.jsonl"
    settings = {"RUN_REPORT_HISTORY": str(history)}
    first = run_crawl(tmp_path, demo.sources_toml(), settings=settings)
    assert first.returncode == 0, first.log
    assert report_of(tmp_path, 0)["flags"] == []
    assert len(history.read_text().splitlines()) == 1

    redesign(demo, "meridian").rewrite = strip_metadata
    redesign(demo, "kurier").rewrite = no_article_links
    second = run_crawl(
        tmp_path, demo.sources_toml(), state=f"sqlite:///{tmp_path}/state2.sqlite3",
        settings=settings,
    )  # fmt: skip
    report = report_of(tmp_path, 1)
    flags = {(f["source"], f["kind"]): f for f in report["flags"]}
    kurier_before = {r["source"]: r for r in report_of(tmp_path, 0)["sources"]}["kurier"]
    assert flags[("kurier", "no_articles")] == {
        "source": "kurier",
        "kind": "no_articles",
        "message": f"0 articles (previous runs: {kurier_before['exported']})",
        "alert": True,
    }
    messages = {f["message"] for f in report["flags"] if f["source"] == "meridian"}
    assert "description fill rate 100% → 0%" in messages
    assert not any(f["alert"] for f in report["flags"] if f["source"] != "kurier")
    assert {source for source, _ in flags} == {"kurier", "meridian"}

    assert second.returncode == 5
    assert "newsbot: source 'kurier': 0 articles (previous runs: " in second.log
    assert "Source meridian: description fill rate 100% → 0%" in second.log
    assert len(history.read_text().splitlines()) == 2


def test_first_run_of_a_silent_source_is_not_an_alert(demo: DemoSite, tmp_path: Path) -> None:
    redesign(demo, "kurier").rewrite = no_article_links
    result = run_crawl(tmp_path, demo.sources_toml())
    assert result.returncode == 0, result.log
    assert report_of(tmp_path)["flags"] == []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_redis_down_exits_4_with_the_reason(demo: DemoSite, tmp_path: Path) -> None:
    url = f"redis://127.0.0.1:{free_port()}/0"
    result = run_crawl(tmp_path, demo.sources_toml(), state=url)
    assert result.returncode == 4
    assert (
        result.log.rstrip().splitlines()[-1].startswith(f"newsbot: Redis is unreachable at {url}")
    )
    assert result.items == []


def test_state_locked_by_another_run_exits_3(demo: DemoSite, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/state.sqlite3"
    other_run = open_state(url)
    other_run.lock()
    try:
        result = run_crawl(tmp_path, demo.sources_toml(), state=url)
    finally:
        other_run.close()
    assert result.returncode == 3
    last = result.log.rstrip().splitlines()[-1]
    assert last.startswith("newsbot: ") and "in use by another crawl" in last
    assert result.items == []


def test_bad_sources_file_exits_2(tmp_path: Path) -> None:
    result = run_crawl(tmp_path, '[[source]]\nname = "x"\nlistings = ["ftp://x"]\n')
    assert result.returncode == 2
    assert "newsbot: " in result.log and "not an http(s) URL" in result.log


def test_readme_crontab_line_works_as_written(demo: DemoSite, tmp_path: Path) -> None:
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    crontab = (
        readme.split("```cron\n", 1)[1].split("```", 1)[0].replace("/srv/newsbot", str(tmp_path))
    )
    env = dict(line.split("=", 1) for line in crontab.splitlines() if re.match(r"^[A-Z_]+=", line))
    [job] = [line for line in crontab.splitlines() if line.startswith("*/15 ")]
    command = job.split(None, 5)[5]
    (tmp_path / ".venv").symlink_to(sys.prefix)  # no scrapy.cfg, no logs/: newsbot makes it
    sources = tmp_path / "sources.toml"
    sources.write_text(demo.sources_toml(), encoding="utf-8")

    def cron() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["/bin/sh", "-c", command], cwd="/", capture_output=True, text=True, timeout=180,
            env={**env, "HOME": str(tmp_path), "SHELL": "/bin/sh"},
        )  # fmt: skip

    run = cron()
    assert (run.returncode, run.stdout, run.stderr) == (0, "", "")  # cron mails nothing
    assert len(list((tmp_path / "feeds").glob("articles-*.jsonl"))) == 1
    assert "Spider closed (finished)" in (tmp_path / "logs" / "newsbot.log").read_text()

    sources.write_text('[[source]]\nname = "x"\n', encoding="utf-8")
    run = cron()  # a failed run: its newsbot: line is what cron mails
    assert run.returncode == 2
    assert (run.stdout, run.stderr) == (
        "",
        "newsbot: sources.toml: source 'x': no entry point: "
        "give at least one of 'listings', 'feeds', 'sitemaps'\n",
    )
    assert run.stderr.strip() in (tmp_path / "logs" / "newsbot.log").read_text()


def test_second_crawl_of_an_unchanged_site_is_quiet(demo: DemoSite, tmp_path: Path) -> None:
    first = run_crawl(tmp_path, demo.sources_toml())
    assert first.returncode == 0, first.log
    second = run_crawl(tmp_path, demo.sources_toml())
    assert second.returncode == 0, second.log
    report = report_of(tmp_path, 1)
    assert report["flags"] == []
    for row in report["sources"]:
        assert row["exported"] == 0 and row["requested"] == 0
        # its listings link to known articles, its feeds and sitemaps are unchanged (304)
        assert sum(row["discovered"].values()) + row["not_modified"] > 0


def test_unexpected_failure_exits_1_with_the_reason(demo: DemoSite, tmp_path: Path) -> None:
    pipelines = {**settings_module.ITEM_PIPELINES, "tests.no_such_module.Pipeline": 500}
    result = run_crawl(tmp_path, demo.sources_toml(), settings={"ITEM_PIPELINES": pipelines})
    assert result.returncode == 1
    assert result.log.rstrip().splitlines()[-1] == (
        "newsbot: the crawl failed: ModuleNotFoundError: No module named 'tests.no_such_module'"
    )


def test_a_limit_the_user_set_is_a_healthy_end(demo: DemoSite, tmp_path: Path) -> None:
    history = tmp_path / "runs.jsonl"
    whole = run_crawl(tmp_path, demo.sources_toml(), settings={"RUN_REPORT_HISTORY": str(history)})
    assert whole.returncode == 0, whole.log[-2000:]
    result = run_crawl(
        tmp_path, demo.sources_toml(), state=f"sqlite:///{tmp_path}/state2.sqlite3",
        settings={"CLOSESPIDER_ITEMCOUNT": "3", "RUN_REPORT_HISTORY": str(history)},
    )  # fmt: skip
    assert result.stats["finish_reason"] == "closespider_itemcount"
    assert result.returncode == 0, result.log[-2000:]
    # Sources it stopped before reaching are not "0 articles"; a cut crawl is not remembered.
    assert report_of(tmp_path, 1)["flags"] == []
    assert len(history.read_text(encoding="utf-8").splitlines()) == 1
