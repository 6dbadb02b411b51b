"""Per-source field overrides: selectors and page objects over generic extraction."""

from __future__ import annotations

import asyncio
import json
import pickle
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from newsbot.build import apply_overrides, build_article
from newsbot.extract.overrides import (
    FieldReport,
    field_report,
    select_fields,
    selector_problem,
)
from newsbot.pipelines.offline import DECISIONS, OfflinePipelines
from newsbot.sources import SourcesError, load_sources
from newsbot.tally import SourceTally, format_table
from tests.crawl import crawl_command, crawl_env, newsbot
from tests.sites.mislead import PROMO, SELECTORS, article_html, build_sites

SITE = build_sites("riverside", count=2)[0]
STORY = SITE.stories[0]
URL = "https://riverside.example" + SITE.path(STORY)
PAGE = article_html(STORY)
NOW = "2026-12-01T00:00:00+00:00"


def build(**overrides: Any) -> Any:
    article = build_article(PAGE, URL, source="riverside", downloaded=NOW, **overrides)
    return OfflinePipelines(skip=DECISIONS).process(article)


def test_generic_extraction_is_misled_by_the_page() -> None:
    article = build()
    assert article.headline == "Home"
    assert article.authors == [{"name": "Riverside Desk"}]
    assert PROMO in article.articleBody
    assert field_report(article) is None


def test_selectors_give_the_selected_fields() -> None:
    article = build(selectors=SELECTORS)
    assert article.headline == STORY.headline
    assert article.articleBody == STORY.body
    assert article.authors == [{"name": a} for a in STORY.authors]
    assert article.datePublishedRaw == STORY.published.strftime("Filed %-d %B %Y, %H:%M")
    assert article.datePublishedSource == "override"
    assert article.wordCount == len(re.findall(r"\w+", STORY.body))
    assert field_report(article) == FieldReport(overridden=tuple(SELECTORS))


HTML = """<html><head><meta name="keywords" content="ferries, rivers">
<link rel="alternate" hreflang="en-GB"></head><body>
<h1 class="t">  River <b>ferry</b>
 returns </h1><h1 class="t">Second title</h1>
<ul class="tags"><li>Transport</li><li> </li><li>Rivers</li></ul>
<img class="lead" src="/img/ferry.jpg"><div class="copy"><p>One.</p><p>Two <i>words</i>.</p></div>
<script>var x = "not text";</script></body></html>"""


@pytest.mark.parametrize(
    ("field", "selector", "expected"),
    [
        # An element gives its text; a string field the first match, whitespace collapsed.
        ("headline", "h1.t", "River ferry returns"),
        ("headline", "h1.t::text", "River"),
        ("headline", "xpath:(//h1)[2]/text()", "Second title"),
        # A list field takes every match with text, one entry each.
        ("keywords", "ul.tags li", ["Transport", "Rivers"]),
        (
            "authors",
            "xpath://ul[@class='tags']/li/text()",
            [{"name": "Transport"}, {"name": "Rivers"}],
        ),
        ("articleSection", "meta[name=keywords]::attr(content)", ["ferries, rivers"]),
        # The body: each match one paragraph.
        ("articleBody", "div.copy > p", "One.\n\nTwo words."),
        ("articleBody", "div.copy", "One. Two words."),
        # URLs resolved against the page; a language declaration to its ISO 639-1 code.
        ("mainImage", "img.lead::attr(src)", {"url": "https://riverside.example/img/ferry.jpg"}),
        ("canonicalUrl", "img.lead::attr(src)", "https://riverside.example/img/ferry.jpg"),
        ("inLanguage", "link::attr(hreflang)", "en"),
        # Nothing with text: None, the generic value stays.
        ("headline", "h2", None),
        ("description", "script", None),
    ],
)
def test_select_fields(field: str, selector: str, expected: Any) -> None:
    assert select_fields(HTML, URL, {field: selector}) == {field: expected}


def test_override_matching_nothing_keeps_the_generic_value_and_says_so() -> None:
    selectors = {"headline": "div.ttl::text", "authors": "span.byline::text"}
    article = build(selectors=selectors)
    assert article.headline == STORY.headline
    assert article.authors == [{"name": "Riverside Desk"}]  # generic
    assert field_report(article) == FieldReport(overridden=("headline",), missed=("authors",))


def test_report_travels_with_the_article_to_the_crawling_process() -> None:
    article = build_article(PAGE, URL, source="r", downloaded=NOW, selectors={"headline": "h9"})
    assert field_report(pickle.loads(pickle.dumps(article))) == FieldReport(missed=("headline",))


@pytest.mark.parametrize(
    "selector",
    ["div[", "p::nope", "xpath://div[", "xpath://x:div", "xpath:", "", "   "],
)
def test_broken_selectors_are_named(selector: str) -> None:
    assert selector_problem(selector)


@pytest.mark.parametrize(
    ("fields", "page", "message"),
    [
        (
            'headline = "div["',
            None,
            "source 'gazette': field 'fields.headline': bad CSS selector 'div[': ",
        ),
        (
            "authors = \"xpath://span[@class='nm'\"",
            None,
            "source 'gazette': field 'fields.authors': bad XPath",
        ),
        (
            'title = "h1::text"',
            None,
            "source 'gazette': field 'fields.title': not a field that can be overridden",
        ),
        (
            "headline = 3",
            None,
            "source 'gazette': field 'fields.headline': must be a non-empty selector string",
        ),
        (
            None,
            "tests.page_objects:Missing",
            "field 'page': cannot import 'tests.page_objects:Missing'",
        ),
        (None, "no_such_module:Page", "field 'page': cannot import 'no_such_module:Page'"),
        (None, "tests.page_objects:NotAPage", "is not a web-poet WebPage subclass"),
        (None, "tests.page_objects:WrongField", "field 'title' is not one newsbot extracts"),
    ],
)
def test_sources_file_rejects_broken_overrides(
    tmp_path: Path, fields: str | None, page: str | None, message: str
) -> None:
    path = tmp_path / "sources.toml"
    text = '[[source]]\nname = "gazette"\nlistings = ["https://gazette.example/news/"]\n'
    if page:
        text += f'page = "{page}"\n'
    if fields:
        text += f"[source.fields]\n{fields}\n"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SourcesError) as raised:
        load_sources(path)
    assert str(raised.value).startswith(f"{path}: ")
    assert message in str(raised.value)


