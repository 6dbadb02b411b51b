"""Author names: structured data first, then the visible byline; names only.

Bylines come as "By A and B", "A und B, dpa", "Name (abc)", or as the publisher's own
name standing in for a person; each is reduced to the people it names, in page order.
Metadata that names only the publisher, or only the editor, gives way to the visible
byline; metadata naming one of the byline's people gains the others shown beside it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from newsbot.extract.blocks import normalise
from newsbot.extract.boilerplate import class_words
from newsbot.extract.html import meta_pairs
from newsbot.extract.structured import as_list

BYLINE_PREFIX = re.compile(
    r"^[\s~|•·\-–—]*(?:(?:posted|published|written|reported|words|story|text|photos?|"
    r"geschrieben|verfasst|veröffentlicht|erstellt|gepostet|eingestellt|"
    r"publié|écrit|rédigé|publicado|escrito|redactado|pubblicato|scritto|"
    r"geschreven|gepubliceerd|skrevet|publicerad|publisert|skriven|napisane)\s+)?"
    r"(?:by|von|par|por|di|da|av|af|door|od|przez|от|a cura di|text|texte|texto|"
    r"autor(?:in|ka)?|author|reporter)\s*[:\-]?\s+",
    re.IGNORECASE,
)
# What a byline's place may hold that is no name: a form's label ("Name *"), a link to more
# of the author's posts, a sponsor's label, the heading of an author box ("Über Jane Doe").
NOT_A_NAME = re.compile(
    r"^(?:name|e-?mail|website|webseite|kommentar|comment|nom|nombre|nome|naam|navn)\b"
    r"|\*\s*$"
    r"|^(?:more|all|view all|see all|other|alle|weitere|mehr|plus d[e']|más|altri|meer)\s+"
    r"(?:posts?|articles?|stories|beiträge|artikel|von|from|by|articles|artículos|articoli)\b"
    r"|\b(?:gesponserte?|sponsored|anzeige|advertorial|promoted|publicidad|publicité|"
    r"partner content|paid content)\b"
    r"|^(?:über|about|à propos de|acerca de|informazioni su|sobre|o autorze)\s"
    # A button or link label: a verb telling the reader what to do.
    r"|^(?:read|click|show|load|view|see|follow|share|subscribe|sign|log|download|watch|"
    r"listen|weiterlesen|lesen|teilen|folgen|abonnieren|lire|partager|suivre|leer|"
    r"compartir|seguir|leggi|condividi|segui|lees|volg|deel)\b",
    re.IGNORECASE,
)
# A job title written after the name ("Jane Doe, Island Correspondent").
ROLE = re.compile(
    r"\b(?:correspondent|reporter|writer|editor|columnist|contributor|journalist|"
    r"photographer|producer|intern|analyst|critic|korrespondent(?:in)?|reporterin|"
    r"redakteur(?:in)?|journalistin|volontär(?:in)?|correspondante?|journaliste|rédacteur|"
    r"rédactrice|envoyée? spéciale?|corresponsal|periodista|redactora?|enviad[oa] especial|"
    r"giornalista|inviat[oa]|corrispondente|redatt(?:ore|rice)|verslaggever|correspondente|"
    r"jornalista|repórter|dziennikar(?:z|ka)|korespondent(?:ka)?|reportér(?:ka)?|skribent)\s*$",
    re.IGNORECASE,
)
# Boxes that show names that are not the article's authors: comments and their form,
# tag clouds, sponsored teasers.
NOT_BYLINE_BOXES = frozenset(
    [
        "comment", "comments", "commentlist", "respond", "reply", "discussion", "form",
        "tag", "tags", "tagcloud", "cloud", "keywords", "sponsored", "outbrain", "taboola",
    ]
)  # fmt: skip
SPLIT = re.compile(r"\s*(?:,|;|\s&\s|\s(?:and|und|og|och|y|e|et|en|i|ja|a|és)\s)\s*")
PARENTHESES = re.compile(r"\s*[(\[][^)\]]*[)\]]")
EMAIL = re.compile(r"\S+@\S+")
# A job title written after the name in Korean, Japanese and Chinese bylines ("신현주 기자").
ROLE_SUFFIX = re.compile(r"\s*(?:기자|특파원|선임기자|記者|特派員|记者)$")
META_AUTHOR = ("author", "article:author", "dc.creator")
MAX_NAME_WORDS = 5
MAX_BOX_NAMES = 6
# "Deutsche Welle (www.dw.com)": a name signed with a web address in parentheses.
SITE_ADDRESS = re.compile(r"(.+?)\s*\(\s*(?:https?://)?(?:www\.)?([\w.-]+\.[a-z]{2,})/?\s*\)")
# Label elements that name the byline, the names following in their own text.
AUTHOR_LABEL = re.compile(
    r"(?:autor(?:in)?|autoren|authors?|written by|reporter(?:in)?)(?:\s*/\s*autor(?:in)?)?\s*:?",
    re.IGNORECASE,
)
LABELS = etree.XPath(
    "//body//*[not(*) and string-length(normalize-space(.)) < 30]"
    "[contains(translate(., 'AUTHOR', 'author'), 'aut') or contains(., 'ritten by')"
    " or contains(translate(., 'REPORT', 'report'), 'report')]"
)
# The text right before a name that makes it the editor's, not the writer's.
EDITOR_LABEL = re.compile(
    r"\b(?:editor|edited by|redaktur|penyunting|redakteur(?:in)?|bearbeitet von|责编|编辑)"
    r"\s*[:：]?\s*$",
    re.IGNORECASE,
)
# A Chinese or Korean name (or a Japanese one in kanji): one word of two to five characters.
CJK_NAME = re.compile(r"[\u4e00-\u9fff\uac00-\ud7af]{2,5}")
SCRIPTS = frozenset(["script", "style", "template"])
# A byline sits within this many levels below an element that also holds the h1.
HEADLINE_LEVELS = 4
# The page's text in order, outside scripts: an unmarked byline is one of its first lines.
BODY_TEXTS = etree.XPath(
    "//body//text()[normalize-space()][not(ancestor::script or ancestor::style"
    " or ancestor::noscript or ancestor::template)]"
)
MIN_PARAGRAPH_CHARS = 200
MAX_BYLINE_CHARS = 100
# Page text holding a word of a name, outside scripts.
FIND_TEXT = etree.XPath("//body//text()[contains(., $word)][not(parent::script or parent::style)]")
# Link labels glued to a byline name by its social-media icons.
SOCIAL_TAIL = re.compile(
    r"(?:\s+(?:twitter|facebook|instagram|linkedin|e-?mail|mail|x|bluesky|threads))+\s*$",
    re.IGNORECASE,
)
BYLINE_WORDS = frozenset(["author", "authors", "authorname", "byline", "autor", "autoren"])
# Elements that may be bylines, found in C; class_words then checks whole words.
BYLINE_CANDIDATES = etree.XPath(
    "//*[@rel='author' or @itemprop='author' or contains(@class, 'uthor') "
    "or contains(@class, 'yline') or contains(@class, 'utor') or contains(@id, 'uthor') "
    "or (self::a and (contains(@href, '/autor') or contains(@href, '/author')))]"
)
# A link to an author's page ("/autoren/max-muster", "/author/jane-doe/") names a person.
AUTHOR_PAGE = re.compile(r"/(?:authors?|autor(?:en|in)?)[/_.\-]", re.IGNORECASE)
CONNECTORS = frozenset(
    [
        "and",
        "und",
        "og",
        "och",
        "y",
        "e",
        "et",
        "en",
        "i",
        "von",
        "van",
        "de",
        "der",
        "da",
        "del",
        "di",
        "dos",
        "le",
        "la",
        "bin",
        "al",
    ]
)


# Words a byline holds besides its names: "By A, B and C", "Text: A und B".
GLUE_WORDS = CONNECTORS | {"by", "par", "por", "av", "af", "door", "od", "text", "texto", "a"}


def find_authors(
    tree: HtmlElement, meta: dict[str, str], ld: dict[str, Any], site_names: Sequence[str] = ()
) -> list[str]:
    """Names of the people who wrote the article, in page order, without duplicates.

    Metadata that names only the publisher gives way to a visible byline of people.
    """
    sections = as_list(ld.get("articleSection")) + as_list(meta.get("article:section"))
    raw = _jsonld_people(ld.get("author"))
    if not raw:
        raw = _meta_authors(tree) or [meta[k] for k in META_AUTHOR if meta.get(k)]
    is_site = _site_test(site_names, sections)
    # "Deutsche Welle (www.dw.com)": a name signed with the site's own address is the site's.
    signed = [m[1] for r in raw if (m := SITE_ADDRESS.match(normalise(r))) and is_site(m[2])]
    is_site = _site_test([*site_names, *signed], sections)
    names = clean_names(raw)
    shown: dict[str, HtmlElement | None] = {}

    def showing(name: str) -> HtmlElement | None:
        """Where the page shows the name, looked up once."""
        if name not in shown:
            shown[name] = _showing(tree, name)
        return shown[name]

    # A metadata author shown as "Editor: Name" edited the article; the byline wrote it.
    # (Only the first is looked up: finding a name on the page costs a pass over its text.)
    editors = names[:1] if names and _after_editor_label(showing(names[0])) else []
    names = [n for n in names if n not in editors]
    if not names or all(is_site(name) for name in names):
        # A visible "Name, MDR THÜRINGEN" appends the desk; metadata typing it a Person is kept.
        bylines = visible_bylines(tree) or labelled_byline(tree) or prefixed_byline(tree)
        visible = [n for n in clean_names(bylines) if not is_site(n, acronym=True)]
        names = [n for n in visible if n not in editors] or names or editors
    people = [n for n in names if not is_site(n)]
    if people:
        mates = _byline_mates(showing(people[0]), people)
        mates = [n for n in mates if not is_site(n, acronym=True)]
        if len(mates) > len(people) and {_fold(n) for n in people} <= {_fold(n) for n in mates}:
            people = mates  # metadata that names only some of the byline's people
    return people or names  # the publisher named beside people is not an author


def _byline_mates(element: HtmlElement | None, names: list[str]) -> list[str]:
    """The names shown beside the element showing the first name, in its markup, in page order.

    Its like (same tag and class) are the co-authors, inside the largest ancestor whose
    other text is only glue ("By", "and", commas): beyond it lies the rest of the page.
    """
    if element is None:
        return []
    box, mates = element, [element]
    while (parent := box.getparent()) is not None and parent.tag != "body":
        alike = _alike_within(parent, element)
        glue = re.findall(r"\w+", _text_besides(parent, alike).lower())
        if not all(word in GLUE_WORDS for word in glue):
            break
        box, mates = parent, alike
    texts = [BYLINE_PREFIX.sub("", normalise(e.text_content())).strip(" ,;&") for e in mates]
    texts = list(dict.fromkeys(t for t in texts if _looks_like_names(t) or t in names))
    return texts if len(texts) <= MAX_BOX_NAMES else []


def _text_besides(box: HtmlElement, skipped: list[HtmlElement]) -> str:
    """The box's text outside the skipped elements (and outside comments and scripts)."""
    parts = [box.text or ""] if isinstance(box.tag, str) and box.tag not in SCRIPTS else []
    for child in box:
        if child not in skipped:
            parts.append(_text_besides(child, skipped))
        parts.append(child.tail or "")
    return " ".join(parts)


