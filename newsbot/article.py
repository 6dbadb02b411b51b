"""From a downloaded page to an :class:`Article`, alike for the spider and `newsbot extract`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from newsbot.extract import extract_article
from newsbot.extract.overrides import apply_overrides, attach_report
from newsbot.items import Article
from newsbot.urls import article_id, canonical_url, registered_domain

if TYPE_CHECKING:
    from newsbot.sources import Source


def build_article(
    html: str,
    url: str,
    *,
    source: str,
    downloaded: str,
    spider: str = "articles",
    discovery: dict[str, Any] | None = None,
    same_site: Callable[[str], bool] | None = None,
    selectors: Mapping[str, str] | None = None,
    page_object: str | None = None,
) -> Article:
    """Extract the page at ``url`` and wrap it with the crawl facts.

    The source's ``selectors`` (field -> selector) and ``page_object`` override the generic
    fields (:func:`newsbot.extract.overrides.apply_overrides`); what they did is kept with the
    article (:func:`newsbot.extract.overrides.field_report`). The page's canonical link is
    trusted only when ``same_site`` accepts it (by default: the same registered domain as
    ``url``).
    """
    fields = extract_article(html, url)
    report = None
    if selectors or page_object:
        fields, report = apply_overrides(
            html, url, fields, selectors=selectors, page_object=page_object
        )
    canonical = fields.pop("canonicalUrl", None)
    if same_site is None:
        domain = registered_domain(url)
        same_site = lambda u: registered_domain(u) == domain  # noqa: E731
    if not canonical or not same_site(canonical):
        canonical = url
    canonical = canonical_url(canonical)
    article = Article(
        url=url,
        canonicalUrl=canonical,
        articleId=article_id(canonical),
        source=source,
        site=registered_domain(url),
        discovery={
            "via": None,
            "sourceUrl": None,
            "sourceTitle": None,
            "sourceDate": None,
            **(discovery or {}),
        },
        metadata={"dateDownloaded": downloaded, "spider": spider},
        **fields,
    )
    if report is not None:
        attach_report(article, report)
    return article


def transform(article: Article, source: Source | None = None) -> Article:
    """The crawl's transforming pipelines (text cleaning, dates) with their defaults, in order;
    dates in the time zone of ``source``, the article's entry of a sources file, if given.

    For tools that rebuild items outside a crawl (``newsbot extract``, ``newsbot reextract``),
    so they give the same item as the crawl.
    """
    from newsbot.pipelines.clean import CleanText
    from newsbot.pipelines.dates import ParseDates

    article = CleanText().process_item(article)
    sources = {source.name: source} if source is not None else None
    return ParseDates(sources=sources).process_item(article)
