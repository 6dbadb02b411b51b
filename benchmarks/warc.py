"""Backfill speed and memory: ``scrapy crawl articles -a warc=`` beside the crawl, one run.

Builds the loopback news site of ``benchmarks/crawl.py`` (``--articles`` pages, served by
nginx) and two WARC files of pages of the same kind, written with warcio as a crawler writes
them (request + gzip-encoded response records, plus a ``metadata`` record and a PDF every 50
pages): one of ``--articles`` records, one ``--scale`` times larger. Then runs, each as its own
Scrapy process with the shipped settings and the same engine knobs, a fresh state each:

1. crawl: ``scrapy crawl articles`` of the site (listings, feed, article pages);
2. warc: ``-a warc=`` of the small file;
3. warc-large: ``-a warc=`` of the large file;
4. warc-again: the small file again with the state of run 2 (exports nothing).

Reports articles/s, CPU ms per article and the peak RSS and PSS of each process tree (pool
workers included), and the crawling process's own peak RSS: memory must not grow with the
file. Timings depend on what else runs on the machine: compare the ratios of one run.

    .venv/bin/python benchmarks/warc.py                     # 2,000 articles, warc-large 4x
    .venv/bin/python benchmarks/warc.py --articles 5000 --scale 8
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from crawl import (
    ENGINE_SETTINGS,
    PYTHON,
    ROOT,
    Measured,
    SiteBuilder,
    become_subreaper,
    free_port,
    run_measured,
    sources_toml,
    start_server,
)

PDF = b"%PDF-1.4\n" + b"0" * 20_000 + b"\n%%EOF\n"


def write_warc(path: Path, articles: int, base: str, seed: int) -> int:
    """A WARC of ``articles`` article pages of the benchmark site's kind, streamed to disk."""
    import gzip

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    builder = SiteBuilder(path.parent / "unused", articles, seed=seed)
    stories = builder.stories()
    newest_first = stories[::-1]
    date = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)
    with path.open("wb") as file:
        writer = WARCWriter(file, gzip=True, warc_version="1.1")
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "bench"}))
        for n, story in enumerate(stories):
            url = f"{base}{story.path}"
            stamp = (date + timedelta(seconds=n)).strftime("%Y-%m-%dT%H:%M:%SZ")
            body = gzip.compress(builder.article_page(story, newest_first).encode(), 5, mtime=0)
            http = StatusAndHeaders("200 OK", [
                ("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip"),
                ("Content-Length", str(len(body))),
            ], protocol="HTTP/1.1")  # fmt: skip
            response = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http,
                warc_headers_dict={"WARC-Date": stamp},
            )  # fmt: skip
            request = writer.create_warc_record(
                url, "request",
                http_headers=StatusAndHeaders(f"GET {story.path} HTTP/1.1", [("Host", base)],
                                              is_http_request=True),
                warc_headers_dict={"WARC-Date": stamp},
            )  # fmt: skip
            writer.write_request_response_pair(request, response)
            writer.write_record(writer.create_warc_record(
                url, "metadata", payload=io.BytesIO(b"fetchTimeMs: 120\r\n"), length=18,
                warc_content_type="application/warc-fields",
            ))  # fmt: skip
            if n % 50 == 0:
                pdf = StatusAndHeaders("200 OK", [("Content-Type", "application/pdf")],
                                       protocol="HTTP/1.1")  # fmt: skip
                writer.write_record(writer.create_warc_record(
                    f"{base}/files/report-{n}.pdf", "response", payload=io.BytesIO(PDF),
                    http_headers=pdf, length=len(PDF),
                ))  # fmt: skip
    return path.stat().st_size


def command(workdir: Path, name: str, state: Path, args: list[str]) -> list[str]:
    """``scrapy crawl articles`` with the shipped settings, locations and engine knobs only."""
    settings: dict[str, Any] = {
        **ENGINE_SETTINGS,
        "NEWSBOT_STATE": f"sqlite:///{state}",
        "NEWSBOT_STATS_DUMP": str(workdir / f"{name}.stats.json"),
        "FEEDS": {str(workdir / f"{name}.jsonl"): {"format": "jsonlines", "overwrite": True}},
    }
    out = [PYTHON, "-m", "scrapy", "crawl", "articles", *args]
    for key, value in settings.items():
        out += ["-s", f"{key}={value if isinstance(value, str) else json.dumps(value)}"]
    return out


