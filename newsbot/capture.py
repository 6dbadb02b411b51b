"""Raw capture: every article page a crawl fetched, as a WARC file beside the feed.

``<feed stem>.warc.gz`` (setting ``CAPTURE_ENABLED``), WARC 1.1 written with warcio, published
whole like the feed (:mod:`newsbot.partial`). Any archive tool reads it (warcio, pywb,
``-a warc=``), and ``newsbot reextract`` redoes the run from it with today's extractor
(:class:`newsbot.reextract.Reextractor`).

Records, in crawl order: a ``warcinfo``; a ``resource`` holding the crawl's sources file
(``application/toml``); for each article page fetched, a ``request`` and a ``response`` with
the HTTP status and headers as received and the body as Scrapy decoded it (the headers about
the transfer renamed ``X-Crawler-*``, as Common Crawl does); for each such page that gave an
item, a ``metadata`` record (JSON) referring to its response: exported or dropped (and why),
with the crawl facts the item was built with.
"""

from __future__ import annotations

import io
import json
import logging
import weakref
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

from itemadapter import ItemAdapter
from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, HtmlResponse
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsbot.extract.encoding import decode_page
from newsbot.feedexport import feed_files, run_stem
from newsbot.partial import discard, open_partial, publish
from newsbot.sources import Sources
from newsbot.spiders.articles import content_type, is_html_type
from newsbot.urls import site_key
from newsbot.warc import Archive, Damaged, Record, scan

if TYPE_CHECKING:
    from collections.abc import Iterator

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response


logger = logging.getLogger(__name__)

CAPTURE_SUFFIX = ".warc.gz"
SOURCES_TYPE = "application/toml"
METADATA_TYPE = "application/json"
TRANSFER_HEADERS = ("content-length", "transfer-encoding")
"""Headers that describe the bytes on the wire, not the body kept: renamed ``X-Crawler-*``."""
KEPT_FIELDS = ("storyId", "duplicateOf", "version", "changeType", "contentHash")
"""Item fields the dedupe pipeline set from the crawl's state: a re-extraction keeps the
decisions and computes ``contentHash`` again for the new body (when the crawl had one)."""


