"""Headline rules, each on a small hand-made page or title."""

from __future__ import annotations

from newsbot.extract.headline import find_headline, strip_site_name
from newsbot.extract.html import parse_html


def headline(html: str, candidates: list[str | None], names: list[str] | None = None) -> str | None:
    tree = parse_html(html)
    assert tree is not None
    return find_headline(tree, candidates, names or [])


def test_double_dash_separates_a_site_name() -> None:
    title = "New court files expose a spy operation -- Example News"
    assert strip_site_name(title, ["Example News"]) == "New court files expose a spy operation"
