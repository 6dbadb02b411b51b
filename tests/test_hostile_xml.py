"""Feeds and sitemaps are untrusted XML (issue 8): no entity expands, nothing external loads,
broken documents give what they can."""

from __future__ import annotations

import resource
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from newsbot.demo.site import DemoSite
from newsbot.extract.feeds import parse_xml
from tests.sites.faults import DAY, FaultSite


@pytest.fixture(scope="module")
def secret(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    token = "xml-secret-93c1e"
    path = tmp_path_factory.mktemp("xml") / "secret.txt"
    path.write_text(token, encoding="utf-8")
    return path, token


@pytest.fixture(scope="module")
def served(secret: tuple[Path, str]) -> Any:
    site = FaultSite(secret_file=str(secret[0]))
    with DemoSite(sites=[site]) as demo:
        yield demo, site


def get(demo: DemoSite, path: str) -> bytes:
    with urllib.request.urlopen(demo.urls["faults"] + path) as response:
        body: bytes = response.read()
    return body


def test_billion_laughs_does_not_expand(served: tuple[DemoSite, FaultSite]) -> None:
    demo, _ = served
    body = get(demo, "/sitemap-laughs.xml")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    parsed = parse_xml(body, demo.urls["faults"] + "/sitemap-laughs.xml")
    grown_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    # libxml2 stops at the amplification limit: what follows the bomb is lost, nothing grows.
    assert parsed.kind == "urlset"
    assert all("lol" not in entry.url for entry in parsed.entries)
    assert grown_kib < 50_000  # 10^9 "lol"s would be gigabytes


def test_external_entities_and_dtds_load_nothing(
    served: tuple[DemoSite, FaultSite], secret: tuple[Path, str]
) -> None:
    demo, site = served
    body = get(demo, "/sitemap-external.xml")
    parsed = parse_xml(body, demo.urls["faults"] + "/sitemap-external.xml")
    assert parsed.kind == "urlset"
    assert not any(secret[1] in entry.url for entry in parsed.entries)
    assert demo.urls["faults"] + DAY + site.slugs("good")[6] + ".html" in [
        entry.url for entry in parsed.entries
    ]
    assert [r for r in demo.requests()["faults"] if r.startswith("/leak/")] == []


@pytest.mark.parametrize("path", ["/rss.xml", "/sitemap-broken.xml"])
def test_broken_feeds_give_what_they_can(served: tuple[DemoSite, FaultSite], path: str) -> None:
    demo, site = served
    parsed = parse_xml(get(demo, path), demo.urls["faults"] + path)
    good = {demo.urls["faults"] + DAY + slug + ".html" for slug in site.slugs("good")}
    assert {entry.url for entry in parsed.entries} & good
