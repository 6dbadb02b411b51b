"""A page's text when its declared encoding is missing or wrong.

Scrapy decodes by BOM, then the ``Content-Type`` charset, then ``<meta charset>``, and
guesses only between ASCII, UTF-8 and cp1252 otherwise: an undeclared cp1251 page becomes
Latin mojibake, and a cp1251 or Shift_JIS page declared as UTF-8 becomes U+FFFD. Here a
declaration is believed only if the body decodes under it, UTF-8 is tried next, and
charset-normalizer guesses the rest.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

# Servers default to these when nobody configured a charset; a body that is valid UTF-8
# with non-ASCII bytes is UTF-8 then, not the default.
_DEFAULT_CHARSETS = {"cp1252", "latin_1", "iso8859_1", "ascii"}


def decode_page(body: bytes, content_type: str | None, scrapy_text: str | None = None) -> str:
    """The text of an HTML page. ``scrapy_text`` is Scrapy's decoding (``response.text``),
    returned when the page's own declaration holds."""
    if read_bom(body)[0]:
        return scrapy_text if scrapy_text is not None else _decode_bom(body)
    declared = http_content_type_encoding(content_type or "") or html_body_declared_encoding(body)
    if declared:
        try:
            text = body.decode(declared)
        except (UnicodeDecodeError, LookupError):
            pass
        else:
            if _codec(declared) in _DEFAULT_CHARSETS and not body.isascii():
                try:
                    return body.decode("utf-8")
                except UnicodeDecodeError:
                    pass
            return scrapy_text if scrapy_text is not None else text
    elif body.isascii():
        return body.decode("ascii")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(body).best()
    if best is not None:
        return str(best)
    return scrapy_text if scrapy_text is not None else body.decode("utf-8", errors="replace")


def _codec(name: str) -> str:
    try:
        return codecs.lookup(name).name.replace("-", "_")
    except LookupError:
        return name


def _decode_bom(body: bytes) -> str:
    encoding, bom = read_bom(body)
    assert encoding is not None and bom is not None
    return body[len(bom) :].decode(encoding, errors="replace")
