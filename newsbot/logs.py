"""What newsbot shortens in Scrapy's log: a dead host or an unwritable feed is one line, not a
traceback (Scrapy's robots.txt middleware and feed exporter log them with one); a dropped item
is named by its URL, not by its whole repr (body included)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from scrapy.logformatter import LogFormatter

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.http import Response
    from scrapy.logformatter import LogFormatterResult
    from twisted.python.failure import Failure

SHORTENED = ("scrapy.downloadermiddlewares.robotstxt", "scrapy.extensions.feedexport")
"""Loggers whose errors are about the world (hosts, disks), not about newsbot's code."""


class OneLine(logging.Filter):
    """An error with a traceback becomes one line that names the exception."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            message = record.getMessage()
            if str(error) not in message:
                message = f"{message}: {type(error).__name__}: {error}"
            record.msg, record.args = message, None
            record.exc_info = record.exc_text = None
        return True


def shorten_scrapy_errors() -> None:
    """Install :class:`OneLine` on the loggers of :data:`SHORTENED` (once)."""
    for name in SHORTENED:
        logger = logging.getLogger(name)
        if not any(isinstance(f, OneLine) for f in logger.filters):
            logger.addFilter(OneLine())


class ShortItems(LogFormatter):
    """Scrapy's log formatter, with an item named by its URL (``LOG_FORMATTER``)."""

    def dropped(
        self, item: Any, exception: BaseException, response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:  # fmt: skip
        result = super().dropped(item, exception, response, spider)
        url = _url(item)
        message = f"{type(exception).__name__}: {exception}"
        if url and url not in message:
            message = f"{message} ({url})"
        return {**result, "msg": "Dropped %(message)s", "args": {"message": message}}

    def item_error(
        self, item: Any, exception: BaseException, response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:  # fmt: skip
        result = super().item_error(item, exception, response, spider)
        return {**result, "msg": "Error processing %(url)s", "args": {"url": _url(item) or "?"}}


def _url(item: Any) -> str | None:
    try:
        return ItemAdapter(item).get("url")
    except TypeError:  # not an item
        return None
