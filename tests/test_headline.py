"""Headline rules, each on a small hand-made page or title."""

from __future__ import annotations

from newsbot.extract import extract_article
from newsbot.extract.headline import find_headline, strip_site_name
from newsbot.extract.html import parse_html


def headline(html: str, candidates: list[str | None], names: list[str] | None = None) -> str | None:
    tree = parse_html(html)
    assert tree is not None
    return find_headline(tree, candidates, names or [])


def test_double_dash_separates_a_site_name() -> None:
    title = "New court files expose a spy operation -- Example News"
    assert strip_site_name(title, ["Example News"]) == "New court files expose a spy operation"


def test_visible_h1_witnesses_a_tail() -> None:
    page = "<h1>Quad squad born in Utah hospital</h1>"
    title = "Quad squad born in Utah hospital | Watch News Videos Online"
    assert headline(page, [title]) == "Quad squad born in Utah hospital"


def test_visible_h1_does_not_witness_a_kicker() -> None:
    page = "<h1>Trump lawyer to become attorney general</h1>"
    title = "After Gaetz withdrawal: Trump lawyer to become attorney general"
    assert headline(page, [title]) == title


def test_breadcrumb_tail_after_a_guillemet() -> None:
    title = "Court to decide on appeal in Madrid » Local » News » Daily Paper"
    assert headline("<p>x</p>", [None, title, "Court to decide on appeal in Madrid"]) == (
        "Court to decide on appeal in Madrid"
    )


def test_a_single_dash_is_no_tail_mark() -> None:
    title = "Two resign over the flood - and many questions remain"
    assert headline("<p>x</p>", [title, "Two resign over the flood"]) == title


def test_twitter_title_is_a_witness() -> None:
    page = (
        "<html><head><title>Court to decide on appeal in Madrid » Local » Daily Paper</title>"
        '<meta name="twitter:title" content="Court to decide on appeal in Madrid">'
        "</head><body><p>Text.</p></body></html>"
    )
    item = extract_article(page, "https://paper.example.com/local/appeal.html")
    assert item["headline"] == "Court to decide on appeal in Madrid"


def test_quotes_spelled_as_most_metadata_titles_spell_them() -> None:
    curly = "Strava unveils ‘family’ plan and dark mode"
    straight = "Strava unveils 'family' plan and dark mode"
    assert headline("<p>x</p>", [curly, straight, straight + " | Tech News"], ["Tech News"]) == (
        straight
    )
    assert headline("<p>x</p>", [curly, straight]) == curly  # a tie keeps the first


def test_a_name_field_holding_the_headline_is_no_site_name() -> None:
    title = "AI in the classroom - children learn faster and better"
    assert strip_site_name(title, ["Daily Paper", title]) == title
    assert strip_site_name(title + " | Daily Paper", ["Daily Paper", title]) == title


def test_what_follows_the_site_name_is_no_headline() -> None:
    names = ["The Daily Paper", "Royal"]
    title = "Couple 'won't recover' from snub | The Daily Paper | by Jane Doe"
    assert strip_site_name(title, names) == "Couple 'won't recover' from snub"
    title = "Couple 'won't recover' | Royal | News | dailypaper.example"
    assert strip_site_name(title, names) == "Couple 'won't recover'"
