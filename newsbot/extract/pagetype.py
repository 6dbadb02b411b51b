"""What a page served with status 200 really is: an article (all of it, or the part before a
paywall), a listing of other articles, or a page standing in for one: a bot challenge, a
consent wall, a soft 404.

Pure functions of the parsed page; the item carries the verdict in ``accessStatus`` and
:class:`newsbot.pipelines.validate.RequireFields` drops the stand-ins by name.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

from newsbot.extract.links import is_article_url

if TYPE_CHECKING:
    from lxml.html import HtmlElement

FULL = "full"
PARTIAL = "partial"
CHALLENGE = "challenge"
CONSENT = "consent"
NOT_FOUND = "not_found"
LISTING = "listing"
NOT_ARTICLE = frozenset({CHALLENGE, CONSENT, NOT_FOUND, LISTING})
"""``accessStatus`` values of pages that are no article."""

LISTING_MIN_LINKS = 5
"""A listing links to at least this many articles by their headlines..."""

LISTING_WORDS_PER_LINK = 40
"""...and has fewer words of text than this per link (a teaser each, not an article)."""

PARTIAL_BODY_CHARS = 800
"""Behind a paywall, a body shorter than this is the teaser, not the article."""

SHORT_PAGE_WORDS = 300
"""Stand-in pages are short: a page with more visible words than this is never one."""

# Bot-protection vendors' page furniture (Cloudflare, DataDome, PerimeterX, Imperva, Akamai,
# AWS WAF, DDoS-Guard): found in the HTML of their challenge pages, not of real articles.
_CHALLENGE_MARKUP = re.compile(
    r"_cf_chl_opt|cf-browser-verification|/cdn-cgi/challenge-platform|cf-challenge|"
    r"captcha-delivery\.com|px-captcha|_pxCaptcha|_Incapsula_Resource|Incapsula incident|"
    r"sec-if-cpt-container|AwsWafIntegration|ddos-guard",
    re.IGNORECASE,
)
_CHALLENGE_TITLE = re.compile(
    r"^(just a moment|attention required|access denied|are you a (robot|human)|"
    r"pardon our interruption|robot check|security check|one more step|ddos-guard|"
    r"verif(y|ying) (that )?you are (a )?human|please verify you are a human|"
    r"access to this page has been denied|checking your browser|bot verification|"
    r"human verification|captcha)\b",
    re.IGNORECASE,
)
_CONSENT_TITLE = re.compile(
    r"^(before you continue|we value your privacy|your privacy choices|cookie consent|"
    r"privacy (settings|preferences)|manage (your )?cookies|bevor sie fortfahren|"
    r"avant de continuer|antes de continuar|prima di continuare|zustimmung|"
    r"datenschutzeinstellungen|consent)\b",
    re.IGNORECASE,
)
_CONSENT_BUTTONS = re.compile(
    r"\b(accept all|reject all|agree and close|i agree|alle akzeptieren|alle ablehnen|"
    r"tout accepter|tout refuser|aceptar todo|accetta tutto)\b",
    re.IGNORECASE,
)
_NOT_FOUND = re.compile(
    r"\b(page|article|story|content|file)s? (was |is )?not found\b|^not found\b|"
    r"\b(could ?n[o’']t|cannot|can[’']t) (be )?(find|found)\b|\bno longer (available|exists)\b|"
    r"\b(error )?404\b|\bseite nicht gefunden\b|\bpage introuvable\b|"
    r"\bp[aá]gina no encontrada\b|\bpagina non trovata\b|\bстраница не найдена\b",
    re.IGNORECASE,
)
_PAYWALL_CLASS = re.compile(
    r"(^|[\s_-])(paywall|paywalled|regwall|subscriber-only|subscribers-only|premium-teaser|"
    r"article-locked|locked-content|meteredcontent)([\s_-]|$)",
    re.IGNORECASE,
)
_PAYWALL_TEXT = re.compile(
    r"\b(subscribe (now )?to (continue|keep) reading|this (article|story) is (only )?"
    r"(available )?(for|to) subscribers|already a subscriber\?|become a subscriber to read|"
    r"abonnieren sie, um weiterzulesen|jetzt weiterlesen mit|réservé aux abonnés|"
    r"la suite est réservée)",
    re.IGNORECASE,
)


def page_type(tree: HtmlElement, ld: dict[str, Any]) -> str | None:
    """``challenge``, ``consent`` or ``not_found`` for a page that only stands in for an
    article; None for anything else. ``ld`` is the page's JSON-LD article (or {})."""
    # Paragraph words alone settle most pages cheaply; the visible text is the full count.
    if len(" ".join(tree.xpath("//p//text()")).split()) > SHORT_PAGE_WORDS:
        return None
    text = visible_text(tree)
    if len(text.split()) > SHORT_PAGE_WORDS:
        return None
    title = " ".join((tree.findtext(".//title") or "").split())
    h1 = " ".join(" ".join(e.text_content().split()) for e in tree.iterfind(".//h1"))
    if _CHALLENGE_TITLE.match(title) or _challenge_markup(tree):
        return CHALLENGE
    consent_asked = _CONSENT_BUTTONS.search(text) or tree.find(".//form") is not None
    if (_CONSENT_TITLE.match(title) or _CONSENT_TITLE.match(h1)) and consent_asked:
        return CONSENT
    if not ld.get("headline") and (_NOT_FOUND.search(title) or _NOT_FOUND.search(h1)):
        return NOT_FOUND
    return None


