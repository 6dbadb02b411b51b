"""Crawl speed on this machine: newsbot against plain Scrapy and the inline baseline, one run.

Builds a deterministic loopback news site (article pages of 30-80 KB with boilerplate, JSON-LD,
OpenGraph and 6-15 paragraphs; paginated listing pages; an RSS feed), serves it with nginx (or,
with a warning, a Python server), measures the server alone, then runs one after the other, each
as its own Scrapy process:

1. bare: Scrapy follows listing -> article links and yields the URL;
2. baseline: the same with trafilatura (favor_precision) + htmldate + dateparser + JSON Lines
   feed, all in the callback;
3. newsbot: ``scrapy crawl articles`` with a sources file for the site, SQLite state, feed;
4. recrawl: the same again, same state, unchanged site.

For each: pages/s, CPU ms per article (user+sys of the whole process tree, pool workers
included), peak RSS of the tree; then the ratios and a per-stage CPU breakdown of newsbot.

    .venv/bin/python benchmarks/crawl.py                      # 5,000 articles
    .venv/bin/python benchmarks/crawl.py --articles 50000 --only newsbot
    .venv/bin/python benchmarks/crawl.py --profile            # + py-spy top entries of newsbot
    .venv/bin/python benchmarks/crawl.py --only baseline,newsbot --rounds 4 --compare /tmp/main

``--compare DIR`` adds a run "compare": ``scrapy crawl articles`` from another checkout (say
``git archive main | tar -x -C /tmp/main``), in the same rounds and on the same site, taking
turns with newsbot round by round; a change's cost is the ratio of the two.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import random
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable

ENGINE_SETTINGS = {
    # The same engine knobs for every run; AutoThrottle would measure its delays, not the crawler.
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
    "CONCURRENT_ITEMS": 16,
    "LOG_LEVEL": "INFO",
    "LOG_FILE": "",  # the whole log on stderr, into <run>.log
    "LOGSTATS_INTERVAL": 600,
    "TELNETCONSOLE_ENABLED": False,
}
PER_PAGE = 25
"""Article links per listing page."""

# -- the site ----------------------------------------------------------------------------------

SYLLABLES = ["ka", "lo", "mi", "ren", "sa", "to", "vu", "ber", "lin", "dor", "fa", "gu", "hal",
             "ix", "jo", "kem", "nor", "pal", "qu", "rist", "sen", "tal"]  # fmt: skip
SECTIONS = ["world", "politics", "business", "science", "health", "sport", "culture", "opinion"]


def vocabulary(rng: random.Random, size: int = 4000) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    return sorted(words)


@dataclass
class Story:
    n: int
    path: str
    headline: str
    section: str
    author: str
    published: datetime
    modified: datetime
    paragraphs: list[str] = field(repr=False)


class SiteBuilder:
    """A deterministic news site of ``articles`` pages, written under ``root``."""

    def __init__(self, root: Path, articles: int, seed: int = 9) -> None:
        self.root = root
        self.count = articles
        self.rng = random.Random(seed)
        self.words = vocabulary(self.rng)
        self.css = self._css()
        self.nav = "".join(
            f'<li><a href="/{s}/">{s.title()}</a></li>' for s in SECTIONS * 5
        )  # menus repeat the sections in drop-downs
        self.footer = "".join(f'<li><a href="/{w}/">{w.title()}</a></li>' for w in self.words[:40])

    def sentence(self, low: int = 8, high: int = 24) -> str:
        words = [self.rng.choice(self.words) for _ in range(self.rng.randint(low, high))]
        return " ".join(words).capitalize() + "."

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(3, 6)))

    def _css(self) -> str:
        rules = [
            f".c{i}{{margin:{i % 7}px;padding:{i % 5}px;color:#{i * 2654435761 % 0xFFFFFF:06x}}}"
            for i in range(300)
        ]
        return "".join(rules)

    def stories(self) -> list[Story]:
        start = datetime(2024, 1, 1, 6, 0, tzinfo=UTC)
        out = []
        for n in range(self.count):
            published = start + timedelta(minutes=17 * n)
            headline = self.sentence(5, 11).rstrip(".")
            slug = "-".join(headline.lower().split()[:6])
            path = f"/{published:%Y/%m/%d}/{slug}-{100000 + n}.html"
            out.append(
                Story(
                    n=n,
                    path=path,
                    headline=headline,
                    section=self.rng.choice(SECTIONS),
                    author=" ".join(self.rng.choice(self.words).title() for _ in range(2)),
                    published=published,
                    modified=published + timedelta(minutes=self.rng.randint(5, 300)),
                    paragraphs=[self.paragraph() for _ in range(self.rng.randint(6, 15))],
                )
            )
        return out

    def build(self, base: str) -> dict[str, Any]:
        """Write the site for ``base`` (``http://127.0.0.1:PORT``); return its facts."""
        stories = self.stories()
        newest_first = stories[::-1]
        sizes = []
        for story in stories:
            page = self.article_page(story, newest_first)
            target = self.root / story.path.lstrip("/")
            target.parent.mkdir(parents=True, exist_ok=True)
            data = page.encode("utf-8")
            target.write_bytes(data)
            sizes.append(len(data))
        pages = (len(stories) + PER_PAGE - 1) // PER_PAGE
        for p in range(1, pages + 1):
            chunk = newest_first[(p - 1) * PER_PAGE : p * PER_PAGE]
            path = "/news/" if p == 1 else f"/news/page/{p}/"
            target = self.root / path.lstrip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self.listing_page(chunk, p, pages), encoding="utf-8")
        feed = self.feed(newest_first[:50]).replace("{base}", base)
        (self.root / "feed.xml").write_text(feed, encoding="utf-8")
        (self.root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
        return {
            "articles": [s.path for s in stories],
            "listing_pages": pages,
            "median_kb": statistics.median(sizes) / 1024,
            "min_kb": min(sizes) / 1024,
            "max_kb": max(sizes) / 1024,
        }

    def article_page(self, story: Story, newest_first: list[Story]) -> str:
        rng = self.rng
        target_size = rng.randint(30_000, 80_000)
        description = story.paragraphs[0][:160].rsplit(" ", 1)[0] + "…"
        image = f"/images/{story.n}.jpg"
        keywords = sorted({rng.choice(self.words) for _ in range(5)})
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": story.headline,
            "description": description,
            "datePublished": story.published.isoformat(),
            "dateModified": story.modified.isoformat(),
            "author": [{"@type": "Person", "name": story.author}],
            "publisher": {"@type": "Organization", "name": "The Loopback Times"},
            "image": image,
            "articleSection": story.section.title(),
            "keywords": keywords,
            "inLanguage": "en",
            "mainEntityOfPage": story.path,
        }
        related = [newest_first[(story.n * 7 + k * 13) % len(newest_first)] for k in range(10)]
        most_read = "".join(f'<li><a href="{s.path}">{s.headline}</a></li>' for s in related)
        body = []
        for i, text in enumerate(story.paragraphs):
            body.append(f"<p>{text}</p>")
            if i == 2:
                body.append(
                    '<aside class="related"><h3>Read more</h3><ul>'
                    + "".join(f'<li><a href="{s.path}">{s.headline}</a></li>' for s in related[:3])
                    + "</ul></aside>"
                )
            if i == 4:
                body.append(
                    f'<figure><img src="/images/{story.n}-2.jpg" alt="">'
                    f"<figcaption>{self.sentence(6, 12)} Photo: Agency</figcaption></figure>"
                )
        tags = "".join(f'<li><a href="/tag/{k}/" rel="tag">{k}</a></li>' for k in keywords)
        head = (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{story.headline} | {story.section.title()} | The Loopback Times</title>"
            f'<meta name="description" content="{description}">'
            f'<meta name="author" content="{story.author}">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<meta property="og:title" content="{story.headline}">'
            f'<meta property="og:description" content="{description}">'
            f'<meta property="og:url" content="{story.path}">'
            f'<meta property="og:image" content="{image}">'
            '<meta property="og:type" content="article">'
            '<meta property="og:site_name" content="The Loopback Times">'
            f'<meta property="article:published_time" content="{story.published.isoformat()}">'
            f'<meta property="article:modified_time" content="{story.modified.isoformat()}">'
            f'<meta property="article:section" content="{story.section.title()}">'
            f'<link rel="canonical" href="{story.path}">'
            f"<style>{self.css}</style>"
            f'<script type="application/ld+json">{json.dumps(ld)}</script>'
            "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push("
            "arguments)}gtag('js',new Date());gtag('config','G-XXXX');</script>"
            "</head>"
        )
        page = (
            f'{head}<body class="article-page"><header class="site-header"><a class="logo" '
            f'href="/">The Loopback Times</a><nav><ul class="menu">{self.nav}</ul></nav>'
            '<form action="/search"><input name="q"><button>Search</button></form></header>'
            f'<div class="breadcrumb"><a href="/">Home</a> › <a href="/{story.section}/">'
            f"{story.section.title()}</a></div>"
            f'<main><article><h1>{story.headline}</h1><p class="byline">By '
            f'<a href="/author/{story.author.lower().replace(" ", "-")}/">{story.author}</a>, '
            f'<time datetime="{story.published.isoformat()}">'
            f"{story.published:%d %B %Y, %H:%M}</time></p>"
            '<div class="share"><a href="/share/fb">Share</a><a href="/share/x">Post</a>'
            '<a href="/share/mail">Email</a></div>'
            f'<figure class="lead"><img src="{image}" alt=""><figcaption>'
            f"{self.sentence(6, 12)} Photo: Agency</figcaption></figure>"
            f'<div class="article-body">{"".join(body)}</div>'
            f'<ul class="tags">{tags}</ul>'
            '<div class="newsletter"><p>Sign up for our morning newsletter and get the '
            "day's top stories in your inbox.</p><form><input name=email><button>Sign up"
            "</button></form></div>"
            '<section class="comments"><h2>Comments</h2><p>Comments are closed.</p>'
            "</section></article>"
            f'<aside class="sidebar"><h2>Most read</h2><ol>{most_read}</ol>'
            '<div class="ad">Advertisement</div></aside></main>'
            f'<footer><ul class="footer-links">{self.footer}</ul><p>© 2024 The Loopback '
            "Times. All rights reserved.</p></footer>"
        )
        # Frameworks ship the page state again as JSON: the bulk of a modern page's bytes.
        state: dict[str, Any] = {"article": {"id": story.n, "body": story.paragraphs}, "feed": []}
        tail = "</body></html>"
        size = len(page) + len(tail) + 80 + len(json.dumps(state))
        while size < target_size:
            teaser = {"title": self.sentence(5, 11), "summary": self.sentence(20, 40)}
            state["feed"].append(teaser)
            size += len(json.dumps(teaser)) + 1
        script = f'<script id="__STATE__" type="application/json">{json.dumps(state)}</script>'
        return page + script + tail

    def listing_page(self, chunk: list[Story], page: int, pages: int) -> str:
        items = "".join(
            f'<li class="teaser"><a href="{s.path}"><h2>{s.headline}</h2></a>'
            f"<p>{s.paragraphs[0][:200]}</p>"
            f'<a class="section" href="/{s.section}/">{s.section.title()}</a></li>'
            for s in chunk
        )
        nxt = ""
        if page < pages:
            nxt = f'<a rel="next" href="/news/page/{page + 1}/">Older stories</a>'
        return (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"<title>Latest news, page {page} | The Loopback Times</title>"
            f"<style>{self.css}</style></head><body><header><nav><ul>{self.nav}</ul></nav>"
            f'</header><main><ul class="teasers">{items}</ul>{nxt}</main>'
            f"<footer><ul>{self.footer}</ul></footer></body></html>"
        )

    def feed(self, stories: list[Story]) -> str:
        entries = "".join(
            f"<item><title>{s.headline}</title><link>{{base}}{s.path}</link>"
            f"<pubDate>{s.published:%a, %d %b %Y %H:%M:%S +0000}</pubDate></item>"
            for s in stories
        )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>The Loopback Times</title><link>{{base}}/</link>{entries}</channel></rss>"
        )


