"""Client-rendered pages: the article only as HTML in a script's JSON is still read."""

from __future__ import annotations

import json

from newsbot.extract import extract_article
from newsbot.extract.embedded import embedded_html
from newsbot.extract.html import parse_html

URL = "https://news.example.com/politics/2024/05/02/council-vote"
PARAGRAPHS = [
    "The city council voted on Thursday to expand the night bus network to the northern "
    "districts, after a year of complaints from shift workers about the lack of service.",
    "The plan adds four routes and doubles the frequency on two existing lines, at a cost the "
    "transport department puts at 3.2 million a year, paid from the parking levy.",
    "Opposition members said the money would be better spent on the tram extension, which has "
    "been delayed twice, but the motion passed with a clear majority of the votes cast.",
    "The first new routes are due to start running in September, the department said.",
]
ARTICLE_HTML = (
    '<div class="image"><img src="/a.jpg"><div class="caption"><p>The council chamber. '
    "Photo: City Press</p></div></div>" + "".join(f'<p class="text">{p}</p>' for p in PARAGRAPHS)
)


def page(script_payload: dict[str, object], visible: str = "") -> str:
    data = json.dumps(script_payload).replace("<", "\\u003c").replace(">", "\\u003e")
    return (
        "<html><head><title>Council expands night buses | City News</title>"
        '<meta property="og:title" content="Council expands night buses"></head><body>'
        f'<header><a href="/">City News</a></header><main id="app">{visible}</main>'
        f'<script id="__NEXT_DATA__" type="application/json">{data}</script></body></html>'
    )


def test_the_body_of_a_client_rendered_page_comes_from_its_script() -> None:
    html = page({"props": {"article": {"id": 7, "content": ARTICLE_HTML}}})
    body = extract_article(html, URL)["articleBody"]
    assert body == "\n\n".join(PARAGRAPHS)  # every paragraph, the caption left out


def test_a_body_in_the_markup_wins_over_the_script() -> None:
    visible = "".join(f"<p>{p}</p>" for p in reversed(PARAGRAPHS))
    html = page(
        {"props": {"article": {"content": ARTICLE_HTML}}}, visible=f"<article>{visible}</article>"
    )
    body = extract_article(html, URL)["articleBody"] or ""
    assert body.startswith(PARAGRAPHS[-1][:40])


def test_strings_with_few_paragraphs_are_not_articles() -> None:
    teaser = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:2])
    tree = parse_html(page({"props": {"teaser": teaser}}))
    assert tree is not None
    assert embedded_html(tree) is None


def test_the_longest_html_string_is_the_article() -> None:
    related = "".join(
        f"<p>Related story number {i}, one more link to click on.</p>" for i in range(3)
    )
    tree = parse_html(page({"related": related * 3, "article": {"content": ARTICLE_HTML}}))
    assert tree is not None
    assert embedded_html(tree) == ARTICLE_HTML


def ld_page(article_body: str) -> str:
    ld = {
        "@type": "NewsArticle",
        "headline": "Council expands night buses",
        "articleBody": article_body,
    }
    return (
        "<html><head><title>Council expands night buses</title>"
        f'<script type="application/ld+json">{json.dumps(ld)}</script></head>'
        '<body><main id="app"></main></body></html>'
    )


def test_json_ld_article_body_is_the_last_resort() -> None:
    body = extract_article(ld_page("\n".join(PARAGRAPHS)), URL)["articleBody"]
    assert body == "\n\n".join(PARAGRAPHS)


def test_json_ld_article_body_in_html_is_read_as_text() -> None:
    body = extract_article(ld_page("".join(f"<p>{p}</p>" for p in PARAGRAPHS)), URL)["articleBody"]
    assert body == "\n\n".join(PARAGRAPHS)


def test_a_json_ld_teaser_is_no_body() -> None:
    assert extract_article(ld_page(PARAGRAPHS[0]), URL)["articleBody"] is None