def access(tree: HtmlElement, ld: dict[str, Any], body: str | None) -> dict[str, Any]:
    """``isAccessibleForFree`` and ``accessStatus`` of a page whose article text is ``body``.

    ``isAccessibleForFree`` is what the page declares in JSON-LD (the article, or a part of
    it), None when it says nothing. Many paywalled pages carry the whole text for search
    engines, so a paywall alone does not make the text partial: ``partial`` needs a declared
    or visible paywall and a body shorter than :data:`PARTIAL_BODY_CHARS`, unless the page
    holds the declared paywalled part. A stand-in page gets its :func:`page_type`.
    """
    kind = page_type(tree, ld)
    if kind is not None:
        return {"isAccessibleForFree": None, "accessStatus": kind}
    free = _boolean(ld.get("isAccessibleForFree"))
    locked = [
        p for p in _parts(ld.get("hasPart")) if _boolean(p.get("isAccessibleForFree")) is False
    ]
    if free is None and locked:
        free = False
    full = {"isAccessibleForFree": free, "accessStatus": FULL}
    if len(body or "") >= PARTIAL_BODY_CHARS or not (free is False or _paywall_shown(tree)):
        return full
    selectors = [str(p["cssSelector"]) for p in locked if isinstance(p.get("cssSelector"), str)]
    if selectors and all(_words_in(tree, s) >= 50 for s in selectors):
        return full
    return {"isAccessibleForFree": False, "accessStatus": PARTIAL}


def is_listing(
    tree: HtmlElement,
    url: str,
    meta: dict[str, str],
    ld: dict[str, Any],
    words: int,
    dated: bool,
) -> bool:
    """Whether the page lists articles rather than being one (a section front, a hub, a
    numbered page of a listing): nothing marks it as an article (JSON-LD article,
    ``og:type=article``, ``article:published_time``, microdata), it has no date of its own
    (``dated``: a date found anywhere but in the URL), and it links to at least
    :data:`LISTING_MIN_LINKS` articles of its site by their headlines with fewer than
    :data:`LISTING_WORDS_PER_LINK` words of text (``words``) per link."""
    if ld or dated or _article_markup(tree, meta):
        return False
    links = headline_links(tree, url)
    return links >= LISTING_MIN_LINKS and words < LISTING_WORDS_PER_LINK * links


def headline_links(tree: HtmlElement, url: str) -> int:
    """How many other pages of the site whose URL looks like an article the page links to
    with a headline (three words or more)."""
    host = _host(url)
    found = set()
    for anchor in tree.iterfind(".//a[@href]"):
        if len(anchor.text_content().split()) < 3:
            continue
        target = urljoin(url, anchor.get("href", "").strip()).split("#", 1)[0]
        same_site = _host(target) == host and target.rstrip("/") != url.rstrip("/")
        if same_site and is_article_url(target):
            found.add(target)
    return len(found)


def _article_markup(tree: HtmlElement, meta: dict[str, str]) -> bool:
    if "article" in (meta.get("og:type") or "").lower() or meta.get("article:published_time"):
        return True
    return bool(tree.xpath("//*[contains(@itemtype, 'Article') or contains(@itemtype, 'Posting')]"))


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def visible_text(tree: HtmlElement) -> str:
    """The text a reader sees: no scripts, styles or templates."""
    body = tree.find(".//body")
    root = body if body is not None else tree
    parts = root.xpath(
        ".//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)"
        " and not(ancestor::template)]"
    )
    return " ".join(" ".join(parts).split())


def _challenge_markup(tree: HtmlElement) -> bool:
    for script in tree.iterfind(".//script"):
        if _CHALLENGE_MARKUP.search((script.text or "") + (script.get("src") or "")):
            return True
    for element in tree.iter("div", "form", "iframe"):
        attributes = " ".join(element.get(a) or "" for a in ("id", "class", "action", "src"))
        if attributes.strip() and _CHALLENGE_MARKUP.search(attributes):
            return True
    return False


def _paywall_shown(tree: HtmlElement) -> bool:
    for element in tree.iter("div", "section", "aside", "article"):
        if _PAYWALL_CLASS.search(f"{element.get('class') or ''} {element.get('id') or ''}"):
            return True
    return bool(_PAYWALL_TEXT.search(visible_text(tree)))


def _parts(value: Any) -> list[dict[str, Any]]:
    values = value if isinstance(value, list) else [value]
    return [v for v in values if isinstance(v, dict)]


def _boolean(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no"):
        return value.strip().lower() in ("true", "yes")
    return None


def _words_in(tree: HtmlElement, selector: str) -> int:
    """Words inside the elements a JSON-LD ``cssSelector`` names (class or id selectors)."""
    total = 0
    for part in selector.split(","):
        part = part.strip()
        if re.fullmatch(r"\.[\w-]+", part):
            found = tree.xpath(
                "//*[contains(concat(' ', normalize-space(@class), ' '), $c)]", c=f" {part[1:]} "
            )
        elif re.fullmatch(r"#[\w-]+", part):
            found = tree.xpath("//*[@id=$i]", i=part[1:])
        else:
            continue
        total += sum(len(e.text_content().split()) for e in found)
    return total