# -- the server --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


NGINX_CONF = """
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        index index.html;
    }}
}}
"""


def start_server(root: Path, port: int, prefix: Path) -> tuple[subprocess.Popen[bytes], str]:
    """nginx when it is installed (one worker process: one core at most), else Python's server."""
    nginx = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if nginx:
        conf = prefix / "nginx.conf"
        conf.write_text(NGINX_CONF.format(prefix=prefix, port=port, root=root), encoding="utf-8")
        proc = subprocess.Popen([nginx, "-c", str(conf), "-p", str(prefix)])
        kind = "nginx"
    else:
        print("WARNING: nginx not found (apt-get install -y nginx); serving with Python's "
              "http.server, which may limit the faster runs", file=sys.stderr)  # fmt: skip
        proc = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "http.server",
                str(port),
                "--bind",
                "127.0.0.1",
                "--directory",
                str(root),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        kind = "python http.server"
    for _ in range(100):
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return proc, kind
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError(f"{kind} did not start on port {port}")


def server_rate(port: int, paths: list[str], seconds: float = 3.0, clients: int = 4) -> float:
    """Requests per second the server sustains for article pages, keep-alive clients."""
    import http.client

    done = [0] * clients
    stop = time.monotonic() + seconds

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port)
        rng = random.Random(i)
        while time.monotonic() < stop:
            conn.request("GET", rng.choice(paths))
            response = conn.getresponse()
            response.read()
            done[i] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.monotonic() - started)


