"""The ``newsbot`` command: ``crawl`` (the sources file, from any directory), ``demo`` (offline
crawl of the bundled site), ``extract`` (saved pages, WARC files), ``check`` (one source's fields
on a few articles), ``report`` (per-source table of feed files), ``reextract`` (a run's raw
capture, or any WARC file).

A command imports the modules only it needs when it runs (Scrapy, the extractors): with them
all at the top, ``newsbot --version`` took 1.0-1.3 s instead of 0.5 s (``-X importtime``: the
extractors ~0.45 s, Scrapy's crawler ~0.15 s)."""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import re
import sys
import tempfile
import zlib
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from itemadapter import ItemAdapter
from w3lib.encoding import html_to_unicode

from newsbot import __version__, console
from newsbot.extract.html import meta_content, parse_html
from newsbot.extract.overrides import field_report
from newsbot.logs import shorten_scrapy_errors
from newsbot.partial import discard, open_partial, publish
from newsbot.sources import Source, SourcesError, find_source
from newsbot.tally import format_table, tally_items
from newsbot.warc import is_warc, not_warc

if TYPE_CHECKING:
    from collections.abc import Iterator


UNREADABLE = (OSError, EOFError, zlib.error, ValueError)
"""What reading a file of the wrong kind raises: missing, not gzip, truncated, not UTF-8, not
JSON (``ValueError`` covers ``UnicodeDecodeError`` and ``json.JSONDecodeError``)."""


def fail(message: str, status: int = 1) -> int:
    """Say what went wrong in one ``newsbot:`` line on stderr; the status to exit with."""
    print(f"newsbot: {message}", file=sys.stderr)
    return status


DESCRIPTION = """\
newsbot crawls the news sites of a sources file into one de-duplicated JSON Lines feed.
Run 'newsbot COMMAND --help' for a command's options."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="newsbot", description=DESCRIPTION, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--version", action="version", version=version())
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    crawl = commands.add_parser(
        "crawl",
        help="crawl the sources (scrapy crawl articles, from any directory)",
        description="Crawl the sources file with newsbot's settings, as 'scrapy crawl articles' "
        "does in the checkout. Sources, state, feeds and log are relative to the current "
        "directory.",
    )
    crawl.add_argument("--sources", metavar="FILE", help="sources file (default: sources.toml)")
    crawl.add_argument("--source", metavar="NAME", help="crawl only this source")
    crawl.add_argument(
        "-O", "--output", metavar="FEED", action="append", help="write the feed to FEED only"
    )
    crawl.add_argument(
        "-s", "--set", action="append", default=[], metavar="NAME=VALUE", help="a setting"
    )
    crawl.add_argument(
        "-a", dest="spargs", action="append", default=[], metavar="NAME=VALUE",
        help="a spider argument, as 'scrapy crawl articles -a'",
    )  # fmt: skip
    crawl.add_argument("-v", "--verbose", action="store_true", help="show the whole log too")
    crawl.add_argument("-q", "--quiet", action="store_true", help="print only failures (cron)")
    crawl.set_defaults(run=run_crawl)

    demo = commands.add_parser("demo", help="crawl the bundled offline demo site")
    demo.add_argument("-o", "--output", default="demo-articles.jsonl", help="feed file to write")
    demo.add_argument("-v", "--verbose", action="store_true", help="show the whole log too")
    demo.set_defaults(run=run_demo)

    extract = commands.add_parser("extract", help="extract articles from saved pages, no network")
    extract.add_argument("paths", nargs="*", help="saved pages (.html, .html.gz) or WARC files")
    extract.add_argument(
        "--url", help="the URL the page(s) came from (default: the page's canonical link)"
    )
    extract.add_argument("--manifest", help='JSON Lines of {"path", "url"}')
    extract.add_argument("--source", help="apply this source's field overrides")
    extract.add_argument("--sources", help="the sources file (default: sources.toml)")
    extract.set_defaults(run=run_extract)

    check = commands.add_parser(
        "check", help="crawl a few articles of one source and show what each field got"
    )
    check.add_argument("source", help="the source's name in the sources file")
    check.add_argument("--sources", help="the sources file (default: sources.toml)")
    check.add_argument("--limit", type=int, default=10, help="articles to check (default 10)")
    check.add_argument("--html", metavar="DIR", help="save each page and its extracted JSON")
    check.set_defaults(run=run_check)

    report = commands.add_parser("report", help="per-source table of feed files")
    report.add_argument("feeds", nargs="+", help="feed files (.jsonl, .jsonl.gz) or directories")
    report.add_argument("--json", action="store_true", help="print the rows as JSON")
    report.add_argument("--plot", metavar="FILE.png", help="chart articles per source per day")
    report.set_defaults(run=run_report)

    reextract = commands.add_parser(
        "reextract", help="rebuild a run's items from its raw capture, no network"
    )
    reextract.add_argument(
        "captures", nargs="+", help="captures (<run>.warc.gz) or other WARC files"
    )
    reextract.add_argument("-o", "--output", help="feed file to write (default: stdout)")
    reextract.add_argument(
        "-s", "--set", action="append", default=[], metavar="NAME=VALUE", help="a setting"
    )
    reextract.set_defaults(run=run_reextract)

    args = parser.parse_args(argv)
    if args.run in (run_extract, run_reextract):
        # newsbot's warnings (a damaged WARC record skipped) as newsbot: lines, as errors are.
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("newsbot: %(message)s"))
        handler.setLevel(logging.WARNING)
        logging.getLogger("newsbot").addHandler(handler)
    return int(args.run(args) or 0)


def version() -> str:
    """newsbot's version, with Scrapy's and Python's."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        scrapy = installed("scrapy")
    except PackageNotFoundError:  # pragma: no cover - a dependency
        scrapy = "?"
    python = ".".join(map(str, sys.version_info[:3]))
    return f"newsbot {__version__} (Scrapy {scrapy}, Python {python})"


