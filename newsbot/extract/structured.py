"""The page's own structured data: the JSON-LD ``NewsArticle`` / ``Article`` object."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml.html import HtmlElement
from w3lib.html import remove_tags

ARTICLE_TYPES = {
    "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
    "OpinionNewsArticle", "ReviewNewsArticle", "BackgroundNewsArticle", "LiveBlogPosting",
    "Report", "ScholarlyArticle", "TechArticle", "SocialMediaPosting", "AskPublicNewsArticle",
}  # fmt: skip


def jsonld_objects(tree: HtmlElement) -> Iterator[dict[str, Any]]:
    """Every JSON object in the page's JSON-LD blocks, ``@graph`` members included."""
    for script in tree.iterfind(".//script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = (script.text or "").strip()
        if not text:
            continue
        try:
            data = json.loads(text, strict=False)
        except json.JSONDecodeError:
            continue  # one broken block must not hide the others
        yield from _objects(data)


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for entry in data:
            yield from _objects(entry)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _objects(data["@graph"])


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type")
    values = value if isinstance(value, list) else [value]
    return {v.rsplit("/", 1)[-1] for v in values if isinstance(v, str)}


def jsonld_article(tree: HtmlElement) -> dict[str, Any]:
    """The page's article object from JSON-LD, or {} when it has none.

    When several article objects exist, the one with the most fields wins: pages list
    related stories as small ``NewsArticle`` stubs next to the real one.
    """
    candidates = [o for o in jsonld_objects(tree) if _types(o) & ARTICLE_TYPES]
    if not candidates:
        return {}
    return max(candidates, key=lambda o: (bool(o.get("articleBody")), len(o)))


def as_text(value: Any) -> str | None:
    """A JSON-LD value as plain text.

    Strings pass, {"name"}/{"@value"} unwrap, lists give the first.
    """
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("url")
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = str(value).strip()
        return text or None
    return None


def as_list(value: Any) -> list[str]:
    """A JSON-LD value that may be a string, a comma list, an object or a list, as strings."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        text = as_text(item)
        if text:
            out.extend(p.strip() for p in text.split(",") if p.strip())
    return out


_BREAKS = re.compile(r"<br\s*/?>|</p>|</h\d>", re.IGNORECASE)
MIN_BODY_CHARS = 300
"""A JSON-LD ``articleBody`` shorter than this is a teaser, not the article."""


def article_body(ld: dict[str, Any]) -> str | None:
    """The JSON-LD ``articleBody`` as paragraphs, when it is long enough to be the article.

    Only a last resort: publishers fill it with plain text (paragraphs run together, or cut
    short), so the page's markup is read first.
    """
    text = as_text(ld.get("articleBody"))
    if not text or len(text) < MIN_BODY_CHARS:
        return None
    text = remove_tags(_BREAKS.sub("\n", text))  # some put HTML there
    paragraphs = [" ".join(line.split()) for line in text.replace("\r", "\n").split("\n")]
    return "\n\n".join(p for p in paragraphs if p) or None
