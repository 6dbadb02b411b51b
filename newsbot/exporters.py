"""Feed formats for analysts beside JSON Lines: Parquet (typed columns) and CSV.

Parquet (``-O feed.parquet``, or ``NEWSBOT_FEED_FORMAT = "parquet"``): one row per article,
columns derived from the item's JSON Schema (:func:`newsbot.schema.article_schema`), never
written twice:

- a ``date-time`` string (``datePublished``, ``dateModified``) is a UTC timestamp, and its
  publisher's offset goes into the column after it, ``<name>Offset``, in minutes east of UTC
  (``120`` for ``+02:00``); inside an object (``metadata.dateDownloaded``, always UTC) it is a
  UTC timestamp alone;
- a list is a list (``authors`` a list of structs), an object with declared keys a struct
  (``discovery``, ``mainImage``, ``metadata``), integers ``int64``, booleans ``bool``.

CSV: Scrapy's CSV exporter, with lists and objects written as JSON text (Scrapy writes a
Python ``repr``, which no CSV reader can parse back).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.exporters import BaseItemExporter
from scrapy.exporters import CsvItemExporter as ScrapyCsvItemExporter

from newsbot.schema import article_schema

if TYPE_CHECKING:
    import pyarrow as pa  # imported when a Parquet feed is written: ~0.3 s and tens of MB

OFFSET_SUFFIX = "Offset"
"""``datePublished`` -> ``datePublishedOffset``: the publisher's UTC offset, in minutes."""

ROWS_PER_GROUP = 1000
"""Rows kept in memory before they are written as one Parquet row group (~5 MB of text)."""


def arrow_schema(schema: dict[str, Any] | None = None) -> pa.Schema:
    """The Arrow schema of a Parquet feed: the item's JSON Schema (by default), column by
    column, with an offset column after each top-level ``date-time`` column."""
    import pyarrow as pa

    if schema is None:
        schema = article_schema()
    fields = []
    for name, prop in schema["properties"].items():
        fields.append(pa.field(name, arrow_type(prop)))
        if prop.get("format") == "date-time":
            fields.append(pa.field(name + OFFSET_SUFFIX, pa.int16()))
    return pa.schema(fields)


def arrow_type(prop: dict[str, Any]) -> pa.DataType:
    """The Arrow type of one JSON Schema property (``null`` only makes it nullable)."""
    import pyarrow as pa

    kinds = _kinds(prop)
    if prop.get("format") == "date-time":
        return pa.timestamp("us", tz="UTC")
    if "array" in kinds:
        return pa.list_(arrow_type(prop.get("items", {"type": "string"})))
    if "object" in kinds:
        properties = prop.get("properties") or {}
        if not properties:
            raise ValueError(f"an object property needs its keys declared: {prop}")
        return pa.struct([pa.field(k, arrow_type(v)) for k, v in properties.items()])
    for kind, arrow in (("integer", pa.int64()), ("number", pa.float64()), ("boolean", pa.bool_())):
        if kind in kinds:
            return arrow
    return pa.string()


def _kinds(prop: dict[str, Any]) -> set[str]:
    """The JSON types a property allows, through ``anyOf`` branches."""
    kinds = prop.get("type", [])
    found = {kinds} if isinstance(kinds, str) else set(kinds)
    for branch in prop.get("anyOf", []):
        found |= _kinds(branch)
    return found


def to_row(item: dict[str, Any], schema: pa.Schema) -> dict[str, Any]:
    """One item as a row of ``schema``: date-time strings parsed, their offsets split off."""
    import pyarrow as pa

    row = dict(item)
    for field in schema:
        if pa.types.is_timestamp(field.type) and field.name in row:
            moment = _moment(row[field.name])
            row[field.name] = moment
            offset_column = field.name + OFFSET_SUFFIX
            if offset_column in schema.names:
                row[offset_column] = _offset_minutes(moment)
        elif pa.types.is_struct(field.type) and isinstance(row.get(field.name), dict):
            row[field.name] = _struct(row[field.name], field.type)
    return row


def _struct(value: dict[str, Any], struct: pa.StructType) -> dict[str, Any]:
    import pyarrow as pa

    value = dict(value)
    for field in struct:
        if pa.types.is_timestamp(field.type) and field.name in value:
            value[field.name] = _moment(value[field.name])
    return value


def _moment(value: str | None) -> datetime | None:
    if not value:
        return None
    return datetime.fromisoformat(value)


def _offset_minutes(moment: datetime | None) -> int | None:
    offset = moment.utcoffset() if moment is not None else None
    return None if offset is None else int(offset.total_seconds() // 60)


class ParquetItemExporter(BaseItemExporter):
    """Write items as a Parquet file (zstd), :data:`ROWS_PER_GROUP` rows at a time."""

    def __init__(self, file: IO[bytes], **kwargs: Any) -> None:
        super().__init__(dont_fail=True, **kwargs)
        self.file = file
        self.rows: list[dict[str, Any]] = []
        self.schema: pa.Schema | None = None
        self.writer: Any = None

    def start_exporting(self) -> None:
        import pyarrow.parquet as pq

        self.schema = arrow_schema()
        self.writer = pq.ParquetWriter(self.file, self.schema, compression="zstd")

    def export_item(self, item: Any) -> None:
        assert self.schema is not None
        self.rows.append(to_row(ItemAdapter(item).asdict(), self.schema))
        if len(self.rows) >= ROWS_PER_GROUP:
            self._flush()

    def finish_exporting(self) -> None:
        self._flush()
        self.writer.close()  # writes the footer; the feed storage closes the file

    def _flush(self) -> None:
        import pyarrow as pa

        if self.rows:
            self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
            self.rows = []


class CsvItemExporter(ScrapyCsvItemExporter):
    """Scrapy's CSV exporter with lists and objects as JSON text (``[{"name": "Cy Dahl"}]``)."""

    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        if isinstance(value, (list, dict)):
            return json.dumps(value, ensure_ascii=False)
        return super().serialize_field(field, name, value)