def _alike_within(box: HtmlElement, element: HtmlElement) -> list[HtmlElement]:
    """The outermost elements in box of the element's tag and class."""
    found: list[HtmlElement] = []
    for other in box.iter(element.tag):
        nested = any(f in other.iterancestors() for f in found)
        if other.get("class") == element.get("class") and not nested:
            found.append(other)
    return found


def _showing(tree: HtmlElement, name: str) -> HtmlElement | None:
    """The outermost element whose whole text is the name, first beside the headline."""
    word = name.split()[0]
    for text in FIND_TEXT(tree, word=word):
        found = None
        element = text.getparent()
        if text.is_tail and element is not None:
            element = element.getparent()  # the tail's text belongs to the parent
        while element is not None:
            whole = element.text_content()
            if len(whole) > 4 * len(name) + 200:
                break  # far more text than the name: no need to tidy it to know
            whole = normalise(whole)
            if whole == name:
                found = element
            elif len(whole) > len(name) or word not in whole:
                break
            element = element.getparent()
        if found is not None and _near_headline(found):
            return found
    return None


def _after_editor_label(element: HtmlElement | None) -> bool:
    """Whether the element showing a name follows an editor's label ("Editor: Name")."""
    if element is None:
        return False
    before = "".join(element.xpath("preceding-sibling::text()[1]"))  # the text just before it
    return bool(EDITOR_LABEL.search(before))


