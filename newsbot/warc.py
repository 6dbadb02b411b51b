"""Reading WARC files (Common Crawl's CC-NEWS, newsbot's own captures) with warcio.

:func:`scan` streams the records of a file, headers only, with their offsets; an
:class:`Archive` reads one record again from its offset. Memory stays flat whatever the file
size: no record is kept. A corrupt or truncated record is reported (:class:`Damaged`) and
skipped: the scan goes on at the next record it can find (the next gzip member of a
``.warc.gz``, the next ``WARC/`` line of a plain ``.warc``).
"""

from __future__ import annotations

import contextlib
import glob
import gzip
import io
import re
import zlib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataReader

if TYPE_CHECKING:
    from collections.abc import Iterator

GZIP_MAGIC = b"\x1f\x8b\x08"
WARC_PREVIEW = 30
"""Bytes of a file that is no WARC file quoted to say what it is instead."""
READ_ERRORS = (Exception,)
"""What reading a damaged record may raise: warcio's parser trips on garbage in many ways
(``ArchiveLoadFailed``, ``zlib.error``, an ``AttributeError`` on a record whose header lost
its target URI...); all mean the record cannot be read."""


class WarcError(Exception):
    """A record that cannot be read back (corrupt or truncated, or not a response)."""


@dataclass(frozen=True)
class Record:
    """One record of a WARC file, as its headers describe it (the body is not read)."""

    path: str
    offset: int
    type: str
    """``WARC-Type``: ``response``, ``request``, ``warcinfo``, ``metadata``, ``revisit``..."""
    url: str | None
    date: str | None
    """``WARC-Date`` as ISO 8601 UTC with seconds (``2024-05-01T00:12:45+00:00``)."""
    status: int | None
    """HTTP status of a response record."""
    content_type: str | None
    """Type of the record's content: the HTTP ``Content-Type`` of a response, the record's
    own ``Content-Type`` for the others."""
    id: str | None = None
    """``WARC-Record-ID``."""
    refers_to: str | None = None
    """``WARC-Refers-To``: the record a ``metadata`` or ``revisit`` record is about."""


@dataclass(frozen=True)
class Damaged:
    """A corrupt or truncated record, skipped."""

    path: str
    offset: int
    reason: str


@dataclass
class ArchivedResponse:
    """An HTTP response as a WARC ``response`` record keeps it."""

    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    """The payload, de-chunked; still in its ``Content-Encoding``, as a download is."""
    date: str | None


def expand(spec: str) -> list[str]:
    """The files of ``-a warc=PATH[,PATH...]``: paths and glob patterns, in the order given
    (a pattern's matches sorted). Raise ``ValueError`` naming a path that matches nothing or
    a file that is not a WARC file."""
    paths: list[str] = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        matches = [part]
        if glob.has_magic(part):
            matches = [m for m in sorted(glob.glob(part)) if Path(m).is_file()]
        if not matches:
            raise ValueError(f"warc={part}: no such file")
        for match in matches:
            if why := not_warc(match):
                raise ValueError(f"warc={match}: {why}")
        paths.extend(m for m in matches if m not in paths)
    if not paths:
        raise ValueError("warc=: give WARC files (paths or glob patterns, comma-separated)")
    return paths


def is_warc(path: str | Path) -> bool:
    """Whether the file starts like a WARC file (plain or gzipped)."""
    return not_warc(path) is None


def not_warc(path: str | Path) -> str | None:
    """Why the file at ``path`` is not a WARC file (plain or gzipped), for a person to act
    on; None if it starts like one."""
    try:
        with Path(path).open("rb") as file:
            head = file.read(WARC_PREVIEW)
            if head.startswith(GZIP_MAGIC[:2]):
                file.seek(0)
                with gzip.GzipFile(fileobj=file) as unzipped:
                    head = unzipped.read(WARC_PREVIEW)
    except IsADirectoryError:
        return f"a directory; give its files, as in {str(path).rstrip('/')}/*.warc.gz"
    except FileNotFoundError:
        return "no such file"
    except (EOFError, zlib.error, gzip.BadGzipFile):
        return "not a WARC file (a damaged or cut gzip file)"
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    if head.startswith(b"WARC/"):
        return None
    if not head:
        return "not a WARC file (empty)"
    if head.startswith(b"crawl-data/"):  # Common Crawl's warc.paths.gz
        return "not a WARC file but a list of WARC paths: download the files it names"
    text = re.sub(r"[^\x20-\x7e]+", "?", head.decode("latin-1"))
    return f"not a WARC file (it begins with {text!r})"


