"""Dates: reading raw strings, finding them on pages, and the ``ParseDates`` pipeline."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from newsbot.dateparse import ParseBudget, Rejected, dateparser_languages, parse_date
from newsbot.extract.dates import _headline, find_dates
from newsbot.extract.html import meta_content, parse_html
from newsbot.extract.structured import jsonld_article
from newsbot.items import Article
from newsbot.pipelines.dates import ParseDates
from newsbot.sources import Source, Sources

DOWNLOADED = datetime(2024, 3, 3, 14, 0, tzinfo=UTC)
PAGES = Path(__file__).parent / "pages"


def read(raw: str, zone: str | None = None, language: str = "en") -> str | None:
    budget = ParseBudget(languages=dateparser_languages(language))
    parsed = parse_date(raw, zone=zone, downloaded=DOWNLOADED, budget=budget)
    return parsed.isoformat() if parsed else None


@pytest.mark.parametrize(
    ("raw", "language", "expected"),
    [
        ("June 30, 2017 1:17 pm", "en", "2017-06-30T13:17:00+00:00"),
        ("30 Jun, 2017 13:17", "en", "2017-06-30T13:17:00+00:00"),
        ("6/30/2017", "en", "2017-06-30T00:00:00+00:00"),
        ("3. März 2024, 14:05 Uhr", "de", "2024-03-03T14:05:00+00:00"),
        ("Stand: 26.02.2024, 20:44 Uhr", "de", "2024-02-26T20:44:00+00:00"),
        ("Do 22.02.24 | 14:07 Uhr", "de", "2024-02-22T14:07:00+00:00"),
        ("Publié le 30/06/2017 à 13h17", "fr", "2017-06-30T13:17:00+00:00"),
        ("30 juin 2017", "fr", "2017-06-30T00:00:00+00:00"),
        ("30 de junio de 2017 13:17", "es", "2017-06-30T13:17:00+00:00"),
        ("30 giugno 2017 alle 13:17", "it", "2017-06-30T13:17:00+00:00"),
        ("30 de junho de 2017", "pt", "2017-06-30T00:00:00+00:00"),
        ("30 juni 2017 om 13:17", "nl", "2017-06-30T13:17:00+00:00"),
        ("30 июня 2017, 13:17", "ru", "2017-06-30T13:17:00+00:00"),
        ("30 يونيو 2017", "ar", "2017-06-30T00:00:00+00:00"),
        ("30 Haziran 2017 13:17", "tr", "2017-06-30T13:17:00+00:00"),
        ("05.02.2024 - Güncelleme : 06.02.2024", "tr", "2024-02-05T00:00:00+00:00"),
        ("2017年6月30日 13時17分", "ja", "2017-06-30T13:17:00+00:00"),
        ("2017年06月30日 13:17", "zh", "2017-06-30T13:17:00+00:00"),
        ("2017년 6월 30일 오후 1:17", "ko", "2017-06-30T13:17:00+00:00"),
        ("2017.06.30 13:17", "ko", "2017-06-30T13:17:00+00:00"),
    ],
)
def test_languages(raw: str, language: str, expected: str) -> None:
    assert read(raw, language=language) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-01T10:00:00+01:00", "2024-03-01T10:00:00+01:00"),
        ("2024-03-01T10:00:00.389123456Z", "2024-03-01T10:00:00+00:00"),
        ("2023-08-30T16:45+0100", "2023-08-30T16:45:00+01:00"),
        ("Fri, 01 Mar 2024 10:00:00 +0300", "2024-03-01T10:00:00+03:00"),
        ("Fri Apr 28 19:20:36 CEST 2023", "2023-04-28T19:20:36+02:00"),
        ("June 30, 2017 at 1:17 pm EDT", "2017-06-30T13:17:00-04:00"),
        ("Published 12:30 BST 30 June 2017", "2017-06-30T12:30:00+01:00"),
        ("June 30, 2017 — 1:17 PM", "2017-06-30T13:17:00+09:00"),
        ("Updated 1:52 PM ET, Mon June 5, 2017", "2017-06-05T13:52:00-04:00"),
        ("December 18, 2014 11:38pm ET", "2014-12-18T23:38:00-05:00"),
        ("30/06/2017 13h17 et 14h", "2017-06-30T13:17:00+09:00"),
        ("2017-06-30T13:17:00-0400 (EDT)", "2017-06-30T13:17:00-04:00"),
        ("3:41 PM EST, Fri March 1, 2024", "2024-03-01T15:41:00-05:00"),
        ("1498818000", "2017-06-30T10:20:00+00:00"),
        ("gibberish", None),
        ("", None),
    ],
)
def test_exact_formats_keep_the_page_offset(raw: str, expected: str | None) -> None:
    assert read(raw, zone="Asia/Tokyo") == expected


@pytest.mark.parametrize(
    ("raw", "zone", "language", "expected"),
    [
        ("2 hours ago", None, "en", "2024-03-03T12:00:00+00:00"),
        ("vor 2 Stunden", "Europe/Berlin", "de", "2024-03-03T13:00:00+01:00"),
        ("yesterday 13:17", "America/New_York", "en", "2024-03-02T13:17:00-05:00"),
        ("hier à 13h17", "Europe/Paris", "fr", "2024-03-02T13:17:00+01:00"),
        ("gestern, 13:17 Uhr", "Europe/Berlin", "de", "2024-03-02T13:17:00+01:00"),
        ("ayer a las 13:17", "Europe/Madrid", "es", "2024-03-02T13:17:00+01:00"),
        ("3 saat önce", "Europe/Istanbul", "tr", "2024-03-03T14:00:00+03:00"),
        ("2時間前", "Asia/Tokyo", "ja", "2024-03-03T21:00:00+09:00"),
    ],
)
def test_relative_dates_read_against_the_download_time(
    raw: str, zone: str | None, language: str, expected: str
) -> None:
    assert read(raw, zone=zone, language=language) == expected


@pytest.mark.parametrize(
    ("raw", "zone", "expected", "tz"),
    [
        ("2017-06-30T13:17:00+03:00", "Europe/Berlin", "2017-06-30T13:17:00+03:00", "page"),
        ("30 Jun, 2017 13:17", "Europe/Moscow", "2017-06-30T13:17:00+03:00", "source"),
        ("30 Jun, 2017 13:17", None, "2017-06-30T13:17:00+00:00", "none"),
        ("2017-06-30", "America/New_York", "2017-06-30T00:00:00-04:00", "source"),
        # Clocks go forward at 02:00 in Berlin: 02:30 does not exist, it moves on by the gap.
        ("2023-03-26 02:30", "Europe/Berlin", "2023-03-26T03:30:00+02:00", "source"),
        # Clocks go back at 03:00 in Berlin: 02:30 happens twice, the first (summer) one wins.
        ("2023-10-29 02:30", "Europe/Berlin", "2023-10-29T02:30:00+02:00", "source"),
        ("2023-11-05 01:30", "America/New_York", "2023-11-05T01:30:00-04:00", "source"),
        ("2023-03-12 02:30", "America/New_York", "2023-03-12T03:30:00-04:00", "source"),
    ],
)
def test_time_zones(raw: str, zone: str | None, expected: str, tz: str) -> None:
    parsed = parse_date(raw, zone=zone, downloaded=DOWNLOADED)
    assert parsed is not None
    assert (parsed.isoformat(), parsed.tz) == (expected, tz)


@pytest.mark.parametrize(
    ("raw", "language"), [("yesterday", "en"), ("gestern", "de"), ("hier", "fr"), ("ayer", "es")]
)
def test_a_relative_day_is_a_day_not_a_time(raw: str, language: str) -> None:
    budget = ParseBudget(languages=dateparser_languages(language))
    parsed = parse_date(raw, zone="Europe/Berlin", downloaded=DOWNLOADED, budget=budget)
    assert parsed is not None
    assert (parsed.isoformat(), parsed.date_only) == ("2024-03-02T00:00:00+01:00", True)


def test_a_day_stays_a_day() -> None:
    parsed = parse_date("30.06.2017", zone="Europe/Berlin", downloaded=DOWNLOADED)
    assert parsed is not None
    assert (parsed.isoformat(), parsed.date_only) == ("2017-06-30T00:00:00+02:00", True)
    timed = parse_date("30.06.2017 00:00", zone="Europe/Berlin", downloaded=DOWNLOADED)
    assert timed is not None and not timed.date_only


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("0000-00-00", "zero_date"),
        ("0000-00-00 00:00:00", "zero_date"),
        ("1970-01-01T00:00:00Z", "epoch_zero"),
        ("0", None),
        ("1994-12-31", "before_1995"),
        ("2024-03-03T16:30:00Z", "after_download"),
        ("2031-01-01", "after_download"),
    ],
)
def test_rejections(raw: str, reason: str | None) -> None:
    if reason is None:
        assert parse_date(raw, downloaded=DOWNLOADED) is None
        return
    with pytest.raises(Rejected) as caught:
        parse_date(raw, downloaded=DOWNLOADED)
    assert caught.value.reason == reason


def test_small_skew_is_allowed() -> None:
    assert read("2024-03-03T15:30:00Z") == "2024-03-03T15:30:00+00:00"


def test_dateparser_calls_are_capped_per_page() -> None:
    budget = ParseBudget(dateparser_calls=1, languages=("en",))
    assert parse_date("2 hours ago", downloaded=DOWNLOADED, budget=budget) is not None
    assert parse_date("3 hours ago", downloaded=DOWNLOADED, budget=budget) is None
    assert budget.spent == ["2 hours ago"]


def test_relative_dates_need_a_download_time() -> None:
    assert parse_date("2 hours ago") is None


# --- finding dates on pages -------------------------------------------------------------------


def found(html: str, url: str = "") -> dict[str, str | None]:
    tree = parse_html(html)
    assert tree is not None
    return find_dates(tree, url, meta_content(tree), jsonld_article(tree))


def test_jsonld_graph() -> None:
    html = """<html><head><script type="application/ld+json">{"@context": "https://schema.org",
      "@graph": [{"@type": "WebSite", "name": "x"}, {"@type": "NewsArticle", "headline": "h",
      "datePublished": "2024-03-01T10:00:00+01:00", "dateModified": "2024-03-02T09:00:00+01:00"}]}
    </script></head><body><h1>h</h1></body></html>"""
    assert found(html) == {
        "datePublishedRaw": "2024-03-01T10:00:00+01:00",
        "datePublishedSource": "jsonld",
        "dateModifiedRaw": "2024-03-02T09:00:00+01:00",
        "dateModifiedSource": "jsonld",
    }


def test_published_never_comes_from_a_modification_field() -> None:
    html = """<html><head><meta property="article:modified_time" content="2024-03-02T09:00:00Z">
    <meta property="og:updated_time" content="2024-03-02T09:00:00Z"></head>
    <body><h1>Headline here</h1><p class="updated">Aktualisiert am 02.03.2024</p></body></html>"""
    dates = found(html)
    assert dates["datePublishedRaw"] is None
    assert dates["dateModifiedRaw"] == "2024-03-02T09:00:00Z"


def test_related_stories_microdata_is_not_the_article_date() -> None:
    html = """<html><body><ul itemscope itemtype="http://schema.org/ItemList">
    <li><meta itemprop="datePublished" content="2015-01-02T16:00:31Z"></li></ul>
    <h1>Headline here</h1>
    <time itemprop="datePublished" datetime="2014-12-16T11:45-05:00">December 16, 2014</time>
    </body></html>"""
    assert found(html)["datePublishedRaw"] == "2014-12-16T11:45-05:00"


def test_a_local_offset_beats_utc_for_the_same_moment() -> None:
    html = """<html><head><meta property="article:published_time" content="2024-03-01T22:30:00Z">
    <meta name="parsely-pub-date" content="2024-03-01T23:30:00+01:00"></head>
    <body><h1>Headline</h1></body></html>"""
    assert found(html)["datePublishedRaw"] == "2024-03-01T23:30:00+01:00"


def test_visible_dateline_near_the_headline() -> None:
    html = (PAGES / "seed_style.html").read_text(encoding="utf-8")
    assert found(html)["datePublishedRaw"] == "30 Jun, 2017 13:17"
    assert found(html)["datePublishedSource"] == "text"


def test_labelled_date_beats_teaser_dates() -> None:
    html = """<html><body><h1>Ukrainische Gegenoffensive</h1>
    <div class="teaser"><a href="/a"><h2>Other <span class="date">24.04.2023</span></h2></a></div>
    <ul><li><strong>Datum</strong> 28.04.2023</li></ul></body></html>"""
    assert found(html)["datePublishedRaw"] == "28.04.2023"


def test_url_date_when_the_page_has_none() -> None:
    html = "<html><body><h1>Headline</h1><p>No date anywhere.</p></body></html>"
    dates = found(html, "https://example.com/news/2017/06/30/harbour-reopens/")
    assert (dates["datePublishedRaw"], dates["datePublishedSource"]) == ("2017-06-30", "url")


# --- the pipeline -----------------------------------------------------------------------------


def pipeline(settings: dict[str, object] | None = None) -> tuple[ParseDates, object]:
    crawler = get_crawler(Spider, settings_dict=settings or {})
    spider = Spider.from_crawler(crawler, name="articles")
    spider.sources = Sources(
        [
            Source(name="moscow", feeds=("https://rt.example/rss",), timezone="Europe/Moscow"),
            Source(name="nowhere", feeds=("https://n.example/rss",)),
        ]
    )
    crawler.spider = spider
    crawler.stats.open_spider()
    return ParseDates.from_crawler(crawler), crawler


def article(source: str, **fields: object) -> Article:
    return Article(
        url="https://rt.example/news/1",
        source=source,
        metadata={"dateDownloaded": "2024-03-03T14:00:00+00:00"},
        **fields,  # type: ignore[arg-type]
    )


def test_pipeline_reads_in_the_source_zone() -> None:
    parse, _ = pipeline()
    item = parse.process_item(article("moscow", datePublishedRaw="30 Jun, 2017 13:17"))
    assert (item.datePublished, item.datePublishedTz, item.datePublishedPrecision) == (
        "2017-06-30T13:17:00+03:00", "source", "time",
    )  # fmt: skip


def test_pipeline_flags_a_zone_nobody_gave() -> None:
    parse, _ = pipeline()
    item = parse.process_item(article("nowhere", datePublishedRaw="30 Jun, 2017 13:17"))
    assert (item.datePublished, item.datePublishedTz) == ("2017-06-30T13:17:00+00:00", "none")
    item = parse.process_item(article("unknown-source", datePublishedRaw="2017-06-30"))
    assert (item.datePublished, item.datePublishedPrecision) == ("2017-06-30T00:00:00+00:00", "day")


def test_pipeline_relative_date_uses_download_time_not_the_clock() -> None:
    parse, _ = pipeline()
    item = parse.process_item(article("moscow", datePublishedRaw="2 hours ago", inLanguage="en"))
    assert item.datePublished == "2024-03-03T15:00:00+03:00"


def test_pipeline_counts_rejections_and_falls_back_to_the_feed() -> None:
    parse, crawler = pipeline()
    item = article(
        "moscow",
        datePublishedRaw="2031-01-01T00:00:00Z",
        dateModifiedRaw="0000-00-00 00:00:00",
        discovery={"via": "feed", "sourceDate": "Sat, 02 Mar 2024 10:00:00 +0300"},
    )
    item = parse.process_item(item)
    assert (item.datePublished, item.datePublishedSource) == ("2024-03-02T10:00:00+03:00", "feed")
    assert item.dateModified is None
    stats = crawler.stats.get_stats()
    assert stats["newsbot/dates/rejected/after_download"] == 1
    assert stats["newsbot/dates/rejected/zero_date"] == 1


def test_pipeline_feed_time_completes_a_page_day() -> None:
    parse, _ = pipeline()
    item = article(
        "moscow",
        datePublishedRaw="2024-03-02",
        datePublishedSource="url",
        discovery={"via": "sitemap", "sourceDate": "2024-03-02T10:00:00+03:00"},
    )
    item = parse.process_item(item)
    assert (item.datePublished, item.datePublishedSource) == (
        "2024-03-02T10:00:00+03:00",
        "sitemap",
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        # The feed entry and the URL agree: the old JSON-LD date of a migrated page loses.
        ("https://n.example/2019/06/12/ferry/", ("2019-06-12T14:05:09+00:00", "feed")),
        # Only the feed disagrees: the page's own date stays (and is counted).
        ("https://n.example/ferry/", ("2012-03-01T10:00:00+00:00", "jsonld")),
    ],
)
def test_pipeline_a_lone_structured_date_loses_to_the_feed_and_the_url(
    url: str, expected: tuple[str, str]
) -> None:
    parse, crawler = pipeline()
    item = article(
        "nowhere",
        datePublishedRaw="2012-03-01T10:00:00+00:00",
        datePublishedSource="jsonld",
        discovery={"via": "feed", "sourceDate": "Wed, 12 Jun 2019 14:05:09 +0000"},
    )
    item.url = url
    item = parse.process_item(item)
    assert (item.datePublished, item.datePublishedSource) == expected
    assert crawler.stats.get_value("newsbot/dates/feed_disagrees") == 1


def test_pipeline_modified_keeps_its_own_offset() -> None:
    parse, _ = pipeline()
    item = parse.process_item(
        article(
            "moscow",
            datePublishedRaw="2024-03-01T10:00:00+01:00",
            dateModifiedRaw="2024-03-02T10:00:00+01:00",
        )
    )
    assert (item.dateModified, item.dateModifiedTz) == ("2024-03-02T10:00:00+01:00", "page")


def test_pipeline_future_skew_setting() -> None:
    parse, _ = pipeline({"DATES_FUTURE_SKEW_MINUTES": 0})
    item = parse.process_item(article("moscow", datePublishedRaw="2024-03-03T14:30:00Z"))
    assert item.datePublished is None


def test_script_state_when_the_page_draws_its_date() -> None:
    html = """<html><body><h1>Headline</h1><script>window.__STATE__ = {"article":
    {"id": 7, "publishedAt": "2024-03-01T10:00:00+01:00"}};</script></body></html>"""
    assert found(html)["datePublishedRaw"] == "2024-03-01T10:00:00+01:00"


def test_update_labels_are_not_publication() -> None:
    html = """<html><body><h1>Headline</h1><p>Akt.: 29. Juni 2023 - 21.18 Uhr</p>
    <p>28. Juni 2023</p></body></html>"""
    assert found(html)["datePublishedRaw"] == "28. Juni 2023"


def test_a_zoneless_time_ahead_of_utc_is_not_in_the_future() -> None:
    # 22:00 in Seoul is 13:00 UTC, before the download; read as UTC it is 8 hours ahead.
    assert read("2024.03.03 22:00", language="ko") == "2024-03-03T22:00:00+00:00"


def test_dates_split_over_children_and_tails() -> None:
    html = """<html><body><h1>Headline</h1><div class="date">29<br>
    Mai 2013</div></body></html>"""
    assert found(html)["datePublishedRaw"] == "29 Mai 2013"
    html = """<html><body><h1>Headline</h1><p>By <a href="/author/jv">Jessica Vince</a>
    - 29 December 2014</p></body></html>"""
    assert found(html)["datePublishedRaw"] == "29 December 2014"


def test_prose_with_a_date_is_not_a_dateline() -> None:
    html = """<html><body><h1>Headline</h1>
    <p>Lego feiert von 1. bis 8. Mai 2022 den Star-Wars-Tag mit zahlreichen Aktionen.</p>
    </body></html>"""
    assert found(html)["datePublishedSource"] in (None, "search")  # htmldate's guess at most


def test_pipeline_counts_a_feed_that_disagrees_but_keeps_the_page_date() -> None:
    parse, crawler = pipeline()
    item = article(
        "moscow",
        datePublishedRaw="2024-02-01T10:00:00+03:00",
        discovery={"via": "feed", "sourceDate": "2024-03-02T10:00:00+03:00"},
    )
    assert parse.process_item(item).datePublished == "2024-02-01T10:00:00+03:00"
    assert crawler.stats.get_value("newsbot/dates/feed_disagrees") == 1


def test_open_spider_warms_dateparser_for_the_source_languages() -> None:
    parse, _ = pipeline()
    parse.open_spider()
    item = parse.process_item(article("moscow", datePublishedRaw="vor 2 Stunden", inLanguage="de"))
    assert item.datePublished == "2024-03-03T15:00:00+03:00"


def test_parsely_page_meta_and_hatom_abbr() -> None:
    html = """<html><head><meta name='parsely-page' content='{"title": "t",
    "pub_date": "2014-12-29T10:36:51+00:00"}'></head><body><h1>t</h1></body></html>"""
    assert found(html)["datePublishedRaw"] == "2014-12-29T10:36:51+00:00"
    html = """<html><body><h1>t</h1>
    <abbr class="published" title="2017-06-30T13:17:00+03:00">June 30</abbr></body></html>"""
    assert found(html)["datePublishedRaw"] == "2017-06-30T13:17:00+03:00"


