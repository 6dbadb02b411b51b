"""What a cron crawl promises, end to end with the shipped settings (``tests/crawl.py``), the
real engine and the demo sites on 127.0.0.1 (issue 13):

- nothing is marked as seen that is not published: a feed that is not written ends the run with
  status 6 and one ``newsbot:`` line, and the next run exports every article;
- run 2 of an unchanged site downloads no article page, whether its articles came from
  listings, feeds or sitemaps, on SQLite and on Redis;
- exit statuses cron can trust: 7 when every entry point of a source failed, no alarm for an
  unchanged site whose listing links to a page that is no article.
"""

from __future__ import annotations

import ctypes
import re
import socket
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from newsbot.demo.server import Reply, html_reply
from newsbot.demo.site import DemoSite, build_sites
from tests.crawl import CrawlResult, crawl_env, run_crawl
from tests.redis_server import running_redis

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from newsbot.demo.newssite import NewsSite
    from newsbot.demo.server import Request


class Rewritten:
    """A demo site whose replies a test rewrites."""

    def __init__(self, site: NewsSite, rewrite: Callable[[Request, Reply], Reply]) -> None:
        self.site = site
        self.name = site.name
        self.rewrite = rewrite

    def respond(self, request: Request) -> Reply:
        return self.rewrite(request, self.site.respond(request))


def serve(names: tuple[str, ...], rewrite: Callable[[Request, Reply], Reply] | None = None) -> Any:
    """The demo sites called ``names``, their replies rewritten by ``rewrite``."""
    demo = DemoSite(sites=[s for s in build_sites() if s.name in names])
    demo.start()
    if rewrite is not None:
        for server in demo.servers:
            server.app = Rewritten(server.app, rewrite)
    return demo


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoSite]:
    with DemoSite() as site:
        yield site


def last_line(result: CrawlResult) -> str:
    return result.log.rstrip().splitlines()[-1]


def article_paths(site: DemoSite, before: dict[str, list[str]] | None = None) -> list[str]:
    """Article pages the demo servers served (since ``before``)."""
    expected = {url.split("/", 3)[3] for url in site.expected_articles()}
    served = []
    for name, paths in site.requests().items():
        new = paths[len((before or {}).get(name, [])) :]
        served += [p for p in new if p.lstrip("/").split("?")[0] in expected]
    return served


# -- nothing marked as seen that is not published ----------------------------------------------