# -- measuring a process tree ------------------------------------------------------------------


def become_subreaper() -> None:
    """Orphaned descendants (a pool's forkserver) are re-parented to us, so their CPU time
    reaches RUSAGE_CHILDREN when we reap them."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass
class Measured:
    """What one Scrapy process tree did."""

    name: str
    wall: float
    cpu: float
    peak_rss: int
    peak_pss: int = 0
    main_peak_rss: int = 0
    main_rss_timeline: list[int] = field(default_factory=list)
    main_thread_cpu: float = 0.0
    other_threads_cpu: float = 0.0
    descendants_cpu: float = 0.0
    server_cpu: float = 0.0
    stats: dict[str, Any] = field(default_factory=dict)
    stages: dict[str, float] = field(default_factory=dict)
    items: int = 0
    urls: set[str] = field(default_factory=set)

    @property
    def elapsed(self) -> float:
        return float(self.stats.get("elapsed_time_seconds") or self.wall)

    def articles(self) -> int:
        return self.items


def run_measured(
    name: str, command: list[str], cwd: Path, server_pids: list[int], env: dict[str, str]
) -> Measured:
    """Run ``command``; poll its tree for RSS and per-process CPU; total CPU from rusage."""
    import psutil

    before = children_cpu()
    started = time.monotonic()
    with (cwd / f"{name}.log").open("w") as log:
        proc = psutil.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=log)
    last_cpu: dict[int, float] = {}
    threads: dict[int, float] = {}
    peak = peak_pss = main_peak = 0
    timeline: list[int] = []
    servers = [psutil.Process(p) for p in server_pids]
    server_start = sum(_cpu(p) for p in servers)
    while proc.poll() is None:
        rss = pss = 0
        with contextlib.suppress(psutil.Error):
            tree = [proc, *proc.children(recursive=True)]
            for p in tree:
                with contextlib.suppress(psutil.Error):
                    memory = p.memory_full_info()  # PSS: shared pages divided among sharers
                    rss += memory.rss
                    pss += memory.pss
                    last_cpu[p.pid] = _cpu(p)
                    if p.pid == proc.pid:
                        main_peak = max(main_peak, memory.rss)
                        timeline.append(memory.rss)
            with contextlib.suppress(psutil.Error):
                for t in proc.threads():
                    threads[t.id] = t.user_time + t.system_time
        peak, peak_pss = max(peak, rss), max(peak_pss, pss)
        time.sleep(0.2)
    wall = time.monotonic() - started
    _reap(set(last_cpu) - {proc.pid})
    cpu = children_cpu() - before
    descendants = sum(v for pid, v in last_cpu.items() if pid != proc.pid)
    main_thread = threads.get(proc.pid, 0.0)
    measured = Measured(
        name,
        wall,
        max(cpu, sum(last_cpu.values())),
        peak,
        peak_pss,
        main_peak,
        main_thread_cpu=main_thread,
        other_threads_cpu=sum(v for tid, v in threads.items() if tid != proc.pid),
        descendants_cpu=descendants,
        main_rss_timeline=timeline,
        server_cpu=sum(_cpu(p) for p in servers) - server_start,
    )
    stats_file = cwd / f"{name}.stats.json"
    if stats_file.exists():
        measured.stats = json.loads(stats_file.read_text())
    stages_file = cwd / f"{name}.stages.json"
    if stages_file.exists():
        measured.stages = json.loads(stages_file.read_text())
    feed = cwd / f"{name}.jsonl"
    if feed.exists():
        with feed.open("rb") as f:
            measured.urls = {json.loads(line)["url"] for line in f}
        measured.items = len(measured.urls)
    else:
        measured.items = int(measured.stats.get("item_scraped_count", 0))
    if proc.returncode != 0:
        print(f"WARNING: {name} exited with {proc.returncode}; see {cwd / (name + '.log')}")
    return measured


def _cpu(p: Any) -> float:
    times = p.cpu_times()
    return float(times.user + times.system)


def _reap(pids: set[int], timeout: float = 15.0) -> None:
    """Wait for the tree's other processes to end, reaping those re-parented to us."""
    import psutil

    deadline = time.monotonic() + timeout
    while pids and time.monotonic() < deadline:
        for pid in list(pids):
            with contextlib.suppress(ChildProcessError):
                if os.waitpid(pid, os.WNOHANG)[0] == pid:
                    pids.discard(pid)
                    continue
            try:
                if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                    continue  # its parent will reap it, or it will be re-parented to us
            except psutil.NoSuchProcess:
                pids.discard(pid)
        time.sleep(0.05)


