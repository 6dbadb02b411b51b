"""The state in one SQLite file: WAL, one transaction per batch, a versioned schema.

This run's pending writes live in TEMP tables of the same connection: on disk (SQLite's
temporary file), not in Python objects, so a crawl's memory stays flat however many
articles it exports before its feed file is published, and a killed crawl leaves nothing
of them behind.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from newsbot.exceptions import StateError
from newsbot.state.base import (
    _COMMIT_TOKEN,
    Doc,
    Entry,
    Recovery,
    State,
    Status,
    UrlRecord,
)
from newsbot.state.lock import RunLock

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

APPLICATION_ID = 0x4E425354  # "NBST": tells a newsbot state from any other SQLite file
SCHEMA_VERSION = 2
MAX_CANDIDATES = 32
PER_KEY = 8
"""Docs returned per look-up at most, and read per look-up key at most (the newest): copies
are recent and share many keys; a key shared by many docs (a template's fixed sentence)
carries little identity."""

BATCH_ENTRIES = """
CREATE TABLE batch_entries (
    token TEXT NOT NULL,           -- batches.token
    seq INTEGER NOT NULL,          -- order of the entries in the run
    entry TEXT NOT NULL,           -- JSON of one Entry, applied on confirm
    PRIMARY KEY (token, seq)
) WITHOUT ROWID
"""

SCHEMA = f"""
CREATE TABLE urls (
    key INTEGER PRIMARY KEY,       -- article id of the URL key, as a signed 64-bit integer
    doc INTEGER,                   -- docs.id the URL exported or copies
    status INTEGER NOT NULL,       -- newsbot.state.base.Status
    seen_at INTEGER NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE docs (
    id INTEGER PRIMARY KEY,        -- small row number: urls and bands refer to it compactly
    article INTEGER NOT NULL UNIQUE,
    story INTEGER NOT NULL,
    version INTEGER NOT NULL,
    content_hash INTEGER NOT NULL,
    size INTEGER NOT NULL,
    numbers BLOB NOT NULL,
    published INTEGER,
    seen_at INTEGER NOT NULL,
    signature BLOB NOT NULL,
    lede BLOB NOT NULL,
    headline BLOB NOT NULL
);
CREATE INDEX docs_content_hash ON docs (content_hash);
CREATE TABLE bands (
    band INTEGER NOT NULL,         -- signed 32-bit LSH band key
    doc INTEGER NOT NULL,          -- docs.id
    PRIMARY KEY (band, doc)
) WITHOUT ROWID;
CREATE TABLE validators (
    key INTEGER PRIMARY KEY,       -- article id of a feed's or sitemap's URL key
    etag TEXT,
    last_modified TEXT
);
CREATE TABLE batches (
    token TEXT PRIMARY KEY,        -- temporary name of the feed file the batch waits for
    created INTEGER NOT NULL,
    payload TEXT NOT NULL          -- JSON: failures and validators (entries: schema 1 only)
);
{BATCH_ENTRIES};
"""


UPGRADES = {2: [BATCH_ENTRIES]}
"""Schema changes from the version before, applied in order when an older file is opened."""

PENDING = """
CREATE TEMP TABLE p_urls (
    key INTEGER PRIMARY KEY, article INTEGER, status INTEGER NOT NULL, seen_at INTEGER NOT NULL
);
CREATE TEMP TABLE p_docs (
    id INTEGER PRIMARY KEY,        -- insertion order: the first doc of a content hash wins
    article INTEGER NOT NULL UNIQUE, story INTEGER NOT NULL, version INTEGER NOT NULL,
    content_hash INTEGER NOT NULL, size INTEGER NOT NULL, numbers BLOB NOT NULL,
    published INTEGER, seen_at INTEGER NOT NULL, signature BLOB NOT NULL, lede BLOB NOT NULL,
    headline BLOB NOT NULL
);
CREATE INDEX temp.p_docs_content_hash ON p_docs (content_hash);
CREATE TEMP TABLE p_bands (
    band INTEGER NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (band, id)
) WITHOUT ROWID;
CREATE TEMP TABLE p_entries (seq INTEGER PRIMARY KEY, entry TEXT NOT NULL);
"""
"""This run's pending writes (see the module docstring); ``p_`` tables mirror the real ones."""

APPLY_CHUNK = 1000
"""Entries applied per step on confirm: memory stays flat for a batch of any size."""

_DOC_COLUMNS = (
    "article, story, version, content_hash, size, numbers, published, seen_at, signature, lede, "
    "headline"
)
_UPSERT_DOC = (
    f"INSERT INTO {{table}} ({_DOC_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?) "
    "ON CONFLICT (article) DO UPDATE SET story = excluded.story, "
    "version = excluded.version, content_hash = excluded.content_hash, "
    "size = excluded.size, numbers = excluded.numbers, published = excluded.published, "
    "seen_at = excluded.seen_at, signature = excluded.signature, lede = excluded.lede, "
    "headline = excluded.headline"
)
"""Insert a doc, or update it in place: the row keeps its id, which urls and bands refer to."""
QUICK_CHECK_MAX_BYTES = 256 * 2**20
"""Files up to this size are checked whole when opened (``PRAGMA quick_check``: 0.2 s at 24 MB,
5 s at 675 MB); larger ones by their header and schema, and every read turns SQLite's
corruption error into a :class:`StateError`."""

CACHE_KIB = 8 * 1024
"""SQLite page cache. Look-ups touch random leaf pages of a large file, which the OS page
cache serves as well; a larger cache only added to the crawl's memory (32 MB measured)."""

TEMP_CACHE_KIB = 2 * 1024
"""Page cache of the pending tables; beyond it they live in SQLite's temporary file (in the
OS page cache, not in the crawl's memory)."""


def to_int(article: str) -> int:
    """16 hex digits -> signed 64-bit integer (SQLite's INTEGER)."""
    value = int(article, 16)
    return value - (1 << 64) if value >= 1 << 63 else value


def to_hex(value: int) -> str:
    """Signed 64-bit integer -> 16 hex digits."""
    return format(value & 0xFFFFFFFFFFFFFFFF, "016x")


def _corrupted(path: object, problem: object) -> str:
    return (
        f"{path} is corrupted (SQLite says: {problem}); restore it from a backup or move it "
        "away to start a new state. Nothing was changed."
    )


def _guarded(method: Callable[P, R]) -> Callable[P, R]:
    """Report a corrupted file as :class:`StateError` (SQLite finds damage when it reads it)."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except sqlite3.DatabaseError as exc:
            if type(exc) is not sqlite3.DatabaseError:  # locked, constraint...: not damage
                raise
            raise StateError(_corrupted(getattr(args[0], "path", "the state"), exc)) from exc

    return wrapper


class SqliteState(State):
    """:class:`State` in a SQLite file. Pending writes live in TEMP tables until prepared."""

    def __init__(self, path: str | Path, *, lock: bool = False) -> None:
        self.path = Path(path)
        self.url = f"sqlite:///{path}"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StateError(
                f"{self.path}: cannot create the state's folder {self.path.parent} "
                f"({exc.strerror}); point NEWSBOT_STATE at a folder you can write"
            ) from None
        self._lock = RunLock(self.path.with_name(self.path.name + ".lock"))
        if lock:  # before reading the file: a second crawl stops at once
            self.lock()
        try:
            self._db = _connect(self.path)
        except StateError:
            self.unlock()
            raise
        self._entries = 0
        self._failures: dict[str, int] = {}
        self._validators: dict[str, tuple[str | None, str | None]] = {}

    # -- run lock ----------------------------------------------------------------------------

    def lock(self) -> None:
        self._lock.acquire(str(self.path))

    def unlock(self) -> None:
        self._lock.release()

    # -- look-ups ----------------------------------------------------------------------------

    @_guarded
    def records(self, keys: Iterable[str]) -> dict[str, UrlRecord]:
        ints = {to_int(k): k for k in keys}
        found: dict[str, UrlRecord] = {}
        for chunk in _chunks(list(ints), 500):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                "SELECT u.key, d.article, u.status, u.seen_at, u.failures FROM urls u "
                f"LEFT JOIN docs d ON d.id = u.doc WHERE u.key IN ({marks})",
                chunk,
            )
            for key, doc, status, seen_at, failures in rows:
                found[ints[key]] = UrlRecord(
                    ints[key], Status(status), seen_at,
                    to_hex(doc) if doc is not None else None, failures,
                )  # fmt: skip
            if self._entries:  # this run's records win over committed ones
                rows = self._db.execute(
                    f"SELECT key, article, status, seen_at FROM p_urls WHERE key IN ({marks})",
                    chunk,
                )
                for key, doc, status, seen_at in rows:
                    found[ints[key]] = UrlRecord(
                        ints[key], Status(status), seen_at,
                        to_hex(doc) if doc is not None else None,
                    )  # fmt: skip
        return found

    @_guarded
    def doc(self, article: str) -> Doc | None:
        if self._entries:
            row = self._db.execute(
                f"SELECT {_DOC_COLUMNS} FROM p_docs WHERE article = ?", (to_int(article),)
            ).fetchone()
            if row:
                return _doc(row)
        row = self._db.execute(
            f"SELECT {_DOC_COLUMNS} FROM docs WHERE article = ?", (to_int(article),)
        ).fetchone()
        return _doc(row) if row else None

    @_guarded
    def by_content(self, content_hash: int) -> Doc | None:
        if self._entries:
            row = self._db.execute(
                f"SELECT {_DOC_COLUMNS} FROM p_docs WHERE content_hash = ? ORDER BY id LIMIT 1",
                (content_hash,),
            ).fetchone()
            if row:
                return _doc(row)
        row = self._db.execute(
            f"SELECT {_DOC_COLUMNS} FROM docs WHERE content_hash = ? LIMIT 1", (content_hash,)
        ).fetchone()
        return _doc(row) if row else None

    @_guarded
    def candidates(self, bands: Iterable[int]) -> list[Doc]:
        bands = list(dict.fromkeys(bands))
        found: dict[str, Doc] = {}
        if bands:
            tables = [("p_docs", "p_bands", "id")] if self._entries else []
            for docs, band_table, column in [*tables, ("docs", "bands", "doc")]:
                # The newest docs of each key, those sharing the most keys first: a key that
                # a whole template family shares costs no more than a rare one.
                per_key = " UNION ALL ".join(
                    f"SELECT * FROM (SELECT {column} AS d FROM {band_table} WHERE band = ? "
                    f"ORDER BY {column} DESC LIMIT {PER_KEY})"
                    for _ in bands
                )
                rows = self._db.execute(
                    f"SELECT {_DOC_COLUMNS} FROM {docs} JOIN (SELECT d, count(*) AS n FROM "
                    f"({per_key}) GROUP BY d ORDER BY n DESC, d DESC LIMIT ?) ON id = d "
                    "ORDER BY n DESC, d DESC",
                    (*bands, MAX_CANDIDATES),
                )
                for row in rows:
                    doc = _doc(row)
                    found.setdefault(doc.article, doc)
        return list(found.values())

    @_guarded
    def validators(self, key: str) -> tuple[str | None, str | None]:
        row = self._db.execute(
            "SELECT etag, last_modified FROM validators WHERE key = ?", (to_int(key),)
        ).fetchone()
        return (row[0], row[1]) if row else (None, None)

    # -- writes ------------------------------------------------------------------------------

    def set_validators(self, key: str, etag: str | None, last_modified: str | None) -> None:
        self._validators[key] = (etag, last_modified)

    @_guarded
    def add(self, entry: Entry, *, update: bool = False) -> bool:
        keys = [to_int(k) for k in entry.keys]
        marks = ",".join("?" * len(keys))
        if (
            self._entries
            and self._db.execute(f"SELECT 1 FROM p_urls WHERE key IN ({marks})", keys).fetchone()
        ):
            return False  # pending in this run, whatever its status
        if (
            not update
            and self._db.execute(
                f"SELECT 1 FROM urls WHERE key IN ({marks}) AND status != ?", (*keys, Status.FAILED)
            ).fetchone()
        ):
            return False  # seen by an earlier run (what seen() says, pending ones aside)
        target = entry.doc.article if entry.doc else entry.target
        article = to_int(target) if target else None
        with _transaction(self._db, "BEGIN"):  # writes the TEMP tables only
            self._db.executemany(
                "INSERT INTO p_urls (key, article, status, seen_at) VALUES (?, ?, ?, ?)",
                [(k, article, int(entry.status), entry.seen_at) for k in keys],
            )
            if entry.doc is not None:
                self._db.execute(_UPSERT_DOC.format(table="p_docs"), _doc_row(entry.doc))
                (row_id,) = self._db.execute(
                    "SELECT id FROM p_docs WHERE article = ?", (article,)
                ).fetchone()
                self._db.executemany(
                    "INSERT OR IGNORE INTO p_bands (band, id) VALUES (?, ?)",
                    [(band, row_id) for band in entry.bands],
                )
            self._db.execute(
                "INSERT INTO p_entries (entry) VALUES (?)", (json.dumps(_entry_json(entry)),)
            )
        self._entries += 1
        return True

    def record_failure(self, key: str, seen_at: int, count: int = 1) -> None:
        self._failures[key] = self._failures.get(key, 0) + count

    def pending(self) -> int:
        return self._entries + len(self._failures) + len(self._validators)

    @_guarded
    def prepare(self, token: str) -> int:
        count = self.pending()
        if not count:
            return 0
        payload = json.dumps({"failures": self._failures, "validators": self._validators})
        with _transaction(self._db):
            self._db.execute(
                "INSERT OR REPLACE INTO batches (token, created, payload) VALUES (?, ?, ?)",
                (token, int(time.time()), payload),
            )
            self._db.execute("DELETE FROM batch_entries WHERE token = ?", (token,))
            self._db.execute(
                "INSERT INTO batch_entries (token, seq, entry) "
                "SELECT ?, seq, entry FROM p_entries ORDER BY seq",
                (token,),
            )
        self.discard()
        return count

    @_guarded
    def confirm(self, token: str) -> None:
        with _transaction(self._db):
            row = self._db.execute(
                "SELECT payload FROM batches WHERE token = ?", (token,)
            ).fetchone()
            if row is None:
                return
            payload = json.loads(row[0])
            for chunk in _chunks(payload.get("entries", []), APPLY_CHUNK):  # schema 1
                self._apply_entries(chunk)
            seq = 0
            while True:
                rows = self._db.execute(
                    "SELECT seq, entry FROM batch_entries WHERE token = ? AND seq > ? "
                    "ORDER BY seq LIMIT ?",
                    (token, seq, APPLY_CHUNK),
                ).fetchall()
                if not rows:
                    break
                self._apply_entries([json.loads(entry) for _, entry in rows])
                seq = rows[-1][0]
            self._apply_rest(payload)
            self._db.execute("DELETE FROM batches WHERE token = ?", (token,))
            self._db.execute("DELETE FROM batch_entries WHERE token = ?", (token,))

    @_guarded
    def discard(self) -> None:
        if self._entries:
            with _transaction(self._db, "BEGIN"):
                for table in ("p_urls", "p_docs", "p_bands", "p_entries"):
                    self._db.execute(f"DELETE FROM {table}")
        self._entries = 0
        self._failures.clear()
        self._validators.clear()

    @_guarded
    def recover(self, published: Callable[[str], bool]) -> Recovery:
        applied = discarded = 0
        tokens = [t for (t,) in self._db.execute("SELECT token FROM batches ORDER BY created")]
        for token in tokens:
            if token == _COMMIT_TOKEN or published(token):
                self.confirm(token)
                applied += 1
            else:
                with _transaction(self._db):
                    self._db.execute("DELETE FROM batches WHERE token = ?", (token,))
                    self._db.execute("DELETE FROM batch_entries WHERE token = ?", (token,))
                discarded += 1
        return Recovery(applied, discarded)

    @_guarded
    def has_batch(self, token: str) -> bool:
        return bool(self._db.execute("SELECT 1 FROM batches WHERE token = ?", (token,)).fetchone())

    def close(self) -> None:
        self._db.close()
        self.unlock()

    @_guarded
    def counts(self) -> dict[str, int]:
        return {
            table: self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("urls", "docs", "bands")
        }

    def _apply_entries(self, entries: list[dict[str, Any]]) -> None:
        """Write entries (as :func:`_entry_json` made them) into the real tables."""
        url_rows: list[tuple[int, int | None, int, int]] = []
        doc_rows: list[tuple[Any, ...]] = []
        band_rows: list[tuple[int, int | None]] = []
        for e in entries:
            target = e["doc"]["article"] if e["doc"] else e["target"]
            doc_int = to_int(target) if target else None
            url_rows.extend((to_int(k), doc_int, e["status"], e["seen_at"]) for k in e["keys"])
            if e["doc"]:
                d = e["doc"]
                doc_rows.append((
                    doc_int, to_int(d["story"]), d["version"], d["content_hash"], d["size"],
                    bytes.fromhex(d["numbers"]), d["published"], d["seen_at"],
                    bytes.fromhex(d["signature"]), bytes.fromhex(d["lede"]),
                    bytes.fromhex(d["headline"]),
                ))  # fmt: skip
                band_rows.extend((band, doc_int) for band in e["bands"])
        self._db.executemany(_UPSERT_DOC.format(table="docs"), doc_rows)
        self._db.executemany(
            "INSERT INTO urls (key, doc, status, seen_at, failures) "
            "VALUES (?, (SELECT id FROM docs WHERE article = ?), ?, ?, 0) "
            "ON CONFLICT (key) DO UPDATE SET doc = excluded.doc, status = excluded.status, "
            "seen_at = excluded.seen_at, failures = 0",
            url_rows,
        )
        self._db.executemany(
            "INSERT OR IGNORE INTO bands (band, doc) SELECT ?, id FROM docs WHERE article = ?",
            band_rows,
        )

    def _apply_rest(self, payload: dict[str, Any]) -> None:
        """Write a batch's failures and feed validators into the real tables."""
        now = int(time.time())
        self._db.executemany(
            "INSERT INTO urls (key, doc, status, seen_at, failures) VALUES (?, NULL, ?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET failures = failures + excluded.failures, "
            "seen_at = excluded.seen_at WHERE status = ?",
            [(to_int(k), Status.FAILED, now, n, Status.FAILED)
             for k, n in payload["failures"].items()],
        )  # fmt: skip
        self._db.executemany(
            "INSERT OR REPLACE INTO validators (key, etag, last_modified) VALUES (?, ?, ?)",
            [(to_int(k), etag, lm) for k, (etag, lm) in payload.get("validators", {}).items()],
        )


def _connect(path: Path) -> sqlite3.Connection:
    """Open ``path``, creating the schema in a new file; refuse anything that is not ours."""
    fresh = not path.exists() or path.stat().st_size == 0
    # Autocommit mode: transactions are explicit (_transaction), one per batch.
    db = sqlite3.connect(path, isolation_level=None, timeout=5.0)
    try:
        app_id = db.execute("PRAGMA application_id").fetchone()[0]
        version = db.execute("PRAGMA user_version").fetchone()[0]
        tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        db.close()
        raise StateError(
            f"{path} is not a newsbot state file or is corrupted ({exc}); move it away "
            "or point NEWSBOT_STATE at another file. Nothing was changed."
        ) from None
    if fresh or (app_id == 0 and tables == 0):
        _create(db)
    elif app_id != APPLICATION_ID:
        db.close()
        raise StateError(
            f"{path} is an SQLite file of another application (application_id {app_id:#x}), "
            "not a newsbot state; point NEWSBOT_STATE at another file. Nothing was changed."
        )
    elif version > SCHEMA_VERSION:
        db.close()
        raise StateError(
            f"{path} has state schema version {version}, newer than this newsbot's "
            f"({SCHEMA_VERSION}); upgrade newsbot. Nothing was changed."
        )
    elif version < SCHEMA_VERSION:
        _upgrade(db, version)
    try:
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        # FULL: a confirmed batch survives power loss too, like the fsynced feed file.
        db.execute("PRAGMA synchronous = FULL")
        db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        problem = "ok"
        if path.stat().st_size <= QUICK_CHECK_MAX_BYTES:
            problem = db.execute("PRAGMA quick_check(1)").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        problem = str(exc)
        mode = "wal"
    if problem != "ok" or mode != "wal":
        db.close()
        raise StateError(_corrupted(path, problem))
    db.execute("PRAGMA temp_store = FILE")
    db.execute(f"PRAGMA temp.cache_size = -{TEMP_CACHE_KIB}")
    db.executescript(PENDING)
    return db


def _create(db: sqlite3.Connection) -> None:
    db.executescript(
        f"BEGIN; {SCHEMA} PRAGMA application_id = {APPLICATION_ID};"
        f" PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"
    )


def _upgrade(db: sqlite3.Connection, version: int) -> None:
    """Bring a state file of an older schema ``version`` up to :data:`SCHEMA_VERSION`."""
    with _transaction(db):
        for to in range(version + 1, SCHEMA_VERSION + 1):
            for statement in UPGRADES[to]:
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


@contextmanager
def _transaction(db: sqlite3.Connection, begin: str = "BEGIN IMMEDIATE") -> Iterator[None]:
    db.execute(begin)
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _doc(row: tuple[Any, ...]) -> Doc:
    article, story, version, content_hash, size, numbers, published, seen_at, sig, lede, hl = row
    return Doc(
        to_hex(article), to_hex(story), version, content_hash, size, numbers, published,
        seen_at, sig, lede, hl,
    )  # fmt: skip


def _doc_row(d: Doc) -> tuple[Any, ...]:
    """``d`` as a row of ``docs`` (or ``p_docs``), in :data:`_DOC_COLUMNS` order."""
    return (
        to_int(d.article), to_int(d.story), d.version, d.content_hash, d.size, d.numbers,
        d.published, d.seen_at, d.signature, d.lede, d.headline,
    )  # fmt: skip


def _entry_json(entry: Entry) -> dict[str, Any]:
    doc = None
    if entry.doc is not None:
        d = entry.doc
        doc = {
            "article": d.article, "story": d.story, "version": d.version,
            "content_hash": d.content_hash, "size": d.size, "numbers": d.numbers.hex(),
            "published": d.published, "seen_at": d.seen_at, "signature": d.signature.hex(),
            "lede": d.lede.hex(), "headline": d.headline.hex(),
        }  # fmt: skip
    return {
        "keys": list(entry.keys), "status": int(entry.status), "seen_at": entry.seen_at,
        "doc": doc, "bands": list(entry.bands), "target": entry.target,
    }  # fmt: skip


def _chunks(items: list[T], size: int) -> Iterable[list[T]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
