"""The dedupe pipeline, the skip-seen middleware and the state extension, on a real SQLite state."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy import Request, Spider
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newsbot.exceptions import (
    DuplicateContent,
    DuplicateUrl,
    NearDuplicate,
    NoBody,
    NotAnArticle,
    StateLocked,
    UnchangedStory,
)
from newsbot.items import Article
from newsbot.middlewares.state import (
    ConditionalFeeds,
    GaveUpArticle,
    NotModified,
    SeenArticle,
    SkipSeenArticles,
)
from newsbot.pipelines.dedupe import Deduplicate
from newsbot.sources import Source, Sources
from newsbot.state import open_state
from newsbot.state.extension import CrawlState
from newsbot.state.sqlite import SqliteState
from newsbot.urls import article_id
from tests.test_similarity import BOILERPLATE, BRIDGE, FOLLOW_UP, OTHER_STORY, STORY, UPDATE, body


def article(url: str, text: str, headline: str = "Harbour Street bridge to close") -> Article:
    return Article(
        url=url, canonicalUrl=url, articleId=article_id(url), source="example",
        headline=headline, articleBody=text, datePublished="2025-06-01T10:00:00+02:00",
    )  # fmt: skip


@pytest.fixture
def state(tmp_path: Path) -> Iterator[SqliteState]:
    s = SqliteState(tmp_path / "state.sqlite3")
    yield s
    s.close()


def test_first_capture_is_a_new_story(state: SqliteState) -> None:
    item = Deduplicate(state).process_item(article("https://a.example/bridge", body(STORY)))
    assert item.storyId == item.articleId == article_id("https://a.example/bridge")
    assert (item.duplicateOf, item.version, item.changeType) == (None, 1, "new")
    assert item.contentHash is not None and len(item.contentHash) == 16


def test_duplicates_are_dropped_with_named_reasons(state: SqliteState) -> None:
    pipeline = Deduplicate(state)
    pipeline.process_item(article("https://a.example/bridge", body(STORY)))
    with pytest.raises(DuplicateUrl):
        pipeline.process_item(article("http://www.a.example/bridge/?utm_source=x", body(STORY)))
    with pytest.raises(DuplicateContent):
        pipeline.process_item(article("https://b.example/news/1", body(STORY)))
    copy = body([BOILERPLATE[0], *STORY[:3], "READ MORE: Mill fire", BOILERPLATE[1]])
    with pytest.raises(NearDuplicate):
        pipeline.process_item(article("https://c.example/bridge-closing", copy, "Bridge shut"))
    other = pipeline.process_item(article("https://a.example/mill-fire", body(OTHER_STORY)))
    assert other.duplicateOf is None


def test_tag_mode_exports_duplicates_with_their_story(state: SqliteState) -> None:
    pipeline = Deduplicate(state, mode="tag")
    first = pipeline.process_item(article("https://a.example/bridge", body(STORY)))
    copy = pipeline.process_item(article("https://c.example/bridge", body(STORY[:3])))
    assert (copy.storyId, copy.duplicateOf) == (first.articleId, first.articleId)
    assert copy.articleId != first.articleId


@pytest.mark.parametrize("mode", ["drop", "tag"])
def test_an_update_under_another_url_is_the_next_version_of_its_story(
    state: SqliteState, mode: str
) -> None:
    pipeline = Deduplicate(state, mode=mode)
    first = pipeline.process_item(article("https://a.example/bridge", body(BRIDGE)))
    update = pipeline.process_item(article("https://wire.example/bridge-2", body(UPDATE)))
    assert (update.storyId, update.duplicateOf) == (first.storyId, first.articleId)
    assert (update.version, update.changeType) == (2, "updated")
    brief = article("https://c.example/bridge", body(BRIDGE[:2]))
    if mode == "drop":
        with pytest.raises(NearDuplicate):  # a brief brings nothing new
            pipeline.process_item(brief)
    else:
        assert pipeline.process_item(brief).storyId == first.storyId


def test_a_story_whose_text_goes_on_elsewhere_does_not_take_a_follow_up(
    state: SqliteState,
) -> None:
    # The brief arrives first: the follow-up contains it whole, but the original, a copy
    # of the brief's story, says the follow-up goes on with another story.
    pipeline = Deduplicate(state, mode="tag")
    brief = pipeline.process_item(article("https://c.example/bridge", body(BRIDGE[:2])))
    original = pipeline.process_item(article("https://a.example/bridge", body(BRIDGE)))
    follow_up = pipeline.process_item(article("https://a.example/fire", body(FOLLOW_UP)))
    assert original.storyId == brief.storyId
    assert follow_up.storyId != brief.storyId and follow_up.duplicateOf is None


def test_duplicates_are_recognised_in_later_runs_once_committed(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite3"
    first_run = SqliteState(path)
    Deduplicate(first_run).process_item(article("https://a.example/bridge", body(STORY)))
    first_run.prepare(str(tmp_path / ".feed.part"))
    first_run.confirm(str(tmp_path / ".feed.part"))
    first_run.close()
    second_run = SqliteState(path)
    pipeline = Deduplicate(second_run)
    with pytest.raises(DuplicateUrl):
        pipeline.process_item(article("https://a.example/bridge", body(STORY)))
    with pytest.raises(NearDuplicate):
        pipeline.process_item(article("https://c.example/bridge", body(STORY[:4])))
    second_run.close()


def test_recheck_exports_a_changed_article_as_a_new_version(state: SqliteState) -> None:
    pipeline = Deduplicate(state, recheck_hours={"example": 1.0})
    first = pipeline.process_item(article("https://a.example/bridge", body(STORY[:4])))
    state.commit()
    with pytest.raises(DuplicateUrl):  # not due yet
        pipeline.process_item(article("https://a.example/bridge", body(STORY)))
    key = first.articleId
    assert key is not None
    state._db.execute("UPDATE urls SET seen_at = seen_at - 7200")  # two hours later
    with pytest.raises(UnchangedStory):
        pipeline.process_item(article("https://a.example/bridge", body(STORY[:4])))
    updated = pipeline.process_item(article("https://a.example/bridge", body(STORY)))
    assert (updated.version, updated.changeType, updated.storyId) == (2, "updated", key)
    state.commit()
    assert state.doc(key) is not None and state.doc(key).version == 2


def crawler_with_state(tmp_path: Path, **settings: object):  # type: ignore[no-untyped-def]
    return get_crawler(
        Spider,
        {
            "EXTENSIONS": {"newsbot.state.extension.CrawlState": 0},
            "NEWSBOT_STATE": f"sqlite:///{tmp_path}/state.sqlite3",
            **settings,
        },
    )


def article_request(url: str) -> Request:
    return Request(url, meta={"newsbot_kind": "article"}, cb_kwargs={"source": "example"})


def test_the_middleware_skips_seen_articles_before_they_leave(tmp_path: Path) -> None:
    crawler = crawler_with_state(tmp_path)
    ext = crawler.get_extension(CrawlState)
    assert ext is not None
    Deduplicate(ext.state).process_item(article("https://a.example/bridge", body(STORY)))
    ext.state.commit()
    middleware = SkipSeenArticles.from_crawler(crawler)
    with pytest.raises(SeenArticle):
        middleware.process_request(article_request("https://www.a.example/bridge?utm_source=x"))
    assert middleware.process_request(article_request("https://a.example/other")) is None
    listing = Request("https://a.example/bridge", meta={"newsbot_kind": "listing"})
    assert middleware.process_request(listing) is None
    assert crawler.stats.get_value("newsbot/state/skipped_seen") == 1
    ext.state.close()


def test_failed_pages_are_retried_a_bounded_number_of_times(tmp_path: Path) -> None:
    crawler = crawler_with_state(tmp_path, NEWSBOT_STATE_MAX_FAILURES=2)
    ext = crawler.get_extension(CrawlState)
    assert ext is not None
    middleware = SkipSeenArticles.from_crawler(crawler)
    request = article_request("https://a.example/broken")
    for _ in range(2):
        assert middleware.process_request(request) is None
        middleware.process_response(request, HtmlResponse(request.url, status=500, body=b""))
        ext.state.commit()
    with pytest.raises(GaveUpArticle):
        middleware.process_request(request)
    assert ext.lacks(["https://a.example/broken", "https://a.example/new"]) == {
        "https://a.example/new": 0
    }
    ext.state.close()


def test_an_article_dropped_as_invalid_counts_as_a_failure(tmp_path: Path) -> None:
    crawler = crawler_with_state(tmp_path)
    ext = crawler.get_extension(CrawlState)
    assert ext is not None
    item = article("https://a.example/empty", "")
    ext.item_dropped(item, None, NoBody("no body"))
    ext.item_dropped(article("https://a.example/copy", ""), None, DuplicateUrl("seen"))
    ext.state.commit()
    records = ext.state.records([article_id("https://a.example/empty"),
                                 article_id("https://a.example/copy")])  # fmt: skip
    assert [r.failures for r in records.values()] == [1]
    ext.state.close()


def test_a_listing_is_given_up_at_once_and_tried_again_after_retry_days(tmp_path: Path) -> None:
    crawler = crawler_with_state(tmp_path)
    ext = crawler.get_extension(CrawlState)
    assert ext is not None
    hub, new = "https://a.example/news/floods-special.html", "https://a.example/new"
    ext.item_dropped(article(hub, body(STORY)), None, NotAnArticle(f"{hub} is a listing page"))
    ext.state.commit()
    assert not ext.state.has_url(article_id(hub))  # not seen: an article there is exported
    assert list(ext.lacks([hub, new])) == [new]
    week = int(ext.retry_days * 86400)
    ext.state._db.execute("UPDATE urls SET seen_at = ?", (int(time.time()) - week - 60,))
    assert list(ext.lacks([hub, new])) == [hub, new]
    ext.state.close()


def test_recheck_hours_let_old_articles_through(tmp_path: Path) -> None:
    crawler = crawler_with_state(tmp_path)
    ext = crawler.get_extension(CrawlState)
    assert ext is not None
    crawler.spider = Spider("articles")
    crawler.spider.sources = Sources(
        [Source("example", ("https://a.example/",), recheck_hours=1.0)]
    )
    Deduplicate(ext.state).process_item(article("https://a.example/bridge", body(STORY)))
    ext.state.commit()
    middleware = SkipSeenArticles.from_crawler(crawler)
    with pytest.raises(SeenArticle):
        middleware.process_request(article_request("https://a.example/bridge"))
    assert ext.lacks(["https://a.example/bridge"], recheck_hours=1.0) == {}
    ext.state._db.execute("UPDATE urls SET seen_at = ?", (int(time.time()) - 7200,))
    assert middleware.process_request(article_request("https://a.example/bridge")) is None
    # the spider asks the same of what listings, feeds and sitemaps offer
    assert ext.lacks(["https://a.example/bridge"], recheck_hours=1.0) == {
        "https://a.example/bridge": 0
    }
    assert ext.lacks(["https://a.example/bridge"]) == {}
    ext.state.close()


def test_the_extension_refuses_a_locked_state(tmp_path: Path) -> None:
    holder = open_state(f"sqlite:///{tmp_path}/state.sqlite3")
    holder.lock()
    with pytest.raises(StateLocked):
        crawler_with_state(tmp_path)
    holder.close()


def feed_request(url: str) -> Request:
    return Request(url, meta={"newsbot_kind": "feed"}, dont_filter=True)


def test_feeds_are_asked_only_for_changes_after_a_finished_crawl(tmp_path: Path) -> None:
    crawler = crawler_with_state(tmp_path)
    ext = crawler.get_extension(CrawlState)
    assert ext is not None
    middleware = ConditionalFeeds.from_crawler(crawler)
    request = feed_request("https://a.example/rss.xml")
    middleware.process_request(request)
    assert b"If-None-Match" not in request.headers
    headers = {"ETag": '"v1"', "Last-Modified": "Mon, 24 Nov 2026 10:00:00 GMT"}
    middleware.process_response(request, HtmlResponse(request.url, headers=headers, body=b""))
    crawler.stats.set_value("finish_reason", "finished")
    ext.before_publish(tmp_path / ".feed.part")
    ext.after_publish(tmp_path / ".feed.part")

    again = feed_request("https://a.example/rss.xml")
    middleware.process_request(again)
    assert again.headers["If-None-Match"] == b'"v1"'
    assert again.headers["If-Modified-Since"] == b"Mon, 24 Nov 2026 10:00:00 GMT"
    with pytest.raises(NotModified):  # no new entries, and not a failure
        middleware.process_response(again, HtmlResponse(again.url, status=304, body=b""))
    assert crawler.stats.get_value("newsbot/state/not_modified") == 1
    ext.state.close()


@pytest.mark.parametrize("why", ["an article failed", "the crawl was interrupted"])
def test_feed_validators_are_not_kept_when_articles_may_be_missing(
    tmp_path: Path, why: str
) -> None:
    crawler = crawler_with_state(tmp_path)
    ext = crawler.get_extension(CrawlState)
    assert ext is not None
    middleware = ConditionalFeeds.from_crawler(crawler)
    request = feed_request("https://a.example/rss.xml")
    middleware.process_response(request, HtmlResponse(request.url, headers={"ETag": "x"}))
    if why == "an article failed":
        crawler.stats.set_value("finish_reason", "finished")
        ext.record_failure("https://a.example/broken")
    else:
        crawler.stats.set_value("finish_reason", "shutdown")
    ext.feed_exporter_closed()
    assert ext.validators("https://a.example/rss.xml") == (None, None)
    ext.state.close()


def test_urls_that_redirected_to_an_exported_article_are_remembered(tmp_path: Path) -> None:
    crawler = crawler_with_state(tmp_path)
    ext = crawler.get_extension(CrawlState)
    assert ext is not None
    Deduplicate(ext.state).process_item(article("https://a.example/bridge", body(STORY)))
    ext.add_redirect("https://a.example/bridge", ["https://a.example/s/x1"])
    ext.add_redirect("https://a.example/never-exported", ["https://a.example/s/x2"])
    ext.request_dropped(
        Request(
            "https://a.example/bridge",
            meta={"newsbot_kind": "article", "redirect_urls": ["https://a.example/s/x3"]},
        )
    )
    ext.before_publish(tmp_path / ".feed.part")
    ext.after_publish(tmp_path / ".feed.part")
    assert ext.lacks([f"https://a.example/s/x{i}" for i in (1, 2, 3)]) == {
        "https://a.example/s/x2": 0
    }
    ext.state.close()


def test_fetch_and_shell_leave_the_state_alone(tmp_path: Path) -> None:
    from scrapy.utils.spider import DefaultSpider

    crawler = get_crawler(DefaultSpider, {
        "EXTENSIONS": {"newsbot.state.extension.CrawlState": 0},
        "NEWSBOT_STATE": f"sqlite:///{tmp_path}/state.sqlite3",
    })  # fmt: skip
    assert crawler.get_extension(CrawlState) is None
    assert not (tmp_path / "state.sqlite3").exists()
    assert crawler_with_state(tmp_path, NEWSBOT_STATE="").get_extension(CrawlState) is None
