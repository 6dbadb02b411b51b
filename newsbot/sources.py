"""The sources file: which sites to crawl and where each one starts.

:class:`Sources` is what the crawl knows of them: the ``articles`` spider loads it, and every
other component reads it with ``Sources.of(spider)``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from newsbot.extract.overrides import FIELDS, selector_problem
from newsbot.extract.page_objects import load_page_object
from newsbot.urls import site_key

DEFAULT_MAX_LISTING_PAGES = 3

_KEYS = {
    "name",
    "listings",
    "feeds",
    "sitemaps",
    "timezone",
    "language",
    "max_listing_pages",
    "allow",
    "deny",
    "recheck_hours",
    "fields",
    "page",
}


class SourcesError(ValueError):
    """The sources file cannot be used; the message names the file, source and field."""


@dataclass(frozen=True)
class Source:
    """One site to crawl, as the sources file describes it."""

    name: str
    """Unique key of the source, in every item as `source`."""
    listings: tuple[str, ...] = ()
    """Listing pages (front page, sections); their article links and pagination are followed."""
    feeds: tuple[str, ...] = ()
    """RSS 2.0 or Atom feeds."""
    sitemaps: tuple[str, ...] = ()
    """Sitemaps, sitemap indexes, Google News sitemaps. A source needs at least one listing,
    feed or sitemap."""
    timezone: str | None = None
    """IANA time zone (`Europe/Berlin`) of dates the pages give without an offset."""
    language: str | None = None
    """ISO 639-1 code (`en`) of the source's language: a hint where a page says none."""
    max_listing_pages: int = DEFAULT_MAX_LISTING_PAGES
    """Pagination depth per listing page."""
    allow: tuple[re.Pattern[str], ...] = ()
    """Regular expressions: a link is an article only if its URL matches one."""
    deny: tuple[re.Pattern[str], ...] = ()
    """Regular expressions: a link whose URL matches one is never an article."""
    recheck_hours: float | None = None
    """Ask again for an exported article once it is this old; a materially changed body is
    exported again with `version` + 1 and `changeType` `updated`."""
    fields: tuple[tuple[str, str], ...] = ()
    """The table `[source.fields]`: item field = CSS or `xpath:` selector, read on this source's
    article pages instead of generic extraction (see "When a site comes out wrong")."""
    page: str | None = None
    """A web-poet page object, `module:Class`, over generic extraction."""

    def url_allowed(self, url: str) -> bool:
        """Whether the allow/deny patterns let ``url`` be treated as an article."""
        if any(p.search(url) for p in self.deny):
            return False
        return not self.allow or any(p.search(url) for p in self.allow)

    @property
    def entry_urls(self) -> tuple[str, ...]:
        """Where the crawl of the source starts: its listings, feeds and sitemaps."""
        return (*self.listings, *self.feeds, *self.sitemaps)

    @property
    def home_sites(self) -> frozenset[str]:
        """The sites (:func:`newsbot.urls.site_key`) of its entry URLs; where the crawl may go
        is :meth:`Sources.sites`."""
        return frozenset(site_key(u) for u in self.entry_urls)


class Sources(Mapping[str, Source]):
    """The crawl's sources by name, and the sites each one may be crawled on.

    The ``articles`` spider loads it as its attribute ``sources``; components read it with
    :meth:`of`. ``extra_sites`` are the setting ``STAY_ON_SOURCE_EXTRA_SITES``: sites every
    source may also reach (a CDN's registered domain), honoured here and nowhere else.
    """

    def __init__(self, sources: Iterable[Source] = (), *, extra_sites: Iterable[str] = ()) -> None:
        self._sources = {s.name: s for s in sources}
        self.extra_sites = frozenset(extra_sites)
        self._sites: dict[str, frozenset[str]] = {}

    @classmethod
    def of(cls, spider: object) -> Sources:
        """The sources ``spider`` crawls; none for another spider (``scrapy fetch``)."""
        sources = getattr(spider, "sources", None)
        return sources if isinstance(sources, Sources) else cls()

    def __getitem__(self, name: str) -> Source:
        return self._sources[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._sources)

    def __len__(self) -> int:
        return len(self._sources)

    def add(self, source: Source) -> None:
        """Add a source met while crawling: an archived page's site, without a sources file."""
        self._sources[source.name] = source
        self._sites.pop(source.name, None)

    def entry_urls(self, name: str) -> tuple[str, ...]:
        """Where the crawl of the source ``name`` starts: its listings, feeds and sitemaps."""
        return self[name].entry_urls

    def sites(self, name: str) -> frozenset[str]:
        """The sites (:func:`newsbot.urls.site_key`) the source ``name`` may be crawled on:
        those of its entry URLs (a source without any is named after its site: an archived
        page's), and ``extra_sites``."""
        if name not in self._sites:
            source = self._sources.get(name)
            home = source.home_sites if source is not None else frozenset()
            self._sites[name] = (home or frozenset({name})) | self.extra_sites
        return self._sites[name]

    def all_sites(self) -> frozenset[str]:
        """The sites of every source: where a request without a source (robots.txt) may go."""
        return frozenset().union(*(self.sites(name) for name in self))


