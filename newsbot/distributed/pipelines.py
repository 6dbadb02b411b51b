"""Items a worker cannot record once Redis is gone are not exported."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from redis.exceptions import RedisError
from scrapy.exceptions import DropItem, NotConfigured

from newsbot.distributed.worker import Worker

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class RedisLost(DropItem):
    """The worker lost Redis: the article could not be recorded, so it is not exported."""


class DropWhenRedisLost:
    """Drop every item once the worker lost Redis; right before the state pipeline
    (``Deduplicate``) records an item, check that Redis still answers."""

    def __init__(self, worker: Worker) -> None:
        self.worker = worker

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        worker = crawler.get_extension(Worker)
        if worker is None:
            raise NotConfigured
        return cls(worker)

    def process_item(self, item: Any) -> Any:
        if not self.worker.lost:
            try:
                self.worker.server.ping()
            except RedisError as exc:
                self.worker.lose(f"Redis lost at {self.worker.url}: {exc}")
        if self.worker.lost:
            url = getattr(item, "url", None)
            raise RedisLost(f"Not recorded, Redis lost: {url}", log_level="DEBUG")
        return item
