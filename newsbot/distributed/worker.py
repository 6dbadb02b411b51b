"""One worker of a distributed crawl: its crawl round, heartbeat, idle close and clean-up.

Its Redis keys are :class:`newsbot.distributed.keys.CrawlKeys`. The round's ``busy`` key is
refreshed every second and expires 3 s after the last; a worker's heartbeat expires after
``NEWSBOT_WORKER_TTL_SECONDS``. Any worker moves a dead worker's ``taken`` requests back to the
queue, once, atomically.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import threading
import time
from typing import TYPE_CHECKING, Any, Self

from redis.exceptions import RedisError
from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.utils.asyncio import create_looping_call
from scrapy.utils.defer import deferred_from_coro
from scrapy_redis.connection import get_redis_from_settings

from newsbot.distributed import is_redis_url, shown_url, unknown_url_option
from newsbot.distributed.keys import CrawlKeys, redis_prefix
from newsbot.extensions.publish import FeedPublication
from newsbot.state.extension import CrawlState

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable

    from redis import Redis
    from scrapy import Spider
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

DEFAULT_IDLE_CLOSE_SECONDS = 30.0
DEFAULT_WORKER_TTL_SECONDS = 10.0

# -> {1, id} when this call opened a new round, else {0, id of the running round}.
_JOIN_ROUND = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return {1, ARGV[1]} end
return {0, redis.call('GET', KEYS[1])}
"""

# A worker takes over scheduling the entry points when the round's starter died before it
# finished: -> 1 if this worker is now the starter. ARGV[2]: CrawlKeys.heartbeats.
_TAKE_OVER_START = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local starter = redis.call('GET', KEYS[2])
if starter and redis.call('EXISTS', ARGV[2] .. starter) == 1 then return 0 end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[3])
return 1
"""

# -> 0 when the worker was declared dead (its requests are back in the queue), else 1.
_HEARTBEAT = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
if redis.call('GET', KEYS[3]) == ARGV[4] then
    for i = 3, #KEYS do redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
end
return 1
"""

# Move a dead worker's taken requests back to the queue: -> how many, or -1 if it is alive.
_REQUEUE_DEAD = """
if redis.call('EXISTS', KEYS[2]) == 1 then return -1 end
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 0 then return 0 end
local items = redis.call('HVALS', KEYS[3])
for _, data in ipairs(items) do redis.call('ZADD', KEYS[4], 0, data) end
redis.call('DEL', KEYS[3])
redis.call('SREM', KEYS[1], ARGV[1])
return #items
"""

# Leave the crawl; the last worker out ends the round. ARGV[3] = "1" when the taken requests
# are done (their items are in a published feed file), else they stay for re-queueing;
# ARGV[4]: CrawlKeys.heartbeats.
_LEAVE = """
redis.call('DEL', KEYS[2])
if ARGV[3] == '1' then
    redis.call('DEL', KEYS[3])
    redis.call('SREM', KEYS[1], ARGV[1])
end
for _, other in ipairs(redis.call('SMEMBERS', KEYS[1])) do
    if redis.call('EXISTS', ARGV[4] .. other) == 1 then return 0 end
end
if redis.call('GET', KEYS[4]) == ARGV[2] then redis.call('DEL', KEYS[4]) end
redis.call('DEL', KEYS[5], KEYS[6], KEYS[7], KEYS[8])
return 1
"""


