"""What newsbot remembers between runs. Setting ``NEWSBOT_STATE`` picks the backend."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsbot.exceptions import StateError
from newsbot.state.base import (
    Doc,
    Entry,
    Recovery,
    State,
    Status,
    UrlRecord,
)
from newsbot.state.sqlite import SqliteState

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

DEFAULT_STATE_URL = "sqlite:///.newsbot/state.sqlite3"

__all__ = [
    "DEFAULT_STATE_URL",
    "Doc",
    "Entry",
    "Recovery",
    "State",
    "Status",
    "UrlRecord",
    "open_state",
]


def open_state(
    url: str = DEFAULT_STATE_URL, *, lock: bool = False, settings: BaseSettings | None = None
) -> State:
    """Open the state at ``url``: ``sqlite:///relative/path``, ``sqlite:////absolute/path``
    or ``redis://host:port/db`` (:mod:`newsbot.state.redis`, which reads its options from
    ``settings``). ``lock`` takes the run lock first (:class:`StateLocked` if another crawl
    holds it)."""
    scheme, sep, rest = url.partition("://")
    if scheme == "sqlite" and sep and rest.startswith("/") and len(rest) > 1:
        return SqliteState(rest[1:], lock=lock)
    if scheme in ("redis", "rediss", "unix") and sep:
        # Many workers share it: no run lock (``lock`` is ignored), URL keys are claimed.
        from newsbot.state.redis import RedisState  # redis, scrapy-redis: a Redis state only

        return RedisState.from_settings(url, settings)
    raise StateError(
        f"NEWSBOT_STATE={url!r} is not a state URL; use sqlite:///path/to/state.sqlite3 "
        "(relative to the working directory) or sqlite:////absolute/path"
    )
