"""Build the item: a downloaded page's extracted fields (:mod:`newsbot.extract`) with the crawl's
facts (source, download time, discovery) into an :class:`Article`, alike in the extraction
pool, ``newsbot extract`` and ``newsbot reextract``."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from newsbot.extract.article import extract_article
from newsbot.extract.overrides import FieldReport, attach_report, override, select_fields
from newsbot.extract.page_objects import page_object_fields
from newsbot.items import Article
from newsbot.urls import article_id, canonical_url, registered_domain

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping


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
    fields (:func:`apply_overrides`); what they did is kept with the
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


def apply_overrides(
    html: str,
    url: str,
    generic: dict[str, Any],
    *,
    selectors: Mapping[str, str] | None = None,
    page_object: str | None = None,
) -> tuple[dict[str, Any], FieldReport]:
    """The ``generic`` fields of a page with a source's overrides put over them: its page
    object's fields (see :mod:`newsbot.extract.page_objects`), then its selectors'.

    A page object that raises is reported and left out: the page keeps its generic values.
    """
    found: dict[str, Any] = {}
    error = None
    if page_object:
        try:
            found = page_object_fields(html, url, page_object)
        except Exception as exc:  # the source's own code: any failure falls back, reported
            error = f"{type(exc).__name__}: {exc}"
    for name, value in select_fields(html, url, selectors or {}).items():
        if value is not None or name not in found:
            found[name] = value
    fields, report = override(generic, found)
    return fields, replace(report, page_error=error)
