"""``newsbot check SOURCE``: what newsbot makes of one source's articles, field by field.

A real crawl of the source's entry points with the shipped settings (robots.txt, throttling),
stopped after a few articles. The state is a temporary file and no feed is written, so the
next cron run is unaffected. Per field it tells how often it was filled and by what: generic
extraction, the source's override, or an override that found nothing.
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from itemadapter import ItemAdapter
from scrapy import signals

from newsbot.extract.encoding import decode_page
from newsbot.extract.overrides import FieldReport, field_report
from newsbot.logs import shorten_scrapy_errors
from newsbot.spiders.articles import content_type

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.http import TextResponse

    from newsbot.sources import Source

FIELDS = ("headline", "articleBody", "authors", "datePublished", "dateModified", "description",
          "inLanguage", "articleSection", "keywords", "mainImage", "canonicalUrl")  # fmt: skip
"""The fields shown, in this order."""

REQUIRED = ("headline", "articleBody")
"""Fields without which a page is no article: empty on most pages, the check fails."""

OVERRIDDEN_AS = {"datePublished": "datePublishedRaw", "dateModified": "dateModifiedRaw"}
"""A field set by a pipeline from the field an override sets."""

SAVED_FIELDS = ("headline", "articleBody", "authors", "datePublished", "datePublishedRaw",
                "dateModified", "dateModifiedRaw", "description", "inLanguage",
                "articleSection", "keywords", "mainImage", "canonicalUrl")  # fmt: skip
"""The fields ``--html`` saves beside each page (the layout of ``tests/pages``)."""


@dataclass
class Checked:
    """One article page the check crawl extracted."""

    item: dict[str, Any]
    report: FieldReport | None
    dropped: str | None
    """The name of the reason a pipeline dropped the item, if one did."""

    html: str


class Collector:
    """Keep the first ``limit`` articles of a crawl, exported or dropped, then stop it."""

    def __init__(self, crawler: Crawler, limit: int) -> None:
        self.crawler = crawler
        self.limit = limit
        self.articles: list[Checked] = []
        self._closing: Any = None
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)

    # Items come from text pages only: the spider skips every other response.
    def item_scraped(self, item: Any, response: TextResponse) -> None:
        self._keep(item, response, None)

    def item_dropped(self, item: Any, response: TextResponse, exception: BaseException) -> None:
        self._keep(item, response, type(exception).__name__)

    def _keep(self, item: Any, response: TextResponse, dropped: str | None) -> None:
        from scrapy.utils.defer import deferred_from_coro

        if len(self.articles) >= self.limit:
            return
        html = decode_page(response.body, content_type(response), response.encoding)
        self.articles.append(Checked(ItemAdapter(item).asdict(), field_report(item), dropped, html))
        if len(self.articles) == self.limit and self.crawler.engine is not None:
            closing = self.crawler.engine.close_spider_async(reason="closespider_itemcount")
            self._closing = deferred_from_coro(closing)


def run_check(source: Source, sources_path: str, limit: int, html_dir: Path | None) -> int:
    """Crawl ``source`` for up to ``limit`` articles, print the field table; 1 when headline
    or body is empty on most articles (or none was found), else 0."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    shorten_scrapy_errors()
    with tempfile.TemporaryDirectory(prefix="newsbot-check-") as tmp:
        settings = Settings()
        settings.setmodule("newsbot.settings", priority="project")
        settings.setdict(
            {
                "NEWSBOT_SOURCES": sources_path,
                "NEWSBOT_STATE": f"sqlite:///{tmp}/state.sqlite3",
                "FEEDS": {},
                "RUN_REPORT_HISTORY": "",
                "LOG_LEVEL": "WARNING",
            },
            priority="cmdline",
        )
        process = CrawlerProcess(settings)
        crawler = process.create_crawler("articles")
        collector = Collector(crawler, limit)
        process.crawl(crawler, sources=sources_path, source=source.name)
        process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    articles = collector.articles
    print(format_check(source, articles, stats))
    if html_dir is not None and articles:
        save_pages(articles, html_dir)
        print(f"\n{len(articles)} pages and their JSON saved in {html_dir}")
    problems = verdict(articles)
    for problem in problems:
        print(f"newsbot: check: {source.name}: {problem}", file=sys.stderr)
    return 1 if problems else 0