def test_headline_found_by_title_when_there_is_no_h1() -> None:
    html = (
        """<html><head><meta property="og:title" content="Harbour reopens after the storm">
    </head><body><div class="nav"><span>12.01.2023</span></div>"""
        + "<p>x</p>" * 60
        + """
    <h2 class="title">Harbour reopens after the storm</h2><div>Do 25.04.24 | 14:07 Uhr</div>
    </body></html>"""
    )
    assert found(html)["datePublishedRaw"] == "Do 25.04.24 | 14:07 Uhr"


def test_relative_dateline_reaches_the_pipeline() -> None:
    html = """<html><body><h1>Headline</h1><span class="date">vor 2 Stunden</span>
    <span class="modification-date">vor 1 Std.</span></body></html>"""
    dates = found(html)
    assert (dates["datePublishedRaw"], dates["datePublishedSource"]) == ("vor 2 Stunden", "text")
    parse, _ = pipeline()
    item = parse.process_item(article("moscow", inLanguage="de", **dates))
    assert item.datePublished == "2024-03-03T15:00:00+03:00"


@pytest.mark.parametrize("raw", ["4 months ago", "3 days ago", "vor 3 Tagen"])
def test_coarse_relative_dates_are_rejected(raw: str) -> None:
    with pytest.raises(Rejected) as caught:
        parse_date(raw, downloaded=DOWNLOADED, budget=ParseBudget(languages=("de", "en")))
    assert caught.value.reason == "relative_too_coarse"


