"""The run report: per-source numbers of a crawl (or of any feed files) and drift flags.

Pure computation, no Scrapy and no files: the run-report extension feeds it from crawl signals,
``newsbot report`` from feed lines. A row is a JSON-ready dict; :func:`drift` compares a row
with the same source's rows from previous runs.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

FILL_FIELDS = ("datePublished", "authors", "description", "inLanguage")
"""Item fields whose fill rate (share of exported items that have them) the report shows."""

VIAS = ("listing", "feed", "sitemap")

WINDOW = 5
"""Previous runs of a source that its current numbers are compared with."""

FILL_RATE_SURPRISE = 0.001
"""A fill rate is flagged when so few filled items would happen with this probability or less,
were the field still filled as often as in the previous runs (binomial tail)."""


@dataclass
class SourceTally:
    """Counts for one source, filled in as the crawl (or a feed file) goes."""

    discovered: Counter[str] = field(default_factory=Counter)
    """Article URLs found, by how: listing, feed, sitemap."""

    requests: int = 0
    """Requests of any kind (listing, feed, sitemap, article) that left the downloader."""

    requested: int = 0
    """Article requests that left the downloader (redirects and retries included)."""

    retried: int = 0
    """Those of them for pages that failed in earlier runs (asked again a bounded number of
    times, ``NEWSBOT_STATE_MAX_FAILURES``)."""

    fetched: int = 0
    """Article pages downloaded (final responses, any status)."""

    not_modified: int = 0
    """Feeds and sitemaps that answered 304: unchanged since the last run."""

    exported: int = 0
    dropped: Counter[str] = field(default_factory=Counter)
    """Items dropped, by reason (the exception's class name)."""

    duplicate_reasons: set[str] = field(default_factory=set)
    """Those reasons that mean "a copy of a story already exported"."""

    http_errors: Counter[int] = field(default_factory=Counter)
    """Responses with status 400 or more, any page kind, by status."""

    missed: Counter[str] = field(default_factory=Counter)
    """Articles on which a field override of the sources file found nothing, by field; with
    ``missed["page object failed"]`` the pages on which the source's page object raised."""

    filled: Counter[str] = field(default_factory=Counter)
    body_lengths: list[int] = field(default_factory=list)
    days: Counter[str] = field(default_factory=Counter)
    """Exported items by publication day (``YYYY-MM-DD`` as the publisher dates it)."""

    crawl: bool = True
    """Counted from a crawl; from feed files only what items tell is known (``discovered`` then
    counts exported items by how they were found, and crawl-only numbers are ``None``)."""

    def add_item(self, item: Mapping[str, Any]) -> None:
        """Count one exported item (an ``Article`` through ``ItemAdapter``, or a feed line)."""
        self.exported += 1
        for name in FILL_FIELDS:
            if item.get(name):
                self.filled[name] += 1
        self.body_lengths.append(len(item.get("articleBody") or ""))
        self.days[item_day(item)] += 1
        if not self.crawl:
            self.discovered[(item.get("discovery") or {}).get("via") or "unknown"] += 1

    def row(self, source: str) -> dict[str, Any]:
        """The source's line of the report, JSON-ready."""
        return {
            "source": source,
            "discovered": {via: self.discovered[via] for via in sorted(self.discovered)},
            "requests": self.requests if self.crawl else None,
            "requested": self.requested if self.crawl else None,
            "retried": self.retried if self.crawl else None,
            "fetched": self.fetched if self.crawl else None,
            "not_modified": self.not_modified if self.crawl else None,
            "exported": self.exported,
            "duplicates": duplicates(self.dropped, self.duplicate_reasons) if self.crawl else None,
            "dropped": dict(sorted(self.dropped.items())) if self.crawl else None,
            "http_errors": (
                {str(s): n for s, n in sorted(self.http_errors.items())} if self.crawl else None
            ),
            "overrides_missed": dict(sorted(self.missed.items())) if self.crawl else None,
            "fill_rates": {
                name: round(self.filled[name] / self.exported, 4) if self.exported else None
                for name in FILL_FIELDS
            },
            "body_length_median": (
                int(statistics.median(self.body_lengths)) if self.body_lengths else None
            ),
            "days": dict(sorted(self.days.items())),
        }


def item_day(item: Mapping[str, Any]) -> str:
    """The day an item belongs to: its publication day, else its download day, else ``?``."""
    date = item.get("datePublished") or (item.get("metadata") or {}).get("dateDownloaded")
    return date[:10] if isinstance(date, str) and len(date) >= 10 else "?"


def duplicates(dropped: Mapping[str, int], reasons: Iterable[str] = ()) -> int:
    """Items dropped as copies of an exported story: the ``reasons`` known to mean that, and
    any reason whose name says ``Duplicate``."""
    known = set(reasons)
    return sum(n for reason, n in dropped.items() if reason in known or "Duplicate" in reason)


def tally_items(items: Iterable[Mapping[str, Any]]) -> dict[str, SourceTally]:
    """Per-source tallies of exported items (what a feed file holds)."""
    tallies: dict[str, SourceTally] = {}
    for item in items:
        tallies.setdefault(item.get("source") or "?", SourceTally(crawl=False)).add_item(item)
    return tallies


# -- drift -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Flag:
    """Something in a source's numbers that fell off a cliff compared with its previous runs."""

    source: str
    kind: str
    """``no_articles``, ``fill_rate`` or ``body_length``."""

    message: str

    @property
    def alert(self) -> bool:
        """Whether the run's exit status reports it: the source stopped producing articles."""
        return self.kind == "no_articles"

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


def drift(row: Mapping[str, Any], previous: Sequence[Mapping[str, Any]]) -> list[Flag]:
    """Flags for ``row`` against the same source's rows of its previous runs (oldest first)."""
    previous = previous[-WINDOW:]
    if not previous:
        return []
    source = row["source"]
    flags = []
    if _produced_nothing(row) and any(p["exported"] for p in previous):
        counts = ", ".join(str(p["exported"]) for p in previous)
        flags.append(Flag(source, "no_articles", f"0 articles (previous runs: {counts})"))
    exported = row["exported"]
    for name in FILL_FIELDS:
        rate = row["fill_rates"].get(name)
        base = _baseline(p["fill_rates"].get(name) for p in previous if p["exported"])
        if rate is None or base is None or rate >= base / 2:
            continue
        if _binomial_cdf(round(rate * exported), exported, base) <= FILL_RATE_SURPRISE:
            flags.append(Flag(source, "fill_rate", f"{name} fill rate {base:.0%} → {rate:.0%}"))
    length = row["body_length_median"]
    base = _baseline(p["body_length_median"] for p in previous if p["exported"])
    if length is not None and base and exported >= 3 and not 0.5 <= length / base <= 2:
        flags.append(Flag(source, "body_length", f"body length median {base:.0f} → {length}"))
    return flags


def _produced_nothing(row: Mapping[str, Any]) -> bool:
    """No article and no duplicate, though the source either gave no article URL at all
    (listing layout changed, feed gone) or its new article pages were requested (and gave
    nothing). URLs found but all known from earlier runs (nothing requested) is a quiet run, not
    this; so are feeds and sitemaps unchanged since the last run (304), pages that failed before
    failing again (a soft 404 the listing links to), and a source this run sent no request for
    (one worker of a distributed crawl)."""
    if row["exported"] or row["duplicates"] or row.get("requests") == 0 or row.get("not_modified"):
        return False
    new_requests = (row["requested"] or 0) - (row.get("retried") or 0)
    return not sum(row["discovered"].values()) or new_requests > 0


def _baseline(values: Iterable[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def _binomial_cdf(k: int, n: int, p: float) -> float:
    """P(X <= k) for X ~ Binomial(n, p)."""
    return sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k + 1))


# -- text --------------------------------------------------------------------------------------

_SHORT = {"datePublished": "date", "authors": "auth", "description": "desc", "inLanguage": "lang"}


def format_table(
    rows: Sequence[Mapping[str, Any]], flags: Iterable[Flag] = (), limit: int | None = None
) -> str:
    """The report as a fixed-width text table, flags below it; with ``limit``, only that many
    sources (those that fetched most) and one line summing the others (a backfill from a WARC
    file without a sources file has a source per site: thousands)."""
    rest: Sequence[Mapping[str, Any]] = ()
    if limit is not None and len(rows) > limit:
        ranked = sorted(
            rows, key=lambda row: (row.get("fetched") or 0, row["exported"]), reverse=True
        )
        rows, rest = ranked[:limit], ranked[limit:]
    header = [
        "source",
        "listing",
        "feed",
        "sitemap",
        "fetched",
        "exported",
        "dups",
        "dropped",
        "http err",
        *(f"{_SHORT[name]}%" for name in FILL_FIELDS),
        "body med",
    ]
    lines = [header]
    for row in rows:
        rates = row["fill_rates"]
        lines.append(
            [
                row["source"],
                *(str(row["discovered"].get(via, 0)) for via in VIAS),
                _count(row.get("fetched")),
                str(row["exported"]),
                _count(row.get("duplicates")),
                _count(_total(row["dropped"]) - (row["duplicates"] or 0), row["dropped"]),
                _count(_total(row["http_errors"]), row["http_errors"]),
                *(_percent(rates.get(name)) for name in FILL_FIELDS),
                _count(row["body_length_median"]),
            ]
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    text = [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        )
        for line in lines
    ]
    details = [
        f"  {row['source']}: dropped {_pairs(row['dropped'])}" for row in rows if row["dropped"]
    ] + [
        f"  {row['source']}: HTTP {_pairs(row['http_errors'])}"
        for row in rows
        if row["http_errors"]
    ]
    text.extend(details)
    text.extend(
        f"  {row['source']}: overrides found nothing, generic value kept: {_pairs(missed)}"
        for row in rows
        if (missed := row.get("overrides_missed"))
    )
    if rest:
        text.append(
            f"  ... and {len(rest)} more sources, {sum(row['exported'] for row in rest)} articles"
            " exported (every source is in the report file)"
        )
    text.extend(f"  FLAG {flag}" for flag in flags)
    return "\n".join(text)


def _count(value: int | None, known: object = True) -> str:
    return "-" if value is None or known is None else str(value)


def _total(counts: Mapping[str, int] | None) -> int:
    return sum(counts.values()) if counts else 0


def _percent(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.0%}"


def _pairs(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{key}: {n}" for key, n in counts.items())
