"""Listing pages: article links and pagination, by URL shape and page structure."""

from __future__ import annotations

import pytest

from newsbot.extract.html import parse_html
from newsbot.extract.links import article_links, is_article_url, next_page_url

BASE = "https://news.example.com/world/"


def same_site(url: str) -> bool:
    return url.startswith("https://news.example.com/")


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example.com/world/2024/05/03/leaders-meet-in-geneva/",
        "https://news.example.com/de/ukrainische-gegenoffensive/a-65464327",
        "https://news.example.com/news/world-europe-68942132",
        "https://news.example.com/politics/minister-resigns-after-budget-vote-fails",
        "https://news.example.com/story/20240503_minister.html",
    ],
)
def test_article_shapes(url: str) -> None:
    assert is_article_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example.com/",
        "https://news.example.com/world/",
        "https://news.example.com/tag/energy-prices-and-the-economy/",
        "https://news.example.com/author/jane-doe-smith-jones/",
        "https://news.example.com/video/2024/05/03/leaders-meet-in-geneva/",
        "https://news.example.com/search?q=leaders-meet-in-geneva-today",
        "https://news.example.com/world/?page=2",
        "https://news.example.com/world/page/2/",
        "https://news.example.com/news/page/5.html",  # .html alone once made it an article
        "https://news.example.com/news/page-5.html",
        "https://news.example.com/news/index_5.html",
        "https://news.example.com/nachrichten/seite/12.php",
        "https://news.example.com/images/2024/05/03/photo-of-the-leaders.jpg",
        "mailto:desk@news.example.com",
    ],
)
def test_non_article_shapes(url: str) -> None:
    assert not is_article_url(url)


LISTING = """
<html><body>
<nav><a href="/">Home</a> <a href="/world/">World</a> <a href="/tag/energy/">Energy</a>
<a href="/login">Log in</a></nav>
<article><h2><a href="/world/2024/05/03/leaders-meet-in-geneva/?utm_source=home">Leaders meet</a>
</h2></article>
<article><h2><a href="https://news.example.com/world/2024/05/02/storm-hits-coast/">Storm</a></h2>
</article>
<a href="/world/2024/05/03/leaders-meet-in-geneva/?utm_source=home#comments">12 comments</a>
<a href="https://twitter.com/share?url=/world/2024/05/02/storm-hits-coast/">Share</a>
<a href="https://elsewhere.com/2024/05/02/storm-hits-coast-elsewhere/">Elsewhere</a>
<a href="/author/jane-doe/">Jane Doe</a>
<div class="pager"><a href="/world/?page=1">1</a> <a href="/world/?page=2">2</a></div>
</body></html>
"""


def test_article_links_in_page_order_same_site_unique() -> None:
    tree = parse_html(LISTING)
    assert tree is not None
    assert article_links(tree, BASE, same_site) == [
        "https://news.example.com/world/2024/05/03/leaders-meet-in-geneva/?utm_source=home",
        "https://news.example.com/world/2024/05/02/storm-hits-coast/",
    ]


@pytest.mark.parametrize(
    ("html", "url", "expected"),
    [
        ('<link rel="next" href="/world/?page=2">', BASE, "https://news.example.com/world/?page=2"),
        ('<a rel="next" href="p2">x</a>', BASE, "https://news.example.com/world/p2"),
        ('<a href="/world/page/3/">Older stories »</a>', "https://news.example.com/world/page/2/",
         "https://news.example.com/world/page/3/"),
        ('<a href="?page=3">3</a><a href="?page=1">1</a>', BASE + "?page=2", BASE + "?page=3"),
        ('<a href="/world/?page=2">Weiter</a>', BASE, "https://news.example.com/world/?page=2"),
        ('<a href="https://elsewhere.com/?page=2">Next</a>', BASE, None),
        ('<a href="/about/">About</a>', BASE, None),
    ],
)  # fmt: skip
def test_next_page(html: str, url: str, expected: str | None) -> None:
    tree = parse_html(f"<html><head></head><body>{html}</body></html>")
    assert tree is not None
    assert next_page_url(tree, url, same_site) == expected


@pytest.mark.parametrize(
    ("link", "url", "expected"),
    [
        # (the next page's link, the current page, the link expected as next)
        ('<a href="/news/?page=3">3</a>', "/news/?page=2", "/news/?page=3"),
        ('<a href="/news/page/3/">3</a>', "/news/page/2/", "/news/page/3/"),
        ('<a href="/news/page/2.html">2</a>', "/news/", "/news/page/2.html"),
        ('<a href="/news/page/3.html">3</a>', "/news/page/2.html", "/news/page/3.html"),
        ('<a href="/news/page-2.html">2</a>', "/news/index.html", "/news/page-2.html"),
        ('<a href="/news/index_3.html">3</a>', "/news/index_2.html", "/news/index_3.html"),
        ('<a href="/news/2/">2</a>', "/news/", "/news/2/"),
        ('<a href="/news/3.html">3</a>', "/news/2.html", "/news/3.html"),
        ('<a href="/news/2/">Next</a>', "/news/", "/news/2/"),
        ('<a href="/news/2/">Ältere Artikel</a>', "/news/", "/news/2/"),
        ('<a href="/news/2/">Page suivante</a>', "/news/", "/news/2/"),
        ('<a href="/news/2/">Следующая</a>', "/news/", "/news/2/"),
        ('<a href="/news/2/">Load more</a>', "/news/", "/news/2/"),
        # a number linked elsewhere, or an article id, is not the next page
        ('<a href="/sport/page/2.html">2</a>', "/news/", None),
        ('<a href="/news/2.html">Flood barrier fails</a>', "/news/", None),
        ('<a href="/news/page/5.html">5</a>', "/news/page/2.html", None),
    ],
)  # fmt: skip
def test_pagination_forms(link: str, url: str, expected: str | None) -> None:
    site = "https://news.example.com"
    tree = parse_html(f"<html><head></head><body><p>{link}</p></body></html>")
    assert tree is not None
    assert next_page_url(tree, site + url, same_site) == (expected and site + expected)


@pytest.mark.parametrize(
    "link",
    [
        '<a href="/news/page/2.html">2</a>',
        '<a href="/news/page/2.html">Older stories</a>',
        '<a href="/news/2.html">2</a>',
        '<a href="/news/2.html">Next »</a>',
        '<a href="/news/index_2.html">»</a>',
        '<a href="/2024/05/03/">3</a>',  # a calendar day
    ],
)
def test_pagination_links_are_not_articles(link: str) -> None:
    story = '<a href="/news/minister-resigns-after-budget-vote-fails.html">Minister resigns</a>'
    tree = parse_html(f"<html><body>{story}{link}</body></html>")
    assert tree is not None
    assert article_links(tree, "https://news.example.com/news/", same_site) == [
        "https://news.example.com/news/minister-resigns-after-budget-vote-fails.html"
    ]
