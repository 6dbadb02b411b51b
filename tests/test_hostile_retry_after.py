"""429/503 with Retry-After (issue 8): :mod:`newsbot.middlewares.retry_after`."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from newsbot import settings as project
from newsbot.middlewares.retry_after import RetryAfter, retry_after_seconds

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("1", 1.0),
        (" 120 ", 120.0),
        ("Tue, 24 Nov 2026 12:00:30 GMT", 30.0),
        ("Tue, 24 Nov 2026 11:00:00 GMT", 0.0),  # already past
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_seconds(value: str | None, seconds: float | None) -> None:
    assert retry_after_seconds(value, NOW) == seconds


def waits(status: int, header: str | None, **meta: object) -> list[float]:
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    middleware = RetryAfter(get_crawler(), max_seconds=60, sleep=sleep)
    request = Request("https://news.example.com/story", meta=meta)
    headers = {"Retry-After": header} if header else {}
    response = Response(request.url, status=status, headers=headers, request=request)
    assert asyncio.run(middleware.process_response(request, response)) is response
    return slept


def test_a_429_waits_as_long_as_asked() -> None:
    assert waits(429, "2") == [2.0]
    assert waits(503, "1") == [1.0]


@pytest.mark.parametrize(
    ("status", "header", "meta"),
    [
        (429, None, {}),
        (429, "3600", {}),  # longer than RETRY_AFTER_MAX_SECONDS: not honoured
        (500, "2", {}),
        (200, "2", {}),
        (429, "2", {"dont_retry": True}),
    ],
)
def test_no_wait(status: int, header: str | None, meta: dict[str, object]) -> None:
    assert waits(status, header, **meta) == []


def test_it_waits_before_retry_middleware_sees_the_response() -> None:
    assert project.DOWNLOADER_MIDDLEWARES["newsbot.middlewares.retry_after.RetryAfter"] > 550
