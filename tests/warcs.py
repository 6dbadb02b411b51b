"""WARC files for the tests, written with warcio from the demo site's pages as served."""

from __future__ import annotations

import io
import urllib.request
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

if TYPE_CHECKING:
    from pathlib import Path

    from newsbot.demo.site import DemoSite

WARC_DATE = "2026-11-25T10:00:00Z"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@dataclass
class Fetched:
    url: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass
class DemoArchive:
    """What :func:`write_demo_warc` put into the file."""

    path: Path
    articles: list[str]
    """Article URLs, each once, in file order."""
    copies: list[str] = field(default_factory=list)
    """URLs of syndicated copies of those articles (the same story on another site)."""
    offsets: dict[str, int] = field(default_factory=dict)
    """Response record offset of each article URL."""


def fetch(url: str, *, gzip: bool = False) -> Fetched:
    """The demo's response to a GET, headers and body as sent (gzip-encoded if asked)."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip" if gzip else ""})
    with urllib.request.urlopen(request, timeout=10) as response:
        return Fetched(url, response.status, list(response.headers.items()), response.read())


def write_response(
    writer: WARCWriter, page: Fetched, *, date: str = WARC_DATE, request: bool = True
) -> None:
    http = StatusAndHeaders(f"{page.status} X", page.headers, protocol="HTTP/1.1")
    record = writer.create_warc_record(
        page.url, "response", payload=io.BytesIO(page.body), length=len(page.body),
        http_headers=http,
        warc_headers_dict={"WARC-Date": date},
    )  # fmt: skip
    if request:
        request_http = StatusAndHeaders(f"GET {page.url} HTTP/1.1", [("User-Agent", "test")],
                                        is_http_request=True)  # fmt: skip
        request_record = writer.create_warc_record(
            page.url, "request", http_headers=request_http, warc_headers_dict={"WARC-Date": date}
        )
        writer.write_request_response_pair(request_record, record)
    else:
        writer.write_record(record)


def chunked(body: bytes, size: int = 1000) -> bytes:
    parts = [body[i : i + size] for i in range(0, len(body), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


def write_demo_warc(demo: DemoSite, path: Path, *, copies: int = 3) -> DemoArchive:
    """Every demo article page as served (some gzip-encoded, one chunked), ``copies``
    syndicated copies (a wire story's page under another site's URL), and records that are
    no article: warcinfo, requests, metadata, a revisit, a PDF, an image, a 404, a redirect,
    a listing page."""
    archive = DemoArchive(path, [])
    with path.open("wb") as file:
        writer = WARCWriter(file, gzip=True, warc_version="1.1")
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for n, url in enumerate(demo.expected_articles()):
            page = fetch(url, gzip=n % 2 == 0)
            if n == 5:  # de-chunked by the reader, as a client does
                page.headers = [(k, v) for k, v in page.headers if k != "Content-Length"]
                page.headers.append(("Transfer-Encoding", "chunked"))
                page.body = chunked(page.body)
            archive.offsets[url] = file.tell()
            write_response(writer, page)
            archive.articles.append(url)
        wire = [u for u in archive.articles if u.startswith(demo.urls["wire"])]
        for n, url in enumerate(wire[:copies]):
            page = fetch(url)
            page.url = f"{demo.urls['gazette']}/syndication/2026/11/25/wire-story-{n}-copy/"
            write_response(writer, page, request=False)
            archive.copies.append(page.url)
        meridian = demo.urls["meridian"]
        write_response(writer, fetch(f"{meridian}/section/world/"))
        for path, status, headers, body in [
            ("/2026/11/25/budget-report.pdf", 200, {"Content-Type": "application/pdf"}, PDF),
            ("/images/2026/11/lead-photo-large.jpg", 200, {"Content-Type": "image/jpeg"}, b"\xff"),
            ("/2026/11/25/a-story-that-went-away/", 404, {"Content-Type": "text/html"}, b"<h1>"),
            ("/go/48213", 301, {"Location": archive.articles[0]}, b""),
        ]:
            page = Fetched(meridian + path, status, list(headers.items()), body)
            write_response(writer, page)
        first = archive.articles[0]
        writer.write_record(writer.create_warc_record(
            first, "metadata", payload=io.BytesIO(b"fetchTimeMs: 12\r\n"), length=17,
            warc_content_type="application/warc-fields",
        ))  # fmt: skip
        writer.write_record(writer.create_revisit_record(
            first, digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", refers_to_uri=first,
            refers_to_date=WARC_DATE,
        ))  # fmt: skip
    return archive
