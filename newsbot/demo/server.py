"""Serving one demo site: a threaded HTTP server on 127.0.0.1, on a port the OS chooses.

A site is an :class:`App`: it turns a :class:`Request` into a :class:`Reply`. A reply writes
itself to the socket, so a fault-injecting site can subclass :class:`Reply` to drip bytes,
cut the connection or lie about its length.
"""

from __future__ import annotations

import gzip
import hashlib
import logging
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Protocol
from urllib.parse import parse_qs, urlsplit

if TYPE_CHECKING:
    from email.message import Message

logger = logging.getLogger(__name__)

_COMPRESSIBLE = ("text/", "application/xml", "application/rss+xml", "application/atom+xml",
                 "application/json")  # fmt: skip


@dataclass(frozen=True)
class Request:
    """What a site sees of one HTTP request."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: Message
    base: str
    """``http://127.0.0.1:PORT`` of the server that received it."""

    def param(self, name: str, default: str | None = None) -> str | None:
        """The first value of query parameter ``name``."""
        values = self.query.get(name)
        return values[0] if values else default


@dataclass
class Reply:
    """An HTTP response. Like real sites: gzip when the client accepts it, an ETag on every 200,
    and 304 Not Modified when the client sends that ETag back."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)

    def send(self, handler: BaseHTTPRequestHandler) -> None:
        """Write status line, headers and body to the client."""
        body = self.body
        headers = {"Content-Type": self.content_type, **self.headers}
        if self.status == 200:
            etag = f'"{hashlib.sha1(body).hexdigest()[:16]}"'
            headers.setdefault("ETag", etag)
            headers.setdefault("Cache-Control", "public, max-age=60")
            if handler.headers.get("If-None-Match") == etag:
                handler.send_response(304)
                handler.send_header("ETag", etag)
                handler.send_header("Content-Length", "0")
                handler.end_headers()
                return
        accepts = handler.headers.get("Accept-Encoding", "")
        if len(body) > 1024 and "gzip" in accepts and self.content_type.startswith(_COMPRESSIBLE):
            body = gzip.compress(body, compresslevel=5, mtime=0)
            headers["Content-Encoding"] = "gzip"
            headers["Vary"] = "Accept-Encoding"
        handler.send_response(self.status)
        for name, value in headers.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(body)


def html_reply(text: str, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
    """An HTML page, UTF-8."""
    return Reply(status, text.encode("utf-8"), "text/html; charset=utf-8", headers or {})


def xml_reply(text: str, content_type: str = "application/xml; charset=utf-8") -> Reply:
    """An XML document (feed, sitemap), UTF-8."""
    return Reply(200, text.encode("utf-8"), content_type)


def text_reply(text: str) -> Reply:
    """A plain-text document such as robots.txt."""
    return Reply(200, text.encode("utf-8"), "text/plain; charset=utf-8")


def redirect_reply(location: str, status: int = 301) -> Reply:
    """A redirect with the short HTML body real servers send."""
    body = f'<html><body>Moved to <a href="{location}">{location}</a></body></html>'
    return Reply(status, body.encode(), "text/html; charset=utf-8", {"Location": location})


class App(Protocol):
    """A demo site: answers every request to its server."""

    @property
    def name(self) -> str: ...

    def respond(self, request: Request) -> Reply: ...


class SiteServer(ThreadingHTTPServer):
    """One app served on ``127.0.0.1:<free port>`` from a background thread."""

    daemon_threads = True

    def __init__(self, app: App) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.app = app
        self.requests: list[str] = []
        """Path and query of every request received, in order (the access log)."""
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT``, no trailing slash."""
        return f"http://127.0.0.1:{self.server_address[1]}"

    def start(self) -> None:
        """Serve in a daemon thread until :meth:`stop`."""
        self._thread = threading.Thread(
            target=self.serve_forever, name=f"demo-{self.app.name}", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving and close the listening socket."""
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "nginx"
    sys_version = ""
    timeout = 30
    server: SiteServer

    def do_GET(self) -> None:
        self._serve()

    def do_HEAD(self) -> None:
        self._serve()

    def _serve(self) -> None:
        self.server.requests.append(self.path)
        parts = urlsplit(self.path)
        request = Request(
            method=self.command,
            path=parts.path or "/",
            query=parse_qs(parts.query, keep_blank_values=True),
            headers=self.headers,
            base=self.server.base_url,
        )
        try:
            reply = self.server.app.respond(request)
        except Exception:
            logger.exception("Demo site %s failed on %s", self.server.app.name, self.path)
            reply = html_reply("<h1>500 Internal Server Error</h1>", status=500)
        reply.send(self)

    def log_message(self, format: str, *args: object) -> None:
        pass