class Worker:
    """Join (or open) the crawl round, keep a heartbeat, re-queue dead workers' requests,
    close when the round has been quiet for ``NEWSBOT_IDLE_CLOSE_SECONDS``.

    Enabled by :class:`newsbot.distributed.addon.Distributed` when ``NEWSBOT_STATE`` is a Redis
    URL. Stats: ``newsbot/distributed/starter``, ``newsbot/distributed/requeued``.
    """

    def __init__(
        self,
        crawler: Crawler,
        server: Redis,
        url: str,
        keys: CrawlKeys,
        idle_close: float = DEFAULT_IDLE_CLOSE_SECONDS,
        ttl: float = DEFAULT_WORKER_TTL_SECONDS,
    ) -> None:
        self.crawler = crawler
        self.server = server
        self.url = url
        self.keys = keys
        self.idle_close = idle_close
        self.ttl = ttl
        self.interval = min(1.0, ttl / 3)
        # A worker killed while idle still looks alive for ``ttl``: wait longer than that,
        # so its requests come back to the queue while others are still there to take them.
        self.quiet_window = max(idle_close, ttl + 2 * self.interval)
        self.round_ttl_ms = int((ttl + idle_close) * 1000) + 1000
        self.starter = False
        self.lost = False
        self.lost_reason = ""
        self.quiet_since: float | None = None
        self._join = server.register_script(_JOIN_ROUND)
        self._heartbeat = server.register_script(_HEARTBEAT)
        self._requeue = server.register_script(_REQUEUE_DEAD)
        self._leave = server.register_script(_LEAVE)
        self._take_over = server.register_script(_TAKE_OVER_START)
        self._loop: Any = None
        self._heart: Heartbeat | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        if not is_redis_url(settings.get("NEWSBOT_STATE")):
            raise NotConfigured
        keys = CrawlKeys(redis_prefix(settings), settings.get("NEWSBOT_WORKER_ID"))
        worker = cls(
            crawler,
            get_redis_from_settings(settings),
            settings.get("REDIS_URL"),
            keys,
            settings.getfloat("NEWSBOT_IDLE_CLOSE_SECONDS", DEFAULT_IDLE_CLOSE_SECONDS),
            settings.getfloat("NEWSBOT_WORKER_TTL_SECONDS", DEFAULT_WORKER_TTL_SECONDS),
        )
        try:
            worker.join()
        except TypeError as exc:
            raise unknown_url_option(settings.get("NEWSBOT_STATE"), exc) from None
        crawler.signals.connect(worker.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(worker.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(worker.engine_stopped, signal=signals.engine_stopped)
        return worker

    # -- joining -----------------------------------------------------------------------------

    def join(self) -> None:
        """Open a round or join the running one.

        Raises ``redis.ConnectionError`` when Redis is unreachable.
        """
        opened, round_id = self._join(
            keys=[self.keys.round], args=[secrets.token_hex(4), self.round_ttl_ms]
        )
        self.starter = bool(opened)
        self.keys = CrawlKeys(self.keys.prefix, self.keys.worker, _text(round_id))
        if self.starter:
            # Others starting at the same moment wait for this worker's entry points; they
            # take over if it dies before all are scheduled (see StartOncePerRound).
            pipe = self.server.pipeline()
            pipe.set(self.keys.busy, 1, px=int(self.quiet_window * 1000))
            pipe.set(self.keys.starter, self.keys.worker, px=self.round_ttl_ms)
            pipe.set(self.keys.alive, 1, px=int(self.ttl * 1000))
            pipe.execute()
        self._stat("starter", int(self.starter))
        logger.info(
            "Worker %(worker)s %(how)s round %(round)s at %(url)s",
            {
                "worker": self.keys.worker,
                "how": "opened" if self.starter else "joined",
                "round": self.keys.round_id,
                "url": shown_url(self.url),
            },
        )

    def starts_scheduled(self) -> bool:
        """Whether the round's entry points are all in the queue; else, if their starter is
        dead, make this worker the starter."""
        if self.server.exists(self.keys.started):
            return True
        if self._take_over(
            keys=[self.keys.started, self.keys.starter],
            args=[self.keys.worker, self.keys.heartbeats, self.round_ttl_ms],
        ):
            logger.warning(
                "The worker scheduling the entry points of round %(round)s died: "
                "worker %(worker)s schedules them",
                {"round": self.keys.round_id, "worker": self.keys.worker},
            )
            self.starter = True
            self._stat("starter", 1)
        return False

    def mark_started(self) -> None:
        """Every entry point of the round is in the queue."""
        self.server.set(self.keys.started, 1, px=self.round_ttl_ms)

    def requeue_dead(self) -> int:
        """Put the taken requests of workers without a heartbeat back in the queue."""
        others = [_text(w) for w in self.server.smembers(self.keys.workers)]
        others = [w for w in others if w != self.keys.worker]
        if not others:
            return 0
        pipe = self.server.pipeline(transaction=False)
        for other in others:
            pipe.exists(self.keys.alive_of(other))
        total = 0
        for other, alive in zip(others, pipe.execute(), strict=True):
            if alive:
                continue
            count = self._requeue(
                keys=[
                    self.keys.workers, self.keys.alive_of(other), self.keys.taken_of(other),
                    self.keys.queue,
                ],
                args=[other],
            )  # fmt: skip
            if count > 0:
                total += count
                logger.warning(
                    "Worker %(other)s has no heartbeat: re-queued the %(count)d request(s) "
                    "it had taken",
                    {"other": other, "count": count},
                )
        if total:
            self._stat("requeued", total, inc=True)
        return total

    # -- while crawling ----------------------------------------------------------------------

    def spider_opened(self, spider: Spider) -> None:
        # Registered only now: starting up can take longer than the TTL.
        pipe = self.server.pipeline()
        pipe.sadd(self.keys.workers, self.keys.worker)
        pipe.set(self.keys.alive, 1, px=int(self.ttl * 1000))
        pipe.execute()
        self._heart = Heartbeat(self, _call_in_crawl_thread())
        self._heart.start()
        self.tick()
        self._loop = create_looping_call(self.tick)
        self._loop.start(self.interval, now=False)

    def beat(self) -> str | None:
        """Refresh this worker's and the round's keys; the reason to stop, if any."""
        try:
            beating = self._heartbeat(
                keys=[
                    self.keys.workers, self.keys.alive, self.keys.round, self.keys.seen,
                    self.keys.starter, self.keys.started,
                ],
                args=[
                    self.keys.worker, int(self.ttl * 1000), self.round_ttl_ms,
                    self.keys.round_id,
                ],
            )  # fmt: skip
        except RedisError as exc:
            return f"Redis lost at {self.url}: {exc}"
        if not beating:
            return (
                f"worker {self.keys.worker} was declared dead (no heartbeat for {self.ttl:g}s) "
                "and its requests were given to other workers"
            )
        return None

    def tick(self) -> None:
        """Say whether this worker is busy, re-queue dead workers' requests, look for work.
        A Redis error stops the worker."""
        if self.lost:
            return
        try:
            if self._engine_busy():  # "busy now": the quiet window then runs from here
                self.server.set(self.keys.busy, 1, px=int(max(3.0, 3 * self.interval) * 1000))
            self.requeue_dead()
            self._wake_engine()
        except RedisError as exc:
            self.lose(f"Redis lost at {self.url}: {exc}")

    def spider_idle(self, spider: Spider) -> None:
        """Keep the worker open until the round has been quiet for the idle time."""
        if self.lost:
            return
        try:
            pipe = self.server.pipeline(transaction=False)
            pipe.zcard(self.keys.queue)
            pipe.exists(self.keys.busy)
            queued, busy = pipe.execute()
        except RedisError as exc:
            self.lose(f"Redis lost at {self.url}: {exc}")
            return
        now = time.monotonic()
        if queued or busy:
            self.quiet_since = None
            raise DontCloseSpider
        if self.quiet_since is None:
            self.quiet_since = now
        if now - self.quiet_since < self.quiet_window:
            raise DontCloseSpider
        logger.info(
            "Nothing to crawl for %(s).0fs: worker %(worker)s closes",
            {"s": now - self.quiet_since, "worker": self.keys.worker},
        )
        if self.crawler.stats is not None:
            self.crawler.stats.set_value(
                "newsbot/distributed/idle_close_wait", round(now - self.quiet_since, 3)
            )

    def lose(self, reason: str) -> None:
        """Stop the worker without publishing its feed: what it holds goes to other workers."""
        if self.lost:
            return
        self.lost = True
        self.lost_reason = reason
        logger.error(
            "%(reason)s; worker %(worker)s stops without publishing its feed (its requests "
            "are re-queued for the other workers or the next run)",
            {"reason": reason, "worker": self.keys.worker},
        )
        self._stat("lost", 1)
        crawl_state = self.crawler.get_extension(CrawlState)
        if crawl_state is not None and hasattr(crawl_state.state, "abandon"):
            crawl_state.state.abandon()  # newsbot.state.redis.RedisState
        engine = self.crawler.engine
        if engine is not None and engine.spider is not None:
            deferred_from_coro(engine.close_spider_async(reason="redis_lost"))

    # -- leaving -----------------------------------------------------------------------------

    def engine_stopped(self) -> None:
        """Unregister; the requests taken count as done only if the feed was published."""
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        if self._heart is not None:
            self._heart.stop()
        if self.lost:
            return
        publication = self.crawler.get_extension(FeedPublication)
        if publication is not None:
            published = not publication.failures
        else:
            stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
            published = not any(k.startswith("feedexport/failed_count/") for k in stats)
        try:
            ended = self._leave(
                keys=[
                    self.keys.workers, self.keys.alive, self.keys.taken, self.keys.round,
                    self.keys.seen, self.keys.busy, self.keys.starter, self.keys.started,
                ],
                args=[
                    self.keys.worker, self.keys.round_id, "1" if published else "0",
                    self.keys.heartbeats,
                ],
            )  # fmt: skip
        except RedisError as exc:
            logger.error(
                "Redis lost at %(url)s while leaving: %(exc)s",
                {"url": shown_url(self.url), "exc": exc},
            )
            return
        if ended:
            logger.info("Round %(round)s ended", {"round": self.keys.round_id})

    def _wake_engine(self) -> None:
        # Scrapy polls an empty scheduler every 5 s only (ExecutionEngine heartbeat); the
        # shared queue fills from other workers, so look again every tick.
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None and slot.closing is None:
            slot.nextcall.schedule()

    def _engine_busy(self) -> bool:
        engine = self.crawler.engine
        try:
            return engine is not None and not engine.spider_is_idle()
        except (RuntimeError, AttributeError):
            return False

    def _stat(self, key: str, value: int, *, inc: bool = False) -> None:
        if self.crawler.stats is None:
            return
        if inc:
            self.crawler.stats.inc_value(f"newsbot/distributed/{key}", value)
        else:
            self.crawler.stats.set_value(f"newsbot/distributed/{key}", value)


class Heartbeat(threading.Thread):
    """Refreshes the worker's heartbeat key from its own thread, so a busy event loop (a slow
    page, a start-up) never makes a live worker look dead."""

    def __init__(self, worker: Worker, call: Callable[..., None]) -> None:
        super().__init__(name=f"heartbeat-{worker.keys.worker}", daemon=True)
        self.worker = worker
        self.call = call
        self._stop_event = threading.Event()

    def run(self) -> None:
        while not self._stop_event.wait(self.worker.interval):
            reason = self.worker.beat()
            if reason is not None:
                self.call(self.worker.lose, reason)
                return

    def stop(self) -> None:
        self._stop_event.set()
        if self.is_alive() and threading.current_thread() is not self:
            self.join(5)


def _call_in_crawl_thread() -> Callable[..., None]:
    """``call(f, *args)`` runs ``f`` in the thread of the crawl's event loop."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        from twisted.internet import reactor

        return reactor.callFromThread  # type: ignore[no-any-return]

    def call(function: Callable[..., None], *args: Any) -> None:
        loop.call_soon_threadsafe(function, *args)

    return call


class StartOncePerRound:
    """Spider middleware: only the worker that opened the round schedules the start entry
    points (listings, feeds, sitemaps); the others take requests from the shared queue, and
    one of them schedules the entry points if that worker dies before it is done."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        worker = crawler.get_extension(Worker)
        if worker is None:
            raise NotConfigured
        return cls(worker)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        worker = self.worker
        while not worker.starter:
            try:
                if worker.lost or worker.starts_scheduled():
                    return
            except RedisError as exc:
                worker.lose(f"Redis lost at {worker.url}: {exc}")
                return
            await asyncio.sleep(worker.interval)
        async for item_or_request in start:
            yield item_or_request
        if not worker.lost:
            worker.mark_started()


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
