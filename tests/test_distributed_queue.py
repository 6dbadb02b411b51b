"""Shared queue and site limits in one process: take, re-queue, rounds, per-site requests in
flight (real redis-server, no reactor)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import pytest
from scrapy import Request, Spider
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newsbot.distributed.politeness import SharedSiteConcurrency
from newsbot.distributed.scheduler import ROUND_META, TAKEN_META, RedisScheduler
from newsbot.distributed.worker import Worker
from tests.redis_server import RedisServer, running_redis

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from scrapy.crawler import Crawler


class NewsSpider(Spider):
    name = "news"

    def parse_article(self, response: Any, source: str) -> None:
        """A callback, serialised by name."""


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    yield from running_redis(tmp_path / "redis")


def worker_process(redis_server: RedisServer, worker: str) -> tuple[Crawler, RedisScheduler]:
    """What one ``scrapy crawl`` worker builds: crawler (add-on applied), spider, scheduler."""
    crawler = get_crawler(
        NewsSpider,
        {
            "NEWSBOT_STATE": redis_server.url,
            "NEWSBOT_WORKER_ID": worker,
            "ADDONS": {"newsbot.distributed.addon.Distributed": 0},
            "NEWSBOT_WORKER_TTL_SECONDS": 3,
            "REQUEST_FINGERPRINTER_CLASS": "newsbot.request_fingerprint.ArticleFingerprinter",
        },
    )
    crawler.spider = crawler._create_spider()
    scheduler = RedisScheduler.from_crawler(crawler)
    scheduler.open(crawler.spider)
    return crawler, scheduler


def article(crawler: Crawler, url: str) -> Request:
    spider = crawler.spider
    assert isinstance(spider, NewsSpider)
    return Request(url, spider.parse_article, cb_kwargs={"source": "example"})


def test_the_first_worker_opens_the_round_the_others_join_it(redis_server: RedisServer) -> None:
    first, _ = worker_process(redis_server, "w0")
    second, _ = worker_process(redis_server, "w1")
    one, two = first.get_extension(Worker), second.get_extension(Worker)
    assert (one.starter, two.starter) == (True, False)
    assert one.keys.round_id == two.keys.round_id


def test_a_taken_request_stays_with_its_worker_until_requeued(redis_server: RedisServer) -> None:
    crawler, scheduler = worker_process(redis_server, "w0")
    assert scheduler.enqueue_request(article(crawler, "https://example.com/2026/a-story/"))
    assert not scheduler.enqueue_request(article(crawler, "http://www.example.com/2026/a-story/"))
    request = scheduler.next_request()
    assert request is not None
    assert request.callback == crawler.spider.parse_article  # type: ignore[union-attr]
    assert request.cb_kwargs == {"source": "example"}
    client = redis_server.client()
    assert client.hget("newsbot:worker:w0:taken", request.meta[TAKEN_META]) is not None
    assert scheduler.next_request() is None

    # w0 dies (registered, then no heartbeat): another worker puts its request back.
    client.sadd("newsbot:workers", "w0")
    client.delete("newsbot:worker:w0")  # its heartbeat expired
    other, other_scheduler = worker_process(redis_server, "w1")
    assert other.get_extension(Worker).requeue_dead() == 1
    assert client.exists("newsbot:worker:w0:taken") == 0
    again = other_scheduler.next_request()
    assert again is not None and again.url == request.url


def test_a_request_of_an_earlier_round_passes_this_rounds_dupefilter(
    redis_server: RedisServer,
) -> None:
    crawler, scheduler = worker_process(redis_server, "w0")
    url = "https://example.com/2026/a-story/"
    old = article(crawler, url)
    scheduler.enqueue_request(old)
    scheduler.enqueue_request(article(crawler, "https://example.com/2026/other/"))
    client = redis_server.client()
    client.delete("newsbot:round")  # that round ended; its requests stayed queued
    new_crawler, new_scheduler = worker_process(redis_server, "w1")
    assert new_crawler.get_extension(Worker).starter
    assert new_scheduler.enqueue_request(article(new_crawler, url))  # scheduled anew
    taken = [new_scheduler.next_request() for _ in range(3)]
    assert new_scheduler.next_request() is None
    urls = sorted(r.url for r in taken if r is not None)
    assert urls == ["https://example.com/2026/a-story/", "https://example.com/2026/other/"]
    assert all(
        r.meta[ROUND_META] == new_crawler.get_extension(Worker).keys.round_id for r in taken if r
    )


def test_one_site_gets_at_most_its_requests_in_flight_from_all_workers(
    redis_server: RedisServer,
) -> None:
    first, _ = worker_process(redis_server, "w0")
    second, _ = worker_process(redis_server, "w1")
    limits = [
        SharedSiteConcurrency(crawler.get_extension(Worker), per_site=1, timeout=60)
        for crawler in (first, second)
    ]
    one, two = Request("https://example.com/a"), Request("https://example.com/b")
    other_site = Request("https://example.org/c")

    async def scenario() -> list[str]:
        events: list[str] = []
        await limits[0].process_request(one)
        events.append("w0 sends a")

        async def second_worker() -> None:
            await limits[1].process_request(two)
            events.append("w1 sends b")

        waiting = asyncio.ensure_future(second_worker())
        await limits[1].process_request(other_site)  # another site is not held up
        events.append("w1 sends c")
        await asyncio.sleep(0.3)
        events.append("a answered")
        limits[0].process_response(one, HtmlResponse(one.url))
        await asyncio.wait_for(waiting, 10)
        return events

    assert asyncio.run(scenario()) == ["w0 sends a", "w1 sends c", "a answered", "w1 sends b"]
