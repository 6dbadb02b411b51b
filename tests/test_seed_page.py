"""The problem newsbot exists to solve (../shared/seed/README.md), on a page built in its style."""

from __future__ import annotations

from pathlib import Path

from newsbot.extract import extract_article

PAGE = Path(__file__).parent / "pages" / "seed_style.html"
URL = "https://wire.example.com/news/412345-northern-port-reopens/?utm_source=rss"


def extracted() -> dict[str, object]:
    return extract_article(PAGE.read_text(encoding="utf-8"), URL)


def test_headline_is_the_title_not_the_first_paragraph() -> None:
    fields = extracted()
    assert fields["headline"] == "Harbour authority reopens northern port after storm repairs"
    body = str(fields["articleBody"])
    assert not body.startswith("Harbour authority reopens")


def test_body_is_the_paragraphs_in_order_and_nothing_else() -> None:
    paragraphs = str(extracted()["articleBody"]).split("\n\n")
    assert paragraphs[0].startswith("The northern port reopened to cargo traffic on Friday")
    assert paragraphs[-1].startswith("The harbour authority said a review")
    assert len(paragraphs) == 6


def test_no_icon_share_or_navigation_text_in_body() -> None:
    body = str(extracted()["articleBody"])
    for junk in ("icon", "Sign in", "Related stories", "All rights reserved", "Ports", "30 Jun"):
        assert junk not in body


def test_read_more_promotion_is_not_part_of_the_article() -> None:
    assert "READ MORE" not in str(extracted()["articleBody"])


def test_visible_dateline_is_found() -> None:
    assert extracted()["datePublishedRaw"] == "30 Jun, 2017 13:17"
