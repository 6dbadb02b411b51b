"""Recognise text that is page furniture rather than article: by its words or its place.

Two kinds of evidence, both generic: the line itself ("READ MORE: ...", "Share this
article", a copyright notice), and the element it came from (a caption, an aside, a box
whose class says "related", "newsletter" or "share").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from lxml.html import HtmlElement

from newsbot.extract.rules import on

# Elements whose text is never article prose.
FURNITURE_TAGS = frozenset(
    ["figcaption", "figure", "aside", "nav", "footer", "form", "button", "label", "select"]
)

# Class/id words of boxes inside an article that hold something else. Matched against
# words of class and id values (split on -, _, space and camelCase humps).
FURNITURE_WORDS = re.compile(
    r"^(?:caption|captions|credit|credits|copyright|related|relatedlinks|recommended|"
    r"recommendation|recommendations|readmore|newsletter|newsletters|subscribe|"
    r"subscription|signup|share|sharing|social|socials|sharebar|advert|advertisement|ads|"
    r"sponsored|promo|promotion|outbrain|taboola|comments|comment|disclaimer|"
    r"byline|author|authors|tags|keywords|breadcrumb|breadcrumbs|toolbar|infobox|"
    r"gallery|embed|video|audio|player|podcast|poll|quiz|teaserlist|expandable|accordion|"
    r"collapsible|factbox|fact-box|picbox|info-box|not-prose|tweet|twitter|instagram|tiktok|"
    r"whatsapp|telegram|"
    r"mostread|popular|trending|footer|sidebar|aside|modal|overlay|cookie|consent|"
    r"timestamp|dateline|meta|correction|feedback)$"
)
_HUMPS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_STATE_FLAG = re.compile(r"^(?:has|is|with|no|show|hide|can)(?=[-_A-Z])")

# Lines that promote other pages or ask the reader to act; multilingual, anchored at the
# start, short by construction (checked with a length limit by the caller).
PROMO_LINE = re.compile(
    r"^\W*(?:©|ⓒ|more ?:)"  # a copyright sign stands before a space; "MORE : <headline>"
    r"|^\W*(?:read more|read also|also read|read next|see also|"
    r"more on this|more from|subscribe|sign up|follow us|share this|share on|click here|"
    r"lesen sie (?:auch|mehr)|mehr zum thema|auch interessant|das könnte sie auch|"
    r"weitere artikel|à lire aussi|lire aussi|voir aussi|lea también|"
    r"leer más|lee también|te puede interesar|leia (?:mais|também)|leggi anche|"
    r"vedi anche|czytaj (?:też|także|więcej)|läs (?:också|mer)|les også|læs også|"
    r"lees ook|lue myös|читайте также|читать также|также читайте|"
    r"copyright\s*(?:©|\(c\)|\d{4})|\(c\) \d{4}|all rights reserved|alle rechte vorbehalten|"
    r"fehler gefunden|jetzt melden|our standards|do you have a story|"
    r"passer la publicité|article content|\d+ min(?:ute)?s? read|zum artikel|"
    r"kort fortalt|hat ihnen dieser artikel gefallen|il vous reste|"
    r"la suite est réservée|tu suscripción|\d+ wochen kostenlos)\b",
    re.IGNORECASE,
)
# Words that label a promotion ("WATCH: ...", "Related", "Anzeige") but also open ordinary
# sentences ("Watch the faces of ...", "Anzeige erstattete die Nachbarin"): a promotion
# only as a label, followed by a colon, a bar or a dash, or opening a short line that is
# no sentence ("Most read in Football").
PROMO_LABEL = re.compile(
    r"^\W*(?:related|recommended|most read|most popular|trending|watch|listen|advertisement|"
    r"zum thema|werbung|anzeige|publicidad|publicité|pubblicità|copyright|lesedauer|"
    r"reading time|fakta om)\b"
    r"(?:\s+(?:stories|story|articles?|content|news|posts?|links?|videos?|reading|coverage|"
    r"now|live|for you))?(\s*[:|»>–—-]|\s*$)?",
    re.IGNORECASE,
)
MAX_LABEL_WORDS = 6

# Placeholders of embeds held back until the reader consents (video, social post, chart),
# and notices that the page needs a script to show something.
NOTICE_LINE = re.compile(
    r"^\W*(?:link (?:zum|zur|to) [\w-]+[- ](?:inhalt|content)|ein klick für den datenschutz|"
    r"empfohlener (?:redaktioneller )?inhalt|externer inhalt|"
    r"an dieser stelle finde(?:n sie|st du) (?:einen|ein) .{0,100}\bexterne[nr]? inhalt|"
    r"ich bin damit einverstanden, dass mir|"
    r"(?:please )?(?:enable|activate) javascript|javascript is (?:currently )?disabled|"
    r"got a story\b|for more stories like this)",
    re.IGNORECASE,
)

# A label alone on its line that heads a teaser of another story ("Read more", "Lesen Sie
# auch").
TEASER_LABEL = re.compile(
    r"^\W*(?:read more|read also|also read|read next|see also|related(?: stories| articles)?|"
    r"lesen sie (?:auch|mehr)|mehr zum thema|auch interessant|weitere artikel|zum thema|"
    r"à lire aussi|lire aussi|voir aussi|lea también|leer más|lee también|te puede interesar|"
    r"leia (?:mais|também)|leggi anche|vedi anche|czytaj (?:też|także|więcej)|"
    r"läs (?:också|mer)|les også|læs også|lees ook|lue myös|читайте также|также читайте)\W*$",
    re.IGNORECASE,
)


def class_words(element: HtmlElement) -> frozenset[str]:
    """Lower-cased words of an element's class and id values."""
    return _words_of(element.get("class") or "", element.get("id") or "")


