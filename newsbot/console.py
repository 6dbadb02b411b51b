"""What a crawl shows on the terminal: its progress, the run report, where its files are and why
it failed. The rest (Scrapy's start-up banner, warnings, the stats dump) goes to the log file,
``NEWSBOT_LOG_FILE`` (Scrapy's ``LOG_FILE`` when set); ``-v`` shows everything on the terminal
as well, ``-q`` only the failures.

A record is for the terminal when it carries ``extra=ON_TERMINAL``; ``extra=LOG_ONLY`` marks one
whose text is printed to the terminal by other means (the ``newsbot:`` lines).
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

logger = logging.getLogger("newsbot")

ON_TERMINAL = {"terminal": True}
LOG_ONLY = {"terminal": False}


class LogFileError(OSError):
    """The log file cannot be written."""


class TerminalFilter(logging.Filter):
    """Let through the records meant for the terminal; with ``verbose``, all but ``LOG_ONLY``."""

    def __init__(self, verbose: bool) -> None:
        super().__init__()
        self.verbose = verbose

    def filter(self, record: logging.LogRecord) -> bool:
        shown = getattr(record, "terminal", None)
        return self.verbose if shown is None else bool(shown)


def log_file(settings: BaseSettings) -> Path | None:
    """The log file, or None when the log goes to stderr (``-s LOG_FILE=``) or nowhere."""
    name = settings.get("LOG_FILE")
    return Path(name) if name and settings.getbool("LOG_ENABLED") else None


def prepare_log_file(settings: BaseSettings) -> None:
    """Make ``NEWSBOT_LOG_FILE`` the crawl's ``LOG_FILE``, unless that is set (``-s LOG_FILE=``,
    ``--logfile``); create the file's folder. Raise :class:`LogFileError` if the file cannot be
    written (before Scrapy opens it, which would end in a traceback)."""
    if not settings.getpriority("LOG_FILE"):  # Scrapy's default, None
        settings.set("LOG_FILE", settings.get("NEWSBOT_LOG_FILE") or None, priority="command")
    path = log_file(settings)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding=settings.get("LOG_ENCODING") or "utf-8"):
            pass
    except (FileExistsError, NotADirectoryError):
        why = f"a file is in the way of its folder {path.parent}"
    except OSError as exc:
        why = exc.strerror or str(exc)
    else:
        return
    raise LogFileError(f"log file {path} cannot be written: {why}")


def show_on_terminal(settings: BaseSettings, *, verbose: bool = False) -> logging.Handler | None:
    """Print the terminal's records on stderr, when the log goes to a file. ``verbose`` (or
    ``LOG_LEVEL = "DEBUG"``) prints every record, in the log file's format."""
    if log_file(settings) is None:
        return None
    level = settings.get("LOG_LEVEL")
    verbose = verbose or str(level).upper() == "DEBUG"
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(level if verbose else logging.INFO)
    if verbose:
        handler.setFormatter(
            logging.Formatter(settings.get("LOG_FORMAT"), settings.get("LOG_DATEFORMAT"))
        )
    handler.addFilter(TerminalFilter(verbose))
    logging.root.addHandler(handler)
    return handler


def fail(reasons: list[str], settings: BaseSettings | None = None) -> None:
    """Print each reason as a ``newsbot:`` line on stderr, and put it in the log file too."""
    for reason in reasons:
        if settings is not None and log_file(settings) is not None:
            logger.error("newsbot: %(reason)s", {"reason": reason}, extra=LOG_ONLY)
        print(f"newsbot: {reason}", file=sys.stderr, flush=True)
