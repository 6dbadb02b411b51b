"""Distributed crawl speed: 1, 2 and 4 Redis workers on this machine, against one SQLite crawl.

Builds a larger copy of the demo news web (Meridian's paginated listings, Wire's RSS feed,
Gazette's news sitemap, ``--articles`` stories in all) on 127.0.0.1, starts a private
redis-server, and runs, one after the other:

0. warm-up: one SQLite crawl, not counted (one-off costs of the first crawl);
1. baseline: one ``scrapy crawl articles`` with a SQLite state (the single-machine crawl);
2. redis x N: N workers started together with ``NEWSBOT_STATE=redis://...``, for N in 1, 2, 4.

Articles per second count from the workers' start to their last piece of work (the idle-close
wait is subtracted: ``newsbot/distributed/idle_close_wait``). Redis commands per article come
from ``INFO commandstats`` before and after each run (heartbeats included). Note that the
queues differ: Scrapy's default scheduler is LIFO per crawl, scrapy-redis's priority set mixes
the sites, which alone changes the speed of one worker against a site limit per domain.

    .venv/bin/python benchmarks/distributed.py
    .venv/bin/python benchmarks/distributed.py --articles 900 --workers 1 2 4
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import redis

from newsbot.demo.gazette import Gazette
from newsbot.demo.meridian import Meridian
from newsbot.demo.site import DemoSite
from newsbot.demo.stories import generate
from newsbot.demo.wire import Wire

CLASSES = (Meridian, Wire, Gazette)
COMMON = {
    "AUTOTHROTTLE_ENABLED": "False",
    "LOGSTATS_INTERVAL": "600",
    "NEWSBOT_IDLE_CLOSE_SECONDS": "1",
    "NEWSBOT_WORKER_TTL_SECONDS": "3",
}


def build_sites(articles: int) -> list[Any]:
    per_site = max(1, articles // len(CLASSES))
    plans = [dataclasses.replace(cls.plan, count=per_site) for cls in CLASSES]
    stories = generate(plans)
    return [cls(stories[cls.name]) for cls in CLASSES]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_redis(directory: Path) -> tuple[subprocess.Popen[bytes], str]:
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    port = free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(directory)],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    for _ in range(200):
        try:
            client.ping()
            return proc, url
        except redis.ConnectionError:
            time.sleep(0.05)
    raise RuntimeError("redis-server did not start")


def crawl(workdir: Path, sources: Path, state: str, workers: int, extra: dict[str, str]) -> float:
    """Run ``workers`` crawls at once; return the seconds they worked (idle wait excluded)."""
    procs = []
    for i in range(workers):
        feed = workdir / f"feed-w{i}.jsonl"
        settings = {
            **COMMON,
            **extra,
            "NEWSBOT_STATE": state,
            "LOG_FILE": "",  # the whole log on stderr, into log-w<i>.txt
            "NEWSBOT_WORKER_ID": f"w{i}",
            "NEWSBOT_STATS_DUMP": str(workdir / f"stats-w{i}.json"),
            "FEEDS": json.dumps({str(feed): {"format": "jsonlines", "overwrite": True}}),
        }
        command = [sys.executable, "-m", "scrapy", "crawl", "articles", "-a", f"sources={sources}"]
        for key, value in settings.items():
            command += ["-s", f"{key}={value}"]
        with (workdir / f"log-w{i}.txt").open("w") as log:
            procs.append(
                subprocess.Popen(
                    command,
                    cwd=workdir,
                    stdout=subprocess.DEVNULL,
                    stderr=log,
                    env={**os.environ, "SCRAPY_SETTINGS_MODULE": "newsbot.settings"},
                )
            )
    for proc in procs:
        if proc.wait() != 0:
            raise RuntimeError(f"a worker failed; see {workdir}/log-w*.txt")
    worked = []
    for i in range(workers):
        stats = json.loads((workdir / f"stats-w{i}.json").read_text())
        worked.append(
            stats["elapsed_time_seconds"] - stats.get("newsbot/distributed/idle_close_wait", 0)
        )
    return max(worked)


def exported(workdir: Path) -> list[str]:
    urls = []
    for feed in workdir.glob("feed-*.jsonl"):
        urls += [json.loads(line)["url"] for line in feed.read_text().splitlines()]
    return urls


def commandstats(client: redis.Redis) -> dict[str, int]:
    return {name: int(s["calls"]) for name, s in client.info("commandstats").items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument(
        "--extract-workers", default="", help="NEWSBOT_EXTRACT_WORKERS per crawl (default: project)"
    )
    args = parser.parse_args()
    extra = {"NEWSBOT_EXTRACT_WORKERS": args.extract_workers} if args.extract_workers else {}
    root = Path(tempfile.mkdtemp(prefix="newsbot-distributed-"))
    server, url = start_redis(root)
    client = redis.Redis.from_url(url)
    results: list[tuple[str, int, float, dict[str, int]]] = []
    try:
        with DemoSite(build_sites(args.articles)) as site:
            expected: set[str] = set()
            sources = root / "sources.toml"
            sources.write_text(site.sources_toml())
            stories = len(site.expected_articles())
            print(f"{stories} stories on 127.0.0.1; cores: {os.cpu_count()}; {root}")
            # The first crawl of a run pays one-off costs (file cache, imports): not counted.
            runs = [("warm-up", 1, f"sqlite:///{root}/warmup/state.sqlite3")]
            runs += [("sqlite x1", 1, f"sqlite:///{root}/baseline/state.sqlite3")]
            runs += [(f"redis x{n}", n, url) for n in args.workers]
            for name, n, state in runs:
                workdir = root / name.replace(" ", "")
                workdir.mkdir()
                client.flushall()
                before = commandstats(client)
                seconds = crawl(workdir, sources, state, n, extra)
                after = commandstats(client)
                urls = exported(workdir)
                # Every run must export what the single SQLite crawl exported, each once.
                expected = expected or set(urls)
                if len(urls) != len(set(urls)) or set(urls) != expected:
                    raise RuntimeError(f"{name}: {len(urls)} exported, {len(set(urls))} unique")
                calls = {k: v - before.get(k, 0) for k, v in after.items() if v > before.get(k, 0)}
                calls.pop("cmdstat_flushall", None)
                calls.pop("cmdstat_info", None)
                print(f"  {name}: {len(urls)} articles in {seconds:.1f}s", flush=True)
                if name != "warm-up":
                    results.append((name, len(urls), seconds, calls))
    finally:
        server.terminate()
        server.wait()
    base = results[0][1] / results[0][2]
    one = next((r[1] / r[2] for r in results if r[0] == "redis x1"), base)
    print(f"\n{'run':10} {'art/s':>7} {'vs sqlite':>9} {'vs redis x1':>11} {'redis cmds/art':>14}")
    for name, count, seconds, calls in results:
        rate = count / seconds
        per_article = sum(calls.values()) / count
        print(f"{name:10} {rate:7.1f} {rate / base:8.2f}x {rate / one:10.2f}x {per_article:14.1f}")
    for name, count, _, calls in results[1:]:
        top = sorted(calls.items(), key=lambda kv: -kv[1])[:6]
        listed = ", ".join(f"{k.removeprefix('cmdstat_')} {v / count:.2f}" for k, v in top)
        print(f"  {name} per article: {listed}")


if __name__ == "__main__":
    main()
