"""Reading WARC files: records in order with their offsets, damaged ones skipped, one record
read back by offset."""

from __future__ import annotations

import gzip
import random
from typing import TYPE_CHECKING

import pytest
from warcio.warcwriter import WARCWriter

from newsbot.warc import Archive, Damaged, Record, TooLarge, WarcError, expand, is_warc, scan
from tests.warcs import Fetched, chunked, write_response

if TYPE_CHECKING:
    from pathlib import Path

HTML = [("Content-Type", "text/html; charset=utf-8")]


def page(n: int, size: int = 3000) -> Fetched:
    words = " ".join(f"{random.Random(n * size + i).getrandbits(40):x}" for i in range(size // 11))
    body = f"<html><body><h1>Story {n}</h1><p>{words}</p></body></html>"
    return Fetched(f"https://news.example/2026/11/25/story-{n}/", 200, HTML, body.encode())


def write(path: Path, pages: list[Fetched], *, gz: bool = True) -> list[int]:
    """The pages as response records; the offset of each."""
    offsets = []
    with path.open("wb") as file:
        writer = WARCWriter(file, gzip=gz, warc_version="1.1")
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for p in pages:
            offsets.append(file.tell())
            write_response(writer, p, request=False)
    return offsets


def urls(outcomes: list[Record | Damaged]) -> list[str | None]:
    return [o.url if isinstance(o, Record) else "DAMAGED" for o in outcomes]


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
def test_scan_gives_every_record_with_its_offset(tmp_path: Path, gz: bool) -> None:
    path = tmp_path / ("a.warc.gz" if gz else "a.warc")
    offsets = write(path, [page(n) for n in range(4)], gz=gz)
    records = list(scan(str(path)))
    assert [r.type for r in records] == ["warcinfo"] + ["response"] * 4  # type: ignore[union-attr]
    assert [r.offset for r in records[1:]] == offsets
    first = records[1]
    assert isinstance(first, Record)
    assert (first.url, first.status, first.date) == (page(0).url, 200, "2026-11-25T10:00:00+00:00")
    assert first.content_type == "text/html; charset=utf-8"
    assert is_warc(path)


def test_a_corrupt_record_is_skipped_and_the_scan_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    offsets = write(path, [page(n) for n in range(5)])
    data = bytearray(path.read_bytes())
    data[offsets[2] + 30 : offsets[2] + 50] = b"\x00" * 20
    path.write_bytes(bytes(data))
    outcomes = list(scan(str(path)))
    assert urls(outcomes)[1:] == [page(0).url, page(1).url, "DAMAGED", page(3).url, page(4).url]
    assert outcomes[3].offset == offsets[2]


@pytest.mark.parametrize("gz", [True, False], ids=["warc.gz", "warc"])
@pytest.mark.parametrize("cut", [40, 1500], ids=["in the header", "in the body"])
def test_a_truncated_last_record_is_reported(tmp_path: Path, gz: bool, cut: int) -> None:
    path = tmp_path / "a.warc"
    offsets = write(path, [page(n, size=20_000) for n in range(3)], gz=gz)
    path.write_bytes(path.read_bytes()[: offsets[2] + cut])
    outcomes = list(scan(str(path)))
    assert urls(outcomes)[1:] == [page(0).url, page(1).url, "DAMAGED"]
    assert outcomes[-1].reason.startswith(("incomplete", "truncated"))  # type: ignore[union-attr]


def test_garbage_between_records_costs_one_record(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    offsets = write(path, [page(n) for n in range(3)])
    data = path.read_bytes()
    path.write_bytes(data[: offsets[1]] + b"\x1f\x8b\x08garbage" * 50 + data[offsets[1] :])
    assert urls(list(scan(str(path))))[1:] == [page(0).url, "DAMAGED", page(1).url, page(2).url]


def test_a_record_is_read_back_by_its_offset(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    encoded = page(1)
    encoded.headers = [*HTML, ("Content-Encoding", "gzip")]
    encoded.body = gzip.compress(page(1).body)
    split = page(2)
    split.headers = [*HTML, ("Transfer-Encoding", "chunked")]
    split.body = chunked(page(2).body, 100)
    offsets = write(path, [page(0), encoded, split])
    archive = Archive()
    try:
        plain = archive.response(str(path), offsets[0])
        assert (plain.url, plain.status, plain.body) == (page(0).url, 200, page(0).body)
        assert plain.date == "2026-11-25T10:00:00+00:00"
        # As a download: still in its Content-Encoding (Scrapy decodes it), de-chunked.
        assert archive.response(str(path), offsets[1]).body == encoded.body
        dechunked = archive.response(str(path), offsets[2])
        assert dechunked.body == page(2).body
        assert "Transfer-Encoding" not in dict(dechunked.headers)
        with pytest.raises(TooLarge):
            archive.response(str(path), offsets[0], max_size=1000)
        with pytest.raises(WarcError, match="not a response record"):
            archive.response(str(path), 0)
        with pytest.raises(WarcError):
            archive.response(str(path), offsets[0] + 7)
    finally:
        archive.close()


def test_expand_paths_and_patterns(tmp_path: Path) -> None:
    for name in ("b.warc.gz", "a.warc.gz", "c.warc"):
        write(tmp_path / name, [page(1)], gz=name.endswith(".gz"))
    assert expand(f"{tmp_path}/*.warc.gz,{tmp_path}/c.warc") == [
        f"{tmp_path}/a.warc.gz", f"{tmp_path}/b.warc.gz", f"{tmp_path}/c.warc",
    ]  # fmt: skip
    with pytest.raises(ValueError, match=r"warc=.*/nothing-\*\.warc: no such file"):
        expand(f"{tmp_path}/a.warc.gz,{tmp_path}/nothing-*.warc")


@pytest.mark.parametrize(
    ("name", "content", "why"),
    [
        ("empty.warc.gz", b"", "not a WARC file (empty)"),
        # what curl -O saves when the file is not there
        ("CC-NEWS-1.warc.gz", b'<?xml version="1.0"?><Error><Code>NoSuchKey</Code></Error>',
         "not a WARC file (it begins with '<?xml version=\"1.0\"?><Error><C')"),
        ("warc.paths.gz", gzip.compress(b"crawl-data/CC-NEWS/2024/05/CC-NEWS-1.warc.gz\n"),
         "not a WARC file but a list of WARC paths: download the files it names"),
        ("cut.warc.gz", gzip.compress(b"WARC/1.1\r\n")[:12],
         "not a WARC file (a damaged or cut gzip file)"),
        ("folder", None, "a directory; give its files, as in {tmp}/folder/*.warc.gz"),
    ],
    ids=["empty", "error-page", "paths-list", "cut-gzip", "directory"],
)  # fmt: skip
def test_a_file_that_is_no_warc_is_named_with_what_it_is(
    tmp_path: Path, name: str, content: bytes | None, why: str
) -> None:
    write(tmp_path / "good.warc.gz", [page(1)])
    if content is None:
        (tmp_path / name).mkdir()
    else:
        (tmp_path / name).write_bytes(content)
    assert not is_warc(tmp_path / name)
    with pytest.raises(ValueError) as raised:
        expand(f"{tmp_path}/good.warc.gz,{tmp_path}/{name}")
    assert str(raised.value) == f"warc={tmp_path}/{name}: {why.format(tmp=tmp_path)}"
    if content is not None:  # a pattern's matches are checked too (folders are not matches)
        with pytest.raises(ValueError, match=f"warc={tmp_path}/{name}: "):
            expand(f"{tmp_path}/*")
