"""A page's text when its declared encoding is wrong.

Scrapy decodes by BOM, then the ``Content-Type`` charset, then ``<meta charset>``, and guesses
(ASCII, UTF-8, charset-normalizer) only when nothing is declared: a cp1251 or Shift_JIS page
declared as UTF-8 comes out as U+FFFD. Here a declaration is believed only if the body
decodes under it; otherwise UTF-8 is tried, then charset-normalizer, as Scrapy guesses.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

# What servers send when nobody configured a charset: a body that is valid UTF-8 with
# non-ASCII bytes is UTF-8 then, not the default.
_SERVER_DEFAULTS = {"cp1252", "iso8859-1", "ascii"}


def decode_page(body: bytes, content_type: str | None, scrapy_text: str) -> str:
    """The text of an HTML page; ``scrapy_text`` (``response.text``) when the page's BOM or
    declaration holds, or when it declares nothing."""
    if read_bom(body)[0]:
        return scrapy_text
    declared = http_content_type_encoding(content_type or "") or html_body_declared_encoding(body)
    if not declared:
        return scrapy_text
    try:
        body.decode(declared)
    except (UnicodeDecodeError, LookupError):
        pass
    else:
        if _codec(declared) in _SERVER_DEFAULTS and not body.isascii():
            try:
                return body.decode("utf-8")
            except UnicodeDecodeError:
                pass
        return scrapy_text
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(body).best()
    return str(best) if best is not None else scrapy_text


def _codec(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name