# -- newsbot crawl -----------------------------------------------------------------------------


def run_crawl(args: argparse.Namespace) -> int:
    """``scrapy crawl articles`` with newsbot's settings, wherever it is run."""
    import os

    from scrapy.cmdline import execute

    argv = ["scrapy", "crawl", "articles"]
    if args.sources:
        argv += ["-a", f"sources={args.sources}"]
    if args.source:
        argv += ["-a", f"source={args.source}"]
    for feed in args.output or ():
        argv += ["-O", feed]
    for pair in args.set:
        argv += ["-s", pair]
    for pair in args.spargs:
        argv += ["-a", pair]
    argv += ["--verbose"] * args.verbose + ["--quiet"] * args.quiet
    # newsbot's settings, not those of a scrapy.cfg that happens to be in this directory
    os.environ["SCRAPY_SETTINGS_MODULE"] = "newsbot.settings"
    try:
        execute(argv)
    except SystemExit as exit:
        return exit.code if isinstance(exit.code, int) else 1
    return 0


# -- newsbot extract ---------------------------------------------------------------------------


def run_extract(args: argparse.Namespace) -> int:
    """Print one JSON line per page, in input order; an unreadable page (or manifest line)
    gives an ``error`` line and the run goes on. Exit status 1 when no page could be read."""
    from newsbot.build import build_article  # start-up time (see top)
    from newsbot.capture import archived_pages  # start-up time (see top)
    from newsbot.pipelines.offline import DECISIONS, OfflinePipelines  # start-up time (see top)

    jobs: list[dict[str, Any]] = [{"path": Path(p), "url": args.url} for p in args.paths]
    if args.manifest:
        try:
            jobs += manifest_jobs(Path(args.manifest), args.url)
        except UNREADABLE as exc:
            return fail(f"{args.manifest}: cannot read the manifest: {exc}", 2)
    if not jobs:
        return fail("extract: give page paths or --manifest", 2)
    try:
        source = extract_source(args.sources, args.source)
    except SourcesError as exc:
        return fail(f"extract: {exc}", 2)
    overrides: dict[str, Any] = {}
    if source is not None:
        overrides = {"selectors": dict(source.fields), "page_object": source.page}
    # What a page gives, transformed as the crawl transforms it; nothing dropped, no state.
    pipelines = OfflinePipelines(
        sources=(args.sources or "sources.toml") if source else None, skip=DECISIONS
    )
    now = datetime.now(UTC).isoformat(timespec="seconds")
    read = 0
    for job in jobs:
        path, url = job["path"], job["url"]
        record: dict[str, Any]
        if "error" in job:
            record = {"path": str(path) if path else None, "url": url, "error": job["error"]}
        elif is_warc(path):
            for page in archived_pages(path):
                article = build_article(
                    page.html, page.url, source=source.name if source else page.source,
                    downloaded=page.downloaded, spider="extract", discovery=page.discovery,
                    **overrides,
                )  # fmt: skip
                item = ItemAdapter(pipelines.process(article)).asdict()
                sys.stdout.write(json.dumps({"path": str(path), **item}, ensure_ascii=False) + "\n")
                read += 1
            continue
        else:
            try:
                html = read_page(path)
                unreadable = None if html.strip() else "empty page"
            except (OSError, EOFError, zlib.error) as exc:
                unreadable = f"cannot read page: {exc}"
            if unreadable is not None:
                record = {"path": str(path), "url": url, "error": unreadable}
            else:
                page_url = url or stated_url(html) or path.resolve().as_uri()
                article = build_article(
                    html, page_url, source=source.name if source else "",
                    downloaded=now, spider="extract", **overrides,
                )  # fmt: skip
                for problem in override_problems(article):
                    print(f"newsbot: extract: {path}: {problem}", file=sys.stderr)
                item = ItemAdapter(pipelines.process(article)).asdict()
                record = {"path": str(path), **item}
                read += 1
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    if not read:
        return fail(f"extract: none of the {len(jobs)} page(s) could be read")
    return 0


