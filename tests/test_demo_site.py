"""The demo news web serves what it promises: real HTTP on 127.0.0.1, read with urllib."""

from __future__ import annotations

import gzip
import itertools
import re
import subprocess
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest

from newsbot.demo.site import DemoSite, build_sites
from newsbot.sources import Source, load_sources
from newsbot.urls import strip_tracking

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "atom": "http://www.w3.org/2005/Atom",
}


@pytest.fixture(scope="module")
def site() -> Iterator[DemoSite]:
    with DemoSite() as demo:
        yield demo


@pytest.fixture(scope="module")
def sources(site: DemoSite, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Source]:
    path = tmp_path_factory.mktemp("demo") / "sources.toml"
    path.write_text(site.sources_toml(), encoding="utf-8")
    return {s.name: s for s in load_sources(path)}


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
    """Status, final URL and body of a GET (redirects followed, errors returned)."""
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.url, response.read()
    except urllib.error.HTTPError as error:
        return error.code, url, error.read()


def page(url: str) -> lxml.html.HtmlElement:
    status, _, body = fetch(url)
    assert status == 200, url
    return lxml.html.fromstring(body, base_url=url)


def text_of(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def links(tree: lxml.html.HtmlElement, url: str) -> list[str]:
    return [urljoin(url, a.get("href")) for a in tree.iterfind(".//a[@href]")]


def next_page(tree: lxml.html.HtmlElement, url: str) -> str | None:
    """What a crawler reads as "the next listing page": rel=next, else an older/more link."""
    for link in tree.iterfind(".//link[@rel='next']"):
        return urljoin(url, link.get("href"))
    for a in tree.iterfind(".//a[@href]"):
        if re.search(r"\b(older|more|next)\b", text_of(a), re.I):
            target = urljoin(url, a.get("href"))
            if urlsplit(target).path.startswith(urlsplit(url).path.split("/page/")[0]):
                return target
    return None


def feed_links(url: str) -> list[str]:
    status, _, body = fetch(url)
    assert status == 200
    root = ET.fromstring(body)
    if root.tag == "rss":
        return [item.findtext("link") or "" for item in root.iter("item")]
    assert root.tag == f"{{{NS['atom']}}}feed"
    return [e.find("atom:link", NS).get("href") for e in root.iterfind("atom:entry", NS)]


def sitemap_links(url: str) -> list[str]:
    status, _, body = fetch(url)
    assert status == 200
    root = ET.fromstring(body)
    if root.tag == f"{{{NS['sm']}}}sitemapindex":
        return [
            link
            for loc in root.iterfind("sm:sitemap/sm:loc", NS)
            for link in sitemap_links(loc.text or "")
        ]
    return [loc.text or "" for loc in root.iterfind("sm:url/sm:loc", NS)]


def discovered(source: Source) -> set[str]:
    """Every link a crawler finds from the source's entry points, tracking stripped."""
    found: list[str] = []
    for start in source.listings:
        url: str | None = start
        for _ in range(source.max_listing_pages):
            if url is None:
                break
            tree = page(url)
            found += links(tree, url)
            url = next_page(tree, url)
    for feed in source.feeds:
        found += feed_links(feed)
    for sitemap in source.sitemaps:
        found += sitemap_links(sitemap)
    return {strip_tracking(u) for u in found}


def test_each_site_has_its_own_loopback_port(site: DemoSite) -> None:
    assert set(site.urls) == {"meridian", "kurier", "wire", "gazette"}
    hosts = {urlsplit(url).netloc for url in site.urls.values()}
    assert len(hosts) == 4
    assert all(url.startswith("http://127.0.0.1:") for url in site.urls.values())


def test_sources_file_is_valid_and_sets_time_zones(sources: dict[str, Source]) -> None:
    assert {name: s.timezone for name, s in sources.items()} == {
        "meridian": "Europe/London",
        "kurier": "Europe/Berlin",
        "wire": "America/New_York",
        "gazette": "Asia/Kolkata",
    }
    assert sources["wire"].feeds and not sources["wire"].listings
    assert sources["gazette"].sitemaps and not (
        sources["gazette"].listings or sources["gazette"].feeds
    )


def test_expected_articles_are_many_distinct_and_complete(site: DemoSite) -> None:
    expected = site.expected_articles()
    assert 40 <= len(expected) <= 60
    assert {e["source"] for e in expected.values()} == set(site.urls)
    assert len({e["headline"] for e in expected.values()}) == len(expected)
    for url, fields in expected.items():
        assert set(fields) == {
            "headline", "articleBody", "authors", "datePublished", "source", "inLanguage",
        }  # fmt: skip
        assert url.startswith(site.urls[fields["source"]] + "/")
        assert 5 <= len(fields["articleBody"].split("\n\n")) <= 17  # + standfirst, subheading
        assert datetime.fromisoformat(fields["datePublished"]).utcoffset() is not None
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", fields["datePublished"])
        assert fields["inLanguage"] == "en"


def test_no_two_articles_are_near_duplicates(site: DemoSite) -> None:
    def shingles(text: str) -> set[tuple[str, ...]]:
        words = re.findall(r"\w+", text.lower())
        return set(zip(*(words[i:] for i in range(5)), strict=False))

    bodies = {url: shingles(e["articleBody"]) for url, e in site.expected_articles().items()}
    worst = max(len(a & b) / len(a | b) for a, b in itertools.combinations(bodies.values(), 2))
    assert worst < 0.25


def test_stories_are_deterministic() -> None:
    first = [site.expected("http://h") for site in build_sites()]
    second = [site.expected("http://h") for site in build_sites()]
    assert first == second


def test_every_article_page_serves_its_expected_fields(site: DemoSite) -> None:
    for url, fields in site.expected_articles().items():
        tree = page(url)
        assert tree.find(".//link[@rel='canonical']").get("href") == url
        assert text_of(tree.find(".//h1")) == fields["headline"]
        text = text_of(tree.body)
        for paragraph in fields["articleBody"].split("\n\n"):
            assert " ".join(paragraph.split()) in text, (url, paragraph)
        for author in fields["authors"]:
            assert author in text
        local = datetime.fromisoformat(fields["datePublished"])
        if fields["source"] == "kurier":
            assert f"{local:%d %b, %Y %H:%M}" in text
            assert "ld+json" not in lxml.html.tostring(tree, encoding="unicode")
        else:
            assert fields["datePublished"] in lxml.html.tostring(tree, encoding="unicode")


def test_every_article_is_reachable_from_its_sources_entry_points(
    site: DemoSite, sources: dict[str, Source]
) -> None:
    expected = site.expected_articles()
    for name, source in sources.items():
        own = {url for url, e in expected.items() if e["source"] == name}
        missing = own - discovered(source)
        assert not missing, f"{name}: {sorted(missing)}"


def test_some_articles_are_reached_twice_under_different_urls(
    site: DemoSite, sources: dict[str, Source]
) -> None:
    expected = site.expected_articles()
    for name in ("meridian", "wire"):
        raw = feed_links(sources[name].feeds[-1])
        tracked = [u for u in raw if "utm_source=" in u]
        assert tracked
        assert all(strip_tracking(u) in expected for u in tracked)
        status, final, _ = fetch(tracked[0])
        assert status == 200 and final == tracked[0]


def test_meridian_sections_paginate_with_rel_next_and_older_links(site: DemoSite) -> None:
    base = site.urls["meridian"]
    tree = page(f"{base}/section/world/")
    assert tree.find(".//link[@rel='next']").get("href") == f"{base}/section/world/?page=2"
    older = [a for a in tree.iterfind(".//a") if text_of(a) == "Older stories"]
    assert older and older[0].get("href") == "/section/world/?page=2"
    assert tree.find(".//article[@class='card card--live']") is not None
    last = page(f"{base}/section/world/?page=2")
    assert last.find(".//link[@rel='prev']") is not None
    assert fetch(f"{base}/section/world/?page=99")[0] == 404


def test_kurier_listing_paginates_with_page_paths(site: DemoSite) -> None:
    base = site.urls["kurier"]
    tree = page(f"{base}/news/")
    more = [a for a in tree.iterfind(".//a") if "More news" in text_of(a)]
    assert more[0].get("href") == "/news/page/2/"
    short = [a.get("href") for a in tree.iterfind(".//div[@class='trending']//a")]
    assert any(re.fullmatch(r"/news/\d{6}/", href) for href in short)
    assert page(f"{base}/news/page/2/").find(".//a[@class='page-numbers']") is not None


def test_kurier_article_reads_like_the_seed_page(site: DemoSite) -> None:
    url, fields = next(
        (u, e) for u, e in site.expected_articles().items() if e["source"] == "kurier"
    )
    body = fetch(url)[2]
    html = body.decode()
    assert html.index("icon bookmark-b") < html.index("date_article-header") < html.index("<h1")
    tree = lxml.html.fromstring(body)
    read_more = [p for p in tree.iterfind(".//p") if text_of(p).startswith("READ MORE: ")]
    assert read_more
    assert all(text_of(p) not in fields["articleBody"] for p in read_more)
    assert "+0" not in text_of(tree.find(".//div[@class='date date_article-header']"))


def test_kurier_short_link_redirects_to_the_story(site: DemoSite) -> None:
    url = next(u for u, e in site.expected_articles().items() if e["source"] == "kurier")
    number = re.search(r"/(\d{6})-", url).group(1)
    status, final, _ = fetch(f"{site.urls['kurier']}/news/{number}/")
    assert (status, final) == (200, url)


def test_feeds_are_valid_xml_with_dates(site: DemoSite) -> None:
    base = site.urls["wire"]
    rss = ET.fromstring(fetch(f"{base}/rss/topnews.xml")[2])
    items = rss.findall("channel/item")
    assert len(items) == len(
        [e for e in site.expected_articles().values() if e["source"] == "wire"]
    )
    assert all(re.search(r"\d{4} \d\d:\d\d:\d\d GMT$", i.findtext("pubDate")) for i in items)
    atom = ET.fromstring(fetch(f"{base}/feeds/business.atom")[2])
    entries = atom.findall("atom:entry", NS)
    assert entries and all(e.findtext("atom:published", namespaces=NS) for e in entries)
    meridian = ET.fromstring(fetch(f"{site.urls['meridian']}/rss/latest.xml")[2])
    assert len(meridian.findall("channel/item")) == 8


def test_gazette_news_sitemap_matches_expected(site: DemoSite) -> None:
    base = site.urls["gazette"]
    index = ET.fromstring(fetch(f"{base}/sitemap_index.xml")[2])
    sitemaps = [loc.text for loc in index.iterfind("sm:sitemap/sm:loc", NS)]
    assert f"{base}/news-sitemap.xml" in sitemaps
    news = ET.fromstring(fetch(f"{base}/news-sitemap.xml")[2])
    expected = site.expected_articles()
    urls = news.findall("sm:url", NS)
    assert len(urls) == len([e for e in expected.values() if e["source"] == "gazette"])
    for url in urls:
        fields = expected[url.findtext("sm:loc", namespaces=NS)]
        assert url.findtext("news:news/news:title", namespaces=NS) == fields["headline"]
        published = url.findtext("news:news/news:publication_date", namespaces=NS)
        assert published == fields["datePublished"]
    assert "Sitemap: " in fetch(f"{base}/robots.txt")[2].decode()


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("meridian", "/tag/energy/"),
        ("meridian", "/section/business/?page=2"),
        ("meridian", "/author/kwame-mensah/"),
        ("meridian", "/account/login/?return=/"),
        ("meridian", "/search/?q=flood"),
        ("meridian", "/video/2026/11/23/"
         "watch-drone-footage-shows-scale-of-flooding-in-the-lowlands-v80312/"),
        ("meridian", "/live/2026/11/24/budget-day-live-finance-minister-sets-out-spending-plans/"),
        ("kurier", "/tags/energy/"),
        ("kurier", "/authors/anna-keller/"),
        ("kurier", "/login/"),
        ("kurier", "/search/?q=port"),
        ("kurier", "/video/613804-crowds-gather-as-new-bridge-opens-to-traffic/"),
        ("kurier", "/live/"),
        ("gazette", "/category/city/"),
        ("gazette", "/author/hana-sato/"),
        ("gazette", "/?s=metro"),
        ("gazette", "/wp-login.php"),
        ("gazette", "/about-us/"),
        ("wire", "/business/"),
    ],
)  # fmt: skip
def test_non_article_pages_are_served(site: DemoSite, name: str, path: str) -> None:
    status, _, body = fetch(site.urls[name] + path)
    assert status == 200
    assert b"<html" in body
    assert (site.urls[name] + path) not in site.expected_articles()


