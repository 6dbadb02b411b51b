"""The run report's arithmetic: rows from items, drift flags against earlier runs, the table."""

from __future__ import annotations

from typing import Any

import pytest

from newsbot.extensions.progress import Progress
from newsbot.items import Article
from newsbot.tally import SourceTally, drift, format_table, tally_items


def item(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "source": "wire",
        "articleBody": "x" * 1000,
        "datePublished": "2026-11-24T10:00:00+01:00",
        "authors": [{"name": "A. Writer"}],
        "description": "Summary.",
        "inLanguage": "en",
        "discovery": {"via": "feed"},
        "metadata": {"dateDownloaded": "2026-11-25T02:00:00+00:00"},
    }
    return {**base, **fields}


def crawl_row(exported: int = 20, **overrides: Any) -> dict[str, Any]:
    """A row as a healthy crawl of ``wire`` makes it."""
    tally = SourceTally()
    tally.discovered["feed"] = exported
    tally.requested = tally.fetched = exported
    tally.requests = exported + 1  # and the feed
    for _ in range(exported):
        tally.add_item(item())
    return {**tally.row("wire"), **overrides}


def test_row_counts_fill_rates_and_body_median() -> None:
    tally = SourceTally()
    tally.fetched = 5
    tally.dropped.update({"ShortBody": 1, "DuplicateStory": 2})
    tally.http_errors[404] += 1
    tally.add_item(item(articleBody="a" * 10, authors=[], description=None))
    tally.add_item(item(articleBody="b" * 30, datePublished=None))
    row = tally.row("wire")
    assert row["exported"] == 2
    assert row["duplicates"] == 2
    assert row["http_errors"] == {"404": 1}
    assert row["fill_rates"] == {
        "datePublished": 0.5,
        "authors": 0.5,
        "description": 0.5,
        "inLanguage": 1.0,
    }
    assert row["body_length_median"] == 20
    # publication day, else the download day
    assert row["days"] == {"2026-11-24": 1, "2026-11-25": 1}


def test_feed_rows_count_discovery_from_items_and_leave_crawl_numbers_unknown() -> None:
    rows = tally_items([item(), item(discovery={"via": "listing"}), item(source="gazette")])
    wire = rows["wire"].row("wire")
    assert wire["discovered"] == {"feed": 1, "listing": 1}
    assert wire["fetched"] is None and wire["http_errors"] is None and wire["dropped"] is None
    assert rows["gazette"].row("gazette")["exported"] == 1


def test_no_flags_without_history_or_when_healthy() -> None:
    assert drift(crawl_row(exported=0), []) == []
    assert drift(crawl_row(), [crawl_row(), crawl_row(exported=25)]) == []


def test_zero_articles_after_productive_runs_is_an_alert() -> None:
    now = crawl_row(exported=0)
    now["discovered"] = {}  # the listing layout changed: no article links at all
    [flag] = drift(now, [crawl_row(exported=12), crawl_row(exported=9)])
    assert flag.alert and flag.kind == "no_articles"
    assert str(flag) == "wire: 0 articles (previous runs: 12, 9)"


def test_pages_fetched_but_no_article_is_an_alert() -> None:
    now = crawl_row(exported=0, requested=8, fetched=8, discovered={"feed": 8})
    now["dropped"] = {"NoBody": 8}
    assert [f.kind for f in drift(now, [crawl_row()])] == ["no_articles"]


@pytest.mark.parametrize(
    "now",
    [
        # every URL found was known from earlier runs: nothing requested, a quiet run
        crawl_row(exported=0, requested=0, fetched=0, discovered={"feed": 14}),
        # the new pages were all copies of exported stories
        crawl_row(exported=0, duplicates=3, dropped={"DuplicateStory": 3}),
    ],
)
def test_quiet_runs_are_not_alerts(now: dict[str, Any]) -> None:
    assert drift(now, [crawl_row(), crawl_row()]) == []