def scan(path: str) -> Iterator[Record | Damaged]:
    """Every record of the WARC file at ``path`` in order, headers only; a record that
    cannot be read whole as :class:`Damaged`, after which the scan resumes at the next one."""
    with Path(path).open("rb") as file:
        gzipped = file.read(2) == GZIP_MAGIC[:2]
        size = file.seek(0, io.SEEK_END)
        position: int | None = 0
        resyncing = False
        while position is not None:
            damaged_at: int | None = None
            for outcome in _records(file, path, position, size):
                if isinstance(outcome, Damaged):
                    if not resyncing:
                        yield outcome
                    damaged_at = outcome.offset
                    break
                resyncing = False
                yield outcome
            if damaged_at is None:
                return
            resyncing = True
            position = _next_start(file, damaged_at + 1, gzipped)


def _records(file: IO[bytes], path: str, position: int, size: int) -> Iterator[Record | Damaged]:
    """The records from ``position``; stops after the first damaged one."""
    file.seek(position)
    iterator = ArchiveIterator(file)
    records = iter(iterator)
    end = position
    while True:
        noise = io.StringIO()
        try:
            with contextlib.redirect_stderr(noise):  # warcio prints what it skips
                record = next(records)
                offset = iterator.get_record_offset()  # reads the record to its end
                end = offset + iterator.get_record_length()
        except StopIteration:
            break
        except READ_ERRORS as exc:
            yield Damaged(path, end, _reason(exc))
            return
        if problem := _incomplete(record, noise.getvalue()):
            yield Damaged(path, offset, problem)
            return
        yield _record(path, offset, record)
    if size - end > 4:  # more than the blank lines that end a record: a record cut short
        yield Damaged(path, end, "truncated record at the end of the file")


def _incomplete(record: Any, noise: str) -> str | None:
    """Why a record read to its end is not whole, if it is not: fewer bytes than its
    ``Content-Length`` (or none declared), or an error warcio printed instead of raising."""
    if record.rec_headers.get_header("Content-Length") is None:
        return "incomplete (no Content-Length)"
    if missing := getattr(record.raw_stream, "limit", 0):
        return f"incomplete ({missing} bytes missing)"
    if noise.strip():
        return noise.strip().splitlines()[0][:100]
    return None


def _reason(exc: BaseException) -> str:
    # warcio quotes the line it could not parse: binary garbage in a damaged file.
    text = " ".join(str(exc).split()).split(", first line:", 1)[0]
    text = re.sub(r"[^\x20-\x7e]+", "?", text)[:100]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _record(path: str, offset: int, record: Any) -> Record:
    headers = record.rec_headers
    http = record.http_headers if record.rec_type in ("response", "revisit") else None
    own_type = headers.get_header("Content-Type")
    status: int | None = None
    if http is not None:
        with contextlib.suppress(TypeError, ValueError):
            status = int(http.get_statuscode())
    return Record(
        path=path,
        offset=offset,
        type=record.rec_type,
        url=_target(headers.get_header("WARC-Target-URI")),
        date=iso_date(headers.get_header("WARC-Date")),
        status=status,
        content_type=http.get_header("Content-Type") if http is not None else own_type,
        id=headers.get_header("WARC-Record-ID"),
        refers_to=headers.get_header("WARC-Refers-To"),
    )


def _target(uri: str | None) -> str | None:
    # WARC 1.0 writers (Heritrix before 3.4) wrap the URI in angle brackets.
    return uri.strip().removeprefix("<").removesuffix(">") if uri else None