# -- the crawls (run in child processes) -------------------------------------------------------


def child_plain(kind: str, start_url: str, workdir: Path) -> None:
    """The bare and baseline spiders, in a Scrapy process of their own."""
    from scrapy import Request, Spider
    from scrapy.crawler import CrawlerProcess
    from scrapy.http import Response

    class BareSpider(Spider):
        name = "bare"

        async def start(self) -> Any:
            yield Request(start_url, self.parse_listing)

        def parse_listing(self, response: Response) -> Any:
            for href in response.css("li.teaser > a:first-child::attr(href)").getall():
                yield response.follow(href, self.parse_article)
            if next_href := response.css("a[rel=next]::attr(href)").get():
                yield response.follow(next_href, self.parse_listing)

        def parse_article(self, response: Response) -> Any:
            yield {"url": response.url}

    class BaselineSpider(BareSpider):
        name = "baseline"

        def parse_article(self, response: Response) -> Any:
            import dateparser
            import htmldate
            import trafilatura

            html = response.text
            doc = trafilatura.bare_extraction(
                html, url=response.url, favor_precision=True, include_comments=False,
                with_metadata=True, as_dict=True,
            )  # fmt: skip
            doc = doc or {}
            found = htmldate.find_date(html, original_date=True)
            published_raw = response.css(
                "meta[property='article:published_time']::attr(content)"
            ).get()
            modified_raw = response.css(
                "meta[property='article:modified_time']::attr(content)"
            ).get()
            published = dateparser.parse(published_raw or found or "")
            modified = dateparser.parse(modified_raw) if modified_raw else None
            yield {
                "url": response.url,
                "headline": doc.get("title"),
                "author": doc.get("author"),
                "description": doc.get("description"),
                "articleBody": doc.get("text"),
                "datePublished": published.isoformat() if published else None,
                "dateModified": modified.isoformat() if modified else None,
                "htmldate": found,
                "keywords": doc.get("tags"),
            }

    settings: dict[str, Any] = {**ENGINE_SETTINGS, "ROBOTSTXT_OBEY": False}
    if kind == "baseline":
        settings["FEEDS"] = {str(workdir / "baseline.jsonl"): {"format": "jsonlines"}}
        settings["FEED_EXPORT_ENCODING"] = "utf-8"
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BaselineSpider if kind == "baseline" else BareSpider)
    process.crawl(crawler)
    process.start()
    assert crawler.stats is not None
    (workdir / f"{kind}.stats.json").write_text(json.dumps(crawler.stats.get_stats(), default=str))


