"""scrapy-redis's scheduler, queue and dupefilter, adapted to many workers that may die.

- A request a worker pops is moved, in one step (a Lua script), from the shared queue into the
  worker's ``taken`` hash, where it stays until the worker's feed file is published; a dead
  worker's ``taken`` requests go back to the queue (:mod:`newsbot.distributed.worker`).
- The dupefilter uses the project's request fingerprinter (same article under http/https,
  ``www.``, tracking parameters: one request) and one key per crawl round.
- A Redis error makes the worker stop (``redis_lost``) instead of logging a traceback per call.
"""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING, Any, Self

from redis.exceptions import RedisError
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

from newsbot.distributed.worker import Worker

if TYPE_CHECKING:
    from redis import Redis
    from scrapy import Request, Spider
    from scrapy.crawler import Crawler


logger = logging.getLogger(__name__)

TAKEN_META = "newsbot_taken"
"""``Request.meta`` key: the field of the request in its worker's ``taken`` hash."""

ROUND_META = "newsbot_round"
"""``Request.meta`` key: the crawl round that scheduled the request. A request left in the
queue by an earlier round (all its workers died) must pass this round's dupefilter when taken,
as the new round schedules the same pages again from its start entry points."""

# Pop the best request and keep it in the worker's hash, atomically: a worker killed right
# after the pop still leaves the request where another worker finds it.
_POP_AND_TAKE = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0)
if #r == 0 then return false end
redis.call('ZREM', KEYS[1], r[1])
redis.call('HSET', KEYS[2], redis.sha1hex(r[1]), r[1])
return r[1]
"""


class TakingQueue(PriorityQueue):  # type: ignore[misc]  # scrapy-redis has no type hints
    """scrapy-redis's priority queue whose :meth:`pop` records the request as taken."""

    def __init__(self, server: Redis, spider: Spider, key: str, taken_key: str) -> None:
        super().__init__(server, spider, key)
        self.taken_key = taken_key
        self._pop = server.register_script(_POP_AND_TAKE)

    def pop(self, timeout: int = 0) -> Request | None:
        data = self._pop(keys=[self.key, self.taken_key])
        if not data:
            return None
        request: Request = self._decode_request(data)
        request.meta[TAKEN_META] = hashlib.sha1(data).hexdigest()
        return request


class RoundDupeFilter(RFPDupeFilter):  # type: ignore[misc]  # scrapy-redis has no type hints
    """scrapy-redis's dupefilter with the project's fingerprints, one Redis set per round."""

    def __init__(self, server: Redis, key: str, crawler: Crawler) -> None:
        super().__init__(server, key)
        self.crawler = crawler

    @classmethod
    def for_round(cls, crawler: Crawler, worker: Worker) -> Self:
        return cls(worker.server, worker.keys.seen, crawler)

    def request_fingerprint(self, request: Request) -> str:
        assert self.crawler.request_fingerprinter is not None
        return self.crawler.request_fingerprinter.fingerprint(request).hex()

    def close(self, reason: str = "") -> None:
        """Keep the set: other workers of the round still use it (it expires with the round)."""


class RedisScheduler(Scheduler):  # type: ignore[misc]  # scrapy-redis has no type hints
    """scrapy-redis's scheduler on the worker's connection, keys and round."""

    def __init__(self, crawler: Crawler, worker: Worker) -> None:
        super().__init__(
            worker.server,
            persist=True,
            queue_key=worker.keys.queue,
            dupefilter=RoundDupeFilter.for_round(crawler, worker),
        )
        self.crawler = crawler
        self.worker = worker
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        worker = crawler.get_extension(Worker)
        if worker is None:
            raise RuntimeError(
                "newsbot.distributed.scheduler.RedisScheduler needs the extension "
                "newsbot.distributed.worker.Worker (NEWSBOT_STATE=redis://... enables both)"
            )
        return cls(crawler, worker)

    def open(self, spider: Spider) -> None:
        self.spider = spider
        self.queue = TakingQueue(self.server, spider, self.queue_key, self.worker.keys.taken)
        if len(self.queue):
            logger.info(
                "Joining a crawl with %(n)d requests queued in Redis", {"n": len(self.queue)}
            )

    def close(self, reason: str) -> None:
        """The queue and the round's fingerprints are shared: never flush them."""

    def enqueue_request(self, request: Request) -> bool:
        if self.worker.lost:
            return False
        request.meta.pop(TAKEN_META, None)
        request.meta[ROUND_META] = self.worker.keys.round_id
        try:
            if not request.dont_filter and self.df.request_seen(request):
                self.df.log(request, self.spider)
                return False
            self.queue.push(request)
        except RedisError as exc:
            self.worker.lose(f"Redis failed while scheduling {request.url}: {exc}")
            return False
        self._inc("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        if self.worker.lost:
            return None
        try:
            while (request := self.queue.pop()) is not None and not self._this_round(request):
                self.server.hdel(self.worker.keys.taken, request.meta[TAKEN_META])
        except RedisError as exc:
            self.worker.lose(f"Redis failed while taking a request: {exc}")
            return None
        if request is not None:
            self._inc("scheduler/dequeued/redis")
        return request

    def _this_round(self, request: Request) -> bool:
        """Whether to crawl ``request``: it is of this round, or new to it."""
        if request.meta.get(ROUND_META) == self.worker.keys.round_id:
            return True
        request.meta[ROUND_META] = self.worker.keys.round_id
        if not request.dont_filter and self.df.request_seen(request):
            self._inc("newsbot/distributed/earlier_round_filtered")
            return False
        return True

    def has_pending_requests(self) -> bool:
        if self.worker.lost:
            return False
        try:
            return len(self.queue) > 0
        except RedisError as exc:
            self.worker.lose(f"Redis failed while reading the queue: {exc}")
            return False

    def _inc(self, key: str, *args: Any) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)
