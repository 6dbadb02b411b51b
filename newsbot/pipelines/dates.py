"""Turn the raw dates an article states into ISO 8601 with the publisher's offset."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Self

from itemadapter import ItemAdapter

from newsbot.dateparse import (
    DATEPARSER_CALLS_PER_PAGE,
    FUTURE_SKEW,
    ParseBudget,
    ParsedDate,
    Rejected,
    dateparser_languages,
    parse_date,
    url_day,
    warm_up,
)
from newsbot.sources import Sources

if TYPE_CHECKING:
    from collections.abc import Mapping

    from scrapy.crawler import Crawler

    from newsbot.sources import Source

logger = logging.getLogger(__name__)

STATS_PREFIX = "newsbot/dates"

FEED_TOLERANCE = timedelta(days=2)
"""A page date further than this from its feed entry's date is counted as a disagreement."""


class ParseDates:
    """Set ``datePublished``/``dateModified`` from the raw strings, in the source's time zone,
    with relative dates read against the download time (``metadata["dateDownloaded"]``).

    Without a publication date on the page, the feed or sitemap entry's date
    (``discovery["sourceDate"]``) is used; it also completes a page date that names only a
    day, and a page date far from it is counted (``newsbot/dates/feed_disagrees``); a
    structured page date far from it loses when the article's URL names the entry's day
    (``newsbot/dates/structured_outvoted``). Rejected
    values are counted as ``newsbot/dates/rejected/<reason>``.
    Settings: ``DATES_FUTURE_SKEW_MINUTES``, ``DATES_DATEPARSER_CALLS`` (per item).
    """

    def __init__(
        self,
        *,
        future_skew: timedelta = FUTURE_SKEW,
        dateparser_calls: int = DATEPARSER_CALLS_PER_PAGE,
        crawler: Crawler | None = None,
        sources: Mapping[str, Source] | None = None,
    ) -> None:
        self.future_skew = future_skew
        self.dateparser_calls = dateparser_calls
        self.crawler = crawler
        self.sources = sources
        """Source name -> source, when not the crawl's (``newsbot extract --source``)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        skew = crawler.settings.getfloat(
            "DATES_FUTURE_SKEW_MINUTES", FUTURE_SKEW.total_seconds() / 60
        )
        return cls(
            future_skew=timedelta(minutes=skew),
            dateparser_calls=crawler.settings.getint(
                "DATES_DATEPARSER_CALLS", DATEPARSER_CALLS_PER_PAGE
            ),
            crawler=crawler,
        )

    def open_spider(self) -> None:
        warm_up(tuple(sorted(self._source_languages())) or ("en",))

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        source = self._source(adapter.get("source"))
        zone = getattr(source, "timezone", None)
        language = adapter.get("inLanguage") or getattr(source, "language", None)
        downloaded = _downloaded(adapter.get("metadata") or {})
        budget = ParseBudget(self.dateparser_calls, dateparser_languages(language))

        def read(raw: str | None) -> ParsedDate | None:
            if not raw:
                return None
            try:
                parsed = parse_date(
                    raw, zone=zone, downloaded=downloaded, budget=budget, skew=self.future_skew
                )
            except Rejected as exc:
                self._reject(exc.reason, adapter, raw)
                return None
            if parsed is None:
                self._reject("unparseable", adapter, raw)
            return parsed

        published = read(adapter.get("datePublishedRaw"))
        discovery = adapter.get("discovery") or {}
        listed_raw = discovery.get("sourceDate")
        listed = read(listed_raw) if listed_raw else None
        if published and listed and abs(published.value - listed.value) > FEED_TOLERANCE:
            self._count("feed_disagrees")
            if adapter.get("datePublishedSource") in ("jsonld", "meta") and _url_names(
                adapter, listed
            ):
                # A lone structured date that the feed entry and the URL both contradict (a
                # republished or migrated page): the two independent sources win.
                self._count("structured_outvoted")
                published = None
        if (
            listed is not None
            and (published is None or published.date_only)
            and (
                published is None
                or published.value.date() == listed.value.astimezone(published.value.tzinfo).date()
            )
        ):
            # The feed names the same day with a time (or the page names none): take it.
            published = listed
            adapter["datePublishedRaw"] = listed_raw
            adapter["datePublishedSource"] = (
                "sitemap" if discovery.get("via") == "sitemap" else "feed"
            )
        modified = read(adapter.get("dateModifiedRaw"))
        if published and modified and modified.value < published.value - timedelta(minutes=1):
            self._reject("modified_before_published", adapter, adapter.get("dateModifiedRaw"))
            modified = None
        _set(adapter, "datePublished", published, tz_field="datePublishedTz")
        _set(adapter, "dateModified", modified, tz_field="dateModifiedTz")
        return item

    def _source(self, name: str | None) -> Source | None:
        return self._sources().get(name) if name else None

    def _source_languages(self) -> set[str]:
        sources = self._sources()
        return {lang for s in sources.values() for lang in dateparser_languages(s.language)}

    def _sources(self) -> Mapping[str, Source]:
        if self.sources is not None:
            return self.sources
        return Sources.of(self.crawler.spider if self.crawler is not None else None)

    def _count(self, key: str) -> None:
        if self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"{STATS_PREFIX}/{key}")

    def _reject(self, reason: str, adapter: ItemAdapter, raw: str | None) -> None:
        self._count(f"rejected/{reason}")
        logger.debug(
            "Date %(raw)r of %(url)s rejected: %(reason)s",
            {"raw": raw, "url": adapter.get("url"), "reason": reason},
        )


def _url_names(adapter: ItemAdapter, listed: ParsedDate) -> bool:
    """Whether the article's URL names the feed entry's day (in its offset, or in UTC)."""
    days = {listed.value.date(), listed.value.astimezone(UTC).date()}
    return any(url_day(adapter.get(name)) in days for name in ("canonicalUrl", "url"))


def _downloaded(metadata: dict[str, Any]) -> datetime | None:
    """The download time as an aware datetime (naive strings are UTC)."""
    raw = metadata.get("dateDownloaded")
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _set(adapter: ItemAdapter, name: str, parsed: ParsedDate | None, *, tz_field: str) -> None:
    adapter[name] = parsed.isoformat() if parsed else None
    if tz_field in adapter.field_names():
        adapter[tz_field] = parsed.tz if parsed else None
    precision = f"{name}Precision"
    if precision in adapter.field_names():
        adapter[precision] = ("day" if parsed.date_only else "time") if parsed else None
