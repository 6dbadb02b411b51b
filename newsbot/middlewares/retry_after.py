"""A 429 or 503 with ``Retry-After`` is retried no sooner than the site asked (issue 8).

Scrapy's RetryMiddleware retries at once; this waits first, in the response's path, so the
retry it then schedules comes back when the site said it would answer.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Self

from scrapy.utils.defer import maybe_deferred_to_future

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response

DEFAULT_MAX_SECONDS = 60.0
STATUSES = frozenset({429, 503})


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds a ``Retry-After`` value asks for (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


async def reactor_sleep(seconds: float) -> None:
    """Wait on the Twisted reactor, whichever it is."""
    from twisted.internet import reactor, task

    await maybe_deferred_to_future(task.deferLater(reactor, seconds))


class RetryAfter:
    """Wait as a 429/503 response's ``Retry-After`` asks (at most ``RETRY_AFTER_MAX_SECONDS``,
    default 60) before RetryMiddleware retries it; a longer wait is not honoured, the retry
    then goes ahead as usual. Stats: ``newsbot/retry_after/waited``, ``.../seconds``.
    """

    def __init__(
        self,
        crawler: Crawler | None = None,
        max_seconds: float = DEFAULT_MAX_SECONDS,
        sleep: Callable[[float], Awaitable[None]] = reactor_sleep,
    ) -> None:
        self.crawler = crawler
        self.max_seconds = max_seconds
        self.sleep = sleep

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(
            crawler, crawler.settings.getfloat("RETRY_AFTER_MAX_SECONDS", DEFAULT_MAX_SECONDS)
        )

    async def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in STATUSES or request.meta.get("dont_retry"):
            return response
        header = response.headers.get("Retry-After")
        seconds = retry_after_seconds(header.decode("latin-1") if header else None)
        if seconds is None or seconds <= 0 or seconds > self.max_seconds:
            return response
        if self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.inc_value("newsbot/retry_after/waited")
            self.crawler.stats.inc_value("newsbot/retry_after/seconds", round(seconds))
        await self.sleep(seconds)
        return response