def _near_headline(element: HtmlElement) -> bool:
    """Whether the element sits beside the h1 (if any): teasers' bylines sit far from it."""
    if element.getroottree().getroot().find(".//h1") is None:
        return True
    for level, ancestor in enumerate(element.iterancestors()):
        if level >= HEADLINE_LEVELS:
            return False
        if ancestor.find(".//h1") is not None:
            return True
    return False


def _meta_authors(tree: HtmlElement) -> list[str]:
    """Every author meta tag, not just the first: pages repeat the tag, one per author."""
    return list(dict.fromkeys(content for key, content in meta_pairs(tree) if key in META_AUTHOR))


def _site_test(site_names: Sequence[str], sections: Sequence[str]) -> Callable[..., bool]:
    """A test whether a name is the publisher's (or a section's) rather than a person's."""
    section_keys = {_fold(s) for s in sections}
    # A section ("Gear", "Sport") counts only when it is the whole name: "Gear Team" may sign.
    sites = {_fold(n) for n in site_names} - section_keys - {""}

    def is_site(name: str, acronym: bool = False) -> bool:
        folded = _fold(name)
        if folded in section_keys:
            return True
        # With acronym, the site's name as a word in capitals counts too: "MDR THÜRINGEN".
        capitals = (
            {_fold(w) for w in name.split() if w.isupper() and len(w) > 1} if acronym else set()
        )
        return any(
            folded == site
            or site in capitals
            or (len(site) > 3 and (site in folded or folded in site))
            for site in sites
        )

    return is_site