def report(runs: dict[str, Measured], sizes: dict[str, int]) -> None:
    print(f"\n{'run':12} {'articles':>8} {'seconds':>8} {'articles/s':>10} {'CPU ms/art':>10} "
          f"{'tree RSS':>9} {'tree PSS':>9} {'main RSS':>9}")  # fmt: skip
    for name, m in runs.items():
        n = m.items
        rate = n / m.elapsed if m.elapsed and n else 0.0
        cpu = 1000 * m.cpu / n if n else 0.0
        print(f"{name:12} {n:8d} {m.elapsed:8.1f} {rate:10.1f} {cpu:10.1f} "
              f"{m.peak_rss / 2**20:7.0f}MB {m.peak_pss / 2**20:7.0f}MB "
              f"{m.main_peak_rss / 2**20:7.0f}MB")  # fmt: skip
    crawl, warc, large = runs.get("crawl"), runs.get("warc"), runs.get("warc-large")
    if crawl and warc and crawl.items and warc.items:
        ratio = (warc.items / warc.elapsed) / (crawl.items / crawl.elapsed)
        print(f"\nwarc / crawl articles/s: {ratio:.2f}x")
    if warc and large and warc.main_peak_rss:
        print(f"warc-large ({sizes['warc-large'] / 2**20:.0f} MB file) / warc "
              f"({sizes['warc'] / 2**20:.0f} MB): crawling process peak RSS "
              f"{large.main_peak_rss / warc.main_peak_rss:.2f}x, tree PSS "
              f"{large.peak_pss / max(warc.peak_pss, 1):.2f}x")  # fmt: skip
    if again := runs.get("warc-again"):
        print(f"warc-again: {again.items} exported, "
              f"{again.stats.get('newsbot/state/skipped_seen', 0)} skipped as seen, "
              f"{again.elapsed:.1f} s")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--scale", type=int, default=4, help="warc-large / warc records")
    parser.add_argument("--only", default="crawl,warc,warc-large,warc-again")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    runs_wanted = [r for r in args.only.split(",") if r]

    become_subreaper()
    tmp = Path(tempfile.mkdtemp(prefix="newsbot-warc-bench-"))
    tmp.chmod(0o755)  # nginx workers run as another user
    server = None
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsbot.settings", "PYTHONPATH": str(ROOT)}
    try:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        facts = SiteBuilder(tmp / "site", args.articles).build(base)
        sizes = {
            "warc": write_warc(tmp / "small.warc.gz", args.articles, base, seed=21),
            "warc-large": write_warc(
                tmp / "large.warc.gz", args.articles * args.scale, base, seed=22
            ),
        }
        small, large = sizes["warc"] / 2**20, sizes["warc-large"] / 2**20
        print(f"site: {args.articles} articles; WARC files: {small:.0f} MB and {large:.0f} MB "
              f"({args.articles * args.scale} articles)")  # fmt: skip
        (tmp / "server").mkdir()
        server, kind = start_server(tmp / "site", port, tmp / "server")
        (tmp / "sources.toml").write_text(sources_toml(base, facts["listing_pages"]))
        print(f"server: {kind}; load average {os.getloadavg()[0]:.1f}")
        plans = {
            "crawl": ("crawl.sqlite3", ["-a", f"sources={tmp / 'sources.toml'}"]),
            "warc": ("warc.sqlite3", ["-a", f"warc={tmp / 'small.warc.gz'}", "-a", "sources="]),
            "warc-large": ("large.sqlite3",
                           ["-a", f"warc={tmp / 'large.warc.gz'}", "-a", "sources="]),
            "warc-again": ("warc.sqlite3",
                           ["-a", f"warc={tmp / 'small.warc.gz'}", "-a", "sources="]),
        }  # fmt: skip
        runs: dict[str, Measured] = {}
        for name in runs_wanted:
            state, extra = plans[name]
            print(f"  running {name} ...", flush=True)
            started = time.monotonic()
            runs[name] = run_measured(name, command(tmp, name, tmp / state, extra), tmp, [], env)
            print(f"    {time.monotonic() - started:.0f} s", flush=True)
        print(f"load average now {os.getloadavg()[0]:.1f} (other processes take CPU too)")
        report(runs, sizes)
    finally:
        if server is not None:
            server.send_signal(signal.SIGQUIT)
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(10)
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
