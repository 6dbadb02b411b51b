"""Pages whose declared encoding is missing or wrong (issue 8): :mod:`newsbot.extract.encoding`."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from newsbot.extract.encoding import as_scrapy, decode_page
from tests.sites.faults import FRENCH, JAPANESE, RUSSIAN, Foreign, _foreign_html

CASES = [
    # (article, bytes encoding, Content-Type, meta charset)
    (RUSSIAN, "cp1251", "text/html; charset=utf-8", "utf-8"),  # declared UTF-8: a lie
    (RUSSIAN, "cp1251", "text/html", None),  # declared nowhere
    (RUSSIAN, "cp1251", "text/html", "windows-1251"),  # declared right, in meta only
    (JAPANESE, "shift_jis", "text/html; charset=utf-8", None),
    (JAPANESE, "shift_jis", "text/html", None),
    (JAPANESE, "shift_jis", "text/html; charset=Shift_JIS", None),
    (FRENCH, "latin-1", "text/html", "iso-8859-1"),
    (FRENCH, "latin-1", "text/html", None),
    (FRENCH, "latin-1", "text/html; charset=utf-8", None),
    (FRENCH, "utf-8", "text/html; charset=iso-8859-1", None),  # UTF-8 under a server default
    (RUSSIAN, "utf-8", "text/html; charset=utf-8", "utf-8"),
]


def page(foreign: Foreign, encoding: str, meta: str | None) -> tuple[str, bytes]:
    html = _foreign_html(foreign, meta_charset=meta)
    return html, html.encode(encoding)


@pytest.mark.parametrize(("foreign", "encoding", "content_type", "meta"), CASES)
def test_decode_page_reads_the_text_the_author_wrote(
    foreign: Foreign, encoding: str, content_type: str, meta: str | None
) -> None:
    html, body = page(foreign, encoding, meta)
    response = HtmlResponse("http://127.0.0.1/x", body=body, headers={"Content-Type": content_type})
    assert decode_page(body, content_type, response.encoding) == html


def test_a_byte_order_mark_wins_over_the_header() -> None:
    html = _foreign_html(FRENCH, meta_charset="windows-1252")
    body = b"\xef\xbb\xbf" + html.encode("utf-8")
    response = HtmlResponse(
        "http://127.0.0.1/x", body=body, headers={"Content-Type": "text/html; charset=cp1252"}
    )
    assert decode_page(body, "text/html; charset=cp1252", response.encoding) == html


@pytest.mark.parametrize(
    ("foreign", "encoding", "content_type"),
    [
        (RUSSIAN, "cp1251", "text/html; charset=utf-8"),
        (JAPANESE, "shift_jis", "text/html; charset=utf-8"),
        (FRENCH, "latin-1", "text/html; charset=utf-8"),
        (FRENCH, "utf-8", "text/html; charset=iso-8859-1"),
    ],
)
def test_scrapy_alone_misreads_these(foreign: Foreign, encoding: str, content_type: str) -> None:
    """Why decode_page exists: if Scrapy learns this, the fallback can go."""
    html, body = page(foreign, encoding, None)
    response = HtmlResponse("http://127.0.0.1/x", body=body, headers={"Content-Type": content_type})
    assert response.text != html


def test_a_page_declared_right_keeps_scrapys_text() -> None:
    body = "<html><body><p>Grüße</p></body></html>".encode("cp1252")
    content_type = "text/html; charset=windows-1252"
    response = HtmlResponse("http://127.0.0.1/x", body=body, headers={"Content-Type": content_type})
    assert decode_page(body, content_type, response.encoding) == response.text


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("<p>Grüße</p>".encode("cp1252"), "text/html"),  # nothing declared: Scrapy guesses
        ("\ufeff<p>Grüße</p>".encode("utf-16-le"), "text/html; charset=cp1252"),  # BOM
        ("<meta charset=utf-8><p>Grüße</p>".encode(), "text/html"),
        ("<p>Gr\xfc\xdfe</p>".encode("latin-1"), "text/html; charset=iso-8859-1"),
    ],
)
def test_scrapys_text_from_its_encoding(body: bytes, content_type: str) -> None:
    """The worker rebuilds ``response.text`` from ``response.encoding`` and the bytes."""
    response = HtmlResponse("http://127.0.0.1/x", body=body, headers={"Content-Type": content_type})
    assert as_scrapy(body, response.encoding) == response.text
