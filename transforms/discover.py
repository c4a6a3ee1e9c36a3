"""Find article URLs in a source: RSS/Atom feeds, XML sitemaps, or a fixed list of URLs.

`discover` fetches through the `get` callable it is given (normally `Fetcher.fetch` with the
stored validators), so it knows nothing about HTTP politeness or storage. Whatever it could read
it keeps: a malformed feed yields both its readable entries and a `DiscoveryProblem`.
"""

from __future__ import annotations

import dataclasses
import io
import warnings
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, time, timezone
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import courlan
import feedparser
from dateutil import parser as date_parser
from lxml import etree

from transforms.models import DiscoveredLink, DiscoveryProblem, FetchedPage, Source, SourceKind

MAX_SITEMAP_DEPTH = 3  # index → index → urlset is as deep as real sites go
MAX_SITEMAPS_PER_SOURCE = 50
MAX_LINKS_PER_SOURCE = 50_000  # the sitemap protocol's limit for one file
MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the protocol's uncompressed size limit

# Not malformed: the feed parsed; only its declared encoding or content type was off (a feed
# served as text/xml without a charset "declares" us-ascii, and feedparser flags that).
BENIGN_FEED_QUIRKS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)

Getter = Callable[[str], FetchedPage]


@dataclass(frozen=True)
class DiscoveryResult:
    links: tuple[DiscoveredLink, ...]
    problems: tuple[DiscoveryProblem, ...]
    # The feed/sitemap fetches, so their validators can be stored. A sitemap index comes
    # without validators: see `_Collector.forget_validators`.
    pages: tuple[FetchedPage, ...]


def discover(source: Source, get: Getter) -> DiscoveryResult:
    """All article links of `source`, deduplicated by normalised URL (first listing wins)."""
    collector = _Collector(source.name)
    for location in source.locations:
        match source.kind:
            case SourceKind.FEED:
                _read_feed(location, get, collector)
            case SourceKind.SITEMAP:
                _read_sitemap(location, get, collector, depth=0)
            case SourceKind.URLS:
                collector.add(location)
    return collector.result()


def normalize_url(url: str) -> str | None:
    """The identity of an article URL: tracking parameters, fragment and default port removed,
    scheme and host lowercased. None if `url` is not a usable http(s) URL."""
    cleaned = courlan.clean_url(url)
    if cleaned is None:
        return None
    parts = urlsplit(cleaned)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    # courlan keeps fragments unless strict, and strict mode also drops ordinary query
    # parameters such as ?page=2 — so drop the fragment here instead.
    return urlunsplit(parts._replace(fragment=""))


@dataclass
class _Collector:
    source_name: str
    links: dict[str, DiscoveredLink] = field(default_factory=dict)
    problems: list[DiscoveryProblem] = field(default_factory=list)
    pages: list[FetchedPage] = field(default_factory=list)
    sitemaps_read: int = 0
    truncated: bool = False  # MAX_LINKS_PER_SOURCE reached

    def add(self, listed_url: str, title: str | None = None, published_at: datetime | None = None) -> None:
        url = normalize_url(listed_url)
        if url is None:
            self.problem(listed_url, "not an http(s) URL")
            return
        if url in self.links:
            return  # the first listing wins
        if len(self.links) >= MAX_LINKS_PER_SOURCE:
            if not self.truncated:
                self.truncated = True
                self.problem(listed_url, f"more than {MAX_LINKS_PER_SOURCE} links; the rest ignored")
            return
        self.links[url] = DiscoveredLink(url, self.source_name, listed_url, title, published_at)

    def problem(self, location: str, reason: str) -> None:
        self.problems.append(DiscoveryProblem(self.source_name, location, reason))

    def fetched(self, location: str, page: FetchedPage) -> bytes | None:
        """Record a fetch; the body if there is something new to read."""
        self.pages.append(page)
        if page.error is not None:
            self.problem(location, page.error)
            return None
        if page.not_modified or page.body is None:
            return None  # unchanged since the last run: nothing new
        return page.body

    def forget_validators(self, page: FetchedPage) -> None:
        """Return `page` without ETag/Last-Modified, so the caller fetches it in full next time.

        For sitemap indexes: an index often stays byte-identical while the sitemaps it lists
        change, and a 304 on it would hide them (we would have no list of sitemaps to check).
        """
        position = next(index for index, kept in enumerate(self.pages) if kept is page)
        self.pages[position] = dataclasses.replace(page, etag=None, last_modified=None)

    def result(self) -> DiscoveryResult:
        return DiscoveryResult(tuple(self.links.values()), tuple(self.problems), tuple(self.pages))


