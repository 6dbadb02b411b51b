"""The state in Redis, shared by every worker of a distributed crawl.

``NEWSBOT_STATE=redis://host:port/db`` (also ``rediss://``, ``unix://``) names the server; the
client is scrapy-redis's (``get_redis_from_settings``), so ``REDIS_PARAMS`` reach it as they
reach the scheduler. Settings: ``NEWSBOT_REDIS_PREFIX`` (key namespace, default ``newsbot``),
``NEWSBOT_SEEN_TTL_DAYS`` (URL records, docs and band entries expire this long after they were
last written; default never), ``NEWSBOT_WORKER_ID`` (set by :mod:`newsbot.distributed` in a
crawl: the worker whose heartbeat key tells whether this instance is alive, so its claims free
up exactly when its requests go back to the queue). The keys: :mod:`newsbot.distributed.keys`.

Many workers share one state, so there is no run lock: :meth:`RedisState.add` claims the URL
keys atomically (a Lua script) instead, and a claim held by an instance without a heartbeat
(a killed worker) can be taken over.
"""

from __future__ import annotations

import json
import secrets
import socket
import threading
import time
from typing import TYPE_CHECKING, Any

from redis.exceptions import RedisError, WatchError
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings, Settings
from scrapy_redis.connection import get_redis_from_settings

from newsbot.distributed import shown_url, unknown_url_option
from newsbot.distributed.keys import CrawlKeys, StateKeys, redis_prefix
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

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from redis import Redis

MAX_CANDIDATES = 32
PER_KEY = 8
"""Docs returned per look-up at most, and read per look-up key at most (a random sample of a
key many docs share), as in the SQLite backend."""

HOLDER_TTL = 30.0
"""Seconds after which an instance that stopped refreshing its heartbeat counts as dead."""

# KEYS: url hashes, then claims; ARGV: owner, update (0/1), holder key prefix.
_CLAIM = """
local n = #KEYS / 2
for i = 1, n do
    if ARGV[2] == '0' then
        local status = redis.call('HGET', KEYS[i], 's')
        if status and status ~= '3' then return 0 end
    end
    local owner = redis.call('GET', KEYS[n + i])
    if owner and owner ~= ARGV[1] and redis.call('EXISTS', ARGV[3] .. owner) == 1 then
        return 0
    end
end
for i = 1, n do redis.call('SET', KEYS[n + i], ARGV[1]) end
return 1
"""

_RELEASE = """
for _, key in ipairs(KEYS) do
    if redis.call('GET', key) == ARGV[1] then redis.call('DEL', key) end
end
return 0
"""

# A failed attempt counts only while the URL has no article: KEYS[1] url hash;
# ARGV: failures, seen_at, ttl ms (0: none).
_FAILURE = """
local status = redis.call('HGET', KEYS[1], 's')
if status and status ~= '3' then return 0 end
redis.call('HSET', KEYS[1], 's', '3', 't', ARGV[2])
redis.call('HINCRBY', KEYS[1], 'f', ARGV[1])
if ARGV[3] ~= '0' then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return 1
"""

_BY_CONTENT = """
local article = redis.call('GET', KEYS[1])
if not article then return false end
return redis.call('GET', ARGV[1] .. article)
"""