class StageTimer:
    """CPU time (this thread's) spent in named functions, nested calls subtracted."""

    def __init__(self) -> None:
        self.totals: Counter[str] = Counter()
        self._stack: list[float] = []

    def wrap(self, stage: str, fn: Any, generator: bool = False) -> Any:
        import functools

        timer = self

        def enter() -> float:
            timer._stack.append(0.0)
            return time.thread_time()

        def leave(started: float) -> None:
            spent = time.thread_time() - started
            nested = timer._stack.pop()
            timer.totals[stage] += spent - nested
            if timer._stack:
                timer._stack[-1] += spent

        if generator:

            @functools.wraps(fn)
            def gen_wrapper(*args: Any, **kwargs: Any) -> Any:
                it = iter(fn(*args, **kwargs))
                while True:
                    started = enter()
                    try:
                        value = next(it)
                    except StopIteration:
                        return
                    finally:
                        leave(started)
                    yield value

            return gen_wrapper

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = enter()
            try:
                return fn(*args, **kwargs)
            finally:
                leave(started)

        return wrapper

    def patch(self, obj: Any, name: str, stage: str, generator: bool = False) -> None:
        setattr(obj, name, self.wrap(stage, getattr(obj, name), generator))


def instrument_extraction(timer: StageTimer) -> None:
    """Time the parts of ``build_article`` where they run in this process (inline, or the
    benchmark's own sample)."""
    import newsbot.build
    import newsbot.extract.article

    timer.patch(newsbot.build, "extract_article", "extraction")
    timer.patch(newsbot.extract.article, "find_dates", "dates")
    timer.patch(newsbot.extract.article, "parse_html", "html parse")


def child_newsbot(workdir: Path, name: str, scrapy_args: list[str]) -> None:
    """``scrapy crawl articles`` with CPU timers around each stage's entry points."""
    import atexit

    from scrapy.cmdline import execute
    from scrapy.exporters import JsonLinesItemExporter

    import newsbot.spiders.articles as spider
    from newsbot.middlewares.state import SkipSeenArticles
    from newsbot.pipelines.clean import CleanText
    from newsbot.pipelines.dates import ParseDates
    from newsbot.pipelines.dedupe import Deduplicate
    from newsbot.pipelines.validate import RequireFields
    from newsbot.request_fingerprint import ArticleFingerprinter
    from newsbot.state.extension import CrawlState

    if os.environ.get("NEWSBOT_BENCH_STAGES") == "0":  # profiling: no timers in the way
        execute(["scrapy", *scrapy_args])
    timer = StageTimer()
    for method in ("parse_listing", "parse_feed", "parse_sitemap"):
        timer.patch(spider.ArticlesSpider, method, "discovery", generator=True)
    timer.patch(ArticleFingerprinter, "fingerprint", "discovery")
    timer.patch(CleanText, "process_item", "extraction")
    timer.patch(RequireFields, "process_item", "extraction")
    timer.patch(ParseDates, "process_item", "dates")
    timer.patch(Deduplicate, "process_item", "de-duplication")
    timer.patch(SkipSeenArticles, "process_request", "de-duplication")
    for method in ("before_publish", "after_publish", "_commit_rest"):
        timer.patch(CrawlState, method, "de-duplication")
    timer.patch(JsonLinesItemExporter, "export_item", "export")
    if "NEWSBOT_EXTRACT_WORKERS=0" in scrapy_args:  # inline extraction; else the crawling
        instrument_extraction(timer)  # process never loads the extractors, nor should we

    def dump() -> None:
        (workdir / f"{name}.stages.json").write_text(json.dumps(timer.totals))

    atexit.register(dump)
    execute(["scrapy", *scrapy_args])


# -- the run -----------------------------------------------------------------------------------


def newsbot_command(
    workdir: Path, name: str, state: Path, extra: dict[str, Any], root: Path = ROOT
) -> list[str]:
    """The shipped settings with the benchmark's engine knobs and locations; ``root`` is the
    checkout whose newsbot runs."""
    settings: dict[str, Any] = {
        **ENGINE_SETTINGS,
        "NEWSBOT_STATE": f"sqlite:///{state}",
        "NEWSBOT_STATS_DUMP": str(workdir / f"{name}.stats.json"),
        "FEEDS": {str(workdir / f"{name}.jsonl"): {"format": "jsonlines", "overwrite": True}},
        **extra,
    }
    command = [PYTHON, str(root / "benchmarks" / "crawl.py"), "--child", "newsbot", "--workdir",
               str(workdir), "--name", name, "--", "crawl", "articles",
               "-a", f"sources={workdir / 'sources.toml'}"]  # fmt: skip
    for key, value in settings.items():
        command += ["-s", f"{key}={value if isinstance(value, str) else json.dumps(value)}"]
    return command