def _fold(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.lower())


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
        for i, part in enumerate(parts):
            if i and ROLE.search(part):
                continue  # "Jane Doe, Staff Writer": the role after a name
            name = ROLE_SUFFIX.sub("", SOCIAL_TAIL.sub("", part)).strip(" .,:;|-–—~•·")
            if not name or name.startswith("http") or not re.search(r"\w", name):
                continue
            if NOT_A_NAME.search(part.strip()):
                continue
            if len(name.split()) > MAX_NAME_WORDS or re.search(r"\b\d{2}", name):
                continue  # dates, times, phone numbers; a brand like "BR24" stays
            if BYLINE_PREFIX.match(name + " "):
                continue  # a bare "By" or "Von" whose name is in another element
            if name not in names:
                names.append(name)
    return names


def visible_bylines(tree: HtmlElement) -> list[str]:
    """Name-like texts of the page's first byline (rel, itemprop or class "byline").

    Only the first byline and its like (same tag and class, same grandparent) count:
    later ones are usually the authors of related stories.
    """
    found: list[str] = []
    first: HtmlElement | None = None
    for element in BYLINE_CANDIDATES(tree):
        if element.tag in ("meta", "link", "script") or in_other_box(element):
            continue
        marked = element.get("rel") == "author" or element.get("itemprop") == "author"
        # An author page's link counts only beside the headline, not in menus and teasers.
        linked = bool(AUTHOR_PAGE.search(element.get("href") or "")) and _near_headline(element)
        marked = marked or linked
        if not marked and not (class_words(element) & BYLINE_WORDS):
            continue
        if first is not None and not _alike(element, first):
            continue
        if any(
            child.tag in ("div", "p", "ul", "li", "section") for child in element.iterdescendants()
        ):
            if found or first is not None:
                continue
            # A byline box whose names sit in unmarked links or spans: take those.
            names = [
                BYLINE_PREFIX.sub("", normalise(" ".join(leaf.itertext())))
                for leaf in element.iter("a", "span")
                if not any(child.tag in ("a", "span") for child in leaf.iterdescendants())
                and not in_other_box(leaf)
            ]
            names = [n for n in names if _looks_like_names(n) and len(n.split()) <= 4]
            if names:
                return list(dict.fromkeys(names))[:MAX_BOX_NAMES]
            continue
        text = BYLINE_PREFIX.sub("", normalise(" ".join(element.itertext())))
        if _looks_like_names(text) and text not in found:
            found.append(text)
            first = first if first is not None else element
            if len(found) >= 4:
                break
    return found


