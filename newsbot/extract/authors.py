"""Author names: structured data first, then the visible byline; names only.

Bylines come as "By A and B", "A und B, dpa", "Name (abc)", or as the publisher's own
name standing in for a person; each is reduced to the people it names, in page order.
"""

from __future__ import annotations

import re
from typing import Any

from lxml.html import HtmlElement

from newsbot.extract.blocks import normalise

BYLINE_PREFIX = re.compile(
    r"^\s*(?:by|von|par|por|di|da|av|af|door|od|от|written by|text|texto|"
    r"autor(?:in)?|author|reporter)\s*[:\-]?\s+",
    re.IGNORECASE,
)
SPLIT = re.compile(r"\s*(?:,|;|\s&\s|\s(?:and|und|og|och|y|e|et|en|i|ja|a|és)\s)\s*")
PARENTHESES = re.compile(r"\s*[(\[][^)\]]*[)\]]")
EMAIL = re.compile(r"\S+@\S+")
MAX_NAME_WORDS = 5


def find_authors(tree: HtmlElement, meta: dict[str, str], ld: dict[str, Any]) -> list[str]:
    """Names of the people who wrote the article, in page order, without duplicates."""
    raw = _jsonld_people(ld.get("author"))
    if not raw:
        raw = [meta[k] for k in ("author", "article:author", "dc.creator") if meta.get(k)]
    names = clean_names(raw)
    if not names:
        names = clean_names(visible_bylines(tree))
    return names


def _jsonld_people(value: Any) -> list[str]:
    out: list[str] = []
    for entry in value if isinstance(value, list) else [value]:
        if isinstance(entry, str):
            out.append(entry)
        elif isinstance(entry, dict):
            name = entry.get("name")
            if isinstance(name, list):
                name = " ".join(n for n in name if isinstance(n, str))
            if isinstance(name, str):
                out.append(name)
        elif isinstance(entry, list):
            out.extend(_jsonld_people(entry))
    return out


def clean_names(raw: list[str]) -> list[str]:
    """Split bylines into names and drop what is not a name (e-mail, URL, role, date)."""
    names: list[str] = []
    for value in raw:
        value = EMAIL.sub("", PARENTHESES.sub("", normalise(value)))
        value = BYLINE_PREFIX.sub("", value)
        parts = SPLIT.split(value)
        if len(parts) == 2 and "," in value and all(len(p.split()) == 1 for p in parts):
            parts = [f"{parts[1]} {parts[0]}"]  # "Last, First"
        for part in parts:
            name = part.strip(" .,:;|-–—")
            if not name or name.startswith("http") or not re.search(r"\w", name):
                continue
            if len(name.split()) > MAX_NAME_WORDS or re.search(r"\d{2}", name):
                continue
            if BYLINE_PREFIX.match(name + " "):
                continue  # a bare "By" or "Von" whose name is in another element
            if name not in names:
                names.append(name)
    return names


def visible_bylines(tree: HtmlElement) -> list[str]:
    """Short texts of elements marked as the author (``rel`` or ``itemprop``)."""
    found: list[str] = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("meta", "link", "script"):
            continue
        if element.get("rel") != "author" and element.get("itemprop") != "author":
            continue
        text = normalise(element.text_content())
        if text and len(text.split()) <= 12:
            found.append(text)
            if len(found) >= 3:
                break
    return found