def manifest_jobs(manifest: Path, url: str | None) -> list[dict[str, Any]]:
    """The pages a manifest lists (``{"path", "url"}`` lines, paths relative to it); a line
    that is not such an object becomes a job with an ``error``."""
    jobs: list[dict[str, Any]] = []
    for number, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            row = exc
        if isinstance(row, dict) and isinstance(row.get("path"), str):
            jobs.append({"path": manifest.parent / row["path"], "url": row.get("url") or url})
        else:
            why = f"not JSON ({row})" if isinstance(row, Exception) else 'no "path"'
            where = f"{manifest} line {number}"
            jobs.append({"path": None, "url": None, "error": f"{where}: {why}"})
    return jobs


def extract_source(path: str | None, name: str | None) -> Source | None:
    """The source whose overrides ``newsbot extract`` applies: ``--source`` in ``--sources``."""
    if name is None:
        if path is not None:
            raise SourcesError(f"{path}: --sources needs --source NAME")
        return None
    return find_source(path or "sources.toml", name)


def override_problems(article: Any) -> list[str]:
    """What went wrong with the source's overrides on one page, a sentence each."""
    report = field_report(article)
    if report is None:
        return []
    problems = [f"field {name!r}: nothing matched, generic value kept" for name in report.missed]
    if report.page_error:
        problems.append(f"page object failed, generic values kept: {report.page_error}")
    return problems


def stated_url(html: str) -> str | None:
    """The URL a saved page gives for itself (rel=canonical, else og:url), if absolute http(s)."""
    from newsbot.extract.article import canonical_link  # start-up time (see top)

    tree = parse_html(html)
    if tree is None:
        return None
    link = canonical_link(tree, meta_content(tree), "")
    return link if link and re.match(r"https?://[^/\s]+", link) else None


def read_page(path: Path) -> str:
    """A saved page as text: gunzipped if ``.gz``; UTF-8 when valid, else the declared charset."""
    data = path.read_bytes()
    if path.suffix == ".gz" or data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    try:
        return data.decode("utf-8").lstrip("\ufeff")
    except UnicodeDecodeError:
        return html_to_unicode(None, data)[1]


# -- newsbot check -----------------------------------------------------------------------------


def run_check(args: argparse.Namespace) -> int:
    """Check one source's extraction on a few of its articles (see :mod:`newsbot.check`)."""
    from newsbot.check import run_check  # start-up time (see top)

    path = args.sources or "sources.toml"
    if args.limit < 1:
        return fail(f"check: --limit {args.limit}: give 1 or more", 2)
    try:
        source = find_source(path, args.source)
    except SourcesError as exc:
        return fail(f"check: {exc}", 2)
    return run_check(source, path, args.limit, Path(args.html) if args.html else None)


# -- newsbot report ----------------------------------------------------------------------------


def run_report(args: argparse.Namespace) -> int:
    """Print the run report's per-source table for feed files; chart them with ``--plot``."""
    paths = feed_paths([Path(p) for p in args.feeds])
    if not paths:
        return fail(f"report: no feed files in {' '.join(args.feeds)}", 2)
    items: list[dict[str, Any]] = []
    for path in paths:
        try:
            items.extend(read_feed(path))
        except UNREADABLE as exc:
            return fail(f"{path}: not a newsbot feed file: {exc}")
    tallies = tally_items(items)
    rows = [tallies[name].row(name) for name in sorted(tallies)]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
    else:
        print(f"{sum(r['exported'] for r in rows)} articles in {len(paths)} feed file(s)")
        print(format_table(rows))
    if args.plot:
        return plot_days(rows, Path(args.plot))
    return 0


def feed_paths(paths: list[Path]) -> list[Path]:
    """Feed files: the files given, and the ``.jsonl``/``.jsonl.gz`` files under directories."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.jsonl*") if _is_feed(p)))
        else:
            found.append(path)
    return found


def _is_feed(path: Path) -> bool:
    return path.name.endswith((".jsonl", ".jsonl.gz")) and not path.name.startswith(".")


def read_feed(path: Path) -> Iterator[dict[str, Any]]:
    """The items of a JSON Lines feed file, gzipped or not. Raises ``ValueError`` for a line
    that is not a JSON object with a string ``source``."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                item = json.loads(line)
                if not isinstance(item, dict) or not isinstance(item.get("source"), str):
                    raise ValueError(f"line {number} is not an article")
                yield item