def without_dac_override() -> None:
    """In the child: even root obeys file modes (drop CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH from
    the bounding set, so the crawl started next does not have them)."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def read_only_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "feeds"
    folder.mkdir()
    folder.chmod(0o555)
    return folder


@pytest.mark.parametrize("where", ["read-only folder", "folder is a file", "unknown scheme"])
def test_an_unwritable_feed_stops_the_crawl_and_the_next_run_exports_everything(
    demo: DemoSite, tmp_path: Path, where: str
) -> None:
    if where == "read-only folder":
        out, expected = read_only_folder(tmp_path) / "out.jsonl", "no file can be created in"
    elif where == "folder is a file":
        (tmp_path / "feeds").write_text("")
        out, expected = tmp_path / "feeds" / "out.jsonl", "a file is in the way"
    else:
        out, expected = "nosuch://bucket/out.jsonl", "no feed storage for 'nosuch' URIs"
    result = run_crawl(
        tmp_path, demo.sources_toml(), args=["-O", str(out)], preexec_fn=without_dac_override
    )
    assert result.returncode == 6, result.log[-3000:]
    assert last_line(result) == (
        f"newsbot: feed {out} could not be written: "
        + last_line(result).split(": ", 2)[2].split(";")[0]
        + "; the crawl stopped before its first request"
    )
    assert expected in last_line(result)
    assert "Traceback" not in result.log
    assert result.stats["finish_reason"] == "feed_unwritable"
    assert result.stats.get("downloader/request_count", 0) == 0

    again = run_crawl(tmp_path, demo.sources_toml())  # same state, a writable feed
    assert again.returncode == 0, again.log[-3000:]
    assert {i["url"] for i in again.items} == set(demo.expected_articles())


def test_a_disabled_feed_storage_stops_the_crawl(demo: DemoSite, tmp_path: Path) -> None:
    try:
        import boto3  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("boto3 is installed: Scrapy's s3 storage is not disabled")
    result = run_crawl(tmp_path, demo.sources_toml(), args=["-O", "s3://bucket/x.jsonl"])
    assert result.returncode == 6, result.log[-3000:]
    assert last_line(result) == (
        "newsbot: feed s3://bucket/x.jsonl could not be written: the s3 feed storage is "
        "disabled: missing boto3 library; the crawl stopped before its first request"
    )
    assert result.stats.get("downloader/request_count", 0) == 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_feed_whose_store_fails_commits_nothing(demo: DemoSite, tmp_path: Path) -> None:
    # Scrapy's FTP storage writes when the crawl ends: nothing listens on that port.
    uri = f"ftp://user:pw@127.0.0.1:{free_port()}/x.jsonl"
    result = run_crawl(tmp_path, demo.sources_toml(), args=["-O", uri])
    assert result.returncode == 6, result.log[-3000:]
    assert last_line(result) == (
        f"newsbot: feed {uri} could not be written: its storage failed (see the log above); "
        "no article was marked as seen: the next run exports them again"
    )
    assert "Traceback" not in result.log
    assert result.stats["item_scraped_count"] == len(demo.expected_articles())
    assert result.stats["newsbot/state/discarded"] >= result.stats["item_scraped_count"]

    again = run_crawl(tmp_path, demo.sources_toml())
    assert again.returncode == 0, again.log[-3000:]
    assert {i["url"] for i in again.items} == set(demo.expected_articles())


def test_demo_into_a_read_only_folder_does_not_claim_success(tmp_path: Path) -> None:
    out = read_only_folder(tmp_path) / "demo.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "newsbot.cli", "demo", "-o", str(out)],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, env=crawl_env(),
        preexec_fn=without_dac_override,
    )  # fmt: skip
    assert proc.returncode == 6
    assert "articles exported" not in proc.stdout
    assert proc.stderr.rstrip().splitlines()[-1].startswith(f"newsbot: feed {out} could not be")
    assert not out.exists()


# -- incremental for every entry point ---------------------------------------------------------


def no_conditional_get(request: Request, reply: Reply) -> Reply:
    """A server that ignores If-None-Match: it sends an ETag that never matches."""
    return Reply(reply.status, reply.body, reply.content_type,
                 {**reply.headers, "ETag": '"never-the-same"'})  # fmt: skip


@pytest.mark.parametrize("state", ["sqlite", "redis"])
@pytest.mark.parametrize("conditional", [True, False], ids=["304", "no-304"])
def test_second_run_of_a_feed_and_sitemap_site_downloads_no_article(
    tmp_path: Path, state: str, conditional: bool
) -> None:
    site = serve(("wire", "gazette"), None if conditional else no_conditional_get)
    redis = running_redis(tmp_path / "redis") if state == "redis" else None
    try:
        url = next(redis).url if redis else f"sqlite:///{tmp_path}/state.sqlite3"
        knobs = {"NEWSBOT_IDLE_CLOSE_SECONDS": "2"} if redis else {}
        first = run_crawl(tmp_path, site.sources_toml(), state=url, settings=knobs)
        assert first.returncode == 0, first.log[-3000:]
        assert first.stats["item_scraped_count"] == len(site.expected_articles()) > 0
        before = site.requests()
        second = run_crawl(tmp_path, site.sources_toml(), state=url, settings=knobs)
    finally:
        if redis:
            next(redis, None)
        site.stop()
    assert second.returncode == 0, second.log[-3000:]
    assert second.stats.get("item_scraped_count", 0) == 0
    assert article_paths(site, before) == []
    assert second.stats.get("newsbot/state/article_downloads", 0) == 0
    if conditional:
        assert second.stats["newsbot/state/not_modified"] >= 2  # the feed(s) and the sitemaps
    else:
        assert second.stats.get("newsbot/state/not_modified", 0) == 0
        # the entries were read, and the state knew them all
        assert second.stats["newsbot/known"] >= len(site.expected_articles())


def test_failed_article_downloads_are_counted_and_given_up(tmp_path: Path) -> None:
    site = serve(("wire",))
    dead = next(iter(site.expected_articles())).split("/", 3)[3]

    def gone(request: Request, reply: Reply) -> Reply:
        return html_reply("<h1>Gone</h1>", status=404) if request.path == f"/{dead}" else reply

    for server in site.servers:
        server.app = Rewritten(server.app, gone)
    codes = []
    try:
        for _ in range(3):
            result = run_crawl(tmp_path, site.sources_toml(),
                               settings={"NEWSBOT_STATE_MAX_FAILURES": "2"})  # fmt: skip
            codes.append(result.returncode)
    finally:
        site.stop()
    assert codes == [0, 0, 0], result.log[-3000:]  # a page failing again is no alarm
    # asked in runs 1 and 2 (a 404 is not retried within a run), given up on in run 3
    assert site.requests()["wire"].count(f"/{dead}") == 2


# -- exit statuses -----------------------------------------------------------------------------


def test_a_dead_host_is_one_line_and_status_7(tmp_path: Path) -> None:
    base = f"http://127.0.0.1:{free_port()}"
    sources = f'[[source]]\nname = "dead"\nlistings = ["{base}/news/"]\nfeeds = ["{base}/rss"]\n'
    result = run_crawl(tmp_path, sources, settings={"RETRY_TIMES": "0"})
    assert result.returncode == 7, result.log[-3000:]
    assert last_line(result) == (
        f"newsbot: source 'dead': every entry point failed: {base}/news/ (connection_refused), "
        f"{base}/rss (connection_refused)"
    )
    assert "Traceback" not in result.log


def test_an_unknown_host_is_status_7(tmp_path: Path) -> None:
    sitemap = "https://news.nosuch.invalid/sitemap.xml"  # .invalid never resolves (RFC 2606)
    result = run_crawl(tmp_path, f'[[source]]\nname = "gone"\nsitemaps = ["{sitemap}"]\n',
                       settings={"RETRY_TIMES": "0"})  # fmt: skip
    assert result.returncode == 7, result.log[-3000:]
    assert last_line(result) == f"newsbot: source 'gone': every entry point failed: {sitemap} (dns)"


def test_a_new_source_whose_sitemap_is_404_is_status_7(tmp_path: Path) -> None:
    def no_sitemap(request: Request, reply: Reply) -> Reply:
        return html_reply("<h1>Not Found</h1>", status=404) if "sitemap" in request.path else reply

    site = serve(("gazette", "wire"), no_sitemap)
    try:
        result = run_crawl(tmp_path, site.sources_toml())
    finally:
        site.stop()
    assert result.returncode == 7, result.log[-3000:]
    [sitemap] = re.findall(r'sitemaps = \["([^"]+)"\]', site.sources_toml())
    assert last_line(result) == (
        f"newsbot: source 'gazette': every entry point failed: {sitemap} (http_404)"
    )
    assert {i["source"] for i in result.items} == {"wire"}  # the other source is exported


def test_an_unchanged_site_linking_to_a_page_that_is_no_article_is_no_alarm(
    tmp_path: Path,
) -> None:
    """Kurier's listing links to a "page not found" served with status 200: dropped in every
    run it is asked (up to NEWSBOT_STATE_MAX_FAILURES), never an alarm (exit 5)."""
    site = serve(("kurier",))
    soft = next(iter(site.expected_articles())).split("/", 3)[3]
    kurier = site.sites[0]

    def soft_404(request: Request, reply: Reply) -> Reply:
        return html_reply(kurier.not_found_page(request)) if request.path == f"/{soft}" else reply

    for server in site.servers:
        server.app = Rewritten(server.app, soft_404)
    runs = []
    try:
        for _ in range(4):
            runs.append(run_crawl(tmp_path, site.sources_toml()))
    finally:
        site.stop()
    assert [r.returncode for r in runs] == [0, 0, 0, 0], runs[-1].log[-3000:]
    assert runs[0].stats["item_dropped_reasons_count/SoftNotFound"] == 1
    assert runs[0].items and not any(r.items for r in runs[1:])
    # asked in runs 1 to 3 (NEWSBOT_STATE_MAX_FAILURES = 3), then given up on
    assert site.requests()["kurier"].count(f"/{soft}") == 3