def test_a_broken_selector_stops_the_crawl_with_one_line_and_exit_2(tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(
        '[[source]]\nname = "gazette"\nlistings = ["http://127.0.0.1:9/news/"]\n'
        '[source.fields]\narticleBody = "div.txt >"\n',
        encoding="utf-8",
    )
    command = crawl_command(sources, state=f"sqlite:///{tmp_path}/state.sqlite3", feed=None)
    done = subprocess.run(
        command, cwd=tmp_path, env=crawl_env(), capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 2
    lines = [line for line in done.stderr.splitlines() if line.startswith("newsbot:")]
    assert lines == [
        f"newsbot: {sources}: source 'gazette': field 'fields.articleBody': bad CSS selector "
        "'div.txt >': Expected selector, got <EOF at 9>"
    ]
    assert not (tmp_path / "feeds").exists()


def test_sources_file_keeps_the_overrides(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(
        '[[source]]\nname = "gazette"\nlistings = ["https://gazette.example/news/"]\n'
        'page = "tests.page_objects:RiversideArticle"\n'
        '[source.fields]\nheadline = "div.ttl::text"\narticleBody = "xpath://div/p"\n',
        encoding="utf-8",
    )
    (source,) = load_sources(path)
    assert dict(source.fields) == {"headline": "div.ttl::text", "articleBody": "xpath://div/p"}
    assert source.page == "tests.page_objects:RiversideArticle"


# -- page objects ------------------------------------------------------------------------------


def test_page_object_fields_override_generic_ones() -> None:
    article = build(page_object="tests.page_objects:RiversideArticle")
    assert article.headline == STORY.headline
    assert article.articleBody == STORY.body
    assert article.authors == [{"name": a} for a in STORY.authors]
    assert article.datePublishedSource == "override"
    assert field_report(article) == FieldReport(
        overridden=("headline", "authors", "datePublishedRaw", "articleBody"),
        missed=("description",),
    )


def test_selectors_win_over_the_page_object() -> None:
    article = build(
        page_object="tests.page_objects:RiversideArticle", selectors={"headline": "nav a::text"}
    )
    assert article.headline == "News"


def test_a_page_object_that_raises_leaves_the_generic_values() -> None:
    article = build(page_object="tests.page_objects:Broken", selectors={"headline": "h9"})
    assert article.headline == "Home"
    assert article.articleBody == build().articleBody
    assert field_report(article) == FieldReport(
        missed=("headline",), page_error="ValueError: div.ttl is gone"
    )


def test_page_object_runs_inside_a_running_event_loop() -> None:
    """Inline extraction (NEWSBOT_EXTRACT_WORKERS=0) runs on the crawl's asyncio loop."""

    async def inline() -> Any:
        return apply_overrides(PAGE, URL, {}, page_object="tests.page_objects:RiversideArticle")

    fields, report = asyncio.run(inline())
    assert fields["datePublishedRaw"].startswith("Filed ")
    assert report.page_error is None


# -- where users meet it -----------------------------------------------------------------------


def test_newsbot_extract_applies_a_sources_override(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    fields = "\n".join(f"{k} = {json.dumps(v)}" for k, v in SELECTORS.items())
    (tmp_path / "my.toml").write_text(
        '[[source]]\nname = "riverside"\nlistings = ["https://riverside.example/news/"]\n'
        'timezone = "Asia/Kolkata"\n'
        f'[source.fields]\n{fields}\ndescription = "p.standfirst"\n',
        encoding="utf-8",
    )
    done = newsbot("extract", "page.html", "--url", URL, "--sources", "my.toml",
                   "--source", "riverside", cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    item = json.loads(done.stdout)
    assert (item["source"], item["headline"]) == ("riverside", STORY.headline)
    assert item["articleBody"] == STORY.body
    assert item["datePublished"] == STORY.published.isoformat()  # the source's time zone
    assert done.stderr.splitlines() == [
        "newsbot: extract: page.html: field 'description': nothing matched, generic value kept"
    ]
    done = newsbot("extract", "page.html", "--sources", "my.toml", "--source", "x", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == "newsbot: extract: my.toml: no source named 'x'"


def test_run_report_shows_overrides_that_found_nothing() -> None:
    tally = SourceTally()
    tally.missed.update({"authors": 3, "page object failed": 1})
    row = tally.row("gazette")
    assert row["overrides_missed"] == {"authors": 3, "page object failed": 1}
    assert (
        "  gazette: overrides found nothing, generic value kept: authors: 3, page object failed: 1"
        in format_table([row]).splitlines()
    )


def test_readme_sources_example_is_valid(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## When a site comes out wrong", 1)[1].split("\n## ", 1)[0]
    toml = section.split("```toml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "sources.toml").write_text(toml, encoding="utf-8")
    (source,) = load_sources(tmp_path / "sources.toml")
    assert [name for name, _ in source.fields] == [
        "headline", "articleBody", "authors", "datePublishedRaw"
    ]  # fmt: skip
