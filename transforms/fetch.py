"""Polite, incremental HTTP fetching.

`Fetcher` wraps one `httpx.Client` and turns every URL into a `FetchedPage` — it never raises.
Politeness: robots.txt (via `protego`) is honoured and cached per host; each host gets one
request at a time, with a minimum delay between requests (robots `Crawl-delay` if larger);
retries happen only on transient failures, with exponential backoff and jitter, honouring
`Retry-After`. Conditional GET (ETag / Last-Modified) makes re-fetching unchanged pages cheap.

Redirects are followed by hand rather than by httpx so that each hop is checked against
robots.txt and the address guard, and a loop can be told apart from a long chain. Every host is
resolved and checked before any request (`transforms.addresses`): private, loopback,
link-local and other non-public addresses are refused unless `FetchPolicy.allow_hosts` allows
them, and connections go to the checked address only. Each HTTP attempt comes back with the
page (`FetchedPage.attempts`) for the fetch log.
"""

from __future__ import annotations

import dataclasses
import functools
import queue
import random
import ssl
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import httpx
from protego import Protego

from transforms.addresses import AddressGuard, AddressRefused, Resolver, system_resolver
from transforms.guarded_transport import GuardedTransport
from transforms.models import FetchAttempt, FetchedPage

ROBOTS_MAX_BYTES = 500 * 1024  # RFC 9309 §2.5: parse at least the first 500 KiB
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})
ACCEPTED_CONTENT_TYPES = (
    "text/html",
    "application/xhtml+xml",
    # feeds and sitemaps go through the same fetcher
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/gzip",
    "application/x-gzip",
    "application/octet-stream",  # what many servers call a .xml.gz sitemap
    "text/plain",
)


def _package_version() -> str:
    try:
        return version("newsline")
    except PackageNotFoundError:
        return "0.0.0"


USER_AGENT = f"newsline/{_package_version()}"


def user_agent(contact: str | None) -> str:
    """Our User-Agent; site operators expect a way to reach whoever runs the crawler."""
    return f"{USER_AGENT} (+{contact})" if contact else USER_AGENT
ROBOTS_AGENT = "newsline"  # the product token robots.txt groups are matched against


@dataclass(frozen=True)
class FetchPolicy:
    """How patient and how polite the fetcher is. Tests shrink the delays."""

    user_agent: str = USER_AGENT
    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    total_timeout: float = 60.0  # a server trickling bytes never trips the read timeout
    max_attempts: int = 3
    backoff_initial: float = 1.0  # seconds before the 2nd attempt; doubles each time
    backoff_max: float = 30.0
    retry_after_max: float = 120.0  # a longer Retry-After makes us give up instead
    min_host_delay: float = 1.0  # between the end of one request and the start of the next
    max_crawl_delay: float = 60.0  # cap on a robots.txt Crawl-delay
    max_redirects: int = 5
    max_body_bytes: int = 10_000_000
    max_workers: int = 4  # hosts fetched in parallel by fetch_many
    robots_ttl: float = 24 * 3600.0  # RFC 9309 §2.4: no longer than 24 hours
    robots_error_ttl: float = 300.0  # how long a 5xx robots.txt keeps a host closed
    accepted_content_types: tuple[str, ...] = ACCEPTED_CONTENT_TYPES
    # Hosts, IP addresses or CIDR ranges that may be private (SOURCES.toml [fetch] allow_hosts).
    allow_hosts: tuple[str, ...] = ()


@dataclass(frozen=True)
class FetchRequest:
    url: str
    etag: str | None = None
    last_modified: str | None = None


