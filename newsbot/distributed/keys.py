"""Every Redis key of newsbot, spelled here and nowhere else. ``P`` is ``NEWSBOT_REDIS_PREFIX``.

A crawl (:class:`CrawlKeys`, :mod:`newsbot.distributed`):

- ``P:requests``: the shared request queue (scrapy-redis priority queue);
- ``P:round``: the current round's id, set with ``NX`` by the first worker of a round, which
  alone schedules the start entry points; it expires when no worker refreshes it;
- ``P:round:<id>:seen``: the round's request fingerprints (dupefilter);
- ``P:round:<id>:busy``: exists while some worker has work;
- ``P:round:<id>:starter``, ``P:round:<id>:started``: the worker scheduling the entry points,
  and whether it is done;
- ``P:workers``: ids of the registered workers; ``P:worker:<id>``: its heartbeat;
  ``P:worker:<id>:taken``: requests it popped whose items are not yet in a published feed file;
- ``P:site:<host:port>``: requests in flight to one site, all workers together.

The state (:class:`StateKeys`, :mod:`newsbot.state.redis`), under ``P:state:``: ``url:<key>``
(hash: status, seen_at, doc, failures), ``doc:<article>`` (JSON), ``content:<hash>`` (article
id), ``band:<band>`` (set of article ids), ``validators:<key>`` (hash: ETag, Last-Modified),
``batch:<token>`` and ``batches`` (prepared batches), ``claim:<key>`` (the instance whose pending
entry holds the URL key) and ``holder:<id>`` (the heartbeat of an instance outside a crawl; in
a crawl the worker's ``P:worker:<id>`` is used).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

DEFAULT_PREFIX = "newsbot"


def redis_prefix(settings: BaseSettings) -> str:
    """The key namespace: the setting ``NEWSBOT_REDIS_PREFIX``, default ``newsbot``."""
    return str(settings.get("NEWSBOT_REDIS_PREFIX") or DEFAULT_PREFIX)


@dataclass(frozen=True)
class CrawlKeys:
    """The keys of one crawl worker in one round."""

    prefix: str
    worker: str
    round_id: str = ""

    @property
    def queue(self) -> str:
        return f"{self.prefix}:requests"

    @property
    def round(self) -> str:
        return f"{self.prefix}:round"

    @property
    def seen(self) -> str:
        return f"{self.prefix}:round:{self.round_id}:seen"

    @property
    def busy(self) -> str:
        return f"{self.prefix}:round:{self.round_id}:busy"

    @property
    def starter(self) -> str:
        return f"{self.prefix}:round:{self.round_id}:starter"

    @property
    def started(self) -> str:
        return f"{self.prefix}:round:{self.round_id}:started"

    @property
    def workers(self) -> str:
        return f"{self.prefix}:workers"

    @property
    def heartbeats(self) -> str:
        """What a worker id follows in its heartbeat key (for Lua scripts)."""
        return f"{self.prefix}:worker:"

    def alive_of(self, worker: str) -> str:
        return f"{self.heartbeats}{worker}"

    def taken_of(self, worker: str) -> str:
        return f"{self.heartbeats}{worker}:taken"

    @property
    def alive(self) -> str:
        return self.alive_of(self.worker)

    @property
    def taken(self) -> str:
        return self.taken_of(self.worker)

    def site(self, netloc: str) -> str:
        """Requests in flight to the site at ``netloc`` (``host:port``)."""
        return f"{self.prefix}:site:{netloc}"


@dataclass(frozen=True)
class StateKeys:
    """The keys of the state (:mod:`newsbot.state.redis`)."""

    prefix: str

    @property
    def base(self) -> str:
        return f"{self.prefix}:state:"

    def url(self, key: str) -> str:
        return f"{self.base}url:{key}"

    @property
    def docs(self) -> str:
        """What an article id follows in its doc key (for Lua scripts)."""
        return f"{self.base}doc:"

    def doc(self, article: str) -> str:
        return f"{self.docs}{article}"

    def content(self, content_hash: int | str) -> str:
        return f"{self.base}content:{content_hash}"

    def band(self, band: int) -> str:
        return f"{self.base}band:{band}"

    def validators(self, key: str) -> str:
        return f"{self.base}validators:{key}"

    def batch(self, token: str) -> str:
        return f"{self.base}batch:{token}"

    @property
    def batches(self) -> str:
        return f"{self.base}batches"

    def claim(self, key: str) -> str:
        return f"{self.base}claim:{key}"

    @property
    def holders(self) -> str:
        """What an instance id follows in its heartbeat key, outside a crawl."""
        return f"{self.base}holder:"

    def counted(self, name: str) -> str:
        """The pattern of the keys :meth:`RedisState.counts` counts: ``url``, ``doc``, ``band``."""
        return f"{self.base}{name}:*"
