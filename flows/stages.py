"""The parts of a run that need no flow engine: reading the sources, planning the fetches, the
run's summary. The flow's tasks call them, and so does `flows.nothing_new`, which recognises a
run with nothing to do before Prefect is imported."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from duckdb import DuckDBPyConnection

from transforms.discover import DiscoveryResult, discover
from transforms.fetch import Fetcher, FetchPolicy, FetchRequest
from transforms.models import DiscoveredLink, FetchedPage, Source
from transforms.schedule import RECRAWL_HORIZON, recrawl_due, retry_due
from warehouse import store

Discovered = list[tuple[Source, DiscoveryResult]]


@dataclass(frozen=True)
class RunSummary:
    run_id: str
    discovered: int
    fetched: int
    failed: int
    articles: int
    rejected: int
    errors: int  # pages whose cleaning or extraction raised (retried by later runs)
    mentions: int
    timeline_inserted: int
    timeline_updated: int
    timeline_deleted: int
    timeline_rows: int
    exports: tuple[str, ...]
    # Wall seconds of the stages (floats, so not among the counts the run log keeps).
    fetch_seconds: float = 0.0  # discovery and fetching
    clean_extract_seconds: float = 0.0  # the fanned-out cleaning and extraction, with their writes
    resolve_load_seconds: float = 0.0  # resolution, the timeline's write and the exports

    def counts(self) -> dict[str, int]:
        return {k: v for k, v in self.__dict__.items() if isinstance(v, int)}


def discover_all(sources: Sequence[Source], validators: dict[str, store.Validators],
                 policy: FetchPolicy) -> Discovered:
    """Read every source, with a conditional GET on the feeds and sitemaps read before."""

    def get(url: str) -> FetchedPage:
        known = validators.get(url)
        return fetcher.fetch(url, etag=known and known.etag, last_modified=known and known.last_modified)

    with Fetcher(policy) as fetcher:
        return [(source, discover(source, get)) for source in sources]


def record_discovery(con: DuckDBPyConnection, discovered: Discovered) -> None:
    """What each source said (its validators for the next conditional GET) and the fetch log."""
    for source, result in discovered:
        store.record_source_documents(con, source.name, result.pages)
        store.record_fetch_log(con, result.pages)


def unique_links(discovered: Discovered) -> list[DiscoveredLink]:
    return list({link.url: link for _, result in discovered for link in result.links}.values())


def fetch_plan(con: DuckDBPyConnection, links: list[DiscoveredLink], now: datetime) -> dict[str, tuple[DiscoveredLink, FetchRequest]]:
    """What to fetch: new links, then the retry queue, then the recrawl schedule."""
    listed = {link.url: link for link in links}
    settled = store.settled_urls(con)
    plan = {url: (link, FetchRequest(url)) for url, link in listed.items() if url not in settled}
    for retry in store.pages_to_retry(con):
        if retry_due(retry.failures, retry.last_attempt_at, now):
            plan[retry.link.url] = (listed.get(retry.link.url, retry.link), FetchRequest(retry.link.url))
    for stored in store.pages_to_recrawl(con, born_after=now - RECRAWL_HORIZON):
        if recrawl_due(stored.born_at, stored.last_checked_at, now):
            request = FetchRequest(stored.link.url, stored.etag, stored.last_modified)
            plan.setdefault(stored.link.url, (stored.link, request))
    return plan
