"""One crawl on many machines: ``NEWSBOT_STATE=redis://host:port/db`` and nothing else.

The add-on :class:`~newsbot.distributed.addon.Distributed` (in ``ADDONS``) sees a Redis state
URL and switches on scrapy-redis's scheduler and dupefilter (subclassed in
:mod:`newsbot.distributed.scheduler`), the :class:`~newsbot.distributed.worker.Worker`
extension (crawl rounds, heartbeats, idle close, re-queueing a dead worker's requests), the
spider middleware that lets one worker per round schedule the start entry points, a per-site
concurrency limit shared by all workers, and a feed storage that publishes nothing once Redis
is lost.
Every feed file gets the worker id in its name. With a SQLite state it changes nothing.
scrapy-redis's ``REDIS_URL`` is derived from ``NEWSBOT_STATE``; its ``REDIS_PARAMS`` reach
every Redis client of the crawl (scheduler, worker, state). The keys:
:mod:`newsbot.distributed.keys`.

Settings: ``NEWSBOT_REDIS_PREFIX`` (key namespace, default ``newsbot``),
``NEWSBOT_SEEN_TTL_DAYS`` (seen URLs expire after this many days; default never),
``NEWSBOT_SHARED_PER_SITE`` (requests in flight to one site, all workers together; default
``CONCURRENT_REQUESTS_PER_DOMAIN``),
``NEWSBOT_IDLE_CLOSE_SECONDS`` (close when the shared queue stayed empty and no worker was busy
this long, default 30), ``NEWSBOT_WORKER_TTL_SECONDS`` (a worker without a heartbeat this long
is dead and its requests are re-queued, default 10), ``NEWSBOT_WORKER_ID`` (default
``<host>-<pid>-<random>``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from newsbot.exceptions import StateError

REDIS_SCHEMES = ("redis", "rediss", "unix")


def is_redis_url(url: str | None) -> bool:
    """Whether a ``NEWSBOT_STATE`` value selects Redis."""
    return bool(url) and str(url).partition("://")[0] in REDIS_SCHEMES


def unknown_url_option(url: str, exc: TypeError) -> StateError:
    """The error for a Redis URL with a ``?option`` redis-py does not know: it passes every
    query option on to its connection, which raises ``TypeError`` on the first command."""
    return StateError(
        f"NEWSBOT_STATE={shown_url(url)}: an option in the URL that Redis does not know ({exc}); "
        "newsbot's own options are settings (NEWSBOT_REDIS_PREFIX, NEWSBOT_SEEN_TTL_DAYS, "
        "NEWSBOT_WORKER_ID)"
    )


def shown_url(url: str | None) -> str:
    """``url`` as logs and messages show it: a password in it replaced by ``***``."""
    text = str(url or "")
    parts = urlsplit(text)
    if parts.password is None:
        return text
    users, _, host = parts.netloc.rpartition("@")
    user = users.partition(":")[0]
    return parts._replace(netloc=f"{user}:***@{host}").geturl()
