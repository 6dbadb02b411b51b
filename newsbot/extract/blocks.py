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
# A table whose cells hold these (or a cell holding this much text) lays out the page; a
# data table's cells hold a value, a name, a short phrase.
LAYOUT_CELL_TAGS = ("table", "p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote")
MAX_DATA_CELL_CHARS = 400
TABLE_TAGS = frozenset(["table", "thead", "tbody", "tfoot", "tr", "td", "th"])
CELL_SEPARATOR = " | "


def normalise(text: str) -> str:
    """Whitespace-collapsed text: the key under which lines and elements meet."""
    return _SPACE.sub(" ", text).strip()


class BlockLocator:
    """Locate the element whose whole text is a given line, cheaply.

    Text nodes are indexed by their first word; a line is found by walking up from
    the node it starts in until an element's text equals the line.
    """

    def __init__(self, tree: HtmlElement) -> None:
        self._tree = tree
        self._rows: dict[str, HtmlElement] | None = None
        self._starts: dict[str, list[HtmlElement]] = {}
        self._tail_starts: dict[str, list[HtmlElement]] = {}
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
            tail = node.tail
            if tail and not tail.isspace() and (parent := node.getparent()) is not None:
                self._tail_starts.setdefault(tail.split(None, 1)[0], []).append(parent)

    def locate(self, line: str) -> HtmlElement | None:
        """The deepest element whose normalised text equals ``line``, or None.

        A list item's line may carry the extractor's bullet ("- "), which the page lacks.
        """
        line = normalise(line)
        if not line:
            return None
        if CELL_SEPARATOR in line and (row := self._row(line)) is not None:
            return row
        found = self._locate(line)
        if found is None and line.startswith("- ") and len(line) > 2:
            found = self._locate(line[2:])
        return found

    def container(self, line: str) -> HtmlElement | None:
        """The deepest element whose text holds ``line`` as a part, for a line that is no
        element's whole text (text between ``<br>`` tags), or None."""
        line = normalise(line)
        first = line.split(" ", 1)[0] if line else ""
        for node in [*self._tail_starts.get(first, ()), *self._starts.get(first, ())]:
            element: HtmlElement | None = node
            while element is not None:
                if line in self.text(element):
                    return element
                element = element.getparent()
        return None

    def _locate(self, line: str) -> HtmlElement | None:
        first = line.split(" ", 1)[0]
        found = self._walk_up(self._starts.get(first, ()), line)
        if found is None:
            found = self._walk_up(self._split_starts(first), line)
        return found

    def _row(self, line: str) -> HtmlElement | None:
        """The table row whose cells read as ``line`` (see :func:`table_row`)."""
        if self._rows is None:
            self._rows = {}
            for row in self._tree.iter("tr"):
                cells = [normalise(c.text_content()) for c in row if c.tag in ("td", "th")]
                self._rows.setdefault(CELL_SEPARATOR.join(c for c in cells if c), row)
        return self._rows.get(line)

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


def table_row(line: str) -> str | None:
    """A data table's row as the extractor writes it ("| a | b |"), as cells joined by " | ".

    The separator under a header row ("|---|---|") and a row of empty cells read as "".
    None when the line is not a table row.
    """
    stripped = line.strip()
    if len(stripped) < 2 or stripped[0] != "|" or stripped[-1] != "|":
        return None
    cells = re.split(r"(?<!\\)\|", stripped[1:-1])
    cells = [normalise(c.replace("\\|", "|")) for c in cells]
    if all(set(c) <= {"-", ":"} for c in cells):
        return ""
    return CELL_SEPARATOR.join(c for c in cells if c)


def readable_tree(tree: HtmlElement) -> HtmlElement:
    """The tree as the extractor should read it: ruby as plain text, layout tables as boxes.

    A copy is made only when the page needs one; its text reads like the original's, so
    the lines found in it are traced in the original.
    """
    ruby = next(tree.iter("ruby"), None) is not None
    layout = [t for t in tree.iter("table") if is_layout_table(t)]
    if not ruby and not layout:
        return tree
    copy = deepcopy(tree)
    if layout:
        # Positions in document order survive the copy: the n-th element is the n-th element.
        positions = {id(el): i for i, el in enumerate(tree.iter())}
        wanted = {positions[id(t)] for t in layout}
        for i, element in enumerate(copy.iter()):
            if i in wanted:
                _unwrap_table(element)
    if ruby:
        _read_ruby(copy)
    return copy


def is_layout_table(table: HtmlElement) -> bool:
    """True for a table that lays out the page (columns of navigation and article)
    rather than holding data: a cell holds a table, paragraphs, headings or lists, or
    more text than a data cell does."""
    if table.get("role") == "presentation":
        return True
    for cell in table.iter("td", "th"):
        if next(cell.iter(*LAYOUT_CELL_TAGS), None) is not None:
            return True
        if len(cell.text_content()) > MAX_DATA_CELL_CHARS:
            return True
    return False


def _unwrap_table(table: HtmlElement) -> None:
    """Turn a layout table's own rows and cells (not those of tables inside) into boxes."""
    own = [
        element
        for element in table.iterdescendants(*TABLE_TAGS)
        if element.tag != "table" and next(element.iterancestors("table")) is table
    ]
    for element in [table, *own]:
        element.tag = "div"


def _read_ruby(tree: HtmlElement) -> None:
    """Each ``<ruby>`` annotation as plain text (base and reading), as the page's text reads.

    Extractors drop ``<rt>``/``<rp>`` and break the line at ``<rb>``, cutting an annotated
    paragraph into fragments that are no element's text.
    """
    for ruby in tree.xpath("//ruby[not(ancestor::ruby)]"):
        text = ruby.text_content()
        for child in list(ruby):
            ruby.remove(child)
        ruby.text = text
        ruby.drop_tag()