def load_sources(path: str | Path) -> list[Source]:
    """Read and validate a sources file; raise :class:`SourcesError` on any problem."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourcesError(f"{path}: sources file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SourcesError(f"{path}: cannot read the sources file: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{path}: not valid TOML: {exc}") from None
    unknown_top = set(data) - {"source"}
    if unknown_top:
        raise SourcesError(
            f"{path}: unknown top-level key(s) {sorted(unknown_top)}; expected [[source]] tables"
        )
    entries = data.get("source")
    if not isinstance(entries, list) or not entries:
        raise SourcesError(f"{path}: no [[source]] entries")
    sources = [_source(path, i, entry) for i, entry in enumerate(entries, 1)]
    seen: set[str] = set()
    for source in sources:
        if source.name in seen:
            raise SourcesError(f"{path}: source {source.name!r}: field 'name': duplicate name")
        seen.add(source.name)
    return sources


def find_source(path: str | Path, name: str) -> Source:
    """The source called ``name`` in the sources file at ``path``; :class:`SourcesError` if
    the file is broken or has no such source."""
    for source in load_sources(path):
        if source.name == name:
            return source
    raise SourcesError(f"{path}: no source named {name!r}")


def _source(path: Path, index: int, entry: object) -> Source:
    where = f"{path}: source #{index}"
    if not isinstance(entry, dict):
        raise SourcesError(f"{where}: must be a table")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise SourcesError(f"{where}: field 'name': missing or empty")
    where = f"{path}: source {name!r}"

    def fail(key: str, problem: str) -> SourcesError:
        return SourcesError(f"{where}: field {key!r}: {problem}")

    unknown = set(entry) - _KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise fail(key, f"unknown key (known keys: {', '.join(sorted(_KEYS))})")

    def strings(key: str) -> tuple[str, ...]:
        value = entry.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise fail(key, "must be a list of strings")
        return tuple(value)

    def urls(key: str) -> tuple[str, ...]:
        values = strings(key)
        for url in values:
            if not re.match(r"https?://[^/\s]+", url):
                raise fail(key, f"{url!r} is not an http(s) URL")
        return values

    def patterns(key: str) -> tuple[re.Pattern[str], ...]:
        compiled = []
        for pattern in strings(key):
            try:
                compiled.append(re.compile(pattern))
            except re.error as exc:
                raise fail(key, f"bad regular expression {pattern!r}: {exc}") from None
        return tuple(compiled)

    listings, feeds, sitemaps = urls("listings"), urls("feeds"), urls("sitemaps")
    if not (listings or feeds or sitemaps):
        raise SourcesError(
            f"{where}: no entry point: give at least one of 'listings', 'feeds', 'sitemaps'"
        )
    timezone = entry.get("timezone")
    if timezone is not None:
        if not isinstance(timezone, str):
            raise fail("timezone", "must be a string such as 'Europe/Berlin'")
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise fail("timezone", f"unknown time zone {timezone!r}") from None
    language = entry.get("language")
    if language is not None and not (
        isinstance(language, str) and re.fullmatch(r"[a-z]{2,3}", language)
    ):
        raise fail("language", f"{language!r} is not an ISO 639-1 code such as 'en'")
    max_pages = entry.get("max_listing_pages", DEFAULT_MAX_LISTING_PAGES)
    if not isinstance(max_pages, int) or isinstance(max_pages, bool) or max_pages < 1:
        raise fail("max_listing_pages", f"{max_pages!r} is not a whole number >= 1")
    recheck = entry.get("recheck_hours")
    if recheck is not None and (not isinstance(recheck, int | float) or recheck <= 0):
        raise fail("recheck_hours", f"{recheck!r} is not a positive number of hours")
    return Source(
        name=name,
        fields=_fields(entry.get("fields", {}), fail),
        page=_page(entry.get("page"), fail),
        listings=listings,
        feeds=feeds,
        sitemaps=sitemaps,
        timezone=timezone,
        language=language,
        max_listing_pages=max_pages,
        allow=patterns("allow"),
        deny=patterns("deny"),
        recheck_hours=float(recheck) if recheck is not None else None,
    )


def _fields(table: object, fail: Callable[[str, str], SourcesError]) -> tuple[tuple[str, str], ...]:
    """The ``[source.fields]`` table, each selector checked."""
    if not isinstance(table, dict):
        raise fail("fields", "must be a table of item field = selector")
    for key, selector in table.items():
        if key not in FIELDS:
            raise fail(f"fields.{key}", f"not a field that can be overridden ({', '.join(FIELDS)})")
        if problem := selector_problem(selector):
            raise fail(f"fields.{key}", problem)
    return tuple(table.items())


def _page(path: object, fail: Callable[[str, str], SourcesError]) -> str | None:
    """The ``page`` object's import path, checked by importing it."""
    if path is None:
        return None
    if not isinstance(path, str):
        raise fail("page", "must be a string such as 'mypkg.pages:GazetteArticle'")
    try:
        load_page_object(path)
    except ValueError as exc:
        raise fail("page", str(exc)) from None
    return path
