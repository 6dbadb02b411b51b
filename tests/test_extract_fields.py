"""Headline, authors and language: metadata cleaned, checked against the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsbot.extract import extract_article
from newsbot.extract.authors import clean_names, find_authors
from newsbot.extract.headline import h1_text, strip_site_name, without_affix
from newsbot.extract.html import parse_html
from newsbot.extract.language import find_language, normalise_code

PAGE = Path(__file__).parent / "pages" / "extract" / "furniture.html"
URL = "https://courier.example.co.uk/local/2024/05/03/council-approves-river-bridge-plan/"

ZULU = (
    "Umndeni kamufi uthe awukaze ubone into enjalo ngaphambilini, futhi ucela amaphoyisa "
    "ukuthi asheshise uphenyo ngalolu daba. Abantu abaningi bebebuthene phambi kwesikole "
    "ngoLwesibili ekuseni bebambe imihlangano yokukhuluma ngalesi simo esibi kakhulu. "
    "Umholi womphakathi uthe bazoqhubeka nokulwela ubulungiswa kuze kube kutholakala izimpendulo."
)


def test_page_fields() -> None:
    fields = extract_article(PAGE.read_text(encoding="utf-8"), URL)
    assert fields["headline"] == "Council approves river bridge plan – at last"
    assert fields["authors"] == [{"name": "Jane Doe"}, {"name": "John Roe"}, {"name": "Mary Major"}]
    assert fields["inLanguage"] == "en"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Steigende Zinsen setzen Dax zu | Börsen-Zeitung", "Steigende Zinsen setzen Dax zu"),
        ("Ziele, Chancen, Risiken | DW | 28.04.2023", "Ziele, Chancen, Risiken"),
        ("Golem.de - Samsung verliert Patentklage", "Samsung verliert Patentklage"),
        (
            "Brand in Lichterfelde – Starke Rauchentwicklung",
            "Brand in Lichterfelde – Starke Rauchentwicklung",
        ),
    ],
)
def test_site_name_parts_are_dropped(title: str, expected: str) -> None:
    names = ["Börsen-Zeitung", "boersen-zeitung", "DW", "golem.de"]
    assert strip_site_name(title, names) == expected


@pytest.mark.parametrize(
    ("title", "others", "expected"),
    [
        ("Olympia: Deutsche Aggressoren beeindrucken", ["Deutsche Aggressoren beeindrucken"],
         "Deutsche Aggressoren beeindrucken"),
        ("Thioune fordert Geduld mit Niemiec | Sport", ["Thioune fordert Geduld mit Niemiec"],
         "Thioune fordert Geduld mit Niemiec"),
        # Another title that merely ends the same way, without a label mark, is no witness.
        ("Warum Putin warnt", ["Putin warnt"], "Warum Putin warnt"),
        ("Brexit: Ja", ["Ja"], "Brexit: Ja"),  # too short to be the headline alone
    ],
)  # fmt: skip
def test_label_missing_from_other_metadata_is_dropped(
    title: str, others: list[str], expected: str
) -> None:
    assert without_affix(title, others) == expected


def test_h1_without_kicker_or_screen_reader_text() -> None:
    tree = parse_html(
        '<h1><span class="article-title__overline">Nahost</span>'
        '<span class="h-offscreen" aria-hidden="true"> - </span>'
        "<span>«Die Zurückhaltung hat viel mit den USA zu tun»</span></h1>"
    )
    assert tree is not None
    assert h1_text(tree.find(".//h1")) == "«Die Zurückhaltung hat viel mit den USA zu tun»"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["Felix Schröder und Jörg Soldwisch, dpa"], ["Felix Schröder", "Jörg Soldwisch", "dpa"]),
        (["Samya Kullab and Vasilisa Stepanenko"], ["Samya Kullab", "Vasilisa Stepanenko"]),
        (["Elena Oberholzer (obe)", "Elena Oberholzer"], ["Elena Oberholzer"]),
        (["You, Xiaoying"], ["Xiaoying You"]),
        (["d.kuckelkorn@boersen-zeitung.de"], []),
        (["Von", "By: Ann Lee"], ["Ann Lee"]),
        (["김민수 기자"], ["김민수"]),
        (["KTV24 Redaktion", "Stand: 12.05.2024"], ["KTV24 Redaktion"]),
    ],
)
def test_author_names(raw: list[str], expected: list[str]) -> None:
    assert clean_names(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"), [("en-GB", "en"), ("nb_NO", "no"), ("kr", "ko"), ("x-default", None)]
)
def test_declared_codes(raw: str, expected: str | None) -> None:
    assert normalise_code(raw) == expected


def test_language_declared_wrongly_is_corrected_by_the_text() -> None:
    assert find_language(["en"], ZULU) == "zu"
    assert find_language([None, "en-US"], None) == "en"
    assert find_language([None], ZULU) == "zu"


def test_language_detector_does_not_overrule_close_relatives() -> None:
    danish_like = "Regeringen har besluttet at investere mere i den grønne omstilling. " * 5
    assert find_language(["no"], danish_like) == "no"


def test_names_in_an_unmarked_byline_box() -> None:
    tree = parse_html(
        "<html><body><header><h1>Title</h1><div class='article-byline'>"
        "<div class='origins'><span>Birgit Baumann</span>, <span>Anna Giulia Fink</span></div>"
        "<div class='date'><time>3. Mai 2024, 10:00</time></div></div></header></body></html>"
    )
    assert tree is not None
    assert find_authors(tree, {}, {}) == ["Birgit Baumann", "Anna Giulia Fink"]


def test_publisher_in_metadata_gives_way_to_the_visible_byline() -> None:
    tree = parse_html(
        "<html><body><p>By <a rel='author' href='/a/jk'>Jemima Kelly</a></p></body></html>"
    )
    assert tree is not None
    ld = {"author": {"@type": "Organization", "name": "STERN.de"}}
    assert find_authors(tree, {}, ld, ["stern.de", "STERN"]) == ["Jemima Kelly"]


def _authors(html: str, meta: dict[str, str], ld: dict, site_names: list[str]) -> list[str]:
    tree = parse_html(f"<html><body>{html}</body></html>")
    assert tree is not None
    return find_authors(tree, meta, ld, site_names)


@pytest.mark.parametrize(
    ("html", "meta", "ld", "site_names", "expected"),
    [
        # One meta tag per author: all of them count, not only the first.
        (
            "<meta name='dc.creator' content='Doe, Jane'>"
            "<meta name='dc.creator' content='Roe, John'>",
            {"dc.creator": "Doe, Jane"}, {}, [], ["Jane Doe", "John Roe"],
        ),
        # A section's name signs as a team: only the section's whole name is no author.
        (
            "", {"article:section": "Travel"},
            {"author": [{"@type": "Person", "name": "Sam Smith"},
                        {"@type": "Person", "name": "Travel Desk"}]},
            ["Courier", "Travel"], ["Sam Smith", "Travel Desk"],
        ),
        # Metadata naming one of the byline's people: the byline's others are co-authors.
        (
            "<article><h1>Title</h1><p class='meta'>By <a class='who'>Ann Lee</a>, "
            "<a class='who'>Bo Chen</a> and <a class='who'>Cy Dorn</a></p><p>Text</p></article>",
            {}, {"author": {"@type": "Person", "name": "Bo Chen"}}, [],
            ["Ann Lee", "Bo Chen", "Cy Dorn"],
        ),
        # ... but not a teaser's byline far from the headline ...
        (
            "<h1>Title</h1><p>Text.</p><aside><ul><li><div><div><a>Bo Chen</a>, <a>Ed Fox</a>"
            "</div></div></li></ul></aside>",
            {}, {"author": {"@type": "Person", "name": "Bo Chen"}}, [], ["Bo Chen"],
        ),
        # ... nor links beside the byline that hold more than "By", "and" and commas.
        (
            "<header><h1>Title</h1><p>By <a>Bo Chen</a></p><nav><a>Top Stories</a></nav></header>",
            {}, {"author": {"@type": "Person", "name": "Bo Chen"}}, [], ["Bo Chen"],
        ),
        # A link to an author's page beside the headline is a byline, not one in a menu.
        (
            "<h1>Title</h1><div><p>von <a href='/autoren/eva-maier'>Dr. Eva Maier</a></p></div>",
            {"author": "KLZ"}, {}, ["KLZ"], ["Dr. Eva Maier"],
        ),
        (
            "<nav><ul><li><div><a href='/author/jo-bloggs/'>Jo Bloggs</a></div></li></ul></nav>"
            "<main><h1>Title</h1></main>",
            {"author": "KLZ"}, {}, ["KLZ"], ["KLZ"],
        ),
        # A name signed with the site's address is the site's; a labelled name is the author.
        (
            "<h1>Title</h1><ul><li><strong>Autorin/Autor</strong> Jan Novak</li></ul>",
            {"author": "Kurier Welt (www.kurier.example)"}, {}, ["kurier.example"], ["Jan Novak"],
        ),
        ("<p><b>Written by:</b> <span>Ada Stone</span></p>", {}, {}, [], ["Ada Stone"]),
        # Metadata naming the editor the page labels so: the visible byline names the writer.
        (
            "<h1>Title</h1><div class='byline'>Nina Putri</div>"
            "<div class='info'>Editor : <a href='/u/7'>Budi Santoso</a></div>",
            {}, {"author": {"@type": "Person", "name": "Budi Santoso"}}, [], ["Nina Putri"],
        ),
        # Chinese, Japanese and Korean names are one word in the visible byline.
        (
            "<h1>見出し</h1><a class='article-author'>松本太郎</a>", {}, {}, [], ["松本太郎"],
        ),
        # The visible byline's "Name, KBC NORD" appends the broadcaster's regional desk.
        (
            "<p class='author'>von Ann Lee, KBC NORD</p>", {"author": "kbc.example"}, {},
            ["KBC", "kbc.example"], ["Ann Lee"],
        ),
    ],
)  # fmt: skip
def test_authors_from_page(
    html: str, meta: dict[str, str], ld: dict, site_names: list[str], expected: list[str]
) -> None:
    assert _authors(html, meta, ld, site_names) == expected
