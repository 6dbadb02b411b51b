"""Session ids in links (issue 8): one article, one URL, one request."""

from __future__ import annotations

import pytest

from newsbot.urls import strip_tracking, url_key

STORY = "https://news.example.com/2026/11/24/story.html"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (f"{STORY};jsessionid=0AF3C1D9E8B7A6F5", STORY),
        (f"{STORY};JSESSIONID=0AF3C1D9E8B7A6F5?page=2", f"{STORY}?page=2"),
        (f"{STORY}?PHPSESSID=9c1185a5c5e9fc54612808977ee8f548", STORY),
        (f"{STORY}?id=7&sessionid=abc&utm_source=x", f"{STORY}?id=7"),
        (f"{STORY}?ASPSESSIONIDQQGGGNCG=LKJHGFDSA&x=1", f"{STORY}?x=1"),
        (f"{STORY}?sid=2f9c4e1a7b3d5f60a8c2e4b6d8f0a1c3", STORY),  # a session token
        ("https://news.example.com/article.php?sid=123", "https://news.example.com/article.php?sid=123"),
        ("https://news.example.com/a;b=c/story", "https://news.example.com/a;b=c/story"),
    ],
)  # fmt: skip
def test_session_ids_are_stripped(url: str, expected: str) -> None:
    assert strip_tracking(url) == expected


def test_session_variants_share_one_key() -> None:
    variants = [
        f"{STORY};jsessionid=AAAAAAAAAAAAAAAA",
        f"{STORY};jsessionid=BBBBBBBBBBBBBBBB",
        f"{STORY}?PHPSESSID=0123456789abcdef0123",
        STORY,
    ]
    assert len({url_key(u) for u in variants}) == 1
