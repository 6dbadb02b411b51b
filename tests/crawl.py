"""Run ``scrapy crawl articles`` for real, in a subprocess, against the loopback demo site."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class CrawlResult:
    returncode: int
    items: list[dict[str, Any]]
    stats: dict[str, Any]
    log: str


def run_crawl(
    tmp_path: Path,
    sources_toml: str,
    *,
    state: str | None = None,
    settings: dict[str, Any] | None = None,
    args: list[str] | None = None,
    timeout: float = 180,
) -> CrawlResult:
    """Crawl with the project's settings in ``tmp_path``, a fresh feed file and (by default) a
    fresh state. With ``-O``/``-o`` in ``args`` the crawl writes only that feed."""
    sources = tmp_path / "sources.toml"
    sources.write_text(sources_toml, encoding="utf-8")
    feed = tmp_path / f"feed-{len(list(tmp_path.glob('feed-*.jsonl')))}.jsonl"
    stats_file = tmp_path / "stats.json"
    overrides = {
        "NEWSBOT_STATE": state or f"sqlite:///{tmp_path}/state.sqlite3",
        "AUTOTHROTTLE_ENABLED": "False",
        "NEWSBOT_STATS_DUMP": str(stats_file),
        **{k: v if isinstance(v, str) else json.dumps(v) for k, v in (settings or {}).items()},
    }
    command = [sys.executable, "-m", "scrapy", "crawl", "articles", "-a", f"sources={sources}"]
    for key, value in overrides.items():
        command += ["-s", f"{key}={value}"]
    if args and ("-O" in args or "-o" in args):
        command += args
    else:
        feeds = {str(feed): {"format": "jsonlines", "overwrite": True}}
        command += ["-s", f"FEEDS={json.dumps(feeds)}", *(args or [])]
    proc = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "SCRAPY_SETTINGS_MODULE": "newsbot.settings"},
    )  # fmt: skip
    items = []
    if feed.exists():
        items = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    return CrawlResult(proc.returncode, items, stats, proc.stderr)