def test_source_this_run_sent_nothing_for_is_not_judged() -> None:
    # one worker of a distributed crawl: the other workers took all of this source's pages
    now = crawl_row(exported=0, requests=0, requested=0, fetched=0, discovered={})
    assert drift(now, [crawl_row(), crawl_row()]) == []


def test_source_that_never_produced_is_not_flagged() -> None:
    assert drift(crawl_row(exported=0, discovered={}), [crawl_row(exported=0)]) == []


def test_fill_rate_cliff_is_flagged_noise_is_not() -> None:
    broken = SourceTally(requested=20, fetched=20)
    broken.discovered["feed"] = 20
    for i in range(20):
        broken.add_item(item(datePublished=None if i else "2026-11-24T10:00:00Z"))
    [flag] = drift(broken.row("wire"), [crawl_row(), crawl_row()])
    assert (flag.kind, flag.message, flag.alert) == (
        "fill_rate",
        "datePublished fill rate 100% → 5%",
        False,
    )
    # two articles without a date, from a source that dates 90% of them: happens (1%)
    few = SourceTally(requested=2, fetched=2)
    few.add_item(item(datePublished=None))
    few.add_item(item(datePublished=None))
    history = [crawl_row(fill_rates={**crawl_row()["fill_rates"], "datePublished": 0.9})]
    assert drift(few.row("wire"), history) == []


def test_body_length_cliff_is_flagged() -> None:
    now = crawl_row(body_length_median=120)
    [flag] = drift(now, [crawl_row(), crawl_row()])
    assert flag.message == "body length median 1000 → 120"


def test_only_the_last_runs_count() -> None:
    old = [crawl_row(exported=30)] + [crawl_row(exported=0, discovered={})] * 5
    assert drift(crawl_row(exported=0, discovered={}), old) == []


def test_table() -> None:
    row = crawl_row(dropped={"ShortBody": 2}, http_errors={"503": 1})
    text = format_table([row], drift(crawl_row(exported=0, discovered={}), [row]))
    lines = text.splitlines()
    assert lines[0].split() == [
        "source", "listing", "feed", "sitemap", "fetched", "exported", "dups", "dropped",
        "http", "err", "date%", "auth%", "desc%", "lang%", "body", "med",
    ]  # fmt: skip
    assert lines[1].split() == [
        "wire", "0", "20", "0", "20", "20", "0", "2", "1", "100%", "100%", "100%", "100%", "1000",
    ]  # fmt: skip
    assert "  wire: dropped ShortBody: 2" in lines
    assert "  wire: HTTP 503: 1" in lines
    assert "  FLAG wire: 0 articles (previous runs: 20)" in lines


def test_reasons_known_as_duplicates_count_as_duplicates() -> None:
    tally = SourceTally(duplicate_reasons={"UnchangedStory"})
    tally.dropped.update({"UnchangedStory": 2, "NearDuplicate": 1, "NoBody": 4})
    assert tally.row("wire")["duplicates"] == 3


def test_progress_line_names_every_source_busiest_first() -> None:
    progress = Progress(60.0, sources=["gazette", "wire", "kurier"])
    for source in ("wire", "kurier", "wire"):
        progress.item_scraped(Article(url="https://a.example/x", source=source))
    assert progress.line() == "Exported 3 articles so far: wire 2, kurier 1, gazette 0"


def test_table_with_a_limit_shows_the_busiest_sources_and_sums_the_rest() -> None:
    rows = [{**crawl_row(exported=n, fetched=n), "source": f"site{n}"} for n in range(30)]
    lines = format_table(rows, limit=3).splitlines()
    assert [line.split()[0] for line in lines[1:4]] == ["site29", "site28", "site27"]
    assert (
        lines[4]
        == "  ... and 27 more sources, 351 articles exported (every source is in the report file)"
    )
    assert len(format_table(rows).splitlines()) == 31
