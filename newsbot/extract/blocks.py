"""Find the page elements that an extractor's text lines came from.

Extractors return text, not elements; the element a line came from (its tag, its
ancestors' classes, its place in the page) is the evidence for cleaning that text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from copy import deepcopy

from lxml.html import HtmlElement

SKIP_TAGS = frozenset(
    ["script", "style", "noscript", "template", "svg", "head", "title", "meta", "link"]
)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Whitespace-collapsed text: the key under which lines and elements meet."""
    return _SPACE.sub(" ", text).strip()


class BlockLocator:
    """Locate the element whose whole text is a given line, cheaply.

    Text nodes are indexed by their first word; a line is found by walking up from
    the node it starts in until an element's text equals the line.
    """

    def __init__(self, tree: HtmlElement) -> None:
        self._starts: dict[str, list[HtmlElement]] = {}
        self._texts: dict[HtmlElement, str] = {}
        self.order: dict[HtmlElement, int] = {}
        """Each element's position in document order."""
        for position, node in enumerate(tree.iter()):
            self.order[node] = position
            if not isinstance(node.tag, str) or node.tag in SKIP_TAGS:
                continue
            text = node.text
            if text and not text.isspace():
                self._starts.setdefault(text.split(None, 1)[0], []).append(node)

    def locate(self, line: str) -> HtmlElement | None:
        """The deepest element whose normalised text equals ``line``, or None.

        A list item's line may carry the extractor's bullet ("- "), which the page lacks.
        """
        line = normalise(line)
        if not line:
            return None
        found = self._locate(line)
        if found is None and line.startswith("- ") and len(line) > 2:
            found = self._locate(line[2:])
        return found

    def _locate(self, line: str) -> HtmlElement | None:
        first = line.split(" ", 1)[0]
        found = self._walk_up(self._starts.get(first, ()), line)
        if found is None:
            found = self._walk_up(self._split_starts(first), line)
        return found

    def _split_starts(self, word: str) -> list[HtmlElement]:
        """Nodes whose text opens with a proper prefix of ``word``.

        The line's first word may run on into the next element (``<b>Wash</b>ington``;
        in unspaced scripts such as Japanese a "word" is a whole sentence with links in it).
        """
        nodes: list[HtmlElement] = []
        for end in range(1, len(word)):
            nodes.extend(self._starts.get(word[:end], ()))
        return nodes

    def _walk_up(self, nodes: Iterable[HtmlElement], line: str) -> HtmlElement | None:
        for node in nodes:
            element: HtmlElement | None = node
            while element is not None:
                text = self.text(element)
                if text == line:
                    return element
                if len(text) > len(line) + 2:
                    break
                element = element.getparent()
        return None

    def text(self, element: HtmlElement) -> str:
        """The element's normalised text, computed once."""
        text = self._texts.get(element)
        if text is None:
            text = self._texts[element] = normalise(element.text_content())
        return text


def read_ruby(tree: HtmlElement) -> HtmlElement:
    """The tree with each ``<ruby>`` annotation as plain text, as the page's text reads it.

    Extractors drop ``<rt>``/``<rp>`` and break the line at ``<rb>``, cutting an annotated
    paragraph into fragments that are no element's text. A copy is made only when the
    page has ruby; its paragraphs then read like the originals' ``text_content()``.
    """
    if next(tree.iter("ruby"), None) is None:
        return tree
    tree = deepcopy(tree)
    for ruby in tree.xpath("//ruby[not(ancestor::ruby)]"):
        text = ruby.text_content()
        for child in list(ruby):
            ruby.remove(child)
        ruby.text = text
        ruby.drop_tag()
    return tree