@lru_cache(maxsize=4096)
def _words_of(class_value: str, id_value: str) -> frozenset[str]:
    words: set[str] = set()
    for token in f"{class_value} {id_value}".split():
        if _STATE_FLAG.match(token):
            continue  # "hasCaption", "is-paywalled", "withSidebar" describe the box, not name it
        words.add(token.lower())
        for chunk in re.split(r"[_\-:/]+", token):
            if chunk:
                words.add(chunk.lower())
                words.update(h.lower() for h in _HUMPS.findall(chunk))
    return frozenset(words)


@lru_cache(maxsize=4096)
def _furniture_words(class_value: str, id_value: str) -> frozenset[str]:
    return frozenset(w for w in _words_of(class_value, id_value) if FURNITURE_WORDS.match(w))


def furniture_marks(element: HtmlElement, stop: Callable[[HtmlElement], bool]) -> set[str]:
    """Tags and class words that mark ``element`` or its ancestors as furniture.

    The walk up ends at the first ancestor for which ``stop`` is true: a box that holds
    much of the article is the article, whatever its class says.
    """
    marks: set[str] = set()
    tags, classes = on("furniture_tags"), on("furniture_classes")
    node: HtmlElement | None = element
    while node is not None and not stop(node):
        if tags and node.tag in FURNITURE_TAGS:
            marks.add(node.tag)
        if classes:
            marks.update(_furniture_words(node.get("class") or "", node.get("id") or ""))
        node = node.getparent()
    return marks


def is_furniture_element(element: HtmlElement) -> bool:
    """True when ``element`` or an ancestor is a caption, aside, share box..."""
    return bool(furniture_marks(element, lambda node: False))


def is_promo_line(line: str, max_words: int = 30) -> bool:
    """True for a short line that promotes other content or is a notice, not prose."""
    n_words = len(line.split())
    if n_words > max_words:
        return False
    if PROMO_LINE.match(line):
        return True
    label = PROMO_LABEL.match(line)
    if label is None:
        return False
    short = n_words <= MAX_LABEL_WORDS and line.rstrip()[-1:] not in _SENTENCE_END
    return label.group(1) is not None or short


def is_teaser_label(line: str) -> bool:
    """True for a "Read more" label alone on its line."""
    return len(line) <= 40 and bool(TEASER_LABEL.match(line))


def is_notice_line(line: str, max_words: int = 80) -> bool:
    """True for an embed's consent placeholder or a notice that a script is needed."""
    return len(line.split()) <= max_words and bool(NOTICE_LINE.match(line))