def plain_command(kind: str, workdir: Path, start_url: str) -> list[str]:
    return [PYTHON, str(Path(__file__).resolve()), "--child", kind, "--workdir", str(workdir),
            "--start", start_url]  # fmt: skip


def sources_toml(base: str, listing_pages: int) -> str:
    return (
        '[[source]]\nname = "loopback"\n'
        f'listings = ["{base}/news/"]\nfeeds = ["{base}/feed.xml"]\n'
        f'timezone = "Europe/Berlin"\nlanguage = "en"\nmax_listing_pages = {listing_pages + 1}\n'
    )


def crawl_round(
    runs: list[str], workdir: Path, base: str, facts: dict[str, Any], server_pids: list[int],
    newsbot_extra: dict[str, Any], compare: Path | None = None,
) -> dict[str, Measured]:  # fmt: skip
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "sources.toml").write_text(sources_toml(base, facts["listing_pages"]))
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsbot.settings", "PYTHONPATH": str(ROOT)}
    state = workdir / "state.sqlite3"
    out: dict[str, Measured] = {}
    for name in runs:
        if name in ("bare", "baseline"):
            command = plain_command(name, workdir, f"{base}/news/")
        elif name == "compare" and compare is not None:
            command = newsbot_command(
                workdir, name, workdir / "compare.sqlite3", newsbot_extra, compare
            )
        else:
            command = newsbot_command(workdir, name, state, newsbot_extra)
        print(f"  running {name} ...", flush=True)
        run_env = env if name != "compare" else {**env, "PYTHONPATH": str(compare)}
        out[name] = run_measured(name, command, workdir, server_pids, run_env)
    return out


