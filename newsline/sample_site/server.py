"""A local HTTP server for the sample news site.

A real server (stdlib `ThreadingHTTPServer` in a daemon thread), so the pipeline and the tests
exercise real HTTP: conditional requests (ETag / Last-Modified → 304), HEAD, gzip
content-encoding. Tests can publish new articles, replace pages and add dynamic routes
(see `tests/fixture_site.py`), and can see which requests the server received.
"""

from __future__ import annotations

import gzip
import hashlib
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from newsline.sample_site.articles import Article, load_sample_articles
from newsline.sample_site.documents import (
    ATOM_PATH,
    RSS_PATH,
    SITEMAP_PATH,
    Document,
    build_documents,
)

GZIP_MIN_BYTES = 1024  # smaller bodies are not worth compressing


@dataclass(frozen=True)
class ReceivedRequest:
    method: str
    path: str  # with query string
    headers: Mapping[str, str]
    received_at: float  # time.monotonic() on arrival, to measure the gaps a crawler leaves


@dataclass(frozen=True)
class Response:
    """What a dynamic route returns."""

    status: int
    body: bytes = b""
    headers: Mapping[str, str] = field(default_factory=dict)
    hang_up: bool = False  # close the connection without answering at all
    chunks: Iterable[bytes] | None = None  # sent one by one as produced (instead of `body`), then close


Route = Callable[[ReceivedRequest], Response]


class SampleSite:
    """A running sample site: its URLs, what it received, and ways to change it."""

    def __init__(self, base_url: str, articles: tuple[Article, ...]) -> None:
        self.base_url = base_url
        self._lock = threading.Lock()
        self._articles = articles
        self._pages: dict[str, Document] = {}
        self._routes: dict[str, Route] = {}
        self._requests: list[ReceivedRequest] = []
        self._changed_at = max(article.modified or article.published for article in articles)
        self._documents = build_documents(base_url, articles, self._changed_at)

    @property
    def feed_url(self) -> str:
        return self.base_url + RSS_PATH

    @property
    def atom_url(self) -> str:
        return self.base_url + ATOM_PATH

    @property
    def sitemap_url(self) -> str:
        return self.base_url + SITEMAP_PATH

    @property
    def robots_url(self) -> str:
        return self.base_url + "/robots.txt"

    @property
    def articles(self) -> tuple[Article, ...]:
        """The articles served, oldest first (headline, author, publication time…)."""
        with self._lock:
            return self._articles

    @property
    def article_urls(self) -> tuple[str, ...]:
        """Canonical URLs of the articles, oldest first, without tracking parameters."""
        with self._lock:
            return tuple(self.base_url + article.path for article in self._articles)

    @property
    def requests(self) -> tuple[ReceivedRequest, ...]:
        with self._lock:
            return tuple(self._requests)

    def requests_for(self, path: str) -> tuple[ReceivedRequest, ...]:
        """Requests whose path (ignoring the query string) is `path`."""
        return tuple(r for r in self.requests if urlsplit(r.path).path == path)

    def publish(self, article: Article) -> None:
        """Add (or replace) an article: feeds, sitemaps and home page list it from now on."""
        with self._lock:
            others = tuple(a for a in self._articles if a.path != article.path)
            self._articles = tuple(sorted((*others, article), key=lambda a: a.published))
            self._rebuild()

    def put_page(self, path: str, body: bytes, content_type: str = "text/html; charset=utf-8") -> None:
        """Serve `body` at `path` (a new page, or a replacement for a generated one)."""
        with self._lock:
            self._pages[path] = Document(body, content_type, _now())

    def add_route(self, path: str, route: Route) -> None:
        """Answer requests for `path` (any query string) with `route`."""
        with self._lock:
            self._routes[path] = route

    def _rebuild(self) -> None:
        # The site changed now, whatever the dates of the articles say.
        self._changed_at = max(_now(), self._changed_at)
        self._documents = build_documents(self.base_url, self._articles, self._changed_at)

    def _record(self, request: ReceivedRequest) -> None:
        with self._lock:
            self._requests.append(request)

    def _lookup(self, path: str) -> Route | Document | None:
        with self._lock:
            return self._routes.get(path) or self._pages.get(path) or self._documents.get(path)


