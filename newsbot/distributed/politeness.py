"""Per-site politeness across workers: at most N requests in flight to one site, all workers
together, as one crawler would have (``CONCURRENT_REQUESTS_PER_DOMAIN``)."""

from __future__ import annotations

import asyncio
import secrets
from typing import TYPE_CHECKING, Self
from urllib.parse import urlsplit

from redis.exceptions import RedisError
from scrapy.exceptions import NotConfigured

from newsbot.distributed.worker import Worker

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

SLOT_META = "newsbot_site_slot"
POLL_SECONDS = 0.02
MAX_POLL_SECONDS = 0.32
"""A request waiting for its site polls Redis after 20, 40, ... ms, then every 320 ms."""

# A sorted set per site of in-flight tokens scored by their expiry (Redis clock), so a dead
# worker's tokens free up by themselves. -> 1 when the token got a place.
_ACQUIRE = """
local now = redis.call('TIME')
local ms = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ms)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], ms + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
"""


class SharedSiteConcurrency:
    """Downloader middleware: a request waits until its site has fewer than
    ``NEWSBOT_SHARED_PER_SITE`` requests in flight across all workers (default
    ``CONCURRENT_REQUESTS_PER_DOMAIN``; 0 turns it off). Enabled with the distributed crawl."""

    def __init__(self, worker: Worker, per_site: int, timeout: float) -> None:
        self.worker = worker
        self.per_site = per_site
        self.timeout_ms = int(timeout * 1000)
        self._acquire = worker.server.register_script(_ACQUIRE)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        worker = crawler.get_extension(Worker)
        settings = crawler.settings
        per_site = settings.getint(
            "NEWSBOT_SHARED_PER_SITE", settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
        )
        if worker is None or per_site <= 0:
            raise NotConfigured
        return cls(worker, per_site, settings.getfloat("DOWNLOAD_TIMEOUT", 180) + 30)

    async def process_request(self, request: Request) -> None:
        key = self.worker.keys.site(urlsplit(request.url).netloc.lower())
        token = secrets.token_hex(8)
        wait = POLL_SECONDS
        while not self.worker.lost:
            try:
                if self._acquire(keys=[key], args=[token, self.per_site, self.timeout_ms]):
                    request.meta[SLOT_META] = (key, token)
                    return
            except RedisError as exc:
                self.worker.lose(f"Redis lost at {self.worker.url}: {exc}")
                return
            await asyncio.sleep(wait)
            wait = min(wait * 2, MAX_POLL_SECONDS)

    def process_response(self, request: Request, response: Response) -> Response:
        self._release(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._release(request)

    def _release(self, request: Request) -> None:
        slot = request.meta.pop(SLOT_META, None)
        if slot is None or self.worker.lost:
            return
        try:
            self.worker.server.zrem(*slot)
        except RedisError as exc:
            self.worker.lose(f"Redis lost at {self.worker.url}: {exc}")