class Fetcher:
    """Fetch pages politely. Use as a context manager; safe to call from several threads."""

    def __init__(self, policy: FetchPolicy | None = None, *, resolve: Resolver = system_resolver) -> None:
        self.policy = policy or FetchPolicy()
        self._guard = AddressGuard.allowing(self.policy.allow_hosts, resolve)
        limits = httpx.Limits(max_connections=max(10, 2 * self.policy.max_workers))
        self._client = httpx.Client(
            headers={
                "User-Agent": self.policy.user_agent,
                "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            },
            timeout=httpx.Timeout(self.policy.read_timeout, connect=self.policy.connect_timeout),
            follow_redirects=False,
            transport=GuardedTransport(self._guard, ssl_context=_tls_context(), limits=limits),
        )
        self._hosts = _HostTurns()
        self._robots = _RobotsCache(self._client, self.policy, self._hosts)

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(self, url: str, *, etag: str | None = None, last_modified: str | None = None) -> FetchedPage:
        """Fetch one URL. Failures come back as a page with `error` set, never as exceptions."""
        try:
            page = self._follow(url, _conditional_headers(etag, last_modified))
        except Exception as error:
            return _failed(url, url, f"unexpected error: {_one_line(error)}")
        if page.not_modified:
            # A 304 need not repeat the validators; the caller's are still the current ones.
            page = dataclasses.replace(
                page, etag=page.etag or etag, last_modified=page.last_modified or last_modified
            )
        return page

    def fetch_many(self, requests: Iterable[FetchRequest]) -> Generator[FetchedPage, None, None]:
        """Fetch many URLs: hosts in parallel, one request at a time per host.

        Pages are yielded as they complete, so not in request order. Stopping the iteration
        early stops the workers after their current request.
        """
        by_host: dict[str, list[FetchRequest]] = defaultdict(list)
        for request in requests:
            by_host[_host_key(request.url)].append(request)
        if not by_host:
            return
        results: queue.Queue[FetchedPage | None] = queue.Queue()
        stop = threading.Event()
        pool = ThreadPoolExecutor(min(self.policy.max_workers, len(by_host)), thread_name_prefix="fetch")
        for host_requests in by_host.values():
            pool.submit(self._fetch_queue, host_requests, results, stop)
        try:
            hosts_left = len(by_host)
            while hosts_left:
                page = results.get()
                if page is None:  # one host's queue is done
                    hosts_left -= 1
                else:
                    yield page
        finally:
            stop.set()
            pool.shutdown(wait=True, cancel_futures=True)

    def _fetch_queue(
        self, requests: list[FetchRequest], results: queue.Queue[FetchedPage | None], stop: threading.Event
    ) -> None:
        try:
            for request in requests:
                if stop.is_set():
                    return
                results.put(self.fetch(request.url, etag=request.etag, last_modified=request.last_modified))
        finally:  # the consumer counts one None per host to know when all are done
            results.put(None)

    def _follow(self, url: str, headers: dict[str, str]) -> FetchedPage:
        current, visited, log = url, {url}, _AttemptLog()
        for _hop in range(self.policy.max_redirects + 1):
            # Checked per hop: a redirect may point anywhere.
            refusal = self._refusal(current)
            if refusal:
                log.refused(current, refusal)
                return log.attach(_failed(url, current, refusal))
            outcome = self._fetch_with_retries(current, headers, log)
            if not isinstance(outcome, _Redirect):
                return log.attach(outcome.page(url, current))
            if outcome.location in visited:
                return log.attach(_failed(url, current, f"redirect loop ({current} → {outcome.location})"))
            visited.add(outcome.location)
            current = outcome.location
        return log.attach(_failed(url, current, f"too many redirects (more than {self.policy.max_redirects})"))

    def _refusal(self, url: str) -> str | None:
        """Why `url` may not be requested at all: not http(s), or a host at a refused address."""
        if not _is_http_url(url):
            return "not an http(s) URL"
        parts = urlsplit(url)
        try:
            self._guard.check(parts.hostname or "", parts.port or (443 if parts.scheme.lower() == "https" else 80))
        except AddressRefused as refused:
            return str(refused)
        except ValueError:  # a port out of range
            return "not an http(s) URL"
        return None

    def _fetch_with_retries(self, url: str, headers: dict[str, str], log: _AttemptLog) -> _Outcome:
        rules = self._robots.rules_for(url)
        if not rules.allows(url):
            return _Failure("disallowed by robots.txt", detail=rules.note)
        host, policy = _host_key(url), self.policy
        attempt = 1
        while True:
            with self._hosts.turn(host, rules.delay), log.attempt(url) as record:
                outcome = record(self._request_once(url, headers))
            if not isinstance(outcome, _Failure) or not outcome.transient:
                return outcome
            retry_after = outcome.retry_after
            # Waits are held for the whole host: a struggling or rate-limiting server should get
            # a rest from all our requests, not only from retries of this URL.
            if retry_after is not None:
                self._hosts.hold(host, min(retry_after, policy.retry_after_max))
            if attempt >= policy.max_attempts:
                return outcome.after_attempts(attempt)
            if retry_after is not None and retry_after > policy.retry_after_max:
                return outcome.given_up(
                    f"Retry-After {retry_after:.0f}s exceeds the {policy.retry_after_max:.0f}s limit"
                )
            if retry_after is None:
                self._hosts.hold(host, self._backoff(attempt))
            attempt += 1

    def _backoff(self, attempt: int) -> float:
        """Seconds to wait before attempt `attempt + 1`: exponential, with jitter."""
        ceiling = min(self.policy.backoff_max, self.policy.backoff_initial * 2 ** (attempt - 1))
        # "Equal jitter": at least half the exponential delay, so retries of many clients spread out.
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    def _request_once(self, url: str, headers: dict[str, str]) -> _Outcome:
        deadline = time.monotonic() + self.policy.total_timeout
        try:
            with self._client.stream("GET", url, headers=headers) as response:
                return self._read_response(url, response, deadline)
        except httpx.TimeoutException as error:
            return _Failure("timed out", transient=True, detail=self._timeout_detail(error))
        except _DeadlineExceeded:
            return _Failure("timed out", transient=True, detail=f"total timeout {self.policy.total_timeout}s")
        except httpx.TransportError as error:
            return _Failure("connection failed", transient=True, detail=_one_line(error))
        except httpx.DecodingError as error:
            return _Failure(f"undecodable body: {_one_line(error)}")
        except AddressRefused as refused:  # the host now resolves elsewhere than when checked
            return _Failure(str(refused))

    def _read_response(self, url: str, response: httpx.Response, deadline: float) -> _Outcome:
        status = response.status_code
        if status in REDIRECT_STATUSES:
            location = response.headers.get("Location")
            if not location:
                return _Failure(f"HTTP {status} without a Location header", status_code=status)
            return _Redirect(urljoin(url, location), status)
        if status == 304:
            return _Success(response, body=None)
        if status in RETRYABLE_STATUSES:
            return _Failure(
                f"HTTP {status}",
                transient=True,
                status_code=status,
                retry_after=_retry_after_seconds(response.headers.get("Retry-After")),
            )
        if status >= 400:
            return _Failure(f"HTTP {status}", status_code=status)
        media_type = _media_type(response.headers.get("Content-Type"))
        if media_type and media_type not in self.policy.accepted_content_types:
            return _Failure(f"unsupported content type {media_type}", status_code=status)
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > self.policy.max_body_bytes:
            return _Failure(self._too_big(f"Content-Length {declared}"), status_code=status)
        body = _read_capped(response, self.policy.max_body_bytes, deadline)
        if body is None:
            return _Failure(self._too_big("while reading"), status_code=status)
        return _Success(response, body=body)

    def _too_big(self, how: str) -> str:
        return f"body larger than {self.policy.max_body_bytes} bytes ({how})"

    def _timeout_detail(self, error: httpx.TimeoutException) -> str:
        if isinstance(error, httpx.ConnectTimeout):
            return f"connect timeout {self.policy.connect_timeout}s"
        if isinstance(error, httpx.ReadTimeout):
            return f"read timeout {self.policy.read_timeout}s"
        return _one_line(error)


# --- outcomes of one request ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Redirect:
    location: str
    status_code: int


@dataclass(frozen=True)
class _Success:
    response: httpx.Response
    body: bytes | None  # None: 304 Not Modified

    def page(self, url: str, final_url: str) -> FetchedPage:
        headers = self.response.headers
        return FetchedPage(
            url=url,
            final_url=final_url,
            fetched_at=_now(),
            status_code=self.response.status_code,
            content_type=headers.get("Content-Type"),
            etag=headers.get("ETag"),
            last_modified=headers.get("Last-Modified"),
            body=self.body,
            not_modified=self.body is None,
            headers=tuple(headers.multi_items()),
        )


@dataclass(frozen=True)
class _Failure:
    summary: str
    transient: bool = False
    detail: str | None = None
    status_code: int | None = None
    retry_after: float | None = None
    attempts: int = 1

    def after_attempts(self, attempts: int) -> _Failure:
        return dataclasses.replace(self, attempts=attempts)

    def given_up(self, why: str) -> _Failure:
        return dataclasses.replace(self, transient=False, detail=why)

    @property
    def reason(self) -> str:
        reason = self.summary
        if self.attempts > 1:
            reason += f" after {self.attempts} attempts"
        if self.detail:
            reason += f" ({self.detail})"
        return reason

    def page(self, url: str, final_url: str) -> FetchedPage:
        return _failed(url, final_url, self.reason, self.status_code)


_Outcome = _Redirect | _Success | _Failure


class _AttemptLog:
    """The HTTP attempts made for one fetch, redirects and retries included, for the fetch log."""

    def __init__(self) -> None:
        self._attempts: list[FetchAttempt] = []

    @contextmanager
    def attempt(self, url: str) -> Iterator[Callable[[_Outcome], _Outcome]]:
        started_at, started = _now(), time.monotonic()
        outcomes: list[_Outcome] = []

        def record(outcome: _Outcome) -> _Outcome:
            outcomes.append(outcome)
            return outcome

        yield record
        if outcomes:
            self._attempts.append(_attempt_row(url, started_at, time.monotonic() - started, outcomes[0]))

    def refused(self, url: str, reason: str) -> None:
        self._attempts.append(FetchAttempt(url, _now(), None, 0, 0.0, reason))

    def attach(self, page: FetchedPage) -> FetchedPage:
        return dataclasses.replace(page, attempts=tuple(self._attempts))


def _attempt_row(url: str, started_at: datetime, seconds: float, outcome: _Outcome) -> FetchAttempt:
    match outcome:
        case _Redirect(location, status):
            return FetchAttempt(url, started_at, status, 0, seconds, f"redirect to {location}")
        case _Success(response, body):
            result = "not modified" if body is None else "ok"
            return FetchAttempt(url, started_at, response.status_code, len(body or b""), seconds, result)
        case _Failure():
            return FetchAttempt(url, started_at, outcome.status_code, 0, seconds, outcome.reason)


class _DeadlineExceeded(Exception):
    pass


# --- per-host turns and robots.txt ---------------------------------------------------------------


@dataclass
class _HostSlot:
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_request_at: float = 0.0


class _HostTurns:
    """One request at a time per host, with a pause after each."""

    def __init__(self) -> None:
        self._slots: dict[str, _HostSlot] = defaultdict(_HostSlot)
        self._guard = threading.Lock()

    @contextmanager
    def turn(self, host: str, delay: float) -> Iterator[None]:
        slot = self._slot(host)
        with slot.lock:
            wait = slot.next_request_at - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            try:
                yield
            finally:
                slot.next_request_at = max(slot.next_request_at, time.monotonic() + delay)

    def hold(self, host: str, seconds: float) -> None:
        """No request to `host` for `seconds` from now (after any request in flight)."""
        slot = self._slot(host)
        with slot.lock:
            slot.next_request_at = max(slot.next_request_at, time.monotonic() + seconds)

    def _slot(self, host: str) -> _HostSlot:
        with self._guard:
            return self._slots[host]


@dataclass(frozen=True)
class _HostRules:
    parser: Protego | None  # None: no usable robots.txt, see `allow_all`
    allow_all: bool
    delay: float
    expires_at: float
    note: str | None = None  # why there are no real rules, e.g. "robots.txt answered HTTP 503"

    def allows(self, url: str) -> bool:
        if self.parser is None:
            return self.allow_all
        return self.parser.can_fetch(url, ROBOTS_AGENT)


class _RobotsCache:
    """robots.txt per host, fetched on first use and kept for `robots_ttl`.

    Missing (4xx) → everything allowed (RFC 9309 §2.3.1.3). Server error (5xx) → nothing
    allowed for `robots_error_ttl`, then asked again (RFC 9309 §2.3.1.4). Unreachable (timeout,
    connection refused) → allowed, as most crawlers do: the page fetch will then fail on its own
    with a clearer reason than "disallowed".
    """

    def __init__(self, client: httpx.Client, policy: FetchPolicy, hosts: _HostTurns) -> None:
        self._client = client
        self._policy = policy
        self._hosts = hosts
        self._rules: dict[str, _HostRules] = {}
        self._host_locks: dict[str, threading.Lock] = defaultdict(threading.Lock)
        self._guard = threading.Lock()

    def rules_for(self, url: str) -> _HostRules:
        host = _host_key(url)
        with self._guard:
            host_lock = self._host_locks[host]
        with host_lock:  # one robots.txt fetch per host, however many threads ask
            rules = self._rules.get(host)
            if rules is None or rules.expires_at <= time.monotonic():
                rules = self._load(host)
                self._rules[host] = rules
            return rules

    def _load(self, host: str) -> _HostRules:
        policy = self._policy
        try:
            with (
                self._hosts.turn(host, policy.min_host_delay),
                self._client.stream("GET", f"{host}/robots.txt", follow_redirects=True) as response,
            ):
                text = _read_truncated(response, ROBOTS_MAX_BYTES).decode("utf-8", errors="replace")
        except (httpx.HTTPError, AddressRefused) as error:
            # Allowed: the page request then fails on its own, with the clearer reason.
            return self._fixed(True, policy.robots_error_ttl, f"robots.txt unreachable: {_one_line(error)}")
        if response.status_code >= 500:
            return self._fixed(
                False,
                policy.robots_error_ttl,
                f"robots.txt answered HTTP {response.status_code}; will ask again",
            )
        if not response.is_success:
            return self._fixed(True, policy.robots_ttl, f"robots.txt answered HTTP {response.status_code}")
        parser = Protego.parse(text)
        crawl_delay = parser.crawl_delay(ROBOTS_AGENT) or 0.0
        delay = max(policy.min_host_delay, min(float(crawl_delay), policy.max_crawl_delay))
        return _HostRules(
            parser, allow_all=False, delay=delay, expires_at=time.monotonic() + policy.robots_ttl
        )

    def _fixed(self, allow_all: bool, ttl: float, note: str) -> _HostRules:
        return _HostRules(None, allow_all, self._policy.min_host_delay, time.monotonic() + ttl, note)


# --- small helpers -------------------------------------------------------------------------------


@functools.cache
def _tls_context() -> ssl.SSLContext:
    # Loading the CA bundle takes ~60 ms; one context serves every Fetcher (SSLContext is thread-safe).
    return httpx.create_ssl_context()


def _read_capped(response: httpx.Response, limit: int, deadline: float) -> bytes | None:
    """The decoded body, or None once it grows past `limit` bytes (also stops gzip bombs)."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            return None
        if time.monotonic() > deadline:
            raise _DeadlineExceeded
        chunks.append(chunk)
    return b"".join(chunks)


def _read_truncated(response: httpx.Response, limit: int) -> bytes:
    """At most the first `limit` bytes of the body; the rest is not downloaded."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        chunks.append(chunk)
        size += len(chunk)
        if size >= limit:
            break
    return b"".join(chunks)[:limit]


def _conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - _now()).total_seconds())


def _is_http_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _media_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower()


def _host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _one_line(error: Exception) -> str:
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _failed(url: str, final_url: str, reason: str, status_code: int | None = None) -> FetchedPage:
    return FetchedPage(url=url, final_url=final_url, fetched_at=_now(), status_code=status_code, error=reason)


def _now() -> datetime:
    return datetime.now(timezone.utc)
