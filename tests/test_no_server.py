"""Secure by default (issue 13): a crawl opens no server of its own. Scrapy 2.19's
remote-control extension (an HTTP server that runs the Python code it is sent) and the telnet
console are off unless a user turns them on. End to end, shipped settings."""

from __future__ import annotations

import signal
import subprocess
import time
from pathlib import Path

import pytest

from newsbot import settings
from tests.crawl import LOG_FILE, crawl_command, crawl_env
from tests.procs import listening_ports, session
from tests.sites.paged import PagedSite, Served


def test_the_shipped_settings_turn_every_server_off() -> None:
    assert settings.REMOTE_CONTROL_ENABLED is False
    assert settings.TELNETCONSOLE_ENABLED is False


def listening_while_crawling(tmp_path: Path, extra: dict[str, str]) -> tuple[list[int], str]:
    """The ports the crawl's processes listen on once it is busy, and its log."""
    site = PagedSite(count=30, per_page=30, article_delay=0.3)
    with Served(site) as served:
        sources = tmp_path / "sources.toml"
        sources.write_text(served.sources_toml(), encoding="utf-8")
        command = crawl_command(
            sources, state=f"sqlite:///{tmp_path}/state.sqlite3", feed=tmp_path / "feed.jsonl",
            settings=extra,
        )  # fmt: skip
        log = tmp_path / "crawl.log"
        # Job files (with the remote-control token) go under XDG_STATE_HOME.
        env = {**crawl_env(), "XDG_STATE_HOME": str(tmp_path / "state-home")}
        with log.open("w") as out:
            crawl = subprocess.Popen(
                command, cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        try:
            deadline = time.monotonic() + 120
            while len(site.requested()) < 8 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert len(site.requested()) >= 8, log.read_text()[-3000:]
            ports = [port for pid in session(crawl.pid) for port in listening_ports(pid)]
        finally:
            crawl.send_signal(signal.SIGKILL)
            crawl.wait()
    logged = tmp_path / LOG_FILE  # the crawl's log file; its terminal output is in crawl.log
    return ports, (logged.read_text() if logged.exists() else "") + log.read_text()


def test_a_crawl_listens_on_no_port(tmp_path: Path) -> None:
    ports, log = listening_while_crawling(tmp_path, {})
    assert ports == []
    assert "remote_control" not in log
    assert not (tmp_path / "state-home").exists()  # no job file with a token either


@pytest.mark.parametrize("setting", ["REMOTE_CONTROL_ENABLED"])
def test_a_user_can_turn_the_remote_control_on(tmp_path: Path, setting: str) -> None:
    """The check above can fail: with the extension on, the crawl listens on a port."""
    ports, log = listening_while_crawling(tmp_path, {setting: "True"})
    assert len(ports) == 1, log[-3000:]
    assert "scrapy.extensions.remote_control.RemoteControl" in log
