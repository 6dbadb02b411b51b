"""Publication days by publisher folds: newsbot against htmldate (fast and extensive) in one run.

Each tool gets the HTML alone, as on the held-out set: no URL, no sources-file zone. Sets:

- ``full``: the corpus pages with a label (fundus's curated date; for the newspaper folders the
  date in the page's URL, which is not given to any tool);
- ``stripped``: the same pages without JSON-LD, date meta tags and canonical link (sites with no
  structured data: the visible dateline decides);
- ``bare``: stripped, and without ``<time>`` markup, class/id/itemprop/data attributes and inline
  scripts (only the visible text tells the date: the deeper search decides);
- ``pages``: the pages of ``tests/pages/dates/``, one per error class, with the expected day.

Corpus pages are split into folds by publisher. Rules were written looking at the pages of the
tuning folds (``TUNING_FOLDS``) and at ``tests/pages/dates`` only; the other folds are the report.
Figures: day right (of all pages), coverage (given a date), precision (right among those); the
date step's cost per page (``find_dates`` and the ``ParseDates`` pipeline, on the tree the
extractor already parsed): median, p99, max in ms of CPU time (the machine is shared: wall
time measures the neighbours). ``--json FILE`` writes every page's day, to
compare two revisions.

    .venv/bin/python benchmarks/dates.py [--json FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import lxml.html
from htmldate import find_date

from newsbot.dateparse import url_day, warm_up
from newsbot.extract.dates import find_dates
from newsbot.extract.html import meta_content, parse_html
from newsbot.extract.language import find_language
from newsbot.extract.structured import as_text, jsonld_article
from newsbot.items import Article
from newsbot.pipelines.dates import ParseDates
from tests.corpus import CORPUS, cases
from tests.test_dates_corpus import expected_published, stripped

FOLDS = 5
TUNING_FOLDS = (0,)
"""Folds whose pages were looked at while writing rules; the others are the report."""

PAGES = Path(__file__).resolve().parents[1] / "tests" / "pages" / "dates"


@dataclass(frozen=True)
class Page:
    id: str
    html: str
    expected: str
    group: str
    """The publisher fold (``fold0``...) or, for the class pages, the class."""
    downloaded: str | None


def fold(publisher: str) -> int:
    return int(hashlib.sha1(publisher.encode()).hexdigest(), 16) % FOLDS


def corpus_pages() -> list[Page]:
    """Labelled corpus pages: fundus's curated dates, else the date in the page's URL."""
    index = {
        json.loads(line)["id"]: json.loads(line)
        for line in (CORPUS / "index.jsonl").read_text(encoding="utf-8").splitlines()
    }
    pages = []
    for case in cases():
        label = expected_published(case) if case.id.startswith("fundus") else None
        if not case.id.startswith("fundus"):
            if day := url_day(case.url):
                label = day.isoformat()
            else:
                label = case.expected.get("published")
        if not label:
            continue
        group = f"fold{fold(index[case.id]['publisher'])}"
        pages.append(Page(case.id, case.html, label[:10], group, case.meta.get("crawl_date")))
    return pages


def class_pages() -> list[Page]:
    pages = []
    for path in sorted(PAGES.glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        html = path.with_suffix(".html").read_text(encoding="utf-8")
        pages.append(Page(path.stem, html, spec["expected"], spec["class"], spec["downloaded"]))
    return pages


def bare(html: str) -> str:
    """``stripped``, and no ``<time>`` markup, class/id/itemprop/data attributes or scripts."""
    tree = parse_html(stripped(html))
    assert tree is not None
    for el in tree.xpath("//script"):
        el.drop_tree()
    for el in tree.xpath("//time"):
        el.drop_tag()
    for el in tree.iter():
        if not isinstance(el.tag, str):
            continue
        for name in list(el.attrib):
            if name in ("class", "id", "itemprop", "itemtype", "pubdate", "datetime") or (
                name.startswith("data-")
            ):
                del el.attrib[name]
    return lxml.html.tostring(tree, encoding="unicode")


PIPELINE = ParseDates()


def newsbot_day(html: str, page: Page) -> tuple[str | None, float]:
    """newsbot's day from the HTML alone (no URL, no zone), and the date step's cost (ms)."""
    tree = parse_html(html)
    assert tree is not None
    meta, ld = meta_content(tree), jsonld_article(tree)
    text = " ".join(" ".join(p.itertext()) for p in tree.iter("p"))
    declared = [as_text(ld.get("inLanguage")), tree.get("lang"), meta.get("og:locale")]
    language = find_language(declared, text)  # as the extractor sets inLanguage
    t0 = time.process_time()
    fields = find_dates(tree, "", meta, ld)
    item = Article(
        url="", inLanguage=language, metadata={"dateDownloaded": page.downloaded}, **fields
    )
    item = PIPELINE.process_item(item)
    spent = (time.process_time() - t0) * 1000
    return (item.datePublished[:10] if item.datePublished else None), spent


def htmldate_day(html: str, extensive: bool) -> tuple[str | None, float]:
    t0 = time.process_time()
    day = find_date(html, extensive_search=extensive, original_date=True)
    return day, (time.process_time() - t0) * 1000


TOOLS: dict[str, Callable[[str, Page], tuple[str | None, float]]] = {
    "newsbot": newsbot_day,
    "htmldate fast": lambda html, page: htmldate_day(html, False),
    "htmldate extensive": lambda html, page: htmldate_day(html, True),
}


def score(rows: list[tuple[str | None, str]]) -> tuple[float, float, float]:
    given = [(d, t) for d, t in rows if d]
    right = sum(d == t for d, t in given)
    n = max(len(rows), 1)
    return right / n, len(given) / n, right / max(len(given), 1)


def costs(values: list[float]) -> str:
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"{statistics.median(ordered):6.2f} {p99:6.2f} {ordered[-1]:7.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", help="write every page's day per set and tool to this file")
    parser.add_argument("--sets", default="full,stripped,bare,pages", help="sets to run")
    parser.add_argument("--tools", default=",".join(TOOLS), help="tools to run")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    warm_up(("en",))
    corpus = corpus_pages()
    for page in corpus[:3]:  # first calls load dateparser's and htmldate's data
        for tool in TOOLS.values():
            tool(page.html, page)
    sets = {
        "full": [(p, p.html) for p in corpus],
        "stripped": [(p, stripped(p.html)) for p in corpus],
        "bare": [(p, bare(p.html)) for p in corpus],
        "pages": [(p, p.html) for p in class_pages()],
    }
    out: dict[str, dict[str, dict[str, str | None]]] = {}
    for set_name, pages in sets.items():
        if set_name not in args.sets.split(","):
            continue
        groups = sorted({p.group for p, _ in pages})
        if set_name != "pages":
            groups = [*groups, "tuning", "report"]
        print(f"\n{set_name} ({len(pages)} pages): day right per group; all: day cover prec;"
              " cost ms median p99 max")  # fmt: skip
        print(f"{'tool':19} " + " ".join(f"{g[:7]:>7}" for g in groups) + "    all  cover   prec"
              "   median    p99     max")  # fmt: skip
        for tool_name, tool in TOOLS.items():
            if tool_name not in args.tools.split(","):
                continue
            results = [(p, *tool(html, p)) for p, html in pages]
            out.setdefault(set_name, {})[tool_name] = {p.id: day for p, day, _ in results}
            cells = []
            for g in groups:
                if g == "tuning":
                    members = [r for r in results if int(r[0].group[4:]) in TUNING_FOLDS]
                elif g == "report":
                    members = [r for r in results if int(r[0].group[4:]) not in TUNING_FOLDS]
                else:
                    members = [r for r in results if r[0].group == g]
                cells.append(score([(day, p.expected) for p, day, _ in members])[0])
            day, cover, precision = score([(day, p.expected) for p, day, _ in results])
            print(f"{tool_name:19} " + " ".join(f"{c:7.3f}" for c in cells)
                  + f"  {day:5.3f}  {cover:5.3f}  {precision:5.3f}  "
                  + costs([c for _, _, c in results]))  # fmt: skip
        if set_name == "pages":
            for p, _ in pages:
                days = {t: out[set_name][t][p.id] for t in out[set_name]}
                marks = " ".join(f"{t.split()[-1]}={d}" for t, d in days.items())
                print(f"  {p.id:40} want {p.expected}  {marks}")
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
