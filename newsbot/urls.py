"""URL identity: canonical form, tracking parameters, the key that says "same article"."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urlsplit, urlunsplit

import tldextract
from w3lib.url import canonicalize_url, url_query_cleaner

# Bundled public-suffix snapshot only: newsbot never fetches the list at run time.
_TLD = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gclsrc|msclkid|yclid|mc_cid|mc_eid|mc_\w+|ref|ref_src|"
    r"referrer|cmpid|cmp|icid|ocid|ito|xtor|maca|at_\w+|wt_\w+|ns_\w+|sr_share|"
    r"smid|taid|__twitter_impression|igshid|_ga|_gl|s_cid)$",
    re.IGNORECASE,
)


def strip_tracking(url: str) -> str:
    """``url`` without tracking query parameters and fragment."""
    parts = urlsplit(url)
    if not parts.query:
        return urlunsplit(parts._replace(fragment=""))
    params = [p.split("=", 1)[0] for p in parts.query.split("&") if p]
    keep = [p for p in params if not TRACKING_PARAMS.match(p)]
    url = url_query_cleaner(url, keep, unique=False, keep_fragments=False)
    return url


def canonical_url(url: str) -> str:
    """Normalised URL: tracking stripped, query sorted, default port and fragment dropped."""
    return canonicalize_url(strip_tracking(url))


def url_key(url: str) -> str:
    """The identity of an article URL: canonical, with scheme and ``www.`` folded."""
    parts = urlsplit(canonical_url(url))
    host = (parts.hostname or "").lower()
    host = host.removeprefix("www.")
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/") or "/"
    return host + path + (f"?{parts.query}" if parts.query else "")


def article_id(url: str) -> str:
    """A stable short id for the article at ``url`` (hash of its :func:`url_key`)."""
    return hashlib.sha1(url_key(url).encode("utf-8")).hexdigest()[:16]


def registered_domain(url: str) -> str | None:
    """``news.bbc.co.uk`` -> ``bbc.co.uk``; an IP address or localhost stays as it is."""
    host = urlsplit(url).hostname
    if not host:
        return None
    ext = _TLD.extract_str(host)
    return ext.top_domain_under_public_suffix or host
