"""The ``newsbot`` command: ``demo`` (offline crawl of the bundled site) and ``extract``."""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from w3lib.encoding import html_to_unicode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="newsbot", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)

    demo = commands.add_parser("demo", help="crawl the bundled offline demo site")
    demo.add_argument("-o", "--output", default="demo-articles.jsonl", help="feed file to write")
    demo.set_defaults(run=run_demo)

    extract = commands.add_parser("extract", help="extract articles from saved pages, no network")
    extract.add_argument("paths", nargs="*", help="saved pages (.html or .html.gz)")
    extract.add_argument("--url", help="the URL the page(s) came from")
    extract.add_argument("--manifest", help='JSON Lines of {"path", "url"}')
    extract.set_defaults(run=run_extract)

    args = parser.parse_args(argv)
    return int(args.run(args) or 0)


# -- newsbot extract ---------------------------------------------------------------------------


def run_extract(args: argparse.Namespace) -> int:
    """Print one JSON line per page, in input order; an unreadable page gives an ``error`` line."""
    from newsbot.article import build_article, transform

    jobs: list[tuple[Path, str | None]] = [(Path(p), args.url) for p in args.paths]
    if args.manifest:
        manifest = Path(args.manifest)
        for line in manifest.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                jobs.append((manifest.parent / row["path"], row.get("url") or args.url))
    if not jobs:
        print("newsbot extract: give page paths or --manifest", file=sys.stderr)
        return 2
    now = datetime.now(UTC).isoformat(timespec="seconds")
    for path, url in jobs:
        record: dict[str, Any]
        try:
            html = read_page(path)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            record = {"path": str(path), "url": url, "error": f"cannot read page: {exc}"}
        else:
            article = build_article(
                html, url or path.resolve().as_uri(), source="", downloaded=now, spider="extract"
            )
            record = {"path": str(path), **ItemAdapter(transform(article)).asdict()}
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


def read_page(path: Path) -> str:
    """A saved page as text: gunzipped if ``.gz``; UTF-8 when valid, else the declared charset."""
    data = path.read_bytes()
    if path.suffix == ".gz" or data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        return html_to_unicode(None, data)[1]


# -- newsbot demo ------------------------------------------------------------------------------


def run_demo(args: argparse.Namespace) -> int:
    """Serve the bundled demo site on 127.0.0.1, crawl it with the real spider, summarise."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from newsbot.demo.site import DemoSite

    output = Path(args.output).resolve()
    with DemoSite() as site, tempfile.TemporaryDirectory(prefix="newsbot-demo-") as tmp:
        sources = Path(tmp) / "sources.toml"
        sources.write_text(site.sources_toml(), encoding="utf-8")
        settings = Settings()
        settings.setmodule("newsbot.settings", priority="project")
        settings.setdict(
            {
                "NEWSBOT_SOURCES": str(sources),
                "NEWSBOT_STATE": f"sqlite:///{tmp}/state.sqlite3",
                "FEEDS": {str(output): {"format": "jsonlines", "overwrite": True}},
                "AUTOTHROTTLE_ENABLED": False,  # our own loopback server
                "LOG_LEVEL": "INFO",
            },
            priority="cmdline",
        )
        process = CrawlerProcess(settings, install_root_handler=True)
        crawler = process.create_crawler("articles")
        process.crawl(crawler)
        process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    print(summary(stats, output))
    return 0 if stats.get("item_scraped_count") else 1


def summary(stats: dict[str, Any], output: Path) -> str:
    """A few lines a person reads after a crawl."""
    drops = {
        k.rsplit("/", 1)[-1]: v
        for k, v in stats.items()
        if k.startswith("item_dropped_reasons_count/")
    }
    lines = [
        "",
        "newsbot demo: crawl finished",
        f"  pages fetched:      {stats.get('downloader/response_count', 0)}",
        f"  articles exported:  {stats.get('item_scraped_count', 0)}  -> {output}",
        f"  items dropped:      {sum(drops.values())}"
        + (f"  ({', '.join(f'{k}: {v}' for k, v in sorted(drops.items()))})" if drops else ""),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
