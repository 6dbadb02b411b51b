"""Text cleaning: entities, stray tags, whitespace and Unicode normalisation."""

from __future__ import annotations

import re
import unicodedata

from w3lib.html import remove_tags, replace_entities

from newsbot.items import Article

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def clean_line(text: str | None) -> str | None:
    """One line of text: entities decoded, tags removed, NFC, whitespace collapsed."""
    if text is None:
        return None
    text = unicodedata.normalize("NFC", replace_entities(remove_tags(text)))
    text = _INVISIBLE.sub("", text)
    text = " ".join(text.split())
    return text or None


def clean_body(text: str | None) -> str | None:
    """Body text: like :func:`clean_line` per paragraph, paragraphs separated by one blank line."""
    if text is None:
        return None
    text = unicodedata.normalize("NFC", replace_entities(text))
    text = _INVISIBLE.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = []
    for block in _BLANK_LINES.split(text):
        lines = [_SPACES.sub(" ", line).strip() for line in block.split("\n")]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            paragraphs.append(paragraph)
    return "\n\n".join(paragraphs) or None


class CleanText:
    """Normalise every text field of an article; recount ``wordCount`` on the cleaned body.

    The shipped settings run it in the extraction pool's workers (``NEWSBOT_POOL_PIPELINES``).
    """

    def process_item(self, item: Article) -> Article:
        item.headline = clean_line(item.headline)
        item.description = clean_line(item.description)
        item.articleBody = clean_body(item.articleBody)
        item.authors = _unique(
            [{"name": n} for a in item.authors if (n := clean_line(a.get("name")))]
        )
        item.articleSection = _unique_text(item.articleSection)
        item.keywords = _unique_text(item.keywords)
        item.wordCount = len(re.findall(r"\w+", item.articleBody)) if item.articleBody else None
        return item


def _unique_text(values: list[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        text = clean_line(value)
        if text and text not in out:
            out.append(text)
    return out


def _unique(values: list[dict[str, str]]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for value in values:
        if value not in out:
            out.append(value)
    return out