@contextmanager
def serve_sample_site(
    host: str = "127.0.0.1", port: int = 0, articles: tuple[Article, ...] | None = None
) -> Iterator[SampleSite]:
    """Serve the sample site (or `articles` instead) until the block ends. `port=0` picks a free port."""
    server = _Server((host, port), _Handler)
    bound_host, bound_port = server.socket.getsockname()[:2]
    site = SampleSite(f"http://{bound_host}:{bound_port}", articles or load_sample_articles())
    server.site = site
    # A short poll interval makes shutdown quick (tests start a server each).
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="sample-site", daemon=True
    )
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # a slow route must not hold up shutdown
    site: SampleSite

    def handle_error(self, request: object, client_address: object) -> None:
        # Clients that hang up (after a timeout, or without reading a body) are normal here.
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    server_version = "NewslineSample/1.0"
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle on, keep-alive clients wait ~40 ms.
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: tests read `SampleSite.requests` instead of a log."""

    def _answer(self, *, send_body: bool) -> None:
        site = self.server.site
        request = ReceivedRequest(self.command, self.path, dict(self.headers.items()), time.monotonic())
        site._record(request)
        path = urlsplit(self.path).path
        target = site._lookup(path)
        try:
            if target is None:
                self._send_missing(site, path, send_body)
            elif isinstance(target, Document):
                self._send_document(target, send_body)
            else:
                self._send_response(target(request), send_body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (e.g. timed out): nothing left to answer

    def _send_response(self, response: Response, send_body: bool) -> None:
        if response.hang_up:
            self.close_connection = True
            return
        if response.chunks is not None:
            self._send_streamed(response.status, response.chunks, dict(response.headers), send_body)
            return
        self._send(response.status, response.body, dict(response.headers), send_body)

    def _send_streamed(
        self, status: int, chunks: Iterable[bytes], headers: dict[str, str], send_body: bool
    ) -> None:
        # No Content-Length: the body ends when the connection closes (HTTP/1.1 §6.3 rule 8).
        self.close_connection = True
        self.send_response(status)
        for name, value in {**headers, "Connection": "close"}.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            for chunk in chunks:
                self.wfile.write(chunk)
                self.wfile.flush()

    def _send_missing(self, site: SampleSite, path: str, send_body: bool) -> None:
        # Like most CMSs: a directory-style URL typed without its slash redirects to it.
        if not path.endswith("/") and site._lookup(path + "/") is not None:
            self._send(301, b"", {"Location": path + "/"}, send_body)
        else:
            self._send(404, b"<h1>404 Not Found</h1>", {"Content-Type": "text/html"}, send_body)

    def _send_document(self, document: Document, send_body: bool) -> None:
        etag = '"' + hashlib.sha256(document.body).hexdigest()[:20] + '"'
        headers = {
            "Content-Type": document.content_type,
            "ETag": etag,
            "Last-Modified": format_datetime(document.last_modified.astimezone(timezone.utc), usegmt=True),
            "Cache-Control": "max-age=60",
        }
        if self._not_modified(etag, document.last_modified):
            self._send(304, b"", headers, send_body=False)
            return
        body = document.body
        if self._accepts_gzip() and len(body) >= GZIP_MIN_BYTES and not _is_gzip(body):
            body = gzip.compress(body, mtime=0)
            headers["Content-Encoding"] = "gzip"
            headers["Vary"] = "Accept-Encoding"
        self._send(200, body, headers, send_body)

    def _not_modified(self, etag: str, last_modified: datetime) -> bool:
        # RFC 9110 §13.2.2: If-None-Match takes precedence; If-Modified-Since is then ignored.
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
            return etag in candidates or "*" in candidates
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since is None:
            return False
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:  # "-0000" parses as naive; HTTP dates are GMT anyway
            since = since.replace(tzinfo=timezone.utc)
        return last_modified.replace(microsecond=0) <= since

    def _accepts_gzip(self) -> bool:
        return "gzip" in self.headers.get("Accept-Encoding", "")

    def _send(self, status: int, body: bytes, headers: dict[str, str], send_body: bool) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if status != 304 and "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body and status != 304:
            self.wfile.write(body)


def _is_gzip(body: bytes) -> bool:
    return body[:2] == b"\x1f\x8b"


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)
