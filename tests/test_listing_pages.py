"""No listing page in the feed (issue 13): pagination in its common shapes is walked as a
listing and never fetched as an article; a hub linked like an article is dropped by name,
counted, and not fetched again on the next run. End to end, shipped settings."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from newsbot.extract import extract_article
from newsbot.extract.html import parse_html
from newsbot.extract.pagetype import headline_links, is_listing
from tests.corpus import cases, require_corpus
from tests.crawl import run_crawl
from tests.sites.paged import HUB, PagedSite, Served


@pytest.mark.parametrize(
    ("shape", "next_link"),
    [
        ("page_html", "numbers"),  # /news/page/2.html, links 1 2 3 4 5: the case of issue 13
        ("page_html", "Older stories"),
        ("query", "numbers"),
        ("page_slash", "rel"),
        ("section_number", "Ältere Artikel"),
        ("section_number", "numbers"),
    ],
)
def test_a_paginated_site_exports_exactly_its_articles(
    tmp_path: Path, shape: str, next_link: str
) -> None:
    site = PagedSite(shape, next_link)
    with Served(site) as served:
        crawl = run_crawl(tmp_path, served.sources_toml())
    assert crawl.returncode == 0, crawl.log[-3000:]
    exported = Counter(item["url"] for item in crawl.items)
    assert set(exported) == site.expected_urls(served.base)
    assert max(exported.values()) == 1
    requested = Counter(site.requested())
    # Every listing page was walked once, as a listing only (never again as an article).
    assert {site.page_path(n): requested[site.page_path(n)] for n in range(1, site.pages + 1)} == {
        site.page_path(n): 1 for n in range(1, site.pages + 1)
    }
    assert crawl.stats["item_dropped_reasons_count/NotAnArticle"] == 1  # the hub


def test_a_hub_is_dropped_and_not_fetched_again_next_run(tmp_path: Path) -> None:
    site = PagedSite("page_html", "numbers")
    with Served(site) as served:
        first = run_crawl(tmp_path, served.sources_toml())
        assert site.requested().count(HUB) == 1
        assert HUB not in {item["url"].removeprefix(served.base) for item in first.items}
        assert first.stats["item_dropped_reasons_count/NotAnArticle"] == 1
        second = run_crawl(tmp_path, served.sources_toml())
    assert second.returncode == 0, second.log[-3000:]
    assert site.requested().count(HUB) == 1
    assert second.items == []


def test_a_listing_page_is_not_an_article() -> None:
    site = PagedSite("page_html")
    base = "http://127.0.0.1:8000"
    assert extract_article(site.hub_page(), base + HUB)["accessStatus"] == "listing"
    page = extract_article(site.listing_page(2), base + "/news/page/2.html")
    assert page["accessStatus"] == "listing"
    story = site.stories[3]
    article = extract_article(site.article_page(base, story), base + site.article_path(story))
    assert article["accessStatus"] == "full"


@pytest.mark.parametrize(
    "marks",
    [
        '<meta property="og:type" content="article">',
        '<meta property="article:published_time" content="2026-11-24T09:30:00Z">',
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "x"}</script>',
    ],
)
def test_article_markup_keeps_a_page_with_many_links(marks: str) -> None:
    site = PagedSite("page_html")
    html = site.hub_page().replace("</head>", marks + "</head>")
    assert extract_article(html, "http://127.0.0.1:8000" + HUB)["accessStatus"] == "full"


def test_headline_links_count_other_articles_of_the_site_once() -> None:
    tree = parse_html(
        '<html><body><a href="/news/a-story-about-floods.html">A story about floods</a>'
        '<a href="/news/a-story-about-floods.html#c">A story about floods</a>'
        '<a href="https://elsewhere.org/news/other-story-on-floods.html">Other story on floods</a>'
        '<a href="/news/page/2.html">Older stories page two</a>'
        '<a href="/news/second-story-on-floods.html">Read</a>'
        '<a href="/news/this-page.html">This very page here</a></body></html>'
    )
    assert tree is not None
    assert headline_links(tree, "http://www.example.com/news/this-page.html") == 1


def test_no_corpus_article_is_taken_for_a_listing() -> None:
    """Of the 399 corpus pages, 2 have neither article markup nor a date of their own; one is
    a video page of video.usnews.com whose 100 video headlines outweigh its 35-word caption."""
    require_corpus()
    taken = []
    for case in cases():
        article = extract_article(case.html, case.url)
        if article["accessStatus"] == "listing":
            taken.append(case.id)
    assert taken == ["newspaper/usnews.com2"]


def test_is_listing_needs_every_sign() -> None:
    tree = parse_html(PagedSite().hub_page())
    assert tree is not None
    url = "http://127.0.0.1:8000" + HUB
    assert is_listing(tree, url, {}, {}, words=9, dated=False)
    assert not is_listing(tree, url, {}, {}, words=9, dated=True)
    assert not is_listing(tree, url, {}, {"headline": "x"}, words=9, dated=False)
    assert not is_listing(tree, url, {}, {}, words=40 * 12, dated=False)
