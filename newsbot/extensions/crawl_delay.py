"""robots.txt ``Crawl-delay``, honoured: Scrapy reads it (Protego) but never waits for it."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Self

from scrapy import signals
from scrapy.core.downloader import Slot
from scrapy.exceptions import NotConfigured
from scrapy.utils.httpobj import urlparse_cached

if TYPE_CHECKING:
    from scrapy import Request
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from scrapy.robotstxt import RobotParser

logger = logging.getLogger(__name__)

DEFAULT_MAX_CRAWL_DELAY = 30.0

# Scrapy 2.19 replaced a slot's randomize_delay (bool) by jitter (float): 0 turns either off.
_JITTER = "jitter" if hasattr(Slot, "jitter") else "randomize_delay"


class CrawlDelay:
    """Space the requests to a site by the ``Crawl-delay`` of its robots.txt, at most
    ``NEWSBOT_MAX_CRAWL_DELAY`` seconds (default 30; 0 ignores Crawl-delay).

    The delay is the floor of the site's download slot: without jitter, and raised again
    after each response, since AutoThrottle (an extension that must come before this one in
    ``EXTENSIONS``) lowers the delay of a fast site. Logged once per site; stat
    ``newsbot/crawl_delay/sites``. Needs ``ROBOTSTXT_OBEY``.
    """

    def __init__(self, crawler: Crawler, max_delay: float) -> None:
        self.crawler = crawler
        self.max_delay = max_delay
        self.user_agent = crawler.settings.get("ROBOTSTXT_USER_AGENT") or crawler.settings.get(
            "USER_AGENT"
        )
        self.delays: dict[str, float] = {}
        """Download slot key (a site's host name) -> the delay its robots.txt asks for."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        max_delay = crawler.settings.getfloat("NEWSBOT_MAX_CRAWL_DELAY", DEFAULT_MAX_CRAWL_DELAY)
        if not crawler.settings.getbool("ROBOTSTXT_OBEY") or max_delay <= 0:
            raise NotConfigured
        ext = cls(crawler, max_delay)
        crawler.signals.connect(ext.robots_parsed, signal=signals.robots_parsed)
        crawler.signals.connect(ext.response_downloaded, signal=signals.response_downloaded)
        return ext

    def robots_parsed(self, robotparser: RobotParser, request: Request) -> None:
        asked = robotparser.crawl_delay(self.user_agent)
        if not asked or asked <= 0:
            return
        delay = min(asked, self.max_delay)
        key = self._slot_key(request)
        if delay <= self.delays.get(key, 0):
            return
        self.delays[key] = delay
        self._apply(key)
        capped = f" (capped by NEWSBOT_MAX_CRAWL_DELAY={self.max_delay:g})" if asked > delay else ""
        logger.info(
            "robots.txt of %(site)s asks for Crawl-delay: %(asked)g: one request every "
            "%(delay)g s to %(slot)s%(capped)s",
            {"site": urlparse_cached(request).netloc, "asked": asked, "delay": delay,
             "slot": key, "capped": capped},
        )  # fmt: skip
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("newsbot/crawl_delay/sites")

    def response_downloaded(self, response: Response, request: Request) -> None:
        if self.delays:
            self._apply(self._slot_key(request))

    def _apply(self, key: str) -> None:
        delay = self.delays.get(key)
        if delay is None:
            return
        downloader = self.crawler.engine.downloader
        # Slots come and go (idle ones are collected): the slot settings make new ones right.
        slot_settings = downloader.per_slot_settings.setdefault(key, {})
        slot_settings["delay"] = max(float(slot_settings.get("delay", 0)), delay)
        slot_settings[_JITTER] = 0
        if (slot := downloader.slots.get(key)) is not None:
            slot.delay = max(slot.delay, delay)
            setattr(slot, _JITTER, 0)

    def _slot_key(self, request: Request) -> str:
        return self.crawler.engine.downloader.get_slot_key(request)