def extraction_split(root: Path, paths: list[str], sample: int = 150) -> dict[str, float]:
    """CPU seconds per page of the parts of ``build_article`` (html parse, dates, the rest),
    measured in this process on a sample of the site: how a worker's time divides."""
    from newsbot.build import build_article

    timer = StageTimer()
    instrument_extraction(timer)
    import newsbot.build

    chosen = paths[:: max(1, len(paths) // sample)][:sample]
    html = Path(root, chosen[0].lstrip("/")).read_text("utf-8")
    build_article(html, "http://127.0.0.1/a", source="s", downloaded="")  # imports, caches
    timer.totals.clear()
    started = time.process_time()
    for path in chosen:
        html = Path(root, path.lstrip("/")).read_text("utf-8")
        newsbot.build.build_article(html, f"http://127.0.0.1{path}", source="s", downloaded="")
    total = time.process_time() - started
    split = {k: v / len(chosen) for k, v in timer.totals.items()}
    split["extraction"] = total / len(chosen) - split.get("html parse", 0) - split.get("dates", 0)
    return split


def ms(seconds: float, n: int) -> float:
    return 1000 * seconds / max(1, n)


def report(rounds: list[dict[str, Measured]], split: dict[str, float], cores: int) -> None:
    print(
        "\nPer run (pages/s over Scrapy's elapsed_time_seconds; CPU and peak memory of the whole "
        "process tree, pool workers included; RSS counts shared pages once per process)"
    )
    columns = ["round", "run", "items", "pages/s", "wall s", "CPU ms/art", "RSS MB", "PSS MB",
               "main RSS", "server CPU"]  # fmt: skip
    print(" ".join(f"{c:>10}" for c in columns))
    for i, r in enumerate(rounds, 1):
        first = r.get("newsbot")
        for name, m in r.items():
            n = m.items if name != "recrawl" or first is None else first.items
            rate = m.items / m.elapsed if name != "recrawl" else float("nan")
            cells = [str(i), name, str(m.items), f"{rate:.1f}", f"{m.wall:.1f}",
                     f"{ms(m.cpu, n):.2f}", f"{m.peak_rss / 2**20:.0f}",
                     f"{m.peak_pss / 2**20:.0f}", f"{m.main_peak_rss / 2**20:.0f}",
                     f"{100 * m.server_cpu / m.wall:.1f}%"]  # fmt: skip
            print(" ".join(f"{c:>10}" for c in cells))
    for i, r in enumerate(rounds, 1):
        if {"newsbot", "baseline"} <= r.keys():
            nb, bl = r["newsbot"].urls, r["baseline"].urls
            print(f"  round {i}: newsbot and baseline exported the same {len(nb)} articles"
                  if nb == bl else f"  round {i}: articles differ: {len(nb - bl)} only in "
                  f"newsbot, {len(bl - nb)} only in the baseline")  # fmt: skip
    ratios: dict[str, list[float]] = {}

    def add(key: str, value: float) -> None:
        ratios.setdefault(key, []).append(value)

    for r in rounds:
        if {"newsbot", "baseline"} <= r.keys():
            nb, bl = r["newsbot"], r["baseline"]
            add("newsbot / baseline throughput (target >= 1.8)",
                (nb.items / nb.elapsed) / (bl.items / bl.elapsed))  # fmt: skip
            add("newsbot / baseline CPU per article", ms(nb.cpu, nb.items) / ms(bl.cpu, bl.items))
        if {"newsbot", "compare"} <= r.keys():
            nb, other = r["newsbot"], r["compare"]
            add(
                "newsbot / compare CPU per article",
                ms(nb.cpu, nb.items) / ms(other.cpu, other.items),
            )
            add("newsbot / compare throughput",
                (nb.items / nb.elapsed) / (other.items / other.elapsed))  # fmt: skip
        if {"compare", "baseline"} <= r.keys():
            other, bl = r["compare"], r["baseline"]
            add("compare / baseline CPU per article",
                ms(other.cpu, other.items) / ms(bl.cpu, bl.items))  # fmt: skip
        if {"newsbot", "bare"} <= r.keys():
            nb, bare = r["newsbot"], r["bare"]
            add("newsbot, fraction of bare-Scrapy throughput",
                (nb.items / nb.elapsed) / (bare.items / bare.elapsed))  # fmt: skip
        if "newsbot" in r:
            nb = r["newsbot"]
            bound = cores * 1000 / ms(nb.cpu, nb.items)
            add(f"newsbot, fraction of CPU bound ({cores} cores / CPU per article)",
                (nb.items / nb.elapsed) / bound)  # fmt: skip
        if {"newsbot", "recrawl"} <= r.keys():
            add("re-crawl speedup, process wall time (target >= 8)",
                r["newsbot"].wall / r["recrawl"].wall)  # fmt: skip
            add("re-crawl speedup, crawl time", r["newsbot"].elapsed / r["recrawl"].elapsed)
    if ratios:
        print("\nRatios (median, min-max over rounds)")
        for key, values in ratios.items():
            print(f"  {key}: {statistics.median(values):.2f} "
                  f"({min(values):.2f}-{max(values):.2f})")  # fmt: skip
    last = next((r["newsbot"] for r in reversed(rounds) if "newsbot" in r), None)
    if last is not None:
        stage_breakdown(last, split)


def stage_breakdown(m: Measured, split: dict[str, float]) -> None:
    """Where newsbot's CPU went, ms per article."""
    n = max(1, m.items)
    stages = dict(m.stages)
    main_timed = sum(stages.values())
    workers = m.descendants_cpu
    rows: dict[str, float] = Counter()
    if workers > 0.05 * m.cpu:
        # Worker CPU divides like the in-process sample of build_article.
        whole = sum(split.values()) or 1.0
        for key, value in split.items():
            rows[f"{key} (workers)"] += workers * value / whole
        rows["pool transfer (main, pool threads)"] += m.other_threads_cpu
    else:
        rows["other threads (main)"] += m.other_threads_cpu
    for key, value in stages.items():
        rows[f"{key} (main)"] += value
    rows["download/parse: Scrapy engine, HTTP, rest (main)"] = max(
        0.0, m.main_thread_cpu - main_timed
    )
    print(f"\nnewsbot CPU per article by stage (ms; total {ms(m.cpu, n):.2f}, main thread "
          f"{ms(m.main_thread_cpu, n):.2f}, worker processes {ms(workers, n):.2f})")  # fmt: skip
    for key, value in sorted(rows.items(), key=lambda kv: -kv[1]):
        print(f"  {key:52} {ms(value, n):7.2f}")
    if m.main_rss_timeline:
        points = [m.main_rss_timeline[int(f * (len(m.main_rss_timeline) - 1))] for f in
                  (0.1, 0.25, 0.5, 0.75, 0.9, 1.0)]  # fmt: skip
        print("  main process RSS at 10/25/50/75/90/100% of the run (MB): "
              + " ".join(f"{p / 2**20:.0f}" for p in points))  # fmt: skip
    for key in ("item_scraped_count", "item_dropped_count", "newsbot/state/skipped_seen",
                "newsbot/extract/workers"):  # fmt: skip
        if key in m.stats:
            print(f"  stats {key} = {m.stats[key]}")


def profile_newsbot(workdir: Path, base: str, facts: dict[str, Any], top: int = 25) -> None:
    """py-spy over a fresh newsbot crawl, worker processes included; top self and total."""
    pyspy = shutil.which("py-spy") or str(Path(PYTHON).parent / "py-spy")
    if not Path(pyspy).exists():
        print("py-spy not installed (.venv/bin/pip install py-spy): no profile")
        return
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "sources.toml").write_text(sources_toml(base, facts["listing_pages"]))
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "newsbot.settings", "PYTHONPATH": str(ROOT),
           "NEWSBOT_BENCH_STAGES": "0"}  # fmt: skip
    raw = workdir / "profile.txt"
    command = newsbot_command(workdir, "profiled", workdir / "state.sqlite3", {})
    subprocess.run([pyspy, "record", "--subprocesses", "--format", "raw", "--rate", "200",
                    "-o", str(raw), "--", *command], cwd=workdir, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)  # fmt: skip
    own: dict[str, Counter[str]] = {"main": Counter(), "workers": Counter()}
    total: dict[str, Counter[str]] = {"main": Counter(), "workers": Counter()}
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = [_short(f) for f in stack.split(";") if f and not f.startswith("process ")]
        if not frames or not count.isdigit():
            continue
        role = "workers" if any("_process_worker" in f for f in frames) else "main"
        own[role][frames[-1]] += int(count)
        for frame in set(frames):
            total[role][frame] += int(count)
    print("\npy-spy profile of a fresh newsbot crawl (no stage timers), share of each process "
          "group's samples")  # fmt: skip
    for role in ("main", "workers"):
        samples = sum(own[role].values()) or 1
        print(f"  {role} ({samples} samples), self:")
        for frame, k in own[role].most_common(top):
            print(f"    {100 * k / samples:5.1f}%  {frame}")
        print(f"  {role}, total (newsbot and library entry points):")
        shown = 0
        for frame, k in total[role].most_common():
            if "newsbot/" in frame or any(m in frame for m in INTERESTING):
                print(f"    {100 * k / samples:5.1f}%  {frame}")
                shown += 1
            if shown >= top:
                break


