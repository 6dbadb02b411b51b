"""One configuration: every component newsbot ships is enabled by ``newsbot/settings.py``, so
what the end-to-end tests run (the shipped settings, see ``tests/crawl.py``) is what ships."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import TYPE_CHECKING

import pytest
from scrapy import Spider
from scrapy.settings import Settings
from scrapy.utils.misc import load_object

import newsbot
from tests.crawl import check_components
from tests.crawl import newsbot as run_newsbot

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

COMPONENT_KINDS = {
    "ITEM_PIPELINES": ("process_item",),
    "DOWNLOADER_MIDDLEWARES": ("process_request", "process_response", "process_exception"),
    "SPIDER_MIDDLEWARES": (
        "process_start",
        "process_spider_input",
        "process_spider_output",
        "process_spider_exception",
    ),
}
NOT_EXTENSIONS = ("store", "enqueue_request", "request_seen", "fingerprint", "dropped")
"""Methods of what ``from_crawler`` also builds but is not an extension: feed storages,
schedulers, dupefilters, request fingerprinters, log formatters."""


def newsbot_classes() -> Iterator[type]:
    for module_info in pkgutil.walk_packages(newsbot.__path__, "newsbot."):
        if module_info.name.startswith("newsbot.demo"):
            continue
        module = importlib.import_module(module_info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__:
                yield cls


def component_setting(cls: type) -> str | None:
    """The setting that enables ``cls``, or ``None`` if it is no Scrapy component."""
    for setting, methods in COMPONENT_KINDS.items():
        if any(callable(getattr(cls, m, None)) for m in methods):
            return setting
    if issubclass(cls, Spider) or any(hasattr(cls, m) for m in NOT_EXTENSIONS):
        return None
    return "EXTENSIONS" if hasattr(cls, "from_crawler") else None


def enabled(state: str) -> dict[str, set[type]]:
    """Components the shipped settings enable (add-ons applied) with ``NEWSBOT_STATE=state``."""
    settings = Settings()
    settings.setmodule("newsbot.settings", priority="project")
    settings.set("NEWSBOT_STATE", state, priority="cmdline")
    for path in settings.getdict("ADDONS"):
        load_object(path)().update_settings(settings)
    on = {
        name: {load_object(p) for p, order in settings.getdict(name).items() if order is not None}
        for name in (*COMPONENT_KINDS, "EXTENSIONS")
    }
    # An item pipeline may run in the extraction pool's workers instead (newsbot.pool).
    on["ITEM_PIPELINES"] |= {load_object(p) for p in settings.getlist("NEWSBOT_POOL_PIPELINES")}
    return on


def test_every_newsbot_component_is_enabled_by_settings_py() -> None:
    on: dict[str, set[type]] = {}
    for state in ("sqlite:///.newsbot/state.sqlite3", "redis://127.0.0.1:6379/0"):
        for name, classes in enabled(state).items():
            on.setdefault(name, set()).update(classes)
    components = {cls: setting for cls in newsbot_classes() if (setting := component_setting(cls))}
    assert len(components) >= 15  # the walk found them
    off = sorted(
        f"{s}: {c.__module__}.{c.__name__}" for c, s in components.items() if c not in on[s]
    )
    assert off == []


def test_the_crawl_helper_refuses_to_wire_components() -> None:
    with pytest.raises(ValueError, match=r"enable them in newsbot/settings\.py"):
        check_components({"EXTENSIONS": {"newsbot.extensions.progress.Progress": 500}})
    check_components({"EXTENSIONS": {**newsbot_settings("EXTENSIONS"), "tests.killer.KillAt": 9}})


def newsbot_settings(name: str) -> dict[str, int]:
    from newsbot import settings

    return dict(getattr(settings, name))


def test_a_pipeline_listed_for_the_pool_and_the_crawl_is_a_usage_error(tmp_path: Path) -> None:
    """Own settings that still list CleanText in ITEM_PIPELINES (as before it ran in the pool)
    would clean every article twice: exit status 2 and one line, before any request."""
    (tmp_path / "sources.toml").write_text(
        '[[source]]\nname = "x"\nlistings = ["http://127.0.0.1:9/"]\n'
    )
    pipelines = '{"newsbot.pipelines.clean.CleanText": 100}'
    result = run_newsbot("crawl", "-q", "-s", f"ITEM_PIPELINES={pipelines}", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        "newsbot: newsbot.pipelines.clean.CleanText: in both NEWSBOT_POOL_PIPELINES and "
        "ITEM_PIPELINES, so it would run twice on every article; list it in one of them"
    ]