class RedisState(State):
    """:class:`State` in Redis. Pending writes live in memory until prepared, as in SQLite;
    their URL keys are claimed in Redis so two workers cannot both add one article."""

    def __init__(
        self,
        server: Redis,
        url: str,
        keys: StateKeys,
        seen_ttl_days: float = 0,
        worker: str | None = None,
    ) -> None:
        self.server = server
        self.url = url
        self.keys = keys
        self.ttl_ms = int(seen_ttl_days * 86400 * 1000)
        self.owner = worker or f"{socket.gethostname()}-{secrets.token_hex(4)}"
        # A crawl worker's heartbeat is kept by newsbot.distributed; else keep our own.
        self.holders = CrawlKeys(keys.prefix, worker).heartbeats if worker else keys.holders
        try:
            self.server.ping()
        except RedisError as exc:
            raise StateError(f"Redis is unreachable at {shown_url(url)}: {exc}") from None
        except TypeError as exc:
            raise unknown_url_option(url, exc) from None
        self._claim = self.server.register_script(_CLAIM)
        self._release = self.server.register_script(_RELEASE)
        self._failure = self.server.register_script(_FAILURE)
        self._by_content = self.server.register_script(_BY_CONTENT)
        self._pending_urls: dict[str, UrlRecord] = {}
        self._pending_docs: dict[str, Doc] = {}
        self._pending_content: dict[int, str] = {}
        self._pending_bands: dict[int, list[str]] = {}
        self._entries: list[Entry] = []
        self._failures: dict[str, int] = {}
        self._validators: dict[str, tuple[str | None, str | None]] = {}
        self.abandoned = False
        self._stop = threading.Event()
        if worker is None:
            self._beat()
            threading.Thread(target=self._beating, name="state-holder", daemon=True).start()

    @classmethod
    def from_settings(cls, url: str, settings: BaseSettings | None = None) -> RedisState:
        """The state in the Redis at ``url`` (``NEWSBOT_STATE``), with the client options
        (``REDIS_PARAMS``...) and newsbot's settings (see the module) of ``settings``."""
        settings = settings.copy() if settings is not None else Settings()
        # NEWSBOT_STATE names the server, whatever REDIS_URL says (the add-on derives one
        # from the other: scheduler and state share one Redis).
        priority = max(settings.getpriority("REDIS_URL") or 0, SETTINGS_PRIORITIES["cmdline"])
        settings.set("REDIS_URL", url, priority=priority)
        days = settings.get("NEWSBOT_SEEN_TTL_DAYS")
        try:
            ttl_days = float(days) if days not in (None, "") else 0.0
        except (TypeError, ValueError):
            raise StateError(f"NEWSBOT_SEEN_TTL_DAYS={days!r} is not a number of days") from None
        return cls(
            get_redis_from_settings(settings),
            url,
            StateKeys(redis_prefix(settings)),
            ttl_days,
            settings.get("NEWSBOT_WORKER_ID") or None,
        )

    # -- keys --------------------------------------------------------------------------------

    def _url(self, key: str) -> str:
        return self.keys.url(key)

    def _doc(self, article: str) -> str:
        return self.keys.doc(article)

    def _claim_key(self, key: str) -> str:
        return self.keys.claim(key)

    def _holder(self, owner: str) -> str:
        return f"{self.holders}{owner}"

    # -- run lock: none, many workers share the state ----------------------------------------

    def lock(self) -> None:
        """Nothing to lock: workers share the state; :meth:`add` claims URL keys instead."""

    def unlock(self) -> None:
        """See :meth:`lock`."""

    def _beat(self) -> None:
        self.server.set(self._holder(self.owner), 1, px=int(HOLDER_TTL * 1000))

    def _beating(self) -> None:
        while not self._stop.wait(HOLDER_TTL / 3):
            try:
                self._beat()
            except RedisError:
                continue  # the crawl sees the failure itself; claims may be taken over

    # -- look-ups ----------------------------------------------------------------------------

    def abandon(self) -> None:
        """Redis is gone: forget the pending writes and make every later call a no-op, so a
        crawl that lost Redis stops without errors and records nothing (its claims expire
        with its heartbeat)."""
        self.abandoned = True
        self._forget_pending()

    def records(self, keys: Iterable[str]) -> dict[str, UrlRecord]:
        if self.abandoned:
            return {}
        keys = list(dict.fromkeys(keys))
        found: dict[str, UrlRecord] = {}
        remote = [k for k in keys if k not in self._pending_urls]
        if remote:
            pipe = self.server.pipeline(transaction=False)
            for key in remote:
                pipe.hmget(self._url(key), "s", "t", "d", "f")
            for key, (status, seen_at, doc, failures) in zip(remote, pipe.execute(), strict=True):
                if status is None:
                    continue
                found[key] = UrlRecord(
                    key, Status(int(status)), int(seen_at or 0),
                    doc.decode() if doc else None, int(failures or 0),
                )  # fmt: skip
        for key in keys:
            if key in self._pending_urls:
                found[key] = self._pending_urls[key]
        return found

    def doc(self, article: str) -> Doc | None:
        if article in self._pending_docs:
            return self._pending_docs[article]
        data = self.server.get(self._doc(article))
        return _doc_from_json(data) if data else None

    def by_content(self, content_hash: int) -> Doc | None:
        if content_hash in self._pending_content:
            return self._pending_docs[self._pending_content[content_hash]]
        data = self._by_content(keys=[self.keys.content(content_hash)], args=[self.keys.docs])
        return _doc_from_json(data) if data else None

    def candidates(self, bands: Iterable[int]) -> list[Doc]:
        bands = list(bands)
        found: dict[str, Doc] = {}
        for band in bands:
            for article in self._pending_bands.get(band, [])[-PER_KEY:]:
                found[article] = self._pending_docs[article]
        if not bands:
            return list(found.values())
        pipe = self.server.pipeline(transaction=False)
        for band in bands:
            pipe.srandmember(self.keys.band(band), PER_KEY)
        shared: dict[str, int] = {}
        for members in pipe.execute():
            for member in members:
                article = member.decode()
                shared[article] = shared.get(article, 0) + 1
        ranked = sorted((a for a in shared if a not in found), key=lambda a: -shared[a])
        articles = ranked[:MAX_CANDIDATES]
        if articles:
            for data in self.server.mget([self._doc(a) for a in articles]):
                if data:
                    doc = _doc_from_json(data)
                    found.setdefault(doc.article, doc)
        return list(found.values())

    def validators(self, key: str) -> tuple[str | None, str | None]:
        etag, modified = self.server.hmget(self.keys.validators(key), "e", "m")
        return (_text(etag) if etag else None, _text(modified) if modified else None)

    # -- writes ------------------------------------------------------------------------------

    def set_validators(self, key: str, etag: str | None, last_modified: str | None) -> None:
        self._validators[key] = (etag, last_modified)

    def add(self, entry: Entry, *, update: bool = False) -> bool:
        if self.abandoned or any(k in self._pending_urls for k in entry.keys):
            return False
        claimed = self._claim(
            keys=[*map(self._url, entry.keys), *map(self._claim_key, entry.keys)],
            args=[self.owner, int(update), self.holders],
        )
        if not claimed:
            return False
        for key in entry.keys:
            self._pending_urls[key] = UrlRecord(
                key, entry.status, entry.seen_at,
                entry.doc.article if entry.doc else entry.target,
            )  # fmt: skip
        if entry.doc is not None:
            doc = entry.doc
            self._pending_docs[doc.article] = doc
            self._pending_content.setdefault(doc.content_hash, doc.article)
            for band in entry.bands:
                self._pending_bands.setdefault(band, []).append(doc.article)
        self._entries.append(entry)
        return True

    def record_failure(self, key: str, seen_at: int, count: int = 1) -> None:
        if self.abandoned:
            return
        self._failures[key] = self._failures.get(key, 0) + count

    def pending(self) -> int:
        return len(self._entries) + len(self._failures) + len(self._validators)

    def prepare(self, token: str) -> int:
        count = self.pending()
        if not count:
            return 0
        payload = json.dumps(
            {
                "owner": self.owner,
                "created": int(time.time()),
                "entries": [_entry_json(e) for e in self._entries],
                "failures": self._failures,
                "validators": self._validators,
            }
        )
        pipe = self.server.pipeline()
        pipe.set(self.keys.batch(token), payload)
        pipe.sadd(self.keys.batches, token)
        pipe.execute()
        self._forget_pending()  # the claims stay until the batch is confirmed or discarded
        return count

    def confirm(self, token: str) -> None:
        batch = self.keys.batch(token)
        with self.server.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(batch)  # type: ignore[no-untyped-call]  # redis-py's
                    data = pipe.get(batch)
                    if data is None:
                        return
                    payload = json.loads(data)
                    pipe.multi()
                    self._apply(pipe, payload)
                    pipe.delete(batch)
                    pipe.srem(self.keys.batches, token)
                    pipe.execute()
                    return
                except WatchError:
                    continue

    def commit(self) -> int:
        # One token per instance: two workers committing at once must not share a batch.
        token = f"{_COMMIT_TOKEN}:{self.owner}"
        count = self.prepare(token)
        if count:
            self.confirm(token)
        return count

    def discard(self) -> None:
        keys = [self._claim_key(k) for k in self._pending_urls]
        if keys:
            self._release(keys=keys, args=[self.owner])
        self._forget_pending()

    def recover(self, published: Callable[[str], bool]) -> Recovery:
        applied = discarded = 0
        for raw in self.server.smembers(self.keys.batches):
            token = _text(raw)
            data = self.server.get(self.keys.batch(token))
            if data is None:
                self.server.srem(self.keys.batches, token)
                continue
            owner = json.loads(data)["owner"]
            if owner != self.owner and self.server.exists(self._holder(owner)):
                continue  # a live worker confirms its own batches
            if token.startswith(_COMMIT_TOKEN) or published(token):
                self.confirm(token)
                applied += 1
            else:
                keys = {k for e in json.loads(data)["entries"] for k in e["keys"]}
                pipe = self.server.pipeline()
                pipe.delete(self.keys.batch(token), *map(self._claim_key, keys))
                pipe.srem(self.keys.batches, token)
                pipe.execute()
                discarded += 1
        return Recovery(applied, discarded)

    def has_batch(self, token: str) -> bool:
        try:
            return bool(self.server.sismember(self.keys.batches, token))
        except RedisError:
            return True  # cannot tell: the caller keeps what may still be needed

    def close(self) -> None:
        self._stop.set()
        if self.abandoned:
            self.server.close()
            return
        try:
            self.discard()
            if self.holders == self.keys.holders:
                self.server.delete(self._holder(self.owner))
        except RedisError:
            pass  # the heartbeat expires by itself
        self.server.close()

    def counts(self) -> dict[str, int]:
        return {
            name: sum(1 for _ in self.server.scan_iter(self.keys.counted(name[:-1]), count=1000))
            for name in ("urls", "docs", "bands")
        }

    # -- helpers -----------------------------------------------------------------------------

    def _forget_pending(self) -> None:
        self._pending_urls.clear()
        self._pending_docs.clear()
        self._pending_content.clear()
        self._pending_bands.clear()
        self._entries.clear()
        self._failures.clear()
        self._validators.clear()

    def _apply(self, pipe: Any, payload: dict[str, Any]) -> None:
        ttl = self.ttl_ms
        now = int(time.time())
        for e in payload["entries"]:
            target = e["doc"]["article"] if e["doc"] else e["target"]
            for key in e["keys"]:
                url = self._url(key)
                pipe.delete(url)
                pipe.hset(url, mapping={"s": e["status"], "t": e["seen_at"], "d": target or ""})
                if ttl:
                    pipe.pexpire(url, ttl)
                pipe.delete(self._claim_key(key))
            if e["doc"]:
                doc = self._doc(target)
                pipe.set(doc, json.dumps(e["doc"]), px=ttl or None)
                content = self.keys.content(e["doc"]["content_hash"])
                pipe.set(content, target, nx=True, px=ttl or None)
                for band in e["bands"]:
                    pipe.sadd(self.keys.band(band), target)
                    if ttl:
                        pipe.pexpire(self.keys.band(band), ttl)
        for key, count in payload["failures"].items():
            self._failure(keys=[self._url(key)], args=[count, now, ttl], client=pipe)
        for key, (etag, modified) in payload.get("validators", {}).items():
            validators = self.keys.validators(key)
            pipe.delete(validators)
            fields = {k: v for k, v in (("e", etag), ("m", modified)) if v}
            if fields:
                pipe.hset(validators, mapping=fields)


def _entry_json(entry: Entry) -> dict[str, Any]:
    return {
        "keys": list(entry.keys),
        "status": int(entry.status),
        "seen_at": entry.seen_at,
        "doc": _doc_json(entry.doc) if entry.doc is not None else None,
        "bands": list(entry.bands),
        "target": entry.target,
    }


def _doc_json(d: Doc) -> dict[str, Any]:
    return {
        "article": d.article, "story": d.story, "version": d.version,
        "content_hash": d.content_hash, "size": d.size, "numbers": d.numbers.hex(),
        "published": d.published, "seen_at": d.seen_at, "signature": d.signature.hex(),
        "lede": d.lede.hex(), "headline": d.headline.hex(),
    }  # fmt: skip


def _doc_from_json(data: bytes | str) -> Doc:
    d = json.loads(data)
    return Doc(
        article=d["article"], story=d["story"], version=d["version"],
        content_hash=d["content_hash"], size=d["size"], numbers=bytes.fromhex(d["numbers"]),
        published=d["published"], seen_at=d["seen_at"], signature=bytes.fromhex(d["signature"]),
        lede=bytes.fromhex(d["lede"]), headline=bytes.fromhex(d["headline"]),
    )  # fmt: skip


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