def iso_date(value: str | None) -> str | None:
    """A ``WARC-Date`` (``2024-05-01T00:12:45Z``, fractions in WARC 1.1) as ISO 8601 UTC with
    seconds, the form of ``metadata.dateDownloaded``; None if it is not a date."""
    try:
        return datetime.fromisoformat(value or "").isoformat(timespec="seconds")
    except ValueError:
        return None


def _next_start(file: IO[bytes], start: int, gzipped: bool) -> int | None:
    """The offset of the next place a record may start at or after ``start``: a gzip member
    header, or a ``WARC/`` version line."""
    marker = GZIP_MAGIC if gzipped else b"\nWARC/"
    chunk_size = 1 << 20
    position = start
    while True:
        file.seek(position)
        chunk = file.read(chunk_size + len(marker))
        if not chunk:
            return None
        found = chunk.find(marker)
        if found >= 0:
            return position + found + (0 if gzipped else 1)
        position += chunk_size


class Archive:
    """WARC files opened once, to read records again by offset."""

    def __init__(self) -> None:
        self.files: dict[str, IO[bytes]] = {}

    def response(
        self, path: str, offset: int, max_size: int = 0, *, decoded: bool = False
    ) -> ArchivedResponse:
        """The response record at ``offset`` of ``path``, its body de-chunked, and with
        ``decoded`` also out of its ``Content-Encoding``. Raise :class:`WarcError` if it
        cannot be read whole, :class:`TooLarge` if its body exceeds ``max_size`` (0: no
        limit)."""
        with self._reading(path, offset) as (iterator, record):
            if record.rec_type != "response" or record.http_headers is None:
                raise WarcError(f"{path}@{offset}: not a response record")
            http = record.http_headers
            chunked = (http.get_header("Transfer-Encoding") or "").lower() == "chunked"
            if decoded:
                stream = record.content_stream()
            elif chunked:
                stream = ChunkedDataReader(record.raw_stream)
            else:
                stream = record.raw_stream
            body = stream.read(max_size + 1) if max_size else stream.read()
            if max_size and len(body) > max_size:
                raise TooLarge(f"{path}@{offset}: body larger than {max_size} bytes")
            iterator.read_to_end()
        dropped = {"transfer-encoding"} if chunked else set()
        if decoded and http.get_header("Content-Encoding"):
            dropped.add("content-encoding")
        return ArchivedResponse(
            url=_target(record.rec_headers.get_header("WARC-Target-URI")) or "",
            status=int(http.get_statuscode()),
            headers=[(k, v) for k, v in http.headers if k.lower() not in dropped],
            body=body,
            date=iso_date(record.rec_headers.get_header("WARC-Date")),
        )

    def payload(self, path: str, offset: int) -> bytes:
        """The content of the record at ``offset`` (a ``metadata`` or ``resource`` record)."""
        with self._reading(path, offset) as (iterator, record):
            content = record.content_stream().read()
            iterator.read_to_end()
        return bytes(content)

    @contextlib.contextmanager
    def _reading(self, path: str, offset: int) -> Iterator[tuple[ArchiveIterator, Any]]:
        """The record at ``offset``, to read within the block; errors as :class:`WarcError`."""
        file = self.files.get(path)
        if file is None:
            file = self.files[path] = Path(path).open("rb")  # noqa: SIM115 - kept open
        file.seek(offset)
        noise = io.StringIO()
        try:
            with contextlib.redirect_stderr(noise):
                iterator = ArchiveIterator(file)
                record = next(iter(iterator))
                yield iterator, record
        except WarcError:
            raise
        except (StopIteration, *READ_ERRORS) as exc:
            raise WarcError(f"{path}@{offset}: {_reason(exc)}") from None
        if problem := _incomplete(record, noise.getvalue()):
            raise WarcError(f"{path}@{offset}: {problem}")

    def close(self) -> None:
        for file in self.files.values():
            file.close()
        self.files.clear()


class TooLarge(WarcError):
    """A record whose body exceeds the download size limit."""
