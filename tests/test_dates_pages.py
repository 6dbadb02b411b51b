"""Publication days on pages made for each error class (``tests/pages/dates/``).

Each page comes with ``<page>.json``: the expected day, the class, the download time and a note
on what makes the page hard. The page runs as on the held-out set: the HTML alone (no URL), no
sources-file zone, through ``find_dates`` and the ``ParseDates`` pipeline.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsbot.extract.dates import find_dates
from newsbot.extract.html import meta_content, parse_html
from newsbot.extract.structured import jsonld_article
from newsbot.items import Article
from newsbot.pipelines.dates import ParseDates

PAGES = Path(__file__).parent / "pages" / "dates"


OPEN = {
    "live_blog_posts_only": "only a sentence names the start; long texts are not searched",
}
"""Pages whose day newsbot does not find yet, and why."""


def _cases() -> list[pytest.ParameterSet]:
    return [
        pytest.param(
            path.stem,
            id=path.stem,
            marks=[pytest.mark.xfail(reason=OPEN[path.stem], strict=True)]
            if path.stem in OPEN
            else [],
        )
        for path in sorted(PAGES.glob("*.json"))
    ]


def dated(name: str) -> Article:
    spec = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))
    tree = parse_html((PAGES / f"{name}.html").read_text(encoding="utf-8"))
    assert tree is not None
    fields = find_dates(tree, "", meta_content(tree), jsonld_article(tree))
    item = Article(url="", metadata={"dateDownloaded": spec["downloaded"]}, **fields)
    return ParseDates().process_item(item)


@pytest.mark.parametrize("name", _cases())
def test_the_publication_day(name: str) -> None:
    spec = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8"))
    item = dated(name)
    assert (item.datePublished or "")[:10] == spec["expected"], item.datePublishedRaw


def test_every_class_has_a_page() -> None:
    classes = {json.loads(p.read_text())["class"] for p in PAGES.glob("*.json")}
    assert classes >= {
        "offset", "old-structured", "update", "print-issue", "live-blog", "other-stories",
        "copyright-licence", "forum", "no-date",
    }  # fmt: skip


def test_the_local_day_keeps_its_evidence() -> None:
    """A UTC instant that the URL and byline put on the day before: the byline's day is taken,
    and the raw string it came from is kept beside it."""
    item = dated("offset_utc_after_midnight")
    assert (item.datePublished, item.datePublishedPrecision) == ("2020-02-16T00:00:00+00:00", "day")
    assert item.datePublishedRaw == "By Dana Whitfield | February 16, 2020"
    assert item.datePublishedSource == "text"