# --- other stories' dates, hAtom classes, the headline among several <h1> ----------------------

_FILLER = "<p>" + "The council met on Tuesday to discuss the harbour works. " * 20 + "</p>"


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        pytest.param(
            f"""<html><body><article><h1>Harbour reopens</h1>
            <time class="entry-date published updated" datetime="2024-02-20T09:00:00+02:00">
            20 February 2024</time>{_FILLER}
            <div class="related-posts"><time class="entry-date published"
            datetime="2019-05-01T10:00:00+02:00">1 May 2019</time></div></article></body></html>""",
            "2024-02-20T09:00:00+02:00",
            id="hatom-published-and-updated-on-one-element",
        ),
        pytest.param(
            f"""<html><body><main><h1>Harbour reopens</h1>
            <span class="meta"><time datetime="2024-02-20T09:00:00Z">20.02.2024</time></span>
            {_FILLER}<section><article><a href="/b"><h3>Bridge closes</h3></a>
            <time itemprop="datePublished" datetime="2024-03-01T08:00:00Z"></time></article>
            </section></main></body></html>""",
            "2024-02-20T09:00:00Z",
            id="microdata-of-a-story-card",
        ),
        pytest.param(
            """<html><body><h1>Harbour reopens</h1><p>Lead text.</p>
            <div class="more-teasers"><div><span class="date">01.05.2019</span>
            <a href="/c">Old story</a></div></div>
            <span class="time">vor 3 Stunden</span></body></html>""",
            "vor 3 Stunden",
            id="teaser-box-date-left-out",
        ),
        pytest.param(
            """<html><body><h1>Harbour reopens</h1>
            <div class="info"><time>Published: 5 hours ago</time>
            <time>Last updated: 1 hour ago</time></div></body></html>""",
            "5 hours ago",
            id="relative-date-without-its-label",
        ),
        pytest.param(
            """<html><body><h1>Harbour reopens</h1><div class="date"><span>vor 3 Stunden</span>
            <span class="sr-only">vor 3 Stunden</span></div></body></html>""",
            "vor 3 Stunden",
            id="screen-reader-copy-read-once",
        ),
    ],
)
def test_the_articles_own_dateline(html: str, expected: str) -> None:
    assert found(html)["datePublishedRaw"] == expected


