"""URL identity: canonical form, tracking parameters, the key that says "same article"."""

from __future__ import annotations

import functools
import hashlib
import re
from urllib.parse import urlsplit, urlunsplit

import tldextract
from w3lib.url import canonicalize_url, url_query_cleaner

# Bundled public-suffix snapshot only: newsbot never fetches the list at run time.
_TLD = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

TRACKING_PARAMS = re.compile(
    r"^(utm_\w+|fbclid|gclid|dclid|gclsrc|gbraid|wbraid|msclkid|yclid|twclid|ttclid|"
    r"li_fat_id|epik|rb_clickid|s_kwcid|ef_id|mc_cid|mc_eid|mc_\w+|ref|ref_src|ref_url|"
    r"referrer|cmpid|cmp|icid|ocid|ncid|ito|xtor|maca|at_\w+|wt_\w+|ns_\w+|sr_share|"
    r"smid|taid|__twitter_impression|igshid|igsh|_ga|_gl|s_cid|_hsenc|_hsmi|hsctatracking|"
    r"mkt_tok|oly_anon_id|oly_enc_id|vero_id|vero_conv|wickedid|soc_src|soc_trk|"
    r"guccounter|guce_referrer|guce_referrer_sig|sref|traffic_source)$",
    re.IGNORECASE,
)

# Session ids: a new value per visit, so every link differs. ``sid`` is also a story id on
# some sites (``article.php?sid=123``): only a long token counts as a session there.
SESSION_PARAMS = re.compile(
    r"^(phpsessid|jsessionid|aspsessionid\w*|asp\.net_sessionid|sessionid|session_id|sessid|"
    r"cfid|cftoken|zenid|osCsid)$",
    re.IGNORECASE,
)
_SESSION_TOKEN = re.compile(r"^[0-9A-Za-z_-]{16,}$")
_PATH_SESSION = re.compile(r";(jsessionid|phpsessid|sid)=[^/?#;]*", re.IGNORECASE)

# Hosts that mirror the main site: "www.", mobile and AMP editions.
_MIRROR_LABEL = re.compile(r"^(www\d?|m|mobile|amp)$")
# AMP caches serve https://www-example-com.cdn.ampproject.org/c/s/www.example.com/path.
_AMP_CACHE = re.compile(r"^https?://[^/]+\.cdn\.ampproject\.org/[cv]/(s/)?(.+)$")
_GOOGLE_AMP = re.compile(r"^https?://(www\.)?google\.[a-z.]+/amp/(s/)?(.+)$")
_AMP_QUERY = {"amp", "_amp", "outputtype", "output", "amp_js_v", "usqp"}
_AMP_PATH = (
    (re.compile(r"/amp(?=/|$)"), ""),  # /amp/story, /story/amp
    (re.compile(r"\.amp(?=\.html?$|$)"), ""),  # /story.amp, /story.amp.html
    (re.compile(r"/amp\.html?$"), ""),  # /story/amp.html
    (re.compile(r"-amp(?=\.html?$)"), ""),  # /story-amp.html
)


def strip_tracking(url: str) -> str:
    """``url`` without tracking and session parameters (query or ``;jsessionid=`` path
    parameter) and fragment."""
    parts = urlsplit(url)
    if ";" in parts.path:
        parts = parts._replace(path=_PATH_SESSION.sub("", parts.path))
        url = urlunsplit(parts)
    if not parts.query:
        return urlunsplit(parts._replace(fragment=""))
    pairs = [p.split("=", 1) for p in parts.query.split("&") if p]
    keep = [
        kv[0]
        for kv in pairs
        if not TRACKING_PARAMS.match(kv[0])
        and not SESSION_PARAMS.match(kv[0])
        and not (kv[0].lower() == "sid" and len(kv) == 2 and _SESSION_TOKEN.match(kv[1]))
    ]
    url = url_query_cleaner(url, keep, unique=False, keep_fragments=False)
    return url


def canonical_url(url: str) -> str:
    """Normalised URL: tracking stripped, query sorted, default port and fragment dropped."""
    url = canonicalize_url(strip_tracking(url))
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    try:
        port = parts.port
    except ValueError:
        return url
    if port is not None and port == default:
        url = urlunsplit(parts._replace(netloc=parts.netloc.rsplit(":", 1)[0]))
    return url


def non_amp_url(url: str) -> str:
    """The regular page of an AMP URL (AMP caches, ``/amp`` paths, ``amp.`` hosts,
    ``?amp=1``); other URLs unchanged. Used for identity only: the AMP URL stays fetchable."""
    if m := _AMP_CACHE.match(url):
        url = ("https://" if m.group(1) else "http://") + m.group(2)
    elif m := _GOOGLE_AMP.match(url):
        url = ("https://" if m.group(2) else "http://") + m.group(3)
    parts = urlsplit(url)
    path = parts.path
    for pattern, replacement in _AMP_PATH:
        path = pattern.sub(replacement, path)
    query = "&".join(
        p for p in parts.query.split("&") if p and p.split("=", 1)[0].lower() not in _AMP_QUERY
    )
    netloc = parts.netloc
    if netloc.lower().startswith("amp."):
        netloc = netloc[4:]
    return urlunsplit(parts._replace(netloc=netloc, path=path or "/", query=query))


def url_key(url: str) -> str:
    """The identity of an article URL: canonical, AMP folded to the regular page, scheme,
    ``www.``/mobile hosts, default ports and trailing slashes folded."""
    parts = urlsplit(canonical_url(non_amp_url(url)))
    host = _fold_mirror((parts.hostname or "").lower())
    try:
        port = parts.port
    except ValueError:
        port = None
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    path = parts.path.rstrip("/") or "/"
    return host + path + (f"?{parts.query}" if parts.query else "")


@functools.lru_cache(maxsize=4096)
def article_id(url: str) -> str:
    """A stable short id for the article at ``url`` (hash of its :func:`url_key`).

    Cached: a crawl asks for the same URL's id several times (request fingerprint, seen
    check, de-duplication), and canonicalising costs ~30 µs.
    """
    return hashlib.sha1(url_key(url).encode("utf-8")).hexdigest()[:16]


def registered_domain(url: str) -> str | None:
    """``news.bbc.co.uk`` -> ``bbc.co.uk``; an IP address or localhost stays as it is."""
    host = urlsplit(url).hostname
    if not host:
        return None
    ext = _TLD.extract_str(host)
    return ext.top_domain_under_public_suffix or host


def site_key(url: str) -> str:
    """What tells one site from another: the registered domain, or host:port for an IP
    address or localhost."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return ""
    domain = registered_domain(url) or ""
    if domain == parts.hostname and not any(c.isalpha() for c in domain.replace(".", "")):
        return parts.netloc.lower()  # an IP address: the port tells sites apart
    if domain in ("localhost",):
        return parts.netloc.lower()
    return domain


class SameSite:
    """Whether a URL belongs to one of a source's sites (by :func:`site_key`).

    Lives here, not in the spider, so extraction workers unpickle it without importing Scrapy.
    """

    def __init__(self, keys: frozenset[str]) -> None:
        self.keys = keys

    def __call__(self, url: str) -> bool:
        return site_key(url) in self.keys


def _fold_mirror(host: str) -> str:
    """``www.example.com``, ``m.example.com`` -> ``example.com``; ``m.co.uk`` stays."""
    label, _, rest = host.partition(".")
    if _MIRROR_LABEL.match(label) and _TLD.extract_str(host).subdomain:
        return rest
    return host
