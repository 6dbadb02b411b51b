"""``STAY_ON_SOURCE_EXTRA_SITES`` widens a source's sites once (:meth:`Sources.sites`), and every
component that asks about sites sees it: the spider following links, the offsite middleware
judging the request, the extraction trusting the canonical URL, ``newsbot reextract``."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from newsbot.capture import CapturedPage
from newsbot.demo.newssite import esc
from newsbot.demo.server import Reply, Request, SiteServer, html_reply
from newsbot.demo.site import DemoSite, build_sites
from newsbot.middlewares.offsite import StayOnSource
from newsbot.reextract import Reextractor
from newsbot.sources import Source, Sources
from newsbot.spiders.articles import ArticlesSpider
from tests.crawl import run_crawl

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

HOME = Source(
    name="home", listings=("https://news.example.com/",), feeds=("https://feeds.example.org/rss",)
)


def test_sites_are_those_of_the_entry_urls_and_the_extra_sites() -> None:
    sources = Sources([HOME], extra_sites=["example.net"])
    assert sources.entry_urls("home") == (
        "https://news.example.com/",
        "https://feeds.example.org/rss",
    )
    assert HOME.home_sites == {"example.com", "example.org"}
    assert sources.sites("home") == {"example.com", "example.org", "example.net"}
    assert Sources([HOME]).sites("home") == {"example.com", "example.org"}
    # A source named after its site (an archived page's, without a sources file).
    assert sources.sites("example.info") == {"example.info", "example.net"}
    assert sources.all_sites() == {"example.com", "example.org", "example.net"}


def test_of_reads_the_spiders_sources_and_nothing_else() -> None:
    spider = ArticlesSpider()
    spider.sources = Sources([HOME])
    assert Sources.of(spider) is spider.sources
    assert not Sources.of(object())
    assert not Sources.of(None)


class Hub:
    """A listing page whose article links all point at another site."""

    name = "hub"

    def __init__(self, links: list[tuple[str, str]]) -> None:
        self.links = links

    def respond(self, request: Request) -> Reply:
        if request.path != "/":
            return Reply(404, b"not found", "text/plain")
        items = "".join(
            f'<li><h2><a href="{esc(url)}">{esc(headline)}</a></h2></li>'
            for url, headline in self.links
        )
        return html_reply(f"<html><body><h1>Hub</h1><ul>{items}</ul></body></html>")


@pytest.fixture(scope="module")
def sites() -> Iterator[tuple[DemoSite, SiteServer]]:
    with DemoSite(build_sites()[:1]) as demo:
        expected = demo.expected_articles()
        links = [(url, fields["headline"]) for url, fields in list(expected.items())[:3]]
        hub = SiteServer(Hub(links))
        hub.start()
        try:
            yield demo, hub
        finally:
            hub.stop()


def hub_sources(hub: SiteServer) -> str:
    return f'[[source]]\nname = "hub"\nlistings = ["{hub.base_url}/"]\n'


def test_without_extra_sites_a_source_stays_home(
    sites: tuple[DemoSite, SiteServer], tmp_path: Path
) -> None:
    demo, hub = sites
    crawl = run_crawl(tmp_path, hub_sources(hub))
    assert crawl.items == []
    assert not any(p.endswith(".html") for p in demo.requests()[demo.sites[0].name])


def test_extra_sites_reach_every_component(
    sites: tuple[DemoSite, SiteServer], tmp_path: Path
) -> None:
    demo, hub = sites
    other = demo.urls[demo.sites[0].name].removeprefix("http://")
    crawl = run_crawl(tmp_path, hub_sources(hub), settings={"STAY_ON_SOURCE_EXTRA_SITES": other})
    expected = demo.expected_articles()
    links = [url for url, _ in hub.app.links]  # type: ignore[attr-defined]
    # The spider followed the links, StayOnSource let them through, the canonical URL is trusted.
    assert sorted(i["url"] for i in crawl.items) == sorted(links), crawl.log[-3000:]
    for item in crawl.items:
        assert item["source"] == "hub"
        assert item["canonicalUrl"] == item["url"]
        assert item["headline"] == expected[item["url"]]["headline"]
    assert crawl.stats.get("newsbot/refused/offsite", 0) == 0


def test_the_offsite_middleware_and_reextract_ask_the_sources(tmp_path: Path) -> None:
    settings = {"STAY_ON_SOURCE_EXTRA_SITES": ["example.net"]}
    spider = ArticlesSpider()
    spider.sources = Sources([HOME], extra_sites=settings["STAY_ON_SOURCE_EXTRA_SITES"])
    middleware = StayOnSource(get_crawler(settings_dict=settings))
    middleware.spider_opened(spider)
    assert middleware.sites["home"] == spider.sources.sites("home")

    toml = '[[source]]\nname = "home"\nlistings = ["https://news.example.com/"]\n'
    project = Settings()
    project.setmodule("newsbot.settings", priority="project")
    project.set("STAY_ON_SOURCE_EXTRA_SITES", ["example.net"], priority="cmdline")
    rebuild = Reextractor(toml, project)
    assert rebuild.spider is not None
    assert rebuild.spider.sources.sites("home") == {"example.com", "example.net"}
    page = CapturedPage(
        url="https://news.example.com/2026/11/24/story.html",
        html=(
            '<html><head><link rel="canonical" href="https://cdn.example.net/2026/11/24/story.html">'
            "<title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>"
            + "".join(
                f"<p>Ship {n} of the fleet entered the harbour on Tuesday, the {n}th since the "
                f"storm closed it, and port officials said traffic would be normal by Friday.</p>"
                for n in range(1, 13)
            )
            + "</article></body></html>"
        ),
        source="home",
        downloaded="2026-11-24T10:00:00+00:00",
        spider="articles",
        discovery={"via": "listing", "sourceUrl": "https://news.example.com/"},
        kept={},
    )
    assert rebuild.rebuild(page).canonicalUrl == "https://cdn.example.net/2026/11/24/story.html"
    project.set("STAY_ON_SOURCE_EXTRA_SITES", [], priority="cmdline")
    assert Reextractor(toml, project).rebuild(page).canonicalUrl == page.url
