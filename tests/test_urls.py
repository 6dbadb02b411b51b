"""URL identity: one article, one key, whatever variant of its URL a page links to."""

from __future__ import annotations

import pytest

from newsbot.urls import article_id, canonical_url, non_amp_url, strip_tracking, url_key

STORY = "example.com/news/2024/flood-defences"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/news/2024/flood-defences",
        "http://example.com/news/2024/flood-defences",
        "https://www.example.com/news/2024/flood-defences",
        "https://WWW.Example.COM/news/2024/flood-defences/",
        "https://example.com:443/news/2024/flood-defences",
        "http://www.example.com:80/news/2024/flood-defences",
        "https://example.com/news/2024/flood-defences#comments",
        "https://example.com/news/2024/flood-defences?utm_source=twitter&utm_medium=social",
        "https://example.com/news/2024/flood-defences?fbclid=IwAR0abc&gclid=Cj0K",
        "https://example.com/news/2024/flood-defences?mc_cid=1a2b&mc_eid=3c4d",
        "https://example.com/news/2024/flood-defences?ref=homepage",
        "https://example.com/news/2024/flood-defences?_hsenc=p2A&_hsmi=123&mkt_tok=ey",
        "https://m.example.com/news/2024/flood-defences",
        # AMP editions
        "https://example.com/news/2024/flood-defences/amp",
        "https://example.com/news/2024/flood-defences/amp/",
        "https://example.com/amp/news/2024/flood-defences",
        "https://example.com/news/2024/flood-defences.amp",
        "https://example.com/news/2024/flood-defences?amp=1",
        "https://example.com/news/2024/flood-defences?outputType=amp",
        "https://amp.example.com/news/2024/flood-defences",
        "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/news/2024/flood-defences",
        "https://www.google.com/amp/s/www.example.com/news/2024/flood-defences",
    ],
)
def test_variants_of_one_article_have_one_key(url: str) -> None:
    assert url_key(url) == STORY
    assert article_id(url) == article_id(f"https://{STORY}")


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://example.com/news/story.amp.html", "example.com/news/story.html"),
        ("https://example.com/news/story/amp.html", "example.com/news/story"),
        ("https://example.com/article?id=42&page=2", "example.com/article?id=42&page=2"),
        ("https://example.com/article?page=2&id=42", "example.com/article?id=42&page=2"),
        ("https://example.com/article?id=42&utm_campaign=x", "example.com/article?id=42"),
        ("https://news.example.com/a", "news.example.com/a"),  # another site of the publisher
        ("https://m.co.uk/a", "m.co.uk/a"),  # "m" is the site here, not a mobile edition
        ("https://www.bbc.co.uk/news/x", "bbc.co.uk/news/x"),
        ("http://127.0.0.1:8080/news/a", "127.0.0.1:8080/news/a"),
        ("https://example.com/amplifier-review", "example.com/amplifier-review"),
        ("https://example.com/camp/news", "example.com/camp/news"),
    ],
)
def test_what_stays_apart(url: str, key: str) -> None:
    assert url_key(url) == key


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTP://Example.com:80/a?b=2&a=1#top", "http://example.com/a?a=1&b=2"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("https://example.com/a?utm_source=x&id=3", "https://example.com/a?id=3"),
    ],
)
def test_canonical_url_is_fetchable_and_normalised(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


def test_amp_folding_keeps_the_scheme_of_the_cache_path() -> None:
    assert non_amp_url("https://x-org.cdn.ampproject.org/c/s/x.org/a") == "https://x.org/a"
    assert non_amp_url("https://x-org.cdn.ampproject.org/c/x.org/a") == "http://x.org/a"


def test_strip_tracking_keeps_meaningful_parameters() -> None:
    assert strip_tracking("https://e.com/a?id=1&utm_source=x&q=z#f") == "https://e.com/a?id=1&q=z"