def prefixed_byline(tree: HtmlElement) -> list[str]:
    """A short text opening with "By" (or its like) before the article's first paragraph:
    an old layout's byline, in no element of its own ("By Jane Doe, Staff Writer")."""
    for text in BODY_TEXTS(tree):
        line = normalise(str(text))
        if len(line) >= MIN_PARAGRAPH_CHARS:
            break  # the article has started
        if not BYLINE_PREFIX.match(line) or len(line) > MAX_BYLINE_CHARS:
            continue
        element = text.getparent()
        if element is not None and in_other_box(element):
            continue
        names = BYLINE_PREFIX.sub("", line)
        if _looks_like_names(names.split(",")[0].strip()):
            return [names]
    return []


def in_other_box(element: HtmlElement) -> bool:
    """True inside a form, a comment, a tag list or a sponsored box (or for a tag link).

    The walk up ends at the box holding the headline: that is the article, whatever its
    classes say (WordPress gives it "tag-<slug>" for each of its tags).
    """
    if element.get("rel") == "tag":
        return True
    for node in (element, *element.iterancestors()):
        if node.tag == "h1" or node.find(".//h1") is not None:
            return False
        if node.tag == "form" or class_words(node) & NOT_BYLINE_BOXES:
            return True
    return False


def labelled_byline(tree: HtmlElement) -> list[str]:
    """Names written after a label of their own: "<strong>Autorin/Autor</strong> Jane Doe"."""
    for label in LABELS(tree):
        if not AUTHOR_LABEL.fullmatch(normalise(label.text_content())):
            continue
        after = normalise(label.tail or "")
        if not after and (following := label.getnext()) is not None:
            after = normalise(following.text_content())
        if _looks_like_names(after):
            return [after]
    return []


def _alike(element: HtmlElement, first: HtmlElement) -> bool:
    same_make = (element.tag, element.get("class")) == (first.tag, first.get("class"))
    return same_make and _grandparent(element) is _grandparent(first)


def _grandparent(element: HtmlElement) -> HtmlElement | None:
    parent = element.getparent()
    return parent.getparent() if parent is not None else None


def _looks_like_names(text: str) -> bool:
    if not text or re.search(r"[\d:|@/]", text) or len(text) > 80 or NOT_A_NAME.search(text):
        return False
    if CJK_NAME.fullmatch(text):
        return True  # Chinese, Japanese and Korean names are written as one word
    words = [w for w in re.split(r"\s+|,", text) if w and not SPLIT.fullmatch(f" {w} ")]
    if not 2 <= len(words) <= 3 * MAX_NAME_WORDS:
        return False
    return all(w[0].isupper() or not w[0].isalpha() or w in CONNECTORS for w in words)