def verdict(articles: list[Checked]) -> list[str]:
    """Why the source is not usable as it is, a sentence each (none when it is)."""
    if not articles:
        return ["no article page was extracted from the entry points"]
    problems = []
    for name in REQUIRED:
        empty = sum(not a.item.get(name) for a in articles)
        if empty * 2 > len(articles):
            problems.append(f"{name} empty on {empty} of {len(articles)} articles")
    return problems


def format_check(source: Source, articles: list[Checked], stats: dict[str, Any]) -> str:
    """The per-field table, then drops, page object errors and fetch failures."""
    lines = [f"newsbot check {source.name}: {len(articles)} article page(s)", ""]
    if articles:
        rows = [["field", "filled", "generic", "override", "missed", "example"]]
        rows += [field_row(name, source, articles) for name in FIELDS]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
        for row in rows:
            cells = [row[0].ljust(widths[0])]
            cells += [c.rjust(w) for c, w in zip(row[1:-1], widths[1:], strict=True)]
            lines.append("  ".join([*cells, row[-1]]).rstrip())
        lines.append("")
    dropped = Counter(a.dropped for a in articles if a.dropped)
    if dropped:
        lines.append(f"dropped: {_pairs(dropped)}")
    errors = [a.report.page_error for a in articles if a.report and a.report.page_error]
    if errors:
        lines.append(f"page object failed on {len(errors)} page(s), generic values kept:")
        lines.append(f"  {errors[0]}")
    prefix = f"newsbot/source/{source.name}/failed/"
    failed = {k.removeprefix(prefix): v for k, v in stats.items() if k.startswith(prefix)}
    if failed:
        lines.append(f"not fetched: {_pairs(failed)}")
    return "\n".join(lines).rstrip()


def field_row(name: str, source: Source, articles: list[Checked]) -> list[str]:
    """One line of the table: how many articles have the field, filled by generic extraction
    or by an override, how many overrides found nothing ("-": none asked), one example."""
    by = OVERRIDDEN_AS.get(name, name)
    filled = [a for a in articles if a.item.get(name)]
    overridden = sum(1 for a in filled if a.report and by in a.report.overridden)
    missed = sum(1 for a in articles if a.report and by in a.report.missed)
    asked = by in dict(source.fields) or overridden or missed
    return [
        name,
        f"{len(filled)}/{len(articles)}",
        str(len(filled) - overridden),
        str(overridden) if asked else "-",
        str(missed) if asked else "-",
        _example(filled[0].item[name]) if filled else "",
    ]


def save_pages(articles: list[Checked], directory: Path) -> None:
    """Each page as ``<case>.html`` with ``<case>.json`` beside it, as ``tests/pages/extract``
    has them: its URL, download time and the fields (authors as names), ready to be corrected
    into an expected result."""
    directory.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    for article in articles:
        case = _case_name(article.item["url"], used)
        (directory / f"{case}.html").write_text(article.html, encoding="utf-8")
        record = {
            "url": article.item["url"],
            "crawled_at": (article.item.get("metadata") or {}).get("dateDownloaded"),
            **{name: article.item.get(name) for name in SAVED_FIELDS},
        }
        record["authors"] = [a.get("name") for a in record["authors"] or []]
        text = json.dumps(record, ensure_ascii=False, indent=2)
        (directory / f"{case}.json").write_text(text + "\n", encoding="utf-8")


def _case_name(url: str, used: set[str]) -> str:
    """A file name for the page at ``url``: its path's last segment, unique in ``used``."""
    segments = [s for s in urlsplit(url).path.split("/") if s]
    last = re.sub(r"\.s?html?$", "", segments[-1].lower()) if segments else ""
    words = re.findall(r"[a-z0-9]+", last)
    base = "-".join(words)
    if len(base) > 60:
        base = base[:60].rsplit("-", 1)[0]
    base = base or "page"
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base}-{n}"
    used.add(name)
    return name


def _pairs(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{key} {n}" for key, n in sorted(counts.items()))


def _example(value: Any) -> str:
    if isinstance(value, list):
        value = ", ".join(v.get("name", "") if isinstance(v, dict) else str(v) for v in value)
    elif isinstance(value, dict):
        value = value.get("url") or json.dumps(value)
    text = " ".join(str(value).split())
    return text if len(text) <= 60 else text[:59] + "…"