@pytest.mark.parametrize(
    ("title", "logo"),
    [
        ("Harbour reopens after the storm", "<a href='/'>{}</a>"),  # reads as the title
        ("", "<a href='/'>{}</a>"),  # no title: the first h1 not inside a link
        ("", "{}"),  # no title, the logo h1 not linked: it is the first h1, no date near it
    ],
)
def test_headline_is_the_h1_that_reads_as_the_title(title: str, logo: str) -> None:
    expected = "The Daily Harbour Gazette" if logo == "{}" else "Harbour reopens after the storm"
    html = f"""<html><head><meta property="og:title" content="{title}"></head><body>
    <header>{logo.format("<h1>The Daily Harbour Gazette</h1>")}</header>
    {"<p>x</p>" * 300}
    <h1>Harbour reopens after the storm</h1><div>20.02.2024</div></body></html>"""
    tree = parse_html(html)
    assert tree is not None
    headline = _headline(tree.find("body"), title)
    assert headline is not None and headline.text_content() == expected


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        ('{"page_type" : "Article", "publication_date" : "2024-02-20 08:03:19"}',
         "2024-02-20 08:03:19"),
        ('{"sections":["News"],"publish":"2024-02-20T08:03:19Z","changed":"1708416000"}',
         "2024-02-20T08:03:19Z"),
        ('{"publishDate":"not scheduled","story":{"publishedAt":"2024-02-20T08:03:19Z"}}',
         "2024-02-20T08:03:19Z"),
    ],
)  # fmt: skip
def test_publication_keys_in_inline_script_state(script: str, expected: str) -> None:
    html = f"""<html><head><script>window.__STATE__ = {script};</script></head>
    <body><h1>Harbour reopens</h1><p>No visible date.</p></body></html>"""
    assert found(html)["datePublishedRaw"] == expected


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        ("1 day ago", ("2024-02-18", "url")),  # a relative date cannot tell the day for sure
        ("18 February 2024", ("18 February 2024", "text")),  # agrees with the URL
    ],
)
def test_the_url_date_beats_a_relative_dateline(dateline: str, expected: tuple[str, str]) -> None:
    html = f"""<html><head><meta property="og:url"
    content="https://news.example/2024/02/18/harbour-reopens/"></head>
    <body><h1>Harbour reopens</h1><span class="date">{dateline}</span></body></html>"""
    dates = found(html)
    assert (dates["datePublishedRaw"], dates["datePublishedSource"]) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        pytest.param(
            """<html><head><script>var s = {"datePublished": "2024-02-19T10:00:00Z"};</script>
            </head><body><h1>Harbour reopens</h1><div><span>By Ann Lee</span>
            <span>February 20, 2024 at 9:15 a.m.</span></div></body></html>""",
            "February 20, 2024 at 9:15 a.m.",
            id="unlabelled-date-under-the-headline-beats-script-state",
        ),
        pytest.param(
            """<html><head><script>var s = {"datePublished": "2024-02-19T10:00:00Z"};</script>
            </head><body><h1>Harbour reopens</h1>"""
            + "<p>Text.</p>" * 40
            + """<div><span>20.02.2024</span></div></body></html>""",
            "2024-02-19T10:00:00Z",
            id="unlabelled-date-far-below-the-headline-does-not",
        ),
        pytest.param(
            """<html><body><article><header><h1>Harbour reopens</h1>
            <div class="info"><time class="teaser-time" datetime="2024-02-20T09:15+0100">
            20.02.2024</time></div></header></article></body></html>""",
            "2024-02-20T09:15+0100",
            id="own-class-alone-does-not-make-a-teaser",
        ),
    ],
)
def test_dateline_ranking(html: str, expected: str) -> None:
    assert found(html)["datePublishedRaw"] == expected


def test_a_month_first_reading_in_the_future_is_read_day_first() -> None:
    downloaded = datetime(2026, 1, 7, 9, 0, tzinfo=UTC)
    budget = ParseBudget(languages=("en",))
    parsed = parse_date("06/01/2026 - 14:02", downloaded=downloaded, budget=budget)
    assert parsed is not None and parsed.isoformat() == "2026-01-06T14:02:00+00:00"
    # Month first stays the English reading when it is plausible.
    assert read("06/01/2017") == "2017-06-01T00:00:00+00:00"