# --- feeds ---------------------------------------------------------------------------------------


def _read_feed(location: str, get: Getter, collector: _Collector) -> None:
    page = get(location)
    body = collector.fetched(location, page)
    if body is None:
        return
    # A stream, never bytes or str: feedparser treats a string as a URL or file name to open.
    parsed = feedparser.parse(io.BytesIO(body), response_headers=_feed_headers(page))
    if not parsed.version and not parsed.entries:
        collector.problem(location, f"not a feed (content type {page.content_type or 'unknown'})")
    elif parsed.bozo and not isinstance(parsed.bozo_exception, BENIGN_FEED_QUIRKS):
        collector.problem(location, f"malformed feed: {_one_line(parsed.bozo_exception)}")
    for entry in parsed.entries:
        link = _entry_link(entry)
        if link:
            collector.add(link, _clean_title(entry.get("title")), _entry_published(entry))


def _feed_headers(page: FetchedPage) -> dict[str, str]:
    # feedparser uses the HTTP content type to pick the character encoding.
    headers = {"content-location": page.final_url}
    if page.content_type:
        headers["content-type"] = page.content_type
    return headers


def _entry_link(entry: Any) -> str | None:
    if entry.get("link"):
        return entry["link"]
    for link in entry.get("links", []):
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link["href"]
    return None


def _entry_published(entry: Any) -> datetime | None:
    """The entry's publication time, keeping the offset the feed gave when it gave one."""
    # Not feedparser's `published_parsed`: it converts to UTC, and reads a zone name it does
    # not know as UTC — a date hours off. No date is better than a wrong one.
    for key in ("published", "updated"):
        # dict.get: FeedParserDict.get("updated") falls back to "published", with a warning.
        raw = dict.get(entry, key)
        parsed = _parse_datetime(raw) if raw else None
        if parsed is not None:
            return parsed
    return None


def _clean_title(title: str | None) -> str | None:
    collapsed = " ".join((title or "").split())
    return collapsed or None


# --- sitemaps ------------------------------------------------------------------------------------


def _read_sitemap(location: str, get: Getter, collector: _Collector, depth: int) -> None:
    if collector.sitemaps_read >= MAX_SITEMAPS_PER_SOURCE:
        collector.problem(location, f"skipped: more than {MAX_SITEMAPS_PER_SOURCE} sitemaps in one source")
        return
    collector.sitemaps_read += 1
    page = get(location)
    body = collector.fetched(location, page)
    if body is None:
        return
    try:
        xml = _gunzip_if_needed(body)
    except ValueError as error:
        collector.problem(location, str(error))
        return
    root, parse_error = _parse_xml(xml)
    if parse_error:
        collector.problem(location, f"malformed sitemap: {parse_error}")
    if root is None:
        return
    match _local_name(root):
        case "sitemapindex":
            collector.forget_validators(page)
            _read_sitemap_index(location, root, get, collector, depth)
        case "urlset":
            for url in _children(root, "url"):
                loc = _child_text(url, "loc")
                if loc:
                    collector.add(loc, _news_field(url, "title"), _sitemap_published(url))
        case other:
            collector.problem(location, f"not a sitemap (root element <{other}>)")


def _read_sitemap_index(
    location: str, root: etree._Element, get: Getter, collector: _Collector, depth: int
) -> None:
    if depth >= MAX_SITEMAP_DEPTH:
        collector.problem(
            location, f"sitemap index nested deeper than {MAX_SITEMAP_DEPTH} levels; not followed"
        )
        return
    for sitemap in _children(root, "sitemap"):
        child = _child_text(sitemap, "loc")
        if child:
            _read_sitemap(child, get, collector, depth + 1)


