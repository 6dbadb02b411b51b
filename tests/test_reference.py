"""The README's settings and sources-file tables: generated, complete, with the code's defaults."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path
from typing import Any

import pytest
from scrapy.settings import default_settings

from newsbot import settings as project
from newsbot.reference import SETTINGS, readme_text, settings_table, sources_table
from newsbot.schema import README_PATH
from newsbot.sources import _KEYS, Source

PACKAGE = Path(project.__file__).parent

NOT_FOR_USERS = {
    # the project's wiring: Scrapy finds newsbot's spider, commands and components by them
    "BOT_NAME", "SPIDER_MODULES", "NEWSPIDER_MODULE", "COMMANDS_MODULE", "ADDONS", "EXTENSIONS",
    "ITEM_PIPELINES", "NEWSBOT_POOL_PIPELINES", "DOWNLOADER_MIDDLEWARES", "DOWNLOAD_HANDLERS",
    "FEED_STORAGES", "FEED_EXPORTERS", "REQUEST_FINGERPRINTER_CLASS", "LOG_FORMATTER",
    # promises of the product, not choices: UTF-8 feeds, no empty feed file, no telnet port,
    # no cookie sessions, retries logged as the web's failures (warnings)
    "FEED_EXPORT_ENCODING", "FEED_STORE_EMPTY", "TELNETCONSOLE_ENABLED", "COOKIES_ENABLED",
    "RETRY_ENABLED", "RETRY_GIVE_UP_LOG_LEVEL",
    # set by newsbot itself, from NEWSBOT_STATE
    "REDIS_URL",
}  # fmt: skip
"""Settings newsbot sets or reads that the README's table leaves out, and why. (Scrapy's own
that newsbot reads but leaves as they are need no row: Scrapy documents them.)"""

SCRAPY = {name for name in dir(default_settings) if name.isupper()}


def read_settings() -> dict[str, list[tuple[str, ast.expr | None]]]:
    """Every setting newsbot's code reads: name -> (module, default expression) per call of
    ``<...settings>.get*("NAME"[, default])``."""
    found: dict[str, list[tuple[str, ast.expr | None]]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr.startswith("get")
                and "settings" in ast.unparse(node.func.value)
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
                and node.args[0].value.isupper()
            ):
                default = node.args[1] if len(node.args) > 1 else None
                found.setdefault(node.args[0].value, []).append((module, default))
    return found


def shipped() -> dict[str, Any]:
    return {name: getattr(project, name) for name in dir(project) if name.isupper()}


def test_readme_tables_are_generated() -> None:
    readme = README_PATH.read_text(encoding="utf-8")
    assert readme == readme_text(readme), "the README is stale: run python -m newsbot.reference"
    assert settings_table() in readme and sources_table() in readme


def test_every_setting_newsbot_sets_or_reads_is_documented() -> None:
    documented = [setting.name for setting in SETTINGS]
    assert len(documented) == len(set(documented))
    read = set(read_settings())
    used = (read - SCRAPY) | set(shipped())
    assert sorted(used - set(documented) - NOT_FOR_USERS) == [], "add them to newsbot.reference"
    # nothing is documented that no code reads, nothing left out that is not used
    assert sorted(set(documented) - read - set(shipped()) - SCRAPY) == []
    assert used >= NOT_FOR_USERS and NOT_FOR_USERS.isdisjoint(documented)


def test_documented_defaults_are_the_ones_that_apply() -> None:
    ours = shipped()
    for setting in SETTINGS:
        if setting.name in ours:
            assert setting.default == ours[setting.name], setting.name
    for name, calls in read_settings().items():
        documented = [s for s in SETTINGS if s.name == name]
        if not documented or name in ours:
            continue
        for module, default in calls:
            if default is None:
                continue  # read as `settings.get(NAME) or DEFAULT`, or None: the table says
            code = ast.unparse(default)
            if "settings" in code or "crawler" in code:
                continue  # another setting's value, which the table names
            value = eval(code, vars(importlib.import_module(module)))
            value = list(value) if isinstance(value, tuple) else value
            assert value == documented[0].default, f"{name} in {module}: {code}"


@pytest.mark.parametrize("name", sorted(_KEYS))
def test_every_sources_key_is_in_the_table(name: str) -> None:
    assert f"| `{name}` |" in sources_table()
    assert name in Source.__dataclass_fields__


def test_every_sources_key_is_explained() -> None:
    rows = sources_table().splitlines()[2:]
    assert len(rows) == len(_KEYS)
    assert all(row.rstrip(" |").split(" | ")[-1] for row in rows)
