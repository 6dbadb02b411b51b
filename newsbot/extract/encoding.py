"""A page's text when its declared encoding is wrong.

Scrapy decodes by BOM, then the ``Content-Type`` charset, then ``<meta charset>``, and guesses
(ASCII, UTF-8, charset-normalizer) only when nothing is declared: a cp1251 or Shift_JIS page
declared as UTF-8 comes out as U+FFFD. Here a declaration is believed only if the body
decodes under it; otherwise UTF-8 is tried, then charset-normalizer, as Scrapy guesses.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes
from w3lib.encoding import (
    html_body_declared_encoding,
    html_to_unicode,
    http_content_type_encoding,
    read_bom,
)

# What servers send when nobody configured a charset: a body that is valid UTF-8 with
# non-ASCII bytes is UTF-8 then, not the default.
_SERVER_DEFAULTS = {"cp1252", "iso8859-1", "ascii"}


def decode_page(body: bytes, content_type: str | None, encoding: str) -> str:
    """The text of an HTML page: decoded as Scrapy would (``encoding`` is the one it settled
    on, ``response.encoding``) when the page's BOM or declaration holds, or when it declares
    nothing."""
    if read_bom(body)[0]:
        return as_scrapy(body, encoding)
    declared = http_content_type_encoding(content_type or "") or html_body_declared_encoding(body)
    if not declared:
        return as_scrapy(body, encoding)
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
        return as_scrapy(body, encoding)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(body).best()
    return str(best) if best is not None else as_scrapy(body, encoding)


def as_scrapy(body: bytes, encoding: str) -> str:
    """``response.text`` of a response whose ``response.encoding`` is ``encoding``."""
    return html_to_unicode(f"charset={encoding}", body)[1]


def _codec(name: str) -> str:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return name