# Credits, sources and sign-up notices that close an article.
TAIL_LINE = re.compile(
    r"(?:^\W*(?:with files from|additional reporting|reporting by|writing by|editing by|"
    r"with reporting|with reports from|mit (?:material|agenturmaterial|dpa|afp|reuters|apa)|"
    r"(?:quellen?|sources?|fuentes?|fonte|kilde|källa|credits?|kontakt)\s*(?::|$)|"
    r"lesen sie|read the original|"
    r"lest den originalartikel|this is a breaking|dieser artikel ist zuerst|"
    r"dieser artikel erschien|this article (?:first|originally) appeared|"
    r"(?:first|originally) published|zuerst erschienen|erstveröffentlichung|"
    r"get (?:the latest|daily|real-time)|for the latest|follow (?:us|\w+ on)|folgst du|"
    r"sign up|subscribe|abonnier|jetzt abonnieren|hier geht|more stories|mehr themen|"
    r"do you have a story|get in touch|contact us|dpa-infocom|"
    r"hat ihnen dieser artikel gefallen|il vous reste|tu suscripción|\d+ wochen kostenlos)\b)"
    r"|contributed to this (?:report|story)|newsletter",
    re.IGNORECASE,
)
# A short prompt to sign up, subscribe or follow that heads a closing box ("Newsletter:
# Sport inside", "Follow us on WhatsApp?"): the box's description line may follow it.
PROMPT_LINE = re.compile(
    r"\b(?:newsletters?|subscribe|subscription|sign up|sign-up|abonnier\w*|abonnez|"
    r"suscríbete|iscriviti|folgst du|folgen sie uns|follow us|whatsapp[- ]kanal|"
    r"whatsapp channel|log in or create|create an account|registrieren sie sich)\b",
    re.IGNORECASE,
)
# Datelines, bylines and timestamps that open an article.
HEAD_LINE = re.compile(
    r"^\W*(?:by|von|par|por|di|da|av|door|af|od|от|作者)\s"
    r"|^\W*(?:stand|updated|published|aktualisiert|veröffentlicht|publié|mis à jour|"
    r"actualizado|publicado|uppdaterad|publicerad|oppdatert|publisert)\b",
    re.IGNORECASE,
)
# A time or date in a line of a few words is a timestamp; with more words it is an entry
# of a chronology or a live ticker ("12.05.2024: The council votes on the bridge").
STAMP = re.compile(
    r"\b\d{1,2}[.:/h]\d{2}\b|\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b|\b\d{1,2}\.\s?\d{1,2}\.\s?\d{2,4}\b"
)
MAX_STAMP_WORDS = 6
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
DAY = re.compile(r"\b\d{1,2}\b")
LETTER_WORD = re.compile(r"[^\W\d_]+")
MAX_DATE_LINE = 40
_SENTENCE_END = '.!?…。！？»”"'


def is_tail_line(line: str, max_words: int = 40, listed: bool = False) -> bool:
    """True for a credit, source or sign-up line of the kind that ends an article.

    A ``listed`` line (a list item, a table row) is judged by its words only: a short
    closing item is an ingredient or a name of a list, not a signature.
    """
    n_words = len(line.split())
    if not listed:
        if n_words <= 2 and len(line) <= 24 and line.rstrip()[-1:] not in _SENTENCE_END:
            return True  # initials, a lone name or agency ("dmk", "SDA/sep")
        if n_words <= max_words and line.rstrip().endswith(":"):
            return True  # it introduced a link or an embed that is not part of the text
    return n_words <= max_words and bool(TAIL_LINE.search(line))


def is_prompt_line(line: str, max_words: int = 12) -> bool:
    """True for a short line that asks the reader to sign up, subscribe or follow."""
    return len(line.split()) <= max_words and bool(PROMPT_LINE.search(line))


def is_head_line(line: str, max_words: int = 12) -> bool:
    """True for a dateline, byline or timestamp line of the kind that opens an article."""
    if len(line.split()) > max_words or len(line) > 120 or line.rstrip()[-1:] in ".!?…。":
        return False
    return (
        (len(line.split()) <= 1 and len(line) <= 24)
        or bool(HEAD_LINE.search(line))
        or (bool(STAMP.search(line)) and len(LETTER_WORD.findall(line)) <= MAX_STAMP_WORDS)
        or is_date_line(line)
    )


def is_date_line(line: str) -> bool:
    """True for a date alone: a year, a day and at most three words ("Thursday, 9 June 2005")."""
    return (
        len(line) <= MAX_DATE_LINE
        and bool(YEAR.search(line))
        and bool(DAY.search(line))
        and len(LETTER_WORD.findall(line)) <= 3
    )


# A caption ends with its picture credit: "... Bild: Jane Doe", "... (Photo: AFP)".
CREDIT_END = re.compile(
    r"(?:\b(?:bild|foto|fotos|photo|photos|image|picture|credit|quelle|source|crédit|"
    r"fotografía|imagen)\b\s*[:/]\s*[^.!?:]{0,60}|©[^.!?]{0,60})\)?\s*$",
    re.IGNORECASE,
)


def is_caption_line(line: str, max_words: int = 40) -> bool:
    """True for a short line that ends with a picture credit, the mark of a caption."""
    # The credit is at the end: searching only there keeps the pattern from backtracking.
    return len(line.split()) <= max_words and bool(CREDIT_END.search(line[-100:]))
