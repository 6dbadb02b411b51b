"""The add-on that turns a crawl with a Redis ``NEWSBOT_STATE`` into one worker of many
(:mod:`newsbot.distributed`), and the worker's feed file names."""

from __future__ import annotations

import os
import re
import secrets
import socket
from typing import TYPE_CHECKING

from scrapy.settings import SETTINGS_PRIORITIES

from newsbot.distributed import is_redis_url
from newsbot.distributed.pipelines import DropWhenRedisLost
from newsbot.distributed.politeness import SharedSiteConcurrency
from newsbot.distributed.worker import StartOncePerRound, Worker
from newsbot.feedexport import FEED_SUFFIXES

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

WORKER_PLACEHOLDER = "%(worker)s"
"""In a ``FEEDS`` URI: where the worker id goes (else it is added before the suffixes)."""


def new_worker_id() -> str:
    """``<host>-<pid>-<4 hex>``: unique across machines, and across restarts of one pid."""
    host = re.sub(r"[^A-Za-z0-9.-]+", "_", socket.gethostname()) or "host"
    return f"{host}-{os.getpid()}-{secrets.token_hex(2)}"


def feed_uri_for_worker(uri: str, worker: str) -> str:
    """``feeds/articles-%(time)s.jsonl`` -> ``feeds/articles-%(time)s-<worker>.jsonl``."""
    if WORKER_PLACEHOLDER in uri:
        return uri.replace(WORKER_PLACEHOLDER, worker)
    head, sep, name = uri.rpartition("/")
    stem, suffixes = name, ""
    while True:
        dot = stem.rfind(".")
        if dot <= 0 or stem[dot:] not in FEED_SUFFIXES:
            break
        stem, suffixes = stem[:dot], stem[dot:] + suffixes
    return f"{head}{sep}{stem}-{worker}{suffixes}"


class Distributed:
    """Scrapy add-on: a Redis ``NEWSBOT_STATE`` turns the crawl into one worker of many."""

    def update_settings(self, settings: BaseSettings) -> None:
        state = settings.get("NEWSBOT_STATE")
        if not is_redis_url(state):
            return
        prio = "addon"
        # One Redis for the scheduler and the state: NEWSBOT_STATE's, whoever set REDIS_URL.
        url_priority = max(
            SETTINGS_PRIORITIES[prio],
            settings.getpriority("NEWSBOT_STATE") or 0,
            settings.getpriority("REDIS_URL") or 0,
        )
        settings.set("REDIS_URL", state, priority=url_priority)
        settings.set("SCHEDULER", "newsbot.distributed.scheduler.RedisScheduler", priority=prio)
        settings.set(
            "DUPEFILTER_CLASS", "newsbot.distributed.scheduler.RoundDupeFilter", priority=prio
        )
        settings.set("SCHEDULER_PERSIST", True, priority=prio)
        # Drift flags compare whole crawls; one worker exports only its share of one.
        settings.set("RUN_REPORT_HISTORY", "", priority=prio)
        settings.set_in_component_priority_dict("EXTENSIONS", Worker, 0)
        # Closest to the downloader: only requests that really leave take a site's place.
        settings.set_in_component_priority_dict(
            "DOWNLOADER_MIDDLEWARES", SharedSiteConcurrency, 990
        )
        settings.set_in_component_priority_dict("SPIDER_MIDDLEWARES", StartOncePerRound, 0)
        # Before the state's Deduplicate (900): nothing is recorded or exported without Redis.
        settings.set_in_component_priority_dict("ITEM_PIPELINES", DropWhenRedisLost, 890)
        storages = dict(settings.getdict("FEED_STORAGES"))
        storages[""] = storages["file"] = "newsbot.distributed.feedexport.WorkerFeedStorage"
        settings.set("FEED_STORAGES", storages, priority=_priority(settings, "FEED_STORAGES"))
        worker = settings.get("NEWSBOT_WORKER_ID") or new_worker_id()
        settings.set("NEWSBOT_WORKER_ID", worker, priority=prio)
        feeds = settings.getdict("FEEDS")
        if feeds:
            renamed = {feed_uri_for_worker(uri, worker): opts for uri, opts in feeds.items()}
            settings.set("FEEDS", renamed, priority=_priority(settings, "FEEDS"))


def _priority(settings: BaseSettings, name: str) -> int | str:
    """The priority ``name`` was set with: replacing its value keeps who set it."""
    priority = settings.getpriority(name)
    return "project" if priority is None else priority
