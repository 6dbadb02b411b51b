"""Authors are names only: what sits where a byline sits, but names nobody, is left out."""

from __future__ import annotations

import pytest

from newsbot.extract.authors import clean_names, find_authors
from newsbot.extract.html import parse_html

FERRY = "<p>" + "The ferry will run again on Monday after eleven weeks of repairs. " * 4 + "</p>"


def authors(body: str) -> list[str]:
    tree = parse_html(f"<html><body><article><h1>Radweg</h1>{body}</article></body></html>")
    assert tree is not None
    return find_authors(tree, {}, {})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Geschrieben von Katrin Meier", ["Katrin Meier"]),
        ("Veröffentlicht von Katrin Meier", ["Katrin Meier"]),
        ("Posted by Jane Smith", ["Jane Smith"]),
        ("Published by Jane Smith", ["Jane Smith"]),
        ("Publié par Claire Dubois", ["Claire Dubois"]),
        ("Publicado por Ana Ruiz", ["Ana Ruiz"]),
        ("Scritto da Luca Bianchi", ["Luca Bianchi"]),
        ("Door Joris de Vries", ["Joris de Vries"]),
        ("Skrevet av Ola Nordmann", ["Ola Nordmann"]),
        ("Autor: Jan Novák", ["Jan Novák"]),
        ("~ Jane Smith", ["Jane Smith"]),
        ("Margaret Ellis, Island Correspondent", ["Margaret Ellis"]),
        ("Guardian staff reporter", ["Guardian staff reporter"]),  # a desk signs as a team
        ("Name *", []),
        ("E-Mail *", []),
        ("More Posts", []),
        ("Gesponserte Inhalte", []),
        ("Über Katrin Meier", []),
        ("About Jane Smith", []),
        ("Read More", []),
        ("Follow Jane", []),
    ],
)
def test_bylines_are_reduced_to_names(raw: str, expected: list[str]) -> None:
    assert clean_names([raw]) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # The byline says who wrote it, whatever the verb before the name.
        (
            "<div class='entry-meta'><span class='byline'>Geschrieben von <span class='author"
            " vcard'><a href='/author/km/'>Katrin Meier</a></span></span></div><p>Text.</p>",
            ["Katrin Meier"],
        ),
        # A comment's author and the comment form's fields are no byline.
        (
            "<p>Text.</p></article><div class='comments-area'><div class='comment-author vcard'>"
            "<b class='fn'>Erika Muster</b> sagt:</div><form class='comment-form'><p class="
            "'comment-form-author'><label for='author'>Name *</label><input id='author'></p>"
            "</form></div><article>",
            [],
        ),
        # A tag list inside a byline box names topics, not people.
        (
            "<div class='article-author'><span>Von Max Muster</span><ul class='tags'><li><a "
            "rel='tag' href='/tag/a'>Politik</a></li><li><a rel='tag' href='/tag/b'>Verkehr</a>"
            "</li></ul></div><p>Text.</p>",
            ["Max Muster"],
        ),
        # An author box's heading and its link to more posts; a sponsored teaser's label.
        (
            "<p>Text.</p><div class='author-info'><h2 class='author-title'>Über Katrin Meier</h2>"
            "<a rel='author' href='/author/km/'>More Posts</a></div></article><aside><div "
            "class='sponsored-author'>Gesponserte Inhalte</div></aside><article>",
            [],
        ),
        # An old layout's byline in no element of its own, before the first paragraph.
        (
            "<font size='1'>By Margaret Ellis, Island Correspondent<br>12 March 2004</font>"
            + FERRY,
            ["Margaret Ellis"],
        ),
        # ... but "By" in the text of the article is no byline.
        (
            FERRY + "<p>By Monday Evening Everything Was Fine</p>",
            [],
        ),
    ],
)
def test_names_come_from_the_byline_only(body: str, expected: list[str]) -> None:
    assert authors(body) == expected