class WarcCapture:
    """Write every article page the crawl fetched to ``<feed stem>.warc.gz``.

    Setting: ``CAPTURE_ENABLED`` (default False). Needs a local feed file to sit beside;
    without one it logs a warning and keeps nothing.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.path: Path | None = None
        self.file: IO[bytes] | None = None
        self.writer: WARCWriter | None = None
        self.info_id: str | None = None
        self.pages = 0
        self.responses: weakref.WeakKeyDictionary[Response, str] = weakref.WeakKeyDictionary()
        """Response -> the ``WARC-Record-ID`` of its response record."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("CAPTURE_ENABLED"):
            raise NotConfigured
        capture = cls(crawler)
        crawler.signals.connect(capture.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(capture.response_received, signal=signals.response_received)
        crawler.signals.connect(capture.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(capture.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(capture.spider_closed, signal=signals.spider_closed)
        return capture

    def spider_opened(self, spider: Spider) -> None:
        feeds = feed_files(self.crawler)
        if not feeds:
            logger.warning("CAPTURE_ENABLED but no local feed file to keep the pages beside")
            return
        stem = run_stem(feeds[0])
        self.path = stem.with_name(stem.name + CAPTURE_SUFFIX)
        self.file = open_partial(self.path)
        self.writer = WARCWriter(self.file, gzip=True, warc_version="1.1")
        info = self.writer.create_warcinfo_record(
            self.path.name,
            {
                "software": f"newsbot (Scrapy {_scrapy_version()})",
                "format": "WARC File Format 1.1",
                "conformsTo": "https://iipc.github.io/warc-specifications/specifications/"
                "warc-format/warc-1.1/",
                "isPartOf": stem.name,
                "robots": "obey" if self.crawler.settings.getbool("ROBOTSTXT_OBEY") else "ignore",
                "http-header-user-agent": self.crawler.settings.get("USER_AGENT") or "",
            },
        )
        self.writer.write_record(info)
        self.info_id = info.rec_headers.get_header("WARC-Record-ID")
        sources = getattr(spider, "sources_path", None) or self.crawler.settings.get(
            "NEWSBOT_SOURCES", "sources.toml"
        )
        if Sources.of(spider) and Path(sources).is_file():
            text = Path(sources).read_bytes()
            self._write(Path(sources).resolve().as_uri(), "resource", text, SOURCES_TYPE, date=None)

    def response_received(self, response: Response, request: Request) -> None:
        if self.writer is None or request.meta.get("newsbot_kind") != "article":
            return
        date = request.meta.get("newsbot_downloaded")
        response_record = self.writer.create_warc_record(
            response.url,
            "response",
            payload=io.BytesIO(response.body),
            length=len(response.body),
            http_headers=_response_headers(response),
            warc_headers_dict=self._headers(date, ip=response.ip_address),
        )
        request_record = self.writer.create_warc_record(
            response.url,
            "request",
            payload=io.BytesIO(request.body),
            length=len(request.body),
            http_headers=_request_headers(request),
            warc_headers_dict=self._headers(date),
        )
        self.writer.write_request_response_pair(request_record, response_record)
        self.responses[response] = response_record.rec_headers.get_header("WARC-Record-ID")
        self.pages += 1

    def item_scraped(self, item: Any, response: Response) -> None:
        self._describe(item, response, {"exported": True})

    def item_dropped(self, item: Any, response: Response, exception: BaseException) -> None:
        self._describe(item, response, {"exported": False, "dropped": type(exception).__name__})

    def _describe(self, item: Any, response: Response, outcome: dict[str, Any]) -> None:
        """A ``metadata`` record: what became of the page, and the facts its item used."""
        record_id = self.responses.get(response)
        if self.writer is None or record_id is None:
            return
        adapter = ItemAdapter(item)
        facts = adapter.get("metadata") or {}
        content = {
            **outcome,
            "source": adapter.get("source"),
            "downloaded": facts.get("dateDownloaded"),
            "spider": facts.get("spider"),
            "discovery": adapter.get("discovery") or {},
            "kept": {name: adapter.get(name) for name in KEPT_FIELDS if name in adapter},
        }
        body = json.dumps(content, ensure_ascii=False).encode("utf-8")
        date = response.meta.get("newsbot_downloaded")
        self._write(response.url, "metadata", body, METADATA_TYPE, date, refers_to=record_id)

    def spider_closed(self) -> None:
        if self.file is None or self.path is None:
            return
        if self.pages:
            publish(self.file, self.path)
            logger.info(
                "Kept %(count)d article pages in %(path)s", {"count": self.pages, "path": self.path}
            )
        else:
            discard(self.file, self.path)

    def _write(
        self,
        uri: str,
        kind: str,
        body: bytes,
        media_type: str,
        date: str | None,
        *,
        refers_to: str | None = None,
    ) -> None:
        assert self.writer is not None
        headers = self._headers(date)
        if refers_to:
            headers["WARC-Refers-To"] = refers_to
        record = self.writer.create_warc_record(
            uri, kind, payload=io.BytesIO(body), length=len(body),
            warc_content_type=media_type, warc_headers_dict=headers,
        )  # fmt: skip
        self.writer.write_record(record)

    def _headers(self, date: str | None, ip: Any = None) -> dict[str, str]:
        headers = {"WARC-Date": _warc_date(date)}
        if self.info_id:
            headers["WARC-Warcinfo-ID"] = self.info_id
        if ip is not None:
            headers["WARC-IP-Address"] = str(ip)
        return headers


def _warc_date(iso: str | None) -> str:
    """``WARC-Date`` of a page downloaded at ``iso`` (an archived page's), else now."""
    moment = datetime.fromisoformat(iso) if iso else datetime.now(UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _response_headers(response: Response) -> StatusAndHeaders:
    """The status line and headers as received; the transfer ones renamed, the length that
    of the body kept (Scrapy de-chunked and decompressed it)."""
    headers: list[tuple[str, str]] = []
    for name, values in response.headers.items():
        text = name.decode("latin-1")
        if text.lower() in TRANSFER_HEADERS:
            text = f"X-Crawler-{text}"
        headers.extend((text, value.decode("latin-1")) for value in values)
    headers.append(("Content-Length", str(len(response.body))))
    try:
        reason = HTTPStatus(response.status).phrase
    except ValueError:
        reason = ""
    protocol = response.protocol or "HTTP/1.1"
    return StatusAndHeaders(f"{response.status} {reason}".strip(), headers, protocol=protocol)


def _request_headers(request: Request) -> StatusAndHeaders:
    parts = urlsplit(request.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = [("Host", parts.netloc)]
    for name, values in request.headers.items():
        headers.extend((name.decode("latin-1"), v.decode("latin-1")) for v in values)
    return StatusAndHeaders(f"{request.method} {target} HTTP/1.1", headers, is_http_request=True)


def _scrapy_version() -> str:
    import scrapy

    return scrapy.__version__


# -- reading a capture (or any WARC file) back --------------------------------------------------


@dataclass
class CapturedPage:
    """One page of a WARC file, and the crawl facts its item was built with."""

    url: str
    html: str
    source: str
    downloaded: str
    spider: str
    discovery: dict[str, Any]
    kept: dict[str, Any]
    """:data:`KEPT_FIELDS` of the exported item (none for another crawler's WARC)."""


@dataclass
class Capture:
    """What :func:`read_capture` found in a WARC file."""

    sources: str | None
    """The text of the crawl's sources file, if the file holds one."""
    pages: Iterator[CapturedPage]


def read_capture(path: Path) -> Capture:
    """The pages of a WARC file to rebuild items from, in crawl order.

    A newsbot capture gives the pages its crawl exported (its ``metadata`` records say which,
    and with what facts). Any other WARC file gives its HTML response records, each of the
    source of its site (its registered domain), downloaded at its ``WARC-Date``.
    """
    sources: str | None = None
    responses: dict[str, Record] = {}
    described: list[Record] = []
    archive = Archive()
    for record in scan(str(path)):
        if not isinstance(record, Record):
            continue
        if record.type == "resource" and record.content_type == SOURCES_TYPE and sources is None:
            sources = archive.payload(record.path, record.offset).decode("utf-8")
        elif record.type == "response" and record.id:
            responses[record.id] = record
        elif record.type == "metadata" and record.content_type == METADATA_TYPE:
            described.append(record)
    if described:
        return Capture(sources, _described_pages(archive, responses, described))
    archive.close()
    return Capture(sources, archived_pages(path))


def _described_pages(
    archive: Archive, responses: dict[str, Record], described: list[Record]
) -> Iterator[CapturedPage]:
    try:
        for record in described:
            facts = json.loads(archive.payload(record.path, record.offset))
            response = responses.get(record.refers_to or "")
            if not facts.get("exported") or response is None:
                continue
            yield CapturedPage(
                url=response.url or "",
                html=_html(archive, response),
                source=facts["source"],
                downloaded=facts["downloaded"],
                spider=facts["spider"],
                discovery=facts["discovery"],
                kept=facts["kept"],
            )
    finally:
        archive.close()


def archived_pages(path: Path) -> Iterator[CapturedPage]:
    """The HTML pages (``200`` response records) of a WARC file, each of the source of its
    site, downloaded at its ``WARC-Date``; damaged records skipped."""
    archive = Archive()
    try:
        for record in scan(str(path)):
            if isinstance(record, Damaged):
                logger.warning(
                    "Damaged WARC record at %(path)s@%(offset)d skipped: %(reason)s",
                    {"path": record.path, "offset": record.offset, "reason": record.reason},
                )
                continue
            if record.type != "response":
                continue
            if record.status != 200 or not is_html_type(record.content_type) or not record.url:
                continue
            yield CapturedPage(
                url=record.url,
                html=_html(archive, record),
                source=site_key(record.url),
                downloaded=record.date or "",
                spider="articles",
                discovery={"via": "warc", "sourceUrl": str(path)},
                kept={},
            )
    finally:
        archive.close()


def _html(archive: Archive, record: Record) -> str:
    """The page's text as the crawl decoded it: Scrapy's encoding of these headers and bytes."""
    archived = archive.response(record.path, record.offset, decoded=True)
    headers = Headers()
    for name, value in archived.headers:
        headers.appendlist(name, value)
    response = HtmlResponse(archived.url, status=archived.status, headers=headers,
                            body=archived.body)  # fmt: skip
    return decode_page(response.body, content_type(response), response.encoding)
