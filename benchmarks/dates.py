"""Publication dates: newsbot against htmldate on the same corpus pages, from the HTML alone.

Sets: ``fundus`` (curated labels, 258 pages); ``stripped``, the same pages without their
JSON-LD, date meta tags and canonical link (a stand-in for sites with no structured data,
where the visible dateline decides); ``url-dated`` (newspaper/newspaper4k pages whose URL
carries the date, used as the label; the URL itself is not given to either tool).
Figures: publication day right (of all pages), coverage (pages given a date), precision
(right among those), and the cost per page: median, p99, max. newsbot's date step runs on
the tree the extractor already parsed; "+parse" adds the parse for a like-for-like view
(htmldate parses the page itself).

    .venv/bin/python benchmarks/dates.py
"""

from __future__ import annotations

import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from htmldate import find_date

from newsbot.dates import warm_up
from newsbot.extract.dates import _URL_DATE, find_dates
from newsbot.extract.html import meta_content, parse_html
from newsbot.extract.structured import jsonld_article
from newsbot.items import Article
from tests.corpus import Case, cases
from tests.test_dates_corpus import _pipeline, expected_published, stripped


def labelled_sets() -> dict[str, list[tuple[Case, str]]]:
    fundus = [
        (c, (expected_published(c) or "")[:10]) for c in cases("fundus") if expected_published(c)
    ]
    url_dated = []
    for case in cases():
        if case.id.startswith("fundus"):
            continue
        m = _URL_DATE.search(case.url)
        if m:
            y, mo, d = (m[1], m[2], m[3]) if m[1] else (m[4], m[5], m[6])
            url_dated.append((case, f"{y}-{int(mo):02d}-{int(d):02d}"))
        elif case.expected.get("published"):
            url_dated.append((case, case.expected["published"][:10]))
    return {"fundus": fundus, "stripped": fundus, "url-dated": url_dated}


def newsbot_day(html: str, case: Case) -> tuple[str | None, float, float]:
    """newsbot's day, the date step's cost, and the parse cost (ms)."""
    t0 = time.perf_counter()
    tree = parse_html(html)
    t1 = time.perf_counter()
    assert tree is not None
    meta, ld = meta_content(tree), jsonld_article(tree)
    t2 = time.perf_counter()
    fields = find_dates(tree, "", meta, ld)
    item = Article(
        url="", source=case.meta.get("country", ""), inLanguage=case.meta.get("language"),
        metadata={"dateDownloaded": _crawled(case)}, **fields,
    )  # fmt: skip
    item = _pipeline().process_item(item)
    t3 = time.perf_counter()
    day = item.datePublished[:10] if item.datePublished else None
    return day, (t3 - t2) * 1000, (t1 - t0 + t2 - t1) * 1000


def _crawled(case: Case) -> str | None:
    return case.meta.get("crawl_date")


def htmldate_day(html: str, extensive: bool) -> tuple[str | None, float]:
    t0 = time.perf_counter()
    day = find_date(html, extensive_search=extensive, original_date=True)
    return day, (time.perf_counter() - t0) * 1000


def score(days: list[str | None], truth: list[str]) -> tuple[float, float, float]:
    given = [(d, t) for d, t in zip(days, truth, strict=True) if d]
    right = sum(d == t for d, t in given)
    return right / len(truth), len(given) / len(truth), right / max(len(given), 1)


def costs(values: list[float]) -> str:
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"{statistics.median(ordered):7.2f} {p99:7.2f} {ordered[-1]:7.2f}"


def main() -> None:
    warnings.simplefilter("ignore")
    warm_up(("en",))
    tools: dict[str, Callable[[str, Case], tuple[str | None, float]]] = {
        "htmldate extensive": lambda html, case: htmldate_day(html, True),
        "htmldate fast": lambda html, case: htmldate_day(html, False),
    }
    for html, case in [(c.html, c) for c, _ in labelled_sets()["fundus"][:3]]:
        newsbot_day(html, case)
        for tool in tools.values():
            tool(html, case)
    print(f"{'set':10} {'tool':22} {'pages':>5} {'day':>6} {'cover':>6} {'prec':>6}"
          f" | ms: {'median':>7} {'p99':>7} {'max':>7}")  # fmt: skip
    for name, labelled in labelled_sets().items():
        truth = [t for _, t in labelled]
        htmls = [stripped(c.html) if name == "stripped" else c.html for c, _ in labelled]
        ours, step, parse = [], [], []
        for html, (case, _) in zip(htmls, labelled, strict=True):
            day, cost, parse_cost = newsbot_day(html, case)
            ours.append(day)
            step.append(cost)
            parse.append(cost + parse_cost)
        base_day = None
        rows = [("newsbot", ours, step), ("newsbot +parse", ours, parse)]
        for tool_name, tool in tools.items():
            results = [tool(html, case) for html, (case, _) in zip(htmls, labelled, strict=True)]
            rows.append((tool_name, [d for d, _ in results], [c for _, c in results]))
        for tool_name, days, spent in rows:
            day, cover, precision = score(days, truth)
            if tool_name == "htmldate extensive":
                base_day = day
            print(f"{name:10} {tool_name:22} {len(truth):5d} {day:6.3f} {cover:6.3f}"
                  f" {precision:6.3f} | ms: {costs(spent)}")  # fmt: skip
        ours_day = score(ours, truth)[0]
        htmldate_cost = statistics.median(rows[2][2])
        print(
            f"{name:10} newsbot/htmldate-extensive: day x{ours_day / (base_day or 1):.3f}, "
            f"median cost x{statistics.median(step) / htmldate_cost:.3f} (date step), "
            f"x{statistics.median(parse) / htmldate_cost:.3f} (+parse)"
        )


if __name__ == "__main__":
    main()
