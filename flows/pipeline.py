"""The `pipeline` flow: discover → fetch → clean → extract → resolve → load → publish.

Only wiring lives here: the logic is in `transforms/`, the SQL in `warehouse/`. The warehouse is
opened for short transactions only, so analysts can query it between them; every stage's output
is committed before the next stage starts, so a crash leaves it consistent and the next run
picks up where this one stopped (fetched pages not yet cleaned are cleaned then).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

from prefect import flow, get_run_logger, task

from newsline.sources import load_sources
from transforms.clean import clean_page
from transforms.discover import DiscoveryResult, discover
from transforms.extract import extract_mentions
from transforms.fetch import Fetcher, FetchPolicy, FetchRequest, user_agent
from transforms.models import (
    ArticleRef,
    CleanedArticle,
    DiscoveredLink,
    EventMention,
    FetchedPage,
    Rejection,
    Source,
    SourceKind,
)
from transforms.resolve import ResolutionChanges, candidate_windows, resolve, resolve_incremental
from transforms.sentences import split_sentences
from warehouse import export, store
from warehouse import resolution as resolution_store
from warehouse.db import WarehouseBusy, migrate, reading, transaction

# Waiting for an analyst's session to release the database file happens first inside the
# connection attempt, then through Prefect's task retries — for that error only.
def _retry_when_busy(task, task_run, state) -> bool:  # noqa: ARG001 - Prefect's signature
    try:
        state.result()
    except WarehouseBusy:
        return True
    except Exception:  # noqa: BLE001 - anything else is a bug, not worth retrying
        return False
    return False


_ON_BUSY = {"retries": 3, "retry_delay_seconds": [5, 15, 45], "retry_condition_fn": _retry_when_busy}


@dataclass(frozen=True)
class CleanedPage:
    """A stored page that cleaning turned into an article."""

    article: CleanedArticle
    fetched_at: datetime


@dataclass(frozen=True)
class ExtractedArticle:
    """A cleaned article with what extraction found in it, ready to load."""

    article: CleanedArticle
    fetched_at: datetime
    mentions: tuple[EventMention, ...]


@dataclass(frozen=True)
class RunSummary:
    run_id: str
    discovered: int
    fetched: int
    failed: int
    articles: int
    rejected: int
    mentions: int
    timeline_inserted: int
    timeline_updated: int
    timeline_deleted: int
    timeline_rows: int
    exports: tuple[str, ...]

    def counts(self) -> dict[str, int]:
        return {k: v for k, v in self.__dict__.items() if isinstance(v, int)}


@task(**_ON_BUSY)
def prepare_warehouse(db_path: Path) -> list[str]:
    return migrate(db_path)


@task(**_ON_BUSY)
def discover_sources(sources: list[Source], db_path: Path, policy: FetchPolicy) -> list[DiscoveredLink]:
    """Read every source (conditional GET on feeds and sitemaps); record what each said."""
    logger = get_run_logger()
    with reading(db_path) as con:
        validators = store.source_validators(con)

    def get(url: str) -> FetchedPage:
        known = validators.get(url)
        return fetcher.fetch(url, etag=known and known.etag, last_modified=known and known.last_modified)

    results: list[tuple[Source, DiscoveryResult]] = []
    with Fetcher(policy) as fetcher:
        for source in sources:
            result = discover(source, get)
            for problem in result.problems:
                logger.warning("source %s: %s (%s)", problem.source_name, problem.reason, problem.location)
            results.append((source, result))
    with transaction(db_path) as con:
        for source, result in results:
            store.record_source_documents(con, source.name, result.pages)
    unique = {link.url: link for _, result in results for link in result.links}
    return list(unique.values())


@task(**_ON_BUSY)
def fetch_new_pages(links: list[DiscoveredLink], db_path: Path, policy: FetchPolicy) -> tuple[int, int]:
    """Fetch the links not stored yet (and those that failed before); keep raw bodies."""
    logger = get_run_logger()
    with reading(db_path) as con:
        settled = store.settled_urls(con)
    wanted = {link.url: link for link in links if link.url not in settled}
    fetched: list[tuple[DiscoveredLink, FetchedPage]] = []
    with Fetcher(policy) as fetcher:
        for page in fetcher.fetch_many(FetchRequest(url) for url in wanted):
            if page.error:
                logger.warning("fetch failed: %s: %s", page.url, page.error)
            fetched.append((wanted[page.url], page))
    with transaction(db_path) as con:
        store.record_fetches(con, fetched)
    failed = sum(1 for _, page in fetched if page.body is None)
    return len(fetched) - failed, failed


@task
def clean_pages(db_path: Path, source_kinds: dict[str, SourceKind], everything: bool) -> tuple[list[CleanedPage], list[Rejection]]:
    """Clean the stored pages that wait for it (or, with `everything`, all stored pages)."""
    with reading(db_path) as con:
        pending = store.pages_to_clean(con, everything=everything)
    cleaned, rejections = [], []
    for page in pending:
        listed_by = source_kinds.get(page.source_name)
        outcome = clean_page(
            page.body,
            page.final_url,
            listed_published_at=page.listed_published_at,
            listed_published_source="sitemap" if listed_by is SourceKind.SITEMAP else "feed",
            http_last_modified=_http_date(page.last_modified),
        )
        if isinstance(outcome, Rejection):
            rejections.append(Rejection(page.url, outcome.reason))
        else:
            cleaned.append(CleanedPage(replace(outcome, url=page.url), page.fetched_at))
    return cleaned, rejections


@task
def extract_events(cleaned: list[CleanedPage]) -> list[ExtractedArticle]:
    """Event mentions of each article, dated against its publication day."""
    extracted = []
    for page in cleaned:
        article = page.article
        written_on = (article.published_at or page.fetched_at).date()
        mentions = extract_mentions(article.article_id, article.text,
                                    split_sentences(article.text), written_on)
        extracted.append(ExtractedArticle(article, page.fetched_at, tuple(mentions)))
    return extracted


@dataclass(frozen=True)
class Resolution:
    """What resolution decided, with the mentions and articles needed to write it."""

    changes: ResolutionChanges
    mentions: dict[str, EventMention]
    refs: dict[str, ArticleRef]
    everything: bool  # a full re-resolve: the changes replace all resolution state


@task(**_ON_BUSY)
def resolve_events(db_path: Path, new: list[ExtractedArticle], everything: bool = False) -> Resolution:
    """Add the new articles' mentions to the events they could join (loaded from the warehouse
    by type family and date window), or, with `everything`, re-resolve all stored mentions."""
    new_mentions = {m.mention_id: m for item in new for m in item.mentions}
    with reading(db_path) as con:
        at_urls = resolution_store.article_ids_at(con, [item.article.url for item in new])
        stored = resolution_store.article_refs_of(con, [item.article.article_id for item in new])
        # Mention ids derive from the article's text: an article re-cleaned into the same text
        # brings the same mentions again, one re-cleaned into another text withdraws its old
        # ones; the same text under a second URL stays the first URL's article.
        refs = {item.article.article_id: stored.get(item.article.article_id) if (
                    item.article.article_id in stored and item.article.url not in at_urls) else _article_ref(item)
                for item in new}
        withdrawn = resolution_store.stored_mention_ids(con, set(at_urls.values()) | set(refs))
        if everything:
            mentions = resolution_store.every_mention(con)
            previous = resolution_store.previous_members(con)
            refs = store.article_refs(con) | refs
        else:
            windows = candidate_windows(list(new_mentions.values()), refs)
            existing, mentions = resolution_store.candidate_events(con, windows, holding=withdrawn)
            refs = resolution_store.article_refs_of(con, {m.article_id for m in mentions.values()}) | refs
    if everything:
        kept = {k: m for k, m in mentions.items() if k not in withdrawn} | new_mentions
        changes = ResolutionChanges(tuple(resolve(list(kept.values()), refs, previous)), frozenset())
        return Resolution(changes, kept, refs, everything=True)
    changes = resolve_incremental(existing, mentions, list(new_mentions.values()), refs, withdrawn)
    return Resolution(changes, mentions | new_mentions, refs, everything=False)


def _article_ref(item: ExtractedArticle) -> ArticleRef:
    return ArticleRef(item.article.article_id, item.article.canonical_url, item.article.published_at, item.fetched_at)


@task(**_ON_BUSY)
def load(
    db_path: Path,
    articles: list[ExtractedArticle],
    rejections: list[Rejection],
    resolved: Resolution,
) -> store.TimelineChanges:
    """Write articles, mentions, rejections, resolution state and the timeline in one transaction."""
    with transaction(db_path) as con:
        for item in articles:
            store.save_article(con, item.article, item.fetched_at, item.mentions)
        store.record_rejections(con, rejections)
        return resolution_store.apply_resolution(con, resolved.changes, resolved.refs, resolved.mentions,
                                                 everything=resolved.everything)


@task(**_ON_BUSY)
def publish(db_path: Path, export_dir: Path) -> tuple[int, tuple[str, ...]]:
    with reading(db_path) as con:
        written = export.export_timeline(con, export_dir)
    return written.rows, tuple(str(p) for p in written.files)


@task(**_ON_BUSY)
def record_run(db_path: Path, summary: RunSummary, started_at: datetime) -> None:
    with transaction(db_path) as con:
        store.record_run(con, summary.run_id, started_at, datetime.now(UTC), summary.counts())


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None


@flow(name="pipeline", log_prints=True)
def pipeline(
    sources_file: str,
    db_path: str = "data/newsline.duckdb",
    export_dir: str = "data/exports",
    reprocess: bool = False,
    polite_delay_seconds: float = 1.0,
    contact: str | None = None,
) -> RunSummary:
    """One full pass: read the sources, fetch what is new, and bring the timeline up to date.

    `reprocess` re-cleans every stored page from its raw HTML (after a cleaner or extractor
    change) without fetching anything again. `contact` (a URL or e-mail address) goes into the
    User-Agent so that site operators can reach whoever runs the crawler.
    """
    started_at = datetime.now(UTC)
    db, exports = Path(db_path), Path(export_dir)
    sources = load_sources(Path(sources_file))
    policy = FetchPolicy(user_agent=user_agent(contact), min_host_delay=polite_delay_seconds)
    prepare_warehouse(db)
    links = discover_sources(sources, db, policy)
    fetched, failed = fetch_new_pages(links, db, policy)
    cleaned, rejections = clean_pages(db, {s.name: s.kind for s in sources}, reprocess)
    articles = extract_events(cleaned)
    resolved = resolve_events(db, articles, everything=reprocess)
    changes = load(db, articles, rejections, resolved)
    rows, files = publish(db, exports)
    summary = RunSummary(
        run_id=str(uuid.uuid4()), discovered=len(links), fetched=fetched, failed=failed,
        articles=len(articles), rejected=len(rejections),
        mentions=sum(len(a.mentions) for a in articles),
        timeline_inserted=changes.inserted, timeline_updated=changes.updated,
        timeline_deleted=changes.deleted, timeline_rows=rows, exports=files,
    )
    record_run(db, summary, started_at)
    return summary
