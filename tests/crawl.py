"""Run ``scrapy crawl articles`` for real, in a subprocess: the one way the end-to-end tests crawl.

What runs is what ships: ``newsbot/settings.py`` as it is, with only locations overridden (the
sources file, the state, the feed, the stats dump) and the knobs a user sets per run with
``-s`` (a limit, a delay, a timeout). :func:`crawl_command` refuses any change to the enabled
newsbot components: a test that needs one is a product that needs it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsbot import settings as project

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parents[1]

COMPONENT_SETTINGS = (
    "ADDONS",
    "DOWNLOADER_MIDDLEWARES",
    "EXTENSIONS",
    "FEED_STORAGES",
    "ITEM_PIPELINES",
    "NEWSBOT_POOL_PIPELINES",
    "SPIDER_MIDDLEWARES",
)
"""Settings that enable components: a test may add its own fixtures (``tests.*``) to them,
never a newsbot component nor take one away."""


LOG_FILE = Path(project.NEWSBOT_LOG_FILE)
"""The shipped log file, relative to where the crawl runs."""


@dataclass
class CrawlResult:
    returncode: int
    items: list[dict[str, Any]]
    stats: dict[str, Any]
    log: str
    """What the run wrote to its log file, then what it printed on the terminal."""
    terminal: str = ""
    """What it printed on the terminal (stderr)."""


def crawl_command(
    sources: Path,
    *,
    state: str,
    feed: Path | None,
    stats: Path | None = None,
    source: str | None = None,
    settings: dict[str, Any] | None = None,
    args: list[str] | None = None,
) -> list[str]:
    """The command line of a crawl of ``sources`` with the shipped settings.

    ``feed`` is written (overwritten) with ``-s FEEDS``; ``None`` keeps the project's default
    feeds, or the ``-O``/``-o`` of ``args``. ``settings`` are per-run knobs (``-s NAME=VALUE``).
    """
    settings = settings or {}
    check_components(settings)
    overrides: dict[str, Any] = {"NEWSBOT_STATE": state}
    if stats is not None:
        overrides["NEWSBOT_STATS_DUMP"] = str(stats)
    if feed is not None:
        overrides["FEEDS"] = {str(feed): {"format": "jsonlines", "overwrite": True}}
    overrides.update(settings)
    command = [sys.executable, "-m", "scrapy", "crawl", "articles", "-a", f"sources={sources}"]
    if source:
        command += ["-a", f"source={source}"]
    for key, value in overrides.items():
        command += ["-s", f"{key}={value if isinstance(value, str) else json.dumps(value)}"]
    return [*command, *(args or [])]


def check_components(settings: dict[str, Any]) -> None:
    """Raise if ``settings`` add, move or remove a newsbot component of the shipped settings."""
    for name in COMPONENT_SETTINGS:
        if name not in settings:
            continue
        value = settings[name]
        given = json.loads(value) if isinstance(value, str) else value
        given, shipped = _as_dict(given), _as_dict(getattr(project, name, {}))
        ours = {k: v for k, v in given.items() if str(k).startswith("newsbot.")}
        if ours != {k: v for k, v in shipped.items() if str(k).startswith("newsbot.")}:
            raise ValueError(
                f"{name}: a test changes newsbot's components ({ours}); enable them in "
                "newsbot/settings.py instead"
            )


def _as_dict(components: Any) -> dict[str, Any]:
    """A component setting as a dict: ordered lists (``NEWSBOT_POOL_PIPELINES``) by position."""
    if isinstance(components, dict):
        return dict(components)
    return {path: order for order, path in enumerate(components)}


def crawl_env() -> dict[str, str]:
    """The environment of a crawl: the project's settings module, this checkout importable."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsbot.settings", "PYTHONPATH": path}


def newsbot(*args: str, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the ``newsbot`` command line in ``cwd`` as a crawl runs (``crawl_env``)."""
    return subprocess.run(
        [sys.executable, "-m", "newsbot.cli", *args],
        cwd=cwd, capture_output=True, text=True, timeout=timeout, env=crawl_env(),
    )  # fmt: skip


def start_crawl(command: list[str], cwd: Path, log: Path) -> subprocess.Popen[bytes]:
    """Start ``command`` in ``cwd``, its log file and its terminal output both in ``log`` (a
    file: a pipe would stay open in any child a killed crawl leaves)."""
    log.write_bytes(b"")
    with log.open("ab") as out:  # appended to by the crawl's log handler too
        return subprocess.Popen(
            [*command, "-s", f"LOG_FILE={log}"], cwd=cwd, env=crawl_env(), stdout=out,
            stderr=subprocess.STDOUT,
        )  # fmt: skip


def run_crawl(
    tmp_path: Path,
    sources_toml: str,
    *,
    state: str | None = None,
    settings: dict[str, Any] | None = None,
    args: list[str] | None = None,
    timeout: float = 180,
    preexec_fn: Callable[[], None] | None = None,
) -> CrawlResult:
    """Crawl with the shipped settings in ``tmp_path``: a fresh feed file ``feed-<n>.jsonl``
    and (by default) a fresh state. With ``-O``/``-o`` in ``args`` the crawl writes only that
    feed."""
    sources = tmp_path / "sources.toml"
    sources.write_text(sources_toml, encoding="utf-8")
    feed = tmp_path / f"feed-{len(list(tmp_path.glob('feed-*.jsonl')))}.jsonl"
    stats_file = tmp_path / "stats.json"
    stats_file.unlink(missing_ok=True)
    own_feed = args is not None and ("-O" in args or "-o" in args)
    command = crawl_command(
        sources,
        state=state or f"sqlite:///{tmp_path}/state.sqlite3",
        feed=None if own_feed else feed,
        stats=stats_file,
        settings=settings,
        args=args,
    )
    log_file = tmp_path / LOG_FILE
    logged = log_file.stat().st_size if log_file.exists() else 0
    proc = subprocess.run(
        command, cwd=tmp_path, capture_output=True, text=True, timeout=timeout, env=crawl_env(),
        preexec_fn=preexec_fn,
    )  # fmt: skip
    items = []
    if feed.exists():
        items = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
    log = log_file.read_bytes()[logged:].decode("utf-8") if log_file.exists() else ""
    return CrawlResult(proc.returncode, items, stats, log + proc.stderr, proc.stderr)
