"""Request fingerprints that treat URL variants of one article as one request."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from scrapy.utils.request import RequestFingerprinter

from newsbot.urls import url_key

if TYPE_CHECKING:
    from scrapy import Request


class ArticleFingerprinter(RequestFingerprinter):
    """GET requests are identified by :func:`newsbot.urls.url_key` of their URL.

    So ``http://``/``https://``, ``www.``, tracking parameters and fragments of one
    article are fetched once. Other requests keep Scrapy's fingerprint.
    """

    def fingerprint(self, request: Request) -> bytes:
        if request.method != "GET" or request.body:
            return super().fingerprint(request)
        return hashlib.sha1(url_key(request.url).encode("utf-8")).digest()
