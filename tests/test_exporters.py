"""Parquet and CSV feeds: typed columns derived from the item's JSON Schema, nested fields as
JSON text in CSV, written by a real crawl of the demo site."""

from __future__ import annotations

import csv
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from scrapy.settings import Settings

from newsbot.demo.site import DemoSite
from newsbot.exporters import arrow_schema, to_row
from newsbot.feedexport import default_feeds
from newsbot.items import Article
from newsbot.schema import article_schema
from tests.crawl import run_crawl

if TYPE_CHECKING:
    from pathlib import Path

UTC_US = pa.timestamp("us", tz="UTC")


def test_the_arrow_schema_follows_the_json_schema() -> None:
    schema = arrow_schema()
    properties = list(article_schema()["properties"])
    offsets = ["datePublishedOffset", "dateModifiedOffset"]
    assert [n for n in schema.names if n not in offsets] == properties
    assert schema.names.index("datePublishedOffset") == schema.names.index("datePublished") + 1
    assert schema.field("datePublished").type == UTC_US
    assert schema.field("dateModifiedOffset").type == pa.int16()
    assert schema.field("authors").type == pa.list_(pa.struct([("name", pa.string())]))
    assert schema.field("keywords").type == pa.list_(pa.string())
    assert schema.field("mainImage").type == pa.struct([("url", pa.string())])
    assert schema.field("discovery").type.names == ["via", "sourceUrl", "sourceTitle", "sourceDate"]
    assert schema.field("metadata").type.field("dateDownloaded").type == UTC_US
    assert schema.field("wordCount").type == pa.int64()
    assert schema.field("isAccessibleForFree").type == pa.bool_()


def test_a_new_object_field_must_declare_its_keys() -> None:
    schema = {"properties": {"extra": {"type": "object", "additionalProperties": {}}}}
    with pytest.raises(ValueError, match="needs its keys declared"):
        arrow_schema(schema)


@pytest.mark.parametrize(
    ("value", "instant", "offset"),
    [
        ("2026-11-24T18:40:00+05:30", datetime(2026, 11, 24, 13, 10, tzinfo=UTC), 330),
        ("2026-11-24T18:40:00-05:00", datetime(2026, 11, 24, 23, 40, tzinfo=UTC), -300),
        ("2026-11-24T18:40:00+00:00", datetime(2026, 11, 24, 18, 40, tzinfo=UTC), 0),
        (None, None, None),
    ],
)
def test_a_date_becomes_an_instant_and_an_offset(
    value: str | None, instant: datetime | None, offset: int | None
) -> None:
    item = Article(url="https://a.example/x", datePublished=value)
    item.metadata = {"dateDownloaded": "2026-11-25T10:00:00+00:00", "spider": "articles"}
    schema = arrow_schema()
    [row] = pa.Table.from_pylist([to_row(item.__dict__, schema)], schema=schema).to_pylist()
    assert row["datePublished"] == instant
    assert row["datePublishedOffset"] == offset
    assert row["metadata"]["dateDownloaded"] == datetime(2026, 11, 25, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("feed_format", "expected"),
    [
        ("parquet", "feeds/articles-%(time)s.parquet"),
        ("csv", "feeds/articles-%(time)s.csv.gz"),
        ("jsonlines", "feeds/articles-%(time)s.jsonl.gz"),
    ],
)
def test_feed_format_setting(feed_format: str, expected: str) -> None:
    settings = Settings()
    settings.setmodule("newsbot.settings")
    settings.setdict({"NEWSBOT_FEED_FORMAT": feed_format, "NEWSBOT_FEED_GZIP": True})
    [(uri, options)] = default_feeds(settings).items()
    assert uri == expected
    assert options["format"] == feed_format
    assert ("postprocessing" in options) == (feed_format != "parquet")  # Parquet is compressed


def test_unknown_feed_format_is_refused() -> None:
    settings = Settings({"NEWSBOT_DEFAULT_FEEDS": {"a.jsonl": {}}, "NEWSBOT_FEED_FORMAT": "xlsx"})
    with pytest.raises(ValueError, match="NEWSBOT_FEED_FORMAT='xlsx'"):
        default_feeds(settings)


@pytest.fixture(scope="module")
def feeds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    """One crawl of the demo site writing the same items as JSON Lines, Parquet and CSV."""
    tmp_path = tmp_path_factory.mktemp("formats")
    with DemoSite() as demo:
        args = ["-O", "out.jsonl", "-O", "out.parquet", "-O", "out.csv"]
        result = run_crawl(tmp_path, demo.sources_toml(), args=args)
    assert result.returncode == 0, result.log
    items = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    assert len(items) >= 40
    return tmp_path, items


def test_parquet_feed_has_typed_columns(feeds: tuple[Path, list[dict[str, Any]]]) -> None:
    tmp_path, items = feeds
    assert not list(tmp_path.glob(".*.part"))
    table = pq.read_table(tmp_path / "out.parquet")
    assert table.schema == arrow_schema()
    rows = table.to_pylist()
    assert [row["url"] for row in rows] == [item["url"] for item in items]
    dated = 0
    for row, item in zip(rows, items, strict=True):
        for name in ("datePublished", "dateModified"):
            if item[name] is None:
                assert row[name] is None and row[f"{name}Offset"] is None
                continue
            local = datetime.fromisoformat(item[name])
            assert row[name] == local
            assert row[f"{name}Offset"] * 60 == local.utcoffset().total_seconds()  # type: ignore[union-attr]
            dated += 1
        assert row["authors"] == item["authors"]
        assert row["keywords"] == item["keywords"]
        assert row["articleSection"] == item["articleSection"]
        assert row["mainImage"] == item["mainImage"]
        assert row["discovery"] == item["discovery"]
        assert row["metadata"]["spider"] == item["metadata"]["spider"]
        assert row["metadata"]["dateDownloaded"] == datetime.fromisoformat(
            item["metadata"]["dateDownloaded"]
        )
        assert row["articleBody"] == item["articleBody"]
        assert row["wordCount"] == item["wordCount"]
    assert dated >= len(items)
    # The demo's sites publish in four time zones: the offsets are the publishers'.
    offsets = set(table.column("datePublishedOffset").to_pylist())
    assert {0, 60, 330}.issubset(offsets) and (-300 in offsets or -240 in offsets)


def test_csv_feed_has_nested_fields_as_json(feeds: tuple[Path, list[dict[str, Any]]]) -> None:
    tmp_path, items = feeds
    with (tmp_path / "out.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    assert list(rows[0]) == list(items[0])
    assert len(rows) == len(items)
    for row, item in zip(rows, items, strict=True):
        for name in ("authors", "keywords", "articleSection", "discovery", "metadata"):
            assert json.loads(row[name]) == item[name]
        assert row["headline"] == item["headline"]
