"""Politeness (issue 13): robots.txt ``Crawl-delay`` is honoured per site, AutoThrottle never
goes below it, and ``NEWSBOT_MAX_CRAWL_DELAY`` caps it. End to end, shipped settings: the
spacing is read in the site's own access log."""

from __future__ import annotations

import itertools
from pathlib import Path

from tests.crawl import run_crawl
from tests.sites.paged import PagedSite, Served


def gaps(site: PagedSite) -> list[float]:
    """Seconds between consecutive requests the site received."""
    times = [t for t, _ in site.log]
    return [b - a for a, b in itertools.pairwise(times)]


def test_requests_are_spaced_by_the_crawl_delay(tmp_path: Path) -> None:
    # 1.5 s: more than AutoThrottle's start delay (1 s), so only Crawl-delay explains it.
    site = PagedSite(count=3, per_page=3, crawl_delay=1.5)
    with Served(site) as served:
        crawl = run_crawl(tmp_path, served.sources_toml())
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert len(crawl.items) == 3
    assert site.requested()[0] == "/robots.txt"
    assert len(site.log) == 6  # robots.txt, the listing, the hub, three articles
    assert min(gaps(site)) >= 1.45, gaps(site)
    assert crawl.log.count("asks for Crawl-delay: 1.5") == 1
    assert crawl.stats["newsbot/crawl_delay/sites"] == 1


def test_a_long_crawl_delay_is_capped(tmp_path: Path) -> None:
    site = PagedSite(count=2, per_page=2, crawl_delay=3600)
    with Served(site) as served:
        crawl = run_crawl(tmp_path, served.sources_toml(), settings={"NEWSBOT_MAX_CRAWL_DELAY": 1})
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert len(crawl.items) == 2
    assert min(gaps(site)) >= 0.95, gaps(site)  # and not 3600: the crawl is over
    assert "one request every 1 s to 127.0.0.1 (capped by NEWSBOT_MAX_CRAWL_DELAY=1)" in crawl.log


def test_without_crawl_delay_nothing_waits_for_it(tmp_path: Path) -> None:
    site = PagedSite(count=3, per_page=3)
    with Served(site) as served:
        crawl = run_crawl(tmp_path, served.sources_toml())
    assert crawl.returncode == 0, crawl.log[-3000:]
    assert "Crawl-delay" not in crawl.log
    assert "newsbot/crawl_delay/sites" not in crawl.stats
