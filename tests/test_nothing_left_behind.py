"""Nothing left behind (issue 13): a SIGKILLed crawl takes its extraction workers, their fork
server and multiprocessing's resource tracker with it; its unfinished feed file sits in a
hidden ``.partial/`` folder that no feed glob reads, and the next run removes it. End to end,
shipped settings, a real crawl killed with ``kill -9``."""

from __future__ import annotations

import glob
import json
import os
import signal
import subprocess
import time
from pathlib import Path

from newsbot.partial import open_partial, partial_path, sweep
from tests.crawl import LOG_FILE, crawl_command, crawl_env, run_crawl
from tests.procs import session
from tests.sites.paged import PagedSite, Served

SURVIVAL_SECONDS = 10


def wait_for(condition, timeout: float) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_a_crawl_killed_with_sigkill_leaves_no_process_and_no_visible_file(
    tmp_path: Path,
) -> None:
    site = PagedSite(count=60, per_page=20, article_delay=0.3)  # a crawl of ~10 s
    with Served(site) as served:
        sources = tmp_path / "sources.toml"
        sources.write_text(served.sources_toml(), encoding="utf-8")
        state = f"sqlite:///{tmp_path}/state.sqlite3"
        command = crawl_command(sources, state=state, feed=None)  # the default feeds/
        with (tmp_path / "killed.log").open("w") as log:
            crawl = subprocess.Popen(
                command, cwd=tmp_path, env=crawl_env(), stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        # Crawling process, resource tracker, fork server and at least one worker.
        assert wait_for(lambda: len(session(crawl.pid)) >= 4, 120), tmp_path / "killed.log"
        assert wait_for(lambda: len(site.requested()) > 10, 60)
        crawl.send_signal(signal.SIGKILL)
        assert crawl.wait() == -signal.SIGKILL

        assert wait_for(lambda: session(crawl.pid) == [], SURVIVAL_SECONDS), session(crawl.pid)

        feeds = tmp_path / "feeds"
        assert glob.glob(f"{feeds}/*.jsonl*") == []  # the README's DuckDB glob reads nothing
        (stale,) = (feeds / ".partial").iterdir()
        assert stale.name.endswith(".jsonl.part")

        rerun = subprocess.run(
            command, cwd=tmp_path, env=crawl_env(), capture_output=True, text=True, timeout=300
        )
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    logged = (tmp_path / LOG_FILE).read_text(encoding="utf-8")
    assert "Removed 1 unfinished feed file(s) of killed crawls" in logged
    assert not stale.exists()
    assert not (feeds / ".partial").exists()
    (feed,) = glob.glob(f"{feeds}/*.jsonl*")
    urls = {json.loads(line)["url"] for line in Path(feed).read_text().splitlines()}
    assert urls == site.expected_urls(served.base)  # the killed run published nothing


def test_a_partial_file_is_swept_only_when_no_live_writer_holds_it(tmp_path: Path) -> None:
    live = open_partial(tmp_path / "live.jsonl")
    live.write(b"{}\n")
    # A file of a killed run: no process holds a lock on it.
    dead = partial_path(tmp_path / "dead.jsonl")
    dead.write_bytes(b"{}\n")
    waiting = partial_path(tmp_path / "prepared.jsonl")
    waiting.write_bytes(b"{}\n")
    legacy = tmp_path / ".old.jsonl.part"  # where earlier versions wrote
    legacy.write_bytes(b"{}\n")
    held = subprocess.Popen(  # another process writing its own file
        ["python3", "-c", "import fcntl, sys, time; f = open(sys.argv[1], 'ab'); "
         "fcntl.flock(f, fcntl.LOCK_EX); print(flush=True); time.sleep(60)",
         str(partial_path(tmp_path / "other.jsonl"))],
        stdout=subprocess.PIPE,
    )  # fmt: skip
    assert held.stdout is not None
    held.stdout.readline()
    try:
        removed = sweep([tmp_path], keep=lambda path: path == waiting.absolute())
    finally:
        held.kill()
        held.wait()
        held.stdout.close()
    assert removed == 2
    assert not dead.exists() and not legacy.exists()
    assert waiting.exists() and partial_path(tmp_path / "live.jsonl").exists()
    assert partial_path(tmp_path / "other.jsonl").exists()
    live.close()


def test_a_run_with_nothing_new_leaves_no_partial_file(tmp_path: Path) -> None:
    site = PagedSite(count=6)
    with Served(site) as served:
        state = f"sqlite:///{tmp_path}/state.sqlite3"
        run_crawl(tmp_path, served.sources_toml(), state=state, args=["-O", "feeds/a.jsonl"])
        second = run_crawl(
            tmp_path, served.sources_toml(), state=state, args=["-O", "feeds/b.jsonl"]
        )
    assert second.returncode == 0, second.log[-3000:]
    assert sorted(os.listdir(tmp_path / "feeds")) == ["a.jsonl", "a.report.json", "b.report.json"]
