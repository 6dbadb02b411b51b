"""Requests stay on their source's sites (issue 8): :mod:`newsbot.middlewares.offsite`."""

from __future__ import annotations

import asyncio

import pytest
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.test import get_crawler
from twisted.internet.error import DNSLookupError

from newsbot import settings as project
from newsbot.middlewares.offsite import Refused, StayOnSource, is_private_address, refusal
from newsbot.sources import Source, Sources

PUBLIC = Source(name="public", listings=("https://news.example.com/",))
LOCAL = Source(name="local", listings=("http://127.0.0.1:8080/",))
ADDRESSES = {
    "news.example.com": "93.184.216.34",
    "www.news.example.com": "93.184.216.34",
    "intranet.news.example.com": "10.1.2.3",
    "metadata.news.example.com": "169.254.169.254",
}


async def resolve(host: str) -> str:
    if host not in ADDRESSES:
        raise DNSLookupError(host)
    return ADDRESSES[host]


def middleware() -> StayOnSource:
    crawler = get_crawler()
    mw = StayOnSource(crawler, resolver=resolve)
    mw.set_sources(Sources([PUBLIC, LOCAL]))
    return mw


def request(url: str, source: str | None = "public", **meta: object) -> Request:
    return Request(url, cb_kwargs={"source": source} if source else {}, meta=meta)


def reason_of(mw: StayOnSource, req: Request) -> str | None:
    try:
        asyncio.run(mw.process_request(req))
    except Refused as exc:
        return str(exc).rsplit(": ", 1)[-1]
    return None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example.com/2026/11/24/story.html", None),
        ("http://www.news.example.com/story", None),  # same registered domain
        ("https://evil.example.net/news/story.html", "offsite"),
        ("file:///etc/passwd", "scheme"),
        ("ftp://news.example.com/story.html", "scheme"),
        ("data:text/html,<h1>hi</h1>", "scheme"),
        ("javascript:alert(1)", "scheme"),
    ],
)
def test_refusal(url: str, expected: str | None) -> None:
    assert refusal(url, {"example.com"}) == expected


@pytest.mark.parametrize(
    ("ip", "private"),
    [
        ("127.0.0.1", True),
        ("10.0.0.5", True),
        ("192.168.1.1", True),
        ("169.254.169.254", True),  # cloud metadata
        ("100.64.0.1", True),  # carrier-grade NAT
        ("0.0.0.0", True),
        ("::1", True),
        ("[::ffff:127.0.0.1]", True),
        ("fd00::1", True),
        ("93.184.216.34", False),
        ("2606:4700::1111", False),
        ("news.example.com", False),  # a name: needs a lookup first
    ],
)
def test_is_private_address(ip: str, private: bool) -> None:
    assert is_private_address(ip) is private


@pytest.mark.parametrize(
    ("url", "source", "expected"),
    [
        ("https://news.example.com/a-story-with-a-long-slug", "public", None),
        ("https://www.news.example.com/a-story", "public", None),
        ("https://intranet.news.example.com/admin", "public", "private_address"),
        ("http://metadata.news.example.com/latest/meta-data/", "public", "private_address"),
        ("http://127.0.0.1:8080/story", "public", "offsite"),
        ("http://localhost:8080/story", "local", "offsite"),  # another host of this machine
        ("http://127.0.0.1:8080/story", "local", None),  # the source itself is local
        ("https://news.example.com/robots.txt", None, None),  # any source's site
        ("https://elsewhere.example.org/robots.txt", None, "offsite"),
        ("ftp://news.example.com/x", "public", "scheme"),
    ],
)
def test_requests_leave_no_source(url: str, source: str | None, expected: str | None) -> None:
    assert reason_of(middleware(), request(url, source)) == expected


def test_a_failed_lookup_is_left_to_the_download() -> None:
    assert reason_of(middleware(), request("https://gone.news.example.com/x")) is None


def test_a_redirect_back_to_an_earlier_url_is_a_loop() -> None:
    mw = middleware()
    first = "https://news.example.com/a"
    again = request(first, redirect_urls=[first, "https://news.example.com/b"])
    assert reason_of(mw, again) == "redirect_loop"


def redirect(mw: StayOnSource, location: str, **meta: object) -> str | None:
    req = request("https://news.example.com/story", **meta)
    response = Response(req.url, status=302, headers={"Location": location}, request=req)
    try:
        assert mw.process_response(req, response) is response
    except Refused as exc:
        return str(exc).rsplit(": ", 1)[-1]
    return None


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("/other-story", None),
        ("https://www.news.example.com/other", None),
        ("https://tracker.example.net/?u=x", "redirect_offsite"),
        ("//tracker.example.net/x", "redirect_offsite"),
        ("file:///etc/passwd", "redirect_scheme"),
        ("ftp://news.example.com/x", "redirect_scheme"),
        ("data:text/html,hello", "redirect_scheme"),
        ("https://news.example.com/story", "redirect_loop"),
    ],
)
def test_redirects_are_judged_before_they_are_followed(location: str, expected: str) -> None:
    assert redirect(middleware(), location) == expected


def test_refusals_are_counted_per_reason_and_source() -> None:
    mw = middleware()
    redirect(mw, "file:///etc/passwd")
    reason_of(mw, request("https://evil.example.net/x"))
    reason_of(mw, request("https://evil.example.net/y"))
    assert mw.crawler is not None and mw.crawler.stats is not None
    stats = mw.crawler.stats.get_stats()
    assert stats["newsbot/refused/redirect_scheme"] == 1
    assert stats["newsbot/refused/offsite"] == 2
    assert stats["newsbot/source/public/refused/offsite"] == 2


def test_the_extra_sites_setting_widens_every_source() -> None:
    mw = StayOnSource(get_crawler(), resolver=resolve)
    mw.set_sources(Sources([PUBLIC], extra_sites={"cdn.example.net"}))
    assert reason_of(mw, request("https://img.cdn.example.net/x")) == "offsite"  # other domain

    async def cdn(host: str) -> str:
        return "93.184.216.35"

    mw = StayOnSource(get_crawler(), resolver=cdn)
    mw.set_sources(Sources([PUBLIC], extra_sites={"example.net"}))
    assert reason_of(mw, request("https://img.cdn.example.net/x")) is None


def test_the_project_enables_it_before_redirects_and_only_http() -> None:
    priority = project.DOWNLOADER_MIDDLEWARES["newsbot.middlewares.offsite.StayOnSource"]
    assert priority > 600  # RedirectMiddleware: a redirect is judged before it is followed
    assert all(project.DOWNLOAD_HANDLERS[s] is None for s in ("file", "ftp", "data", "s3"))
