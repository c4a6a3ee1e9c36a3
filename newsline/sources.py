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
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from urllib.parse import urlsplit

from transforms.models import Source, SourceKind


class SourcesError(ValueError):
    """The sources file cannot be used; the message is one line a user can act on."""


def _check_url(url: object, where: str) -> str:
    if not isinstance(url, str) or urlsplit(url).scheme not in {"http", "https"} or not urlsplit(url).netloc:
        raise SourcesError(f"{where}: {url!r} is not an http(s) URL")
    return url


def parse_sources(text: str, origin: str = "SOURCES.toml") -> list[Source]:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SourcesError(f"{origin} is not valid TOML: {error}") from error
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


def load_sources(path: Path) -> list[Source]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise SourcesError(f"cannot read sources file {path}: {error.strerror}") from error
    return parse_sources(text, origin=str(path))
