"""README's "Feeds for analysts" recipes, run as written on a day of real feed files, with a
half-written file of a running crawl beside them."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest

from newsbot.demo.site import DemoSite
from newsbot.schema import README_PATH
from tests.crawl import crawl_command, crawl_env

DAY = Path("feeds/2026/11/25")


def readme_blocks(language: str) -> list[str]:
    """The ``language`` code blocks of README's "Feeds for analysts" section."""
    readme = README_PATH.read_text(encoding="utf-8")
    section = readme.split("## Feeds for analysts", 1)[1].split("\n## ", 1)[0]
    return re.findall(rf"```{language}\n(.*?)```", section, re.S)


def crawl_one_day(cwd: Path, sources: Path, **settings: str) -> None:
    """A crawl with the project's default feed, partitioned by day; its day becomes ``DAY``."""
    command = crawl_command(
        sources,
        state=f"sqlite:///{cwd}/state.sqlite3",
        feed=None,
        settings={"NEWSBOT_FEED_PARTITION": "day", **settings},
    )
    proc = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, env=crawl_env(), timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    [day] = [p for p in (cwd / "feeds").glob("*/*/*") if p.is_dir()]
    (cwd / DAY).parent.mkdir(parents=True, exist_ok=True)
    shutil.move(day, cwd / DAY)


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """``feeds/2026/11/25`` holding a Parquet feed, a gzipped JSON Lines feed of the same
    articles, their run reports, and the half-written files of a crawl still running."""
    root = tmp_path_factory.mktemp("analyst")
    with DemoSite() as demo:
        sources = root / "sources.toml"
        sources.write_text(demo.sources_toml(), encoding="utf-8")
        parquet, jsonl = root / "parquet", root / "jsonl"
        parquet.mkdir(), jsonl.mkdir()
        crawl_one_day(parquet, sources, NEWSBOT_FEED_FORMAT="parquet")
        crawl_one_day(jsonl, sources, NEWSBOT_FEED_GZIP="True")
    target = root / DAY
    target.mkdir(parents=True)
    for crawl in (parquet, jsonl):
        for path in (crawl / DAY).iterdir():
            shutil.move(path, target / path.name)
    [feed] = target.glob("*.jsonl.gz")
    count = len(pd.read_json(feed, lines=True))
    [published] = target.glob("*.parquet")
    # A crawl still writing (in .partial/), and one of an earlier version (.<name>.part): cut
    # off mid-line / mid-file.
    (target / ".partial").mkdir()
    for name, data in [
        (".partial/articles-2026-11-25T23-30-00+00-00.jsonl.gz.part", feed.read_bytes()[:1000]),
        (".partial/articles-2026-11-25T23-30-00+00-00.parquet.part", published.read_bytes()[:999]),
        (".articles-2026-11-25T23-00-00+00-00.jsonl.part", b'{"url": '),
    ]:
        (target / name).write_bytes(data)
    return root, count


def test_pandas_recipe(day: tuple[Path, int], monkeypatch: pytest.MonkeyPatch) -> None:
    root, count = day
    monkeypatch.chdir(root)
    namespace: dict[str, Any] = {}
    [code] = readme_blocks("python")
    exec(compile(code, "README.md", "exec"), namespace)
    df, js = namespace["df"], namespace["js"]
    assert len(df) == len(js) == count >= 40
    assert str(df["datePublished"].dtype) == "datetime64[us, UTC]"
    assert str(js["published"].dtype) == "datetime64[us, UTC]"
    by_url = js.set_index("url")
    for row in df.itertuples():
        raw = by_url.loc[row.url, "datePublished"]
        assert row.datePublished == pd.Timestamp(raw)  # the same instant
        assert row.publishedLocal.isoformat() == raw[:19]  # the publisher's clock
        assert by_url.loc[row.url, "publishedOffset"] == raw[-6:]
    assert {"+00:00", "+01:00", "+05:30"} <= set(js["publishedOffset"])


def test_duckdb_recipes(day: tuple[Path, int], monkeypatch: pytest.MonkeyPatch) -> None:
    root, count = day
    monkeypatch.chdir(root)
    [code] = readme_blocks("sql")
    parquet_sql, json_sql = [q for q in code.split(";") if q.strip()]
    parquet = duckdb.sql(parquet_sql).fetchall()
    json_rows = duckdb.sql(json_sql).fetchall()
    assert len(parquet) == len(json_rows) == count
    assert {row[2] for row in parquet} >= {0, 60, 330}
    assert {row[2] for row in json_rows} >= {"+00:00", "+01:00", "+05:30"}
    assert sorted(row[1] for row in parquet) == sorted(row[1] for row in json_rows)
