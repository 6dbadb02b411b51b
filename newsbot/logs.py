"""What newsbot shortens in Scrapy's log: a dead host or an unwritable feed is one line, not a
traceback (Scrapy's robots.txt middleware and feed exporter log them with one)."""

from __future__ import annotations

import logging

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