def plot_days(rows: list[dict[str, Any]], path: Path) -> int:
    """A PNG chart of articles per source per publication day."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print(
            "newsbot: report: --plot needs matplotlib, which is not installed: install it with "
            "`pip install matplotlib` in newsbot's environment (or `pip install -e '.[plot]'` "
            "in the newsbot checkout)",
            file=sys.stderr,
        )
        return 1
    known = sorted({date.fromisoformat(d) for row in rows for d in row["days"] if d != "?"})
    days = known
    if known and (known[-1] - known[0]).days <= 400:
        days = [known[0] + timedelta(n) for n in range((known[-1] - known[0]).days + 1)]
    from matplotlib.ticker import MaxNLocator

    figure, axes = plt.subplots(figsize=(10, 4.5))
    for row in rows:
        counts = [row["days"].get(d.isoformat(), 0) for d in days]
        # matplotlib plots dates, its stubs do not say so
        axes.plot(days, counts, marker="o", markersize=3, label=row["source"])  # type: ignore[arg-type]
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylabel("articles")
    axes.set_title("Articles per source per day (publication date)")
    axes.legend()
    figure.autofmt_xdate()
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=100)
    plt.close(figure)
    print(f"chart: {path}")
    return 0


# -- newsbot reextract -------------------------------------------------------------------------


def run_reextract(args: argparse.Namespace) -> int:
    """Write the items the current code makes of captured pages, as the crawl's feed would."""
    from scrapy.exceptions import DropItem
    from scrapy.exporters import JsonLinesItemExporter
    from scrapy.settings import Settings

    from newsbot.capture import read_capture  # start-up time (see top)
    from newsbot.reextract import Reextractor  # start-up time (see top)

    for capture in args.captures:
        if why := not_warc(capture):
            return fail(f"{capture}: not a newsbot capture: {why}")
    settings = Settings()
    settings.setmodule("newsbot.settings", priority="project")
    for pair in args.set:
        name, sep, value = pair.partition("=")
        if not sep:
            print(f"newsbot reextract: -s {pair}: expected NAME=VALUE", file=sys.stderr)
            return 2
        settings.set(name, value, priority="cmdline")
    output = Path(args.output) if args.output else None
    try:
        out = open_partial(output) if output else sys.stdout.buffer
    except OSError as exc:
        return fail(f"cannot write {output}: {exc}")
    encoding = settings.get("FEED_EXPORT_ENCODING") or "utf-8"
    # Scrapy's stubs ask for BytesIO; any binary file works, as in its feed slots.
    exporter = JsonLinesItemExporter(out, encoding=encoding)  # type: ignore[arg-type]
    exported = dropped = 0
    for capture in args.captures:
        try:
            archive = read_capture(Path(capture))
            rebuild = Reextractor(archive.sources, settings).rebuild
            for page in archive.pages:
                try:
                    item = rebuild(page)
                except DropItem as exc:
                    dropped += 1
                    print(f"newsbot reextract: {type(exc).__name__}: {exc}", file=sys.stderr)
                    continue
                exporter.export_item(item)
                exported += 1
        except UNREADABLE as exc:
            if output is not None:
                discard(out, output)
            return fail(f"{capture}: not a newsbot capture: {exc}")
    if output is not None:
        publish(out, output)
    print(f"newsbot reextract: {exported} items, {dropped} dropped", file=sys.stderr)
    return 0


# -- newsbot demo ------------------------------------------------------------------------------


def run_demo(args: argparse.Namespace) -> int:
    """Serve the bundled demo site on 127.0.0.1, crawl it with the real spider, summarise."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    from newsbot.commands.crawl import EXIT_USAGE, exit_status, where  # start-up time (see top)
    from newsbot.demo.site import DemoSite  # start-up time (see top)

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
            },
            priority="cmdline",
        )
        try:
            console.prepare_log_file(settings)
        except console.LogFileError as exc:
            return fail(str(exc), EXIT_USAGE)
        shorten_scrapy_errors()
        process = CrawlerProcess(settings)
        console.show_on_terminal(settings, verbose=args.verbose)
        crawler = process.create_crawler("articles")
        process.crawl(crawler)
        process.start()
    code, reasons = exit_status(crawler, [])
    if code:
        console.fail(reasons, settings)
        return code
    stats = crawler.stats.get_stats() if crawler.stats else {}
    files = [line for line in where(crawler) if not line.startswith("feed:")]
    print(summary(stats, output, files))
    return 0 if stats.get("item_scraped_count") else 1


def summary(stats: dict[str, Any], output: Path, where: list[str]) -> str:
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
        *(f"  {line}" for line in where),
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
