"""The fault site misbehaves as documented, on a real socket (issue 8)."""

from __future__ import annotations

import http.client
import zlib
from typing import Any

import pytest

from newsbot.demo.site import DemoSite
from tests.sites.faults import DAY, FaultSite


@pytest.fixture(scope="module")
def server() -> Any:
    with DemoSite(sites=[FaultSite()]) as demo:
        yield demo


def get(server: DemoSite, path: str, **headers: str) -> tuple[http.client.HTTPResponse, bytes]:
    host, port = server.urls["faults"].removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        small = int(response.getheader("Content-Length") or 0) < 2**20
        body = response.read() if small else b""
    finally:
        connection.close()
    return response, body


def test_the_normal_demo_has_no_fault_site() -> None:
    assert "faults" not in {site.name for site in DemoSite().sites}


def test_a_flaky_page_recovers_on_the_second_request(server: DemoSite) -> None:
    path = f"{DAY}recovers-after-one-503.html"
    assert get(server, path)[0].status == 503
    assert get(server, path)[0].status == 200


def test_rate_limit_says_when_to_come_back(server: DemoSite) -> None:
    response, _ = get(server, f"{DAY}rate-limited-once-with-retry-after.html")
    assert (response.status, response.getheader("Retry-After")) == (429, "1")


def test_a_broken_page_never_recovers(server: DemoSite) -> None:
    for _ in range(3):
        assert get(server, f"{DAY}always-answers-500.html")[0].status == 500


@pytest.mark.parametrize("slug", ["connection-reset-mid-body", "promises-more-bytes-than-it-sends"])
def test_cut_connections(server: DemoSite, slug: str) -> None:
    with pytest.raises((http.client.IncompleteRead, ConnectionResetError)):
        get(server, f"{DAY}{slug}.html")


def test_the_big_page_announces_fifty_megabytes(server: DemoSite) -> None:
    response, _ = get(server, f"{DAY}fifty-megabytes-of-html.html")
    assert int(response.getheader("Content-Length")) == 50 * 2**20


def test_the_gzip_bomb_is_small_on_the_wire_and_huge_unpacked(server: DemoSite) -> None:
    response, body = get(server, f"{DAY}gzip-bomb-of-two-hundred-megabytes.html")
    assert response.getheader("Content-Encoding") == "gzip"
    assert len(body) < 2**20
    inflater, size = zlib.decompressobj(31), 0
    while body:
        size += len(inflater.decompress(body, 2**20))
        body = inflater.unconsumed_tail
    assert size >= 200 * 2**20


@pytest.mark.parametrize(
    ("slug", "content_type"),
    [
        ("annual-report-served-as-a-pdf-file", "application/pdf"),
        ("photo-of-the-day-served-as-an-image", "image/png"),
    ],
)
def test_binary_files_at_article_urls(server: DemoSite, slug: str, content_type: str) -> None:
    assert get(server, f"{DAY}{slug}.html")[0].getheader("Content-Type") == content_type


@pytest.mark.parametrize(
    ("slug", "location"),
    [
        ("redirect-to-a-local-file", "file:///etc/passwd"),
        ("redirect-to-an-ftp-server", "ftp://"),
        ("redirect-to-a-data-url", "data:"),
        ("redirect-to-another-host", "http://localhost:"),
        ("redirect-loop-first-half", f"{DAY}redirect-loop-second-half.html"),
    ],
)
def test_redirects(server: DemoSite, slug: str, location: str) -> None:
    response, _ = get(server, f"{DAY}{slug}.html")
    assert response.status == 302
    assert response.getheader("Location").startswith(location)


@pytest.mark.parametrize("slug", ["most-declared-utf-8", "toshokan-declared-utf-8"])
def test_pages_declared_utf8_are_not(server: DemoSite, slug: str) -> None:
    response, body = get(server, f"{DAY}{slug}.html")
    assert response.getheader("Content-Type") == "text/html; charset=utf-8"
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


def test_every_link_carries_a_new_session_id(server: DemoSite) -> None:
    first, second = get(server, "/")[1].decode(), get(server, "/")[1].decode()
    assert "jsessionid=" in first and "PHPSESSID=" in first
    assert first != second


def test_pagination_and_calendar_never_end(server: DemoSite) -> None:
    assert 'rel="next" href="/?page=1001' in get(server, "/?page=1000")[1].decode()
    assert 'href="/archive/1999-12-31/"' in get(server, "/archive/2000-01-01/")[1].decode()