INTERESTING = ("trafilatura/core.py", "dateparser/", "htmldate/", "scrapy/core/", "exporters")


def _short(frame: str) -> str:
    name, _, where = frame.partition(" (")
    where = where.rstrip(")")
    path = where.rpartition(":")[0]
    for marker in ("site-packages/", "lib/python3.11/", "/work/main/"):
        if marker in path:
            path = path.split(marker, 1)[1]
    return f"{name} ({path})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=1, help="repeat the crawls, report spread")
    parser.add_argument("--only", default="bare,baseline,newsbot,recrawl",
                        help="comma-separated runs")  # fmt: skip
    parser.add_argument("--workers", default=None, help="NEWSBOT_EXTRACT_WORKERS for newsbot")
    parser.add_argument("--profile", action="store_true", help="py-spy a further newsbot crawl")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument("--compare", type=Path, help="another checkout's newsbot, run 'compare'")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    parser.add_argument("--name", help=argparse.SUPPRESS)
    parser.add_argument("--start", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.child == "newsbot":
        child_newsbot(Path(args.workdir), args.name, [a for a in rest if a != "--"])
        return
    if args.child:
        child_plain(args.child, args.start, Path(args.workdir))
        return

    become_subreaper()
    tmp = Path(tempfile.mkdtemp(prefix="newsbot-crawl-bench-"))
    tmp.chmod(0o755)  # nginx workers run as another user
    server = None
    try:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        started = time.monotonic()
        facts = SiteBuilder(tmp / "site", args.articles).build(base)
        print(f"site: {args.articles} articles, {facts['listing_pages']} listing pages, "
              f"{facts['min_kb']:.0f}-{facts['max_kb']:.0f} KB (median {facts['median_kb']:.0f} KB)"
              f", built in {time.monotonic() - started:.0f} s under {tmp}")  # fmt: skip
        (tmp / "server").mkdir()
        server, kind = start_server(tmp / "site", port, tmp / "server")
        import psutil

        server_pids = [server.pid, *(c.pid for c in psutil.Process(server.pid).children())]
        rate = server_rate(port, facts["articles"])
        print(f"server: {kind}, {rate:.0f} article pages/s alone (4 keep-alive Python clients; "
              f"a lower bound)")  # fmt: skip
        cores = len(os.sched_getaffinity(0))
        extra = {} if args.workers is None else {"NEWSBOT_EXTRACT_WORKERS": args.workers}
        runs = [r for r in args.only.split(",") if r]
        compare = args.compare.resolve() if args.compare else None
        if compare is not None and "compare" not in runs:
            runs.insert(runs.index("newsbot") + 1 if "newsbot" in runs else len(runs), "compare")
        rounds = []
        for i in range(args.rounds):
            print(f"round {i + 1}/{args.rounds}, load average {os.getloadavg()[0]:.1f}")
            order = runs
            if i % 2 and {"newsbot", "compare"} <= set(runs):  # take turns: drift cancels
                swap = {"newsbot": "compare", "compare": "newsbot"}
                order = [swap.get(r, r) for r in runs]
            rounds.append(
                crawl_round(order, tmp / f"round-{i + 1}", base, facts, server_pids, extra, compare)
            )
        print(f"load average now {os.getloadavg()[0]:.1f} (other processes take CPU too)")
        if runs:
            split = extraction_split(tmp / "site", facts["articles"])
            report(rounds, split, cores)
        print("\nDe-duplication cost as the state grows (1,000 -> 1,000,000 stories): "
              "benchmarks/dedupe.py --part scale")  # fmt: skip
        if args.profile:
            profile_newsbot(tmp / "profile", base, facts)
    finally:
        if server is not None:
            server.send_signal(signal.SIGQUIT)
            with contextlib.suppress(subprocess.TimeoutExpired):
                server.wait(10)
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
