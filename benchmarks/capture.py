"""What raw capture (CAPTURE_ENABLED) costs per exported article, against extracting it.

Fetches the demo site's article pages once, then times, in the same run, building the item
(:func:`newsbot.article.build_article`, the baseline) and writing the page to a capture file
(JSON line + gzip, as :class:`newsbot.capture.RawCapture` does). Prints the ratio and the
compressed bytes per page.

    .venv/bin/python benchmarks/capture.py
"""

from __future__ import annotations

import gzip
import io
import json
import time
import urllib.request

from newsbot.article import build_article
from newsbot.demo.site import DemoSite

ROUNDS = 5


def main() -> None:
    with DemoSite() as demo:
        urls = list(demo.expected_articles())
        pages = [urllib.request.urlopen(url).read().decode("utf-8") for url in urls]
    for html, url in zip(pages, urls, strict=True):  # warm-up: imports, caches
        build_article(html, url, source="demo", downloaded="2026-11-25T00:00:00+00:00")

    extract = capture = 0.0
    size = 0
    for _ in range(ROUNDS):
        start = time.perf_counter()
        for html, url in zip(pages, urls, strict=True):
            build_article(html, url, source="demo", downloaded="2026-11-25T00:00:00+00:00")
        extract += time.perf_counter() - start

        raw = io.BytesIO()
        start = time.perf_counter()
        with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) as out:
            for html, url in zip(pages, urls, strict=True):
                record = {"url": url, "html": html, "source": "demo"}
                out.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
        capture += time.perf_counter() - start
        size = len(raw.getvalue())

    n = ROUNDS * len(pages)
    html_bytes = sum(len(p.encode("utf-8")) for p in pages) / len(pages)
    print(f"{len(pages)} demo article pages, {html_bytes / 1024:.0f} KB of HTML each on average")
    print(f"build_article (baseline): {extract / n * 1000:.2f} ms per page")
    print(f"capture (JSON + gzip 6):  {capture / n * 1000:.2f} ms per page")
    print(f"capture / extraction:     {capture / extract:.3f}")
    print(f"capture file:             {size / len(pages) / 1024:.1f} KB per page")


if __name__ == "__main__":
    main()
