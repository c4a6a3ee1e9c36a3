"""SOURCES.toml: the feeds, sitemaps and URL lists a pipeline run reads.

    [[source]]
    name = "example-world"
    feed = "https://example.com/world/rss.xml"

    [[source]]
    name = "example-sitemap"
    sitemap = "https://example.com/sitemap.xml"

    [[source]]
    name = "hand-picked"
    urls = ["https://example.com/2025/08/15/summit", "https://example.org/a/123"]

An optional top-level `[fetch]` table holds what the fetcher may do beyond its defaults:

    [fetch]
    allow_hosts = ["127.0.0.1", "intranet.example", "10.20.0.0/16"]

`allow_hosts` lists host names, IP addresses or CIDR ranges that may be private; every other
private, loopback, link-local or otherwise non-public address is refused.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from transforms.addresses import parse_network
from transforms.models import Source, SourceKind

_HOST_NAME = re.compile(r"(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?", re.I)


@dataclass(frozen=True)
class SourcesFile:
    """Everything a sources file says: its sources and the `[fetch]` settings."""

    sources: list[Source]
    allow_hosts: tuple[str, ...] = ()


class SourcesError(ValueError):
    """The sources file cannot be used; the message is one line a user can act on."""


def _check_url(url: object, where: str) -> str:
    if not isinstance(url, str) or urlsplit(url).scheme not in {"http", "https"} or not urlsplit(url).netloc:
        raise SourcesError(f"{where}: {url!r} is not an http(s) URL")
    return url


def parse_sources_file(text: str, origin: str = "SOURCES.toml") -> SourcesFile:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SourcesError(f"{origin} is not valid TOML: {error}") from error
    sources = _sources(document, origin)
    unknown = set(document) - {"source", "fetch"}
    if unknown:
        raise SourcesError(f"{origin}: unknown top-level key(s) {', '.join(sorted(unknown))}")
    return SourcesFile(sources, _allow_hosts(document.get("fetch", {}), origin))


def _allow_hosts(table: object, origin: str) -> tuple[str, ...]:
    where = f"{origin}, [fetch]"
    if not isinstance(table, dict):
        raise SourcesError(f"{where} must be a table")
    unknown = set(table) - {"allow_hosts"}
    if unknown:
        raise SourcesError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    entries = table.get("allow_hosts", [])
    if not isinstance(entries, list):
        raise SourcesError(f"{where}: 'allow_hosts' must be a list of hosts, IP addresses or CIDR ranges")
    for entry in entries:
        if not isinstance(entry, str) or not (parse_network(entry) or _HOST_NAME.fullmatch(entry.strip())):
            raise SourcesError(f"{where}: {entry!r} is not a host name, an IP address or a CIDR range")
    return tuple(entry.strip() for entry in entries)


def parse_sources(text: str, origin: str = "SOURCES.toml") -> list[Source]:
    return parse_sources_file(text, origin).sources


def _sources(document: dict, origin: str) -> list[Source]:
    entries = document.get("source")
    if not isinstance(entries, list) or not entries:
        raise SourcesError(f"{origin} has no [[source]] tables")
    sources, names = [], set()
    for number, entry in enumerate(entries, start=1):
        where = f"{origin}, source #{number}"
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise SourcesError(f"{where}: 'name' is missing")
        if name in names:
            raise SourcesError(f"{where}: the name {name!r} is used twice")
        names.add(name)
        where = f"{origin}, source {name!r}"
        kinds = [kind for kind in SourceKind if kind.value in entry]
        if len(kinds) != 1:
            raise SourcesError(f"{where}: give exactly one of 'feed', 'sitemap' or 'urls'")
        kind = kinds[0]
        value = entry[kind.value]
        if kind is SourceKind.URLS:
            if not isinstance(value, list) or not value:
                raise SourcesError(f"{where}: 'urls' must be a non-empty list of URLs")
            locations = tuple(_check_url(url, where) for url in value)
        else:
            locations = (_check_url(value, where),)
        unknown = set(entry) - {"name", kind.value}
        if unknown:
            raise SourcesError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        sources.append(Source(name=name, kind=kind, locations=locations))
    return sources


def load_sources_file(path: Path) -> SourcesFile:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SourcesError(f"cannot read sources file {path}: {error.strerror}") from error
    return parse_sources_file(text, origin=str(path))


def load_sources(path: Path) -> list[Source]:
    return load_sources_file(path).sources
