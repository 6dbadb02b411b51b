"""The article body: trafilatura's main-content extraction, as paragraphs."""

from __future__ import annotations

from lxml.html import HtmlElement
from trafilatura import bare_extraction

TRAFILATURA_OPTIONS = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": False,
    "with_metadata": False,
    "deduplicate": False,
}


def extract_body(tree: HtmlElement, url: str) -> str | None:
    """Paragraphs of the main text, separated by a blank line, or None."""
    document = bare_extraction(tree, url=url, as_dict=False, **TRAFILATURA_OPTIONS)
    if document is None or not document.text:
        return None
    paragraphs = [line.strip() for line in document.text.split("\n")]
    return "\n\n".join(p for p in paragraphs if p) or None
