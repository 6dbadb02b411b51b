"""What raw capture (CAPTURE_ENABLED) costs per article page, against extracting it.

Fetches the demo site's article pages once, then times, in the same run, building the item
(:func:`newsbot.build.build_article`, the baseline) and capturing the page as
:class:`newsbot.capture.WarcCapture` does in a crawl (request, response and metadata records,
gzip per record, warcio). Prints the ratio and the compressed bytes per page.

    .venv/bin/python benchmarks/capture.py
"""

from __future__ import annotations

import io
import time
import urllib.request
from typing import Any

from scrapy import Request
from scrapy.http import HtmlResponse
from warcio.warcwriter import WARCWriter

from newsbot.build import build_article
from newsbot.capture import WarcCapture
from newsbot.demo.site import DemoSite

ROUNDS = 5
DOWNLOADED = "2026-11-25T00:00:00+00:00"


def fetch(url: str) -> HtmlResponse:
    with urllib.request.urlopen(url) as reply:
        headers = list(reply.headers.items())
        body = reply.read()
    request = Request(url, meta={"newsbot_kind": "article"})
    return HtmlResponse(url, status=200, headers=headers, body=body, request=request)


def main() -> None:
    with DemoSite() as demo:
        responses = [fetch(url) for url in demo.expected_articles()]
    items = [build_article(r.text, r.url, source="demo", downloaded=DOWNLOADED) for r in responses]

    extract = capture = 0.0
    size = 0
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for response in responses:
            build_article(response.text, response.url, source="demo", downloaded=DOWNLOADED)
        extract += time.perf_counter() - start

        out = io.BytesIO()
        writer: Any = WARCWriter(out, gzip=True, warc_version="1.1")
        recorder = WarcCapture.__new__(WarcCapture)
        WarcCapture.__init__(recorder, crawler=None)  # type: ignore[arg-type]
        recorder.writer = writer
        start = time.perf_counter()
        for response, item in zip(responses, items, strict=True):
            assert response.request is not None
            recorder.response_received(response, response.request)
            recorder.item_scraped(item, response)
        capture += time.perf_counter() - start
        size = len(out.getvalue())

    n = ROUNDS * len(responses)
    html_bytes = sum(len(r.body) for r in responses) / len(responses)
    print(f"{len(responses)} demo article pages, {html_bytes / 1024:.0f} KB each on average")
    print(f"build_article (baseline):   {extract / n * 1000:.2f} ms per page")
    print(f"capture (WARC, gzip 9):     {capture / n * 1000:.2f} ms per page")
    print(f"capture / extraction:       {capture / extract:.3f}")
    print(f"capture file:               {size / len(responses) / 1024:.1f} KB per page")


if __name__ == "__main__":
    main()
