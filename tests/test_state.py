"""The state store contract: SQLite on ``tmp_path``, Redis on a real redis-server."""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from scrapy.settings import Settings

from newsbot.exceptions import StateError, StateLocked
from newsbot.state import Doc, Entry, State, Status, open_state
from newsbot.state import sqlite as sqlite_backend
from newsbot.state.sqlite import SqliteState
from newsbot.urls import article_id
from tests.redis_server import RedisServer, running_redis

NOW = 1_750_000_000


def doc(article: str, content_hash: int = 1, story: str | None = None) -> Doc:
    return Doc(
        article=article, story=story or article, version=1, content_hash=content_hash,
        size=40, numbers=b"\x01\x00", published=NOW - 60, seen_at=NOW,
        signature=bytes(range(20)), lede=bytes(16), headline=bytes(16),
    )  # fmt: skip


def exported(url: str, content_hash: int = 1, bands: tuple[int, ...] = (11, 12)) -> Entry:
    key = article_id(url)
    return Entry((key,), Status.EXPORTED, NOW, doc(key, content_hash), bands)


@pytest.fixture
def state_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "state.sqlite3"


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    yield from running_redis(tmp_path_factory.mktemp("redis"))


@pytest.fixture(params=["sqlite", "redis"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


sqlite_only = pytest.mark.parametrize("backend", ["sqlite"])


@pytest.fixture
def opener(
    backend: str, state_path: Path, request: pytest.FixtureRequest
) -> Iterator[Callable[[], State]]:
    opened: list[State] = []
    url = f"sqlite:///{state_path}"
    settings = Settings()
    if backend == "redis":  # a namespace of its own per test
        url = request.getfixturevalue("redis_server").url
        settings.set("NEWSBOT_REDIS_PREFIX", secrets.token_hex(4))

    def open_() -> State:
        state = open_state(url, settings=settings)
        opened.append(state)
        return state

    yield open_
    for state in opened:
        state.close()


def test_open_state_parses_the_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    relative = open_state("sqlite:///.newsbot/state.sqlite3")
    absolute = open_state(f"sqlite:///{tmp_path}/abs.sqlite3")
    try:
        assert isinstance(relative, SqliteState)
        assert (tmp_path / ".newsbot" / "state.sqlite3").exists()
        assert (tmp_path / "abs.sqlite3").exists()
    finally:
        relative.close()
        absolute.close()


@pytest.mark.parametrize("url", ["state.sqlite3", "sqlite://state.sqlite3", "postgres:///x", ""])
def test_open_state_rejects_other_urls(url: str) -> None:
    with pytest.raises(StateError, match="NEWSBOT_STATE"):
        open_state(url)


def test_a_state_path_under_a_file_is_a_state_error(tmp_path: Path) -> None:
    """Not a FileExistsError traceback (exit status 1): the crawl's exit status 4, one line."""
    (tmp_path / "file").write_text("")
    with pytest.raises(StateError, match="cannot create the state's folder"):
        open_state(f"sqlite:///{tmp_path}/file/state.sqlite3")


def test_add_checks_and_records_in_one_step(opener: Callable[[], State]) -> None:
    state = opener()
    assert state.add(exported("https://example.com/a"))
    assert not state.add(exported("https://www.example.com/a/"))  # the same URL key
    assert state.has_url(article_id("https://example.com/a"))
    assert not state.has_url(article_id("https://example.com/b"))


def test_nothing_is_seen_until_the_batch_is_confirmed(opener: Callable[[], State]) -> None:
    writer = opener()
    key = article_id("https://example.com/a")
    writer.add(exported("https://example.com/a"))
    assert writer.prepare("/feeds/.a.jsonl.part") == 1
    reader = opener()
    assert not reader.has_url(key)
    writer.confirm("/feeds/.a.jsonl.part")
    assert reader.has_url(key)
    assert reader.doc(key) == doc(key)


def test_recover_applies_published_batches_and_discards_the_others(
    opener: Callable[[], State],
) -> None:
    killed = opener()
    killed.add(exported("https://example.com/published", content_hash=1))
    killed.prepare("/feeds/.published.part")
    killed.add(exported("https://example.com/lost", content_hash=2))
    killed.prepare("/feeds/.lost.part")
    killed.close()  # the process died between prepare and confirm
    state = opener()
    recovery = state.recover(lambda token: token == "/feeds/.published.part")
    assert (recovery.applied, recovery.discarded) == (1, 1)
    assert state.has_url(article_id("https://example.com/published"))
    assert not state.has_url(article_id("https://example.com/lost"))
    assert state.recover(lambda token: True).applied == 0


def test_discard_forgets_the_pending_entries(opener: Callable[[], State]) -> None:
    state = opener()
    state.add(exported("https://example.com/a"))
    state.discard()
    assert state.pending() == 0
    assert not state.has_url(article_id("https://example.com/a"))


def test_failures_are_counted_and_do_not_count_as_seen(opener: Callable[[], State]) -> None:
    state = opener()
    key = article_id("https://example.com/broken")
    for _ in range(2):
        state.record_failure(key, NOW)
        state.commit()
    record = state.records([key])[key]
    assert (record.status, record.failures) == (Status.FAILED, 2)
    assert not state.has_url(key)
    state.add(exported("https://example.com/broken"))
    state.commit()
    assert state.records([key])[key].status == Status.EXPORTED


def test_lookups_by_content_and_band_see_pending_and_committed(
    opener: Callable[[], State],
) -> None:
    state = opener()
    state.add(exported("https://example.com/old", content_hash=7, bands=(1, 2)))
    state.commit()
    state.add(exported("https://example.com/new", content_hash=8, bands=(2, 3)))
    old, new = article_id("https://example.com/old"), article_id("https://example.com/new")
    assert state.by_content(7).article == old
    assert state.by_content(8).article == new
    assert state.by_content(9) is None
    assert {d.article for d in state.candidates([2])} == {old, new}
    assert {d.article for d in state.candidates([3, 4])} == {new}
    assert state.candidates([99]) == []


def test_duplicates_point_at_the_doc_they_copy(opener: Callable[[], State]) -> None:
    state = opener()
    original = article_id("https://example.com/original")
    state.add(exported("https://example.com/original"))
    copy = article_id("https://other.example.org/copy")
    state.add(Entry((copy,), Status.DUPLICATE, NOW, target=original))
    state.commit()
    record = opener().records([copy])[copy]
    assert (record.status, record.doc) == (Status.DUPLICATE, original)


def test_feed_validators_are_committed_with_the_batch(opener: Callable[[], State]) -> None:
    state = opener()
    key = article_id("https://example.com/rss.xml")
    state.set_validators(key, '"abc"', "Mon, 24 Nov 2026 10:00:00 GMT")
    assert state.validators(key) == (None, None)
    state.prepare("/feeds/.a.part")
    state.confirm("/feeds/.a.part")
    assert opener().validators(key) == ('"abc"', "Mon, 24 Nov 2026 10:00:00 GMT")


@sqlite_only  # Redis: workers share the state; add() claims URL keys instead of a lock
def test_a_second_crawl_on_the_same_state_is_refused(opener: Callable[[], State]) -> None:
    first, second = opener(), opener()
    first.lock()
    with pytest.raises(StateLocked, match=r"in use by another crawl \(pid \d+"):
        second.lock()
    first.unlock()
    second.lock()


@sqlite_only
def test_lookups_use_indexes(opener: Callable[[], State], state_path: Path) -> None:
    opener()
    db = sqlite3.connect(state_path)
    plans = [
        "SELECT * FROM urls WHERE key IN (1, 2)",
        "SELECT * FROM docs WHERE content_hash = 1",
        "SELECT DISTINCT doc FROM bands WHERE band IN (1, 2)",
        "SELECT * FROM docs WHERE id IN (1, 2)",
        "SELECT * FROM docs WHERE article = 1",
        "SELECT * FROM validators WHERE key = 1",
    ]
    for sql in plans:
        plan = " ".join(row[-1] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert "SCAN" not in plan, (sql, plan)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()


def test_a_foreign_sqlite_file_is_refused_and_left_alone(state_path: Path) -> None:
    state_path.parent.mkdir(parents=True)
    db = sqlite3.connect(state_path)
    db.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    db.commit()
    db.close()
    before = state_path.read_bytes()
    with pytest.raises(StateError, match="another application"):
        open_state(f"sqlite:///{state_path}")
    assert state_path.read_bytes() == before


def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(state_path: Path) -> None:
    state_path.parent.mkdir(parents=True)
    state_path.write_bytes(b"url,seen\nhttps://example.com/a,1\n" * 100)
    before = state_path.read_bytes()
    with pytest.raises(StateError, match="not a newsbot state file or is corrupted"):
        open_state(f"sqlite:///{state_path}")
    assert state_path.read_bytes() == before


def corrupt(opener: Callable[[], State], state_path: Path) -> None:
    state = opener()
    for i in range(300):
        state.add(exported(f"https://example.com/{i}", content_hash=i, bands=(i, i + 1)))
    state.commit()
    state.close()
    data = bytearray(state_path.read_bytes())
    assert len(data) > 6 * 4096
    data[2 * 4096 : 6 * 4096] = b"\xa5" * (4 * 4096)  # b-tree pages overwritten
    state_path.write_bytes(bytes(data))


@sqlite_only
def test_a_corrupted_state_is_refused(opener: Callable[[], State], state_path: Path) -> None:
    corrupt(opener, state_path)
    with pytest.raises(StateError, match="corrupted"):
        open_state(f"sqlite:///{state_path}")


@sqlite_only
def test_damage_in_a_large_state_is_reported_when_read(
    opener: Callable[[], State], state_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite_backend, "QUICK_CHECK_MAX_BYTES", 0)  # as if it were large
    corrupt(opener, state_path)
    state = open_state(f"sqlite:///{state_path}")
    try:
        with pytest.raises(StateError, match="corrupted"):
            for i in range(300):
                state.records([article_id(f"https://example.com/{i}")])
                state.by_content(i)
                state.candidates([i])
    finally:
        state.close()


@sqlite_only
def test_a_state_from_a_newer_newsbot_is_refused(
    opener: Callable[[], State], state_path: Path
) -> None:
    opener().close()
    db = sqlite3.connect(state_path)
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    with pytest.raises(StateError, match="schema version 99, newer"):
        open_state(f"sqlite:///{state_path}")


@sqlite_only
def test_a_schema_1_file_is_upgraded_and_its_prepared_batch_applied(
    opener: Callable[[], State], state_path: Path
) -> None:
    opener().close()
    # What newsbot 1 left after a kill between prepare and confirm: entries in the payload.
    db = sqlite3.connect(state_path)
    db.execute("DROP TABLE batch_entries")
    db.execute("PRAGMA user_version = 1")
    key = article_id("https://example.com/old")
    entry = sqlite_backend._entry_json(exported("https://example.com/old"))
    payload = json.dumps({"entries": [entry], "failures": {}})
    db.execute("INSERT INTO batches VALUES ('/feeds/.old.part', 1, ?)", (payload,))
    db.commit()
    db.close()
    state = opener()
    assert state.recover(lambda token: True).applied == 1
    assert state.has_url(key)
    assert state.doc(key) == doc(key)
    db = sqlite3.connect(state_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == sqlite_backend.SCHEMA_VERSION
    db.close()


@sqlite_only
def test_pending_entries_of_a_killed_crawl_leave_no_trace(opener: Callable[[], State]) -> None:
    killed = opener()
    for i in range(3 * sqlite_backend.APPLY_CHUNK):
        killed.add(exported(f"https://example.com/{i}", content_hash=i, bands=(i,)))
    assert killed.has_url(article_id("https://example.com/7"))
    assert killed.by_content(7) == doc(article_id("https://example.com/7"), 7)
    assert [d.article for d in killed.candidates([7])] == [article_id("https://example.com/7")]
    killed.close()  # never prepared: the pending entries were only in its TEMP tables
    state = opener()
    assert state.recover(lambda token: True) == sqlite_backend.Recovery()
    assert not state.has_url(article_id("https://example.com/7"))
    assert state.counts() == {"urls": 0, "docs": 0, "bands": 0}


def test_a_batch_larger_than_one_apply_step_is_applied_whole(opener: Callable[[], State]) -> None:
    state = opener()
    n = 2 * sqlite_backend.APPLY_CHUNK + 7
    for i in range(n):
        state.add(exported(f"https://example.com/{i}", content_hash=i, bands=(i,)))
    assert state.prepare("/feeds/.big.part") == n
    state.confirm("/feeds/.big.part")
    assert state.pending() == 0
    assert state.seen(article_id(f"https://example.com/{i}") for i in range(n)) == {
        article_id(f"https://example.com/{i}") for i in range(n)
    }