def test_pages_carry_external_links_and_tracking_parameters(site: DemoSite) -> None:
    base = site.urls["meridian"]
    url = next(u for u, e in site.expected_articles().items() if e["source"] == "meridian")
    hrefs = links(page(url), url)
    assert any(urlsplit(h).netloc == "twitter.com" for h in hrefs)
    assert any(h.startswith(base) and "utm_source=" in h for h in hrefs)
    assert any(h.startswith("mailto:") for h in hrefs)


def test_robots_txt_disallows_search(site: DemoSite) -> None:
    for name in ("meridian", "kurier"):
        status, _, body = fetch(site.urls[name] + "/robots.txt")
        assert status == 200 and b"Disallow: /search/" in body


def test_unknown_pages_are_404_and_slashless_paths_redirect(site: DemoSite) -> None:
    base = site.urls["meridian"]
    assert fetch(f"{base}/no/such/page/")[0] == 404
    assert fetch(f"{base}/section/world")[:2] == (200, f"{base}/section/world/")


def test_pages_are_gzipped_when_the_client_accepts_it(site: DemoSite) -> None:
    status, _, body = fetch(site.urls["meridian"] + "/", {"Accept-Encoding": "gzip"})
    assert status == 200
    assert b"The Meridian" in gzip.decompress(body)


def test_running_the_module_serves_the_sites_and_prints_a_sources_file() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "newsbot.demo.site"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(8)]
        urls = dict(line.split() for line in lines[:4])
        assert set(urls) == {"meridian", "kurier", "wire", "gazette"}
        assert fetch(urls["kurier"] + "news/")[0] == 200
        assert "# sources file" in "".join(lines[4:])
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


def test_each_site_keeps_an_access_log() -> None:
    with DemoSite() as demo:
        fetch(demo.urls["wire"] + "/rss/topnews.xml?x=1")
        fetch(demo.urls["wire"] + "/robots.txt")
    assert demo.requests()["wire"] == ["/rss/topnews.xml?x=1", "/robots.txt"]
    assert demo.requests()["gazette"] == []


def test_pages_answer_conditional_requests(site: DemoSite) -> None:
    url = site.urls["wire"] + "/rss/topnews.xml"
    with urllib.request.urlopen(url, timeout=10) as response:
        etag = response.headers["ETag"]
    assert etag
    assert fetch(url, {"If-None-Match": etag})[0] == 304
