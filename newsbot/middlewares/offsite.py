"""Requests stay on their source's sites: no page, feed or redirect can send the crawler to
another host, to a private address, or to a ``file:``, ``ftp:`` or ``data:`` URL (issue 8)."""

from __future__ import annotations

import ipaddress
import logging
from typing import TYPE_CHECKING, Any, Self, cast
from urllib.parse import urljoin, urlsplit

from scrapy import signals
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.error import DNSLookupError
from w3lib.url import safe_url_string

from newsbot.sources import Sources
from newsbot.urls import site_key

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, Iterable

    from scrapy import Request, Spider
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.internet.defer import Deferred

    Resolver = Callable[[str], Awaitable[str]]

logger = logging.getLogger(__name__)

SCHEMES = frozenset({"http", "https"})
_LOCAL_NAMES = ("localhost", ".localhost", ".local", ".internal", ".lan", ".home.arpa")


class Refused(IgnoreRequest):
    """A request or redirect that would leave its source's sites."""


def is_private_address(ip: str) -> bool:
    """Whether ``ip`` is not a public internet address: loopback, private, link-local
    (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast, reserved, unspecified."""
    try:
        address = ipaddress.ip_address(ip.strip("[]"))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return not address.is_global


def is_local_host(host: str) -> bool:
    """Whether a host names this machine or its network without any lookup: a private IP
    address written out, or a local name (``localhost``, ``*.local``, ``*.internal``)."""
    host = host.lower().rstrip(".")
    return is_private_address(host) or host == "localhost" or host.endswith(_LOCAL_NAMES)


def starts_locally(entry_urls: Iterable[str]) -> bool:
    """Whether a source starts on a private address or local name (and so may stay there)."""
    return any(is_local_host(urlsplit(u).hostname or "") for u in entry_urls)


def refusal(url: str, sites: Iterable[str]) -> str | None:
    """Why ``url`` may not be requested by a source on ``sites`` (``scheme`` or ``offsite``),
    or None. Addresses are :class:`StayOnSource`'s business: they need a lookup."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        return "scheme"
    if site_key(url) not in sites:
        return "offsite"
    return None


class StayOnSource:
    """Refuse requests and redirects that leave the source's sites
    (:meth:`newsbot.sources.Sources.sites`), that are not
    HTTP(S), or, for a source on public addresses, whose host is or resolves to a private,
    loopback or link-local address. Redirects are judged before they are followed; a loop
    is cut at its first repeat. Requests without a source (robots.txt) may go to any
    source's sites.

    Only the sources file and the setting ``STAY_ON_SOURCE_EXTRA_SITES`` (site keys every
    source may reach, e.g. a CDN's registered domain) widen this; pages cannot.
    Stats: ``newsbot/refused/<reason>`` and ``newsbot/source/<name>/refused/<reason>``,
    reasons ``scheme``, ``offsite``, ``private_address``, ``redirect_scheme``,
    ``redirect_offsite``, ``redirect_loop``.
    """

    def __init__(self, crawler: Crawler | None = None, *, resolver: Resolver | None = None) -> None:
        self.crawler = crawler
        self.resolver = resolver or _twisted_resolve
        self.sites: dict[str, frozenset[str]] = {}
        self.local: dict[str, bool] = {}
        self.all_sites: frozenset[str] = frozenset()
        self._addresses: dict[str, str] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self, spider: Spider) -> None:
        self.set_sources(Sources.of(spider))

    def set_sources(self, sources: Sources) -> None:
        """Learn each source's sites (called when the spider opens)."""
        self.sites = {name: sources.sites(name) for name in sources}
        self.local = {name: starts_locally(sources.entry_urls(name)) for name in sources}
        self.all_sites = sources.all_sites()

    async def process_request(self, request: Request) -> None:
        source = _source(request)
        sites = self.sites.get(source, self.all_sites) if source else self.all_sites
        reason = refusal(request.url, sites)
        redirected = request.meta.get("redirect_urls") or []
        if reason is None and request.url in redirected:
            reason = "redirect_loop"
        if reason is None and not self._may_be_local(source):
            host = urlsplit(request.url).hostname or ""
            if is_local_host(host) or is_private_address(await self._address(host)):
                reason = "private_address"
        if reason is not None:
            if redirected and not reason.startswith("redirect_"):
                reason = f"redirect_{reason}"  # a meta refresh, or a 3xx seen too late
            self._refuse(request, reason, request.url)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if not (300 <= response.status < 400) or not location:
            return response
        if request.meta.get("dont_redirect") or request.meta.get("handle_httpstatus_all"):
            return response
        target = urljoin(request.url, safe_url_string(location.decode("latin-1")))
        source = _source(request)
        sites = self.sites.get(source, self.all_sites) if source else self.all_sites
        if reason := refusal(target, sites):
            self._refuse(request, f"redirect_{reason}", target)
        if target == request.url or target in (request.meta.get("redirect_urls") or []):
            self._refuse(request, "redirect_loop", target)
        return response

    def _may_be_local(self, source: str | None) -> bool:
        if source and source in self.local:
            return self.local[source]
        return any(self.local.values())

    async def _address(self, host: str) -> str:
        if host not in self._addresses:
            try:
                self._addresses[host] = await self.resolver(host)
            except DNSLookupError:  # the download fails on it too, and is counted there
                return ""
        return self._addresses[host]

    def _refuse(self, request: Request, reason: str, url: str) -> None:
        source = _source(request)
        if self.crawler is not None and self.crawler.stats is not None:
            self.crawler.stats.inc_value(f"newsbot/refused/{reason}")
            if source:
                self.crawler.stats.inc_value(f"newsbot/source/{source}/refused/{reason}")
        logger.info(
            "Refused %(url)s (%(reason)s) for source %(source)s, from %(request)s",
            {"url": url, "reason": reason, "source": source, "request": request.url},
        )
        raise Refused(f"{url}: {reason}")


def _source(request: Request) -> str | None:
    source: Any = request.cb_kwargs.get("source")
    return source if isinstance(source, str) else None


async def _twisted_resolve(host: str) -> str:
    """The address Scrapy will connect to: its resolver, whose cache the download reuses."""
    from twisted.internet import reactor

    lookup = cast("Deferred[object]", reactor.resolve(host))  # type: ignore[arg-type]
    return str(await maybe_deferred_to_future(lookup))