def _sitemap_published(url: etree._Element) -> datetime | None:
    """news:publication_date when there is one; else lastmod (a modification date, but often
    the only date a sitemap gives)."""
    for raw in (_news_field(url, "publication_date"), _child_text(url, "lastmod")):
        parsed = _parse_datetime(raw) if raw else None
        if parsed is not None:
            return parsed
    return None


def _news_field(url: etree._Element, name: str) -> str | None:
    for news in _children(url, "news"):
        text = _child_text(news, name)
        if text:
            return text
    return None


def _gunzip_if_needed(body: bytes) -> bytes:
    if body[:2] != b"\x1f\x8b":
        return body
    decompressor = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        xml = decompressor.decompress(body, MAX_SITEMAP_BYTES)
    except zlib.error as error:
        raise ValueError(f"corrupt gzip sitemap: {error}") from error
    if decompressor.unconsumed_tail:
        raise ValueError(f"gzip sitemap larger than {MAX_SITEMAP_BYTES} bytes uncompressed")
    return xml


def _parse_xml(xml: bytes) -> tuple[etree._Element | None, str | None]:
    """The root element (recovering what it can from broken XML) and the first error, if any."""
    # No entities, no network: a sitemap is untrusted input.
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError as error:
        return None, _one_line(error)
    errors = [entry for entry in parser.error_log if entry.level >= etree.ErrorLevels.ERROR]
    first_error = f"line {errors[0].line}: {errors[0].message}" if errors else None
    if root is None:
        return None, first_error or "empty document"
    return root, first_error


def _local_name(element: etree._Element) -> str:
    # Match by local name: sitemaps in the wild get their namespace wrong surprisingly often.
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    return (child for child in element if _local_name(child) == name)


def _child_text(element: etree._Element, name: str) -> str | None:
    for child in _children(element, name):
        if child.text and child.text.strip():
            return child.text.strip()
    return None


# --- shared --------------------------------------------------------------------------------------


_HOUR = 3600
# Zone names in dates, in seconds east of UTC: RFC 822's own plus those European news sites
# print. Some names are ambiguous worldwide (BST, CST); these are the readings feeds use.
ZONE_NAMES = {
    "UT": 0, "GMT": 0, "UTC": 0, "Z": 0,
    "EST": -5 * _HOUR, "EDT": -4 * _HOUR, "CST": -6 * _HOUR, "CDT": -5 * _HOUR,
    "MST": -7 * _HOUR, "MDT": -6 * _HOUR, "PST": -8 * _HOUR, "PDT": -7 * _HOUR,
    "WET": 0, "WEST": _HOUR, "BST": _HOUR, "IST": _HOUR, "CET": _HOUR, "CEST": 2 * _HOUR,
    "EET": 2 * _HOUR, "EEST": 3 * _HOUR, "MSK": 3 * _HOUR,
}  # fmt: skip


def _parse_datetime(raw: str) -> datetime | None:
    """A timezone-aware datetime from an RFC 822 or ISO 8601 string; a bare date counts as
    midnight UTC (day precision is all it carries). None if unreadable, or if the zone is
    missing or unknown: guessing UTC could put an event on the wrong day."""
    try:
        with warnings.catch_warnings():
            # An unknown zone name parses as naive, handled below: no warning needed.
            warnings.simplefilter("ignore", date_parser.UnknownTimezoneWarning)
            parsed = date_parser.parse(raw, tzinfos=ZONE_NAMES)
    except (ValueError, OverflowError):
        return None
    if parsed.tzinfo is not None:
        return parsed
    if parsed.time() == time(0) and len(raw.strip()) <= len("2025-08-18"):
        return parsed.replace(tzinfo=timezone.utc)
    return None


def _one_line(error: object) -> str:
    text = " ".join(str(error).split())
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
