"""The `pipeline` flow: discover → fetch → clean → extract → resolve → load → publish.

Only wiring lives here: the logic is in `transforms/`, the SQL in `warehouse/`. The flow works on
its own state database, which readers never open; every stage's output is committed before the
next stage starts (cleaning and extraction batch by batch), so a crash leaves the state
consistent and the next run picks up where this one stopped. Readers get a complete read-only
snapshot at `--db` at the end of each run that changed something (`warehouse.snapshot`).

Cleaning and extraction fan out over the flow's task runner: Prefect's thread pool by default,
Dask (local worker processes or an existing cluster) with `run_pipeline(task_runner="dask")`.
A page whose cleaning or extraction raises is recorded as 'error' with its reason; the run goes
on and later runs retry it (`warehouse.store.MAX_PROCESS_ATTEMPTS`).
"""

from __future__ import annotations

import time
import uuid
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Generic, TypeVar

from prefect import flow, get_run_logger, task, unmapped
from prefect.context import FlowRunContext
from prefect.futures import PrefectFutureList
from prefect.utilities.annotations import quote

from flows.runners import TaskRunnerKind, api_for_workers, make_task_runner, parallel_tasks, start_workers
from flows.stages import RunSummary, discover_all, fetch_plan, record_discovery, unique_links

from newsline.sources import load_sources_file
from transforms.clean import clean_page
from transforms.dedup import BatchMatcher, Fingerprint, fingerprint
from transforms.extract import extract_mentions, extract_mentions_many
from transforms.fetch import Fetcher, FetchPolicy, user_agent
from transforms.models import (
    ArticleRef,
    CleanedArticle,
    DiscoveredLink,
    EventMention,
    FetchedPage,
    PageError,
    Rejection,
    Sentence,
    Source,
    SourceKind,
)
from transforms.resolve import ResolutionChanges, candidate_windows, resolve_incremental
from transforms.resolve_parallel import resolve_by_family
from transforms.sentences import split_sentences
from warehouse import export, page, snapshot, store
from warehouse import resolution as resolution_store
from warehouse.archive import ArchiveWriter, archive_dir, with_bodies
from warehouse.db import WarehouseBusy, adopt_legacy_warehouse, migrate, reading, state_path, transaction
from warehouse.store import StoredPage

T = TypeVar("T")


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
    fingerprint: Fingerprint  # of the text, made on the worker that cleaned it


@dataclass(frozen=True)
class ExtractedArticle:
    """A cleaned article with what extraction found in it, ready to load."""

    article: CleanedArticle
    fetched_at: datetime
    mentions: tuple[EventMention, ...]


@task(**_ON_BUSY)
def prepare_warehouse(published: Path, state: Path) -> list[str]:
    """Bring the state's schema up to date (starting it from an older warehouse at `published`)."""
    if adopt_legacy_warehouse(published, state):
        get_run_logger().info("the state of %s now lives in %s", published, state)
    return migrate(state)


@task(**_ON_BUSY)
def discover_sources(sources: list[Source], db_path: Path, policy: FetchPolicy) -> list[DiscoveredLink]:
    """Read every source (conditional GET on feeds and sitemaps); record what each said."""
    with reading(db_path) as con:
        validators = store.source_validators(con)
    discovered = discover_all(sources, validators, policy)
    for _, result in discovered:
        for problem in result.problems:
            get_run_logger().warning("source %s: %s (%s)", problem.source_name, problem.reason, problem.location)
    with transaction(db_path) as con:
        record_discovery(con, discovered)
    return unique_links(discovered)


# Fetch results are committed in batches as they arrive: a crash or a lock retry loses at most
# one batch, and what was written is not fetched again.
FETCH_BATCH_PAGES = 100
FETCH_BATCH_SECONDS = 10.0


@task(**_ON_BUSY)
def fetch_new_pages(links: list[DiscoveredLink], db_path: Path, policy: FetchPolicy) -> tuple[int, int]:
    """Fetch the links not stored yet, the failed pages due for a retry and the articles due
    for a recrawl (conditional GET); archive raw bodies; write results in batches."""
    logger = get_run_logger()
    archive = archive_dir(db_path)
    with ArchiveWriter(archive) as writer:
        _archive_legacy_bodies(db_path, writer)
        with reading(db_path) as con:
            wanted = fetch_plan(con, links, datetime.now(UTC))
        fetched = failed = 0
        with Fetcher(policy) as fetcher:
            requests = (request for _, request in wanted.values())
            for batch in _batches(fetcher.fetch_many(requests), FETCH_BATCH_PAGES, FETCH_BATCH_SECONDS):
                rows = []
                for page in batch:
                    if page.error:
                        logger.warning("fetch failed: %s: %s", page.url, page.error)
                    archived = writer.write(page) if page.body is not None else None
                    rows.append((wanted[page.url][0], page, archived))
                    fetched, failed = fetched + (archived is not None), failed + (page.error is not None)
                with transaction(db_path) as con:
                    store.record_fetches(con, rows)
    return fetched, failed


def _batches(pages: Iterable[FetchedPage], size: int, seconds: float) -> Iterator[list[FetchedPage]]:
    batch: list[FetchedPage] = []
    started = time.monotonic()
    for page in pages:
        batch.append(page)
        if len(batch) >= size or time.monotonic() - started >= seconds:
            yield batch
            batch, started = [], time.monotonic()
    if batch:
        yield batch


def _archive_legacy_bodies(db_path: Path, writer: ArchiveWriter, batch: int = 200) -> None:
    """Move raw bodies a version-2 warehouse kept in `pages` into the archive, a batch at a time."""
    while True:
        with transaction(db_path) as con:
            pages = store.legacy_bodies(con, batch)
            for page in pages:
                store.archived_legacy_body(con, page.url, writer.write(page))
        if len(pages) < batch:
            return


# Pages are read, cleaned, extracted and saved in batches of this many (bounded memory, one
# short transaction each). Every task run costs the flow's process (and the Prefect server)
# API calls, state changes, a serialised Prefect context and, on Dask, pickling: so a batch is
# cut into only TASKS_PER_WORKER chunks per task the runner runs at once (one per Dask worker;
# the batches queued ahead keep a worker that finishes first busy), of at most
# ARTICLES_PER_TASK articles (one spaCy batch). CLEANING_AHEAD batches are being cleaned while
# the flow checks the one before for near-duplicates, so the workers do not wait for that check.
BATCH_PAGES = 400
ARTICLES_PER_TASK = 200
TASKS_PER_WORKER = 1
CLEANING_AHEAD = 2


class Chunk(Generic[T]):
    """A mapped task's share of a batch. Not a list or a dataclass, so that Prefect's task
    runners pass it on as it is: they look for futures inside lists, dicts and dataclasses, field
    by field of every page, in the flow's process (and again in the worker) for every task."""

    __slots__ = ("items",)

    def __init__(self, items: list[T]) -> None:
        self.items = items


def _failure(stage: str, url: str, error: Exception) -> PageError:
    message = " ".join(str(error).split())
    return PageError(url, f"{stage}: {type(error).__name__}: {message}"[:300])


@task
def clean_chunk(pages: Chunk[tuple[StoredPage, bytes]], source_kinds: dict[str, SourceKind]) -> list[CleanedPage | Rejection | PageError]:
    """Clean each page; a page whose cleaning raises becomes a PageError, the others go on."""
    outcomes: list[CleanedPage | Rejection | PageError] = []
    for page, body in pages.items:
        listed_by = source_kinds.get(page.source_name)
        try:
            outcome = clean_page(
                body,
                page.final_url,
                listed_published_at=page.listed_published_at,
                listed_published_source="sitemap" if listed_by is SourceKind.SITEMAP else "feed",
                http_last_modified=_http_date(page.last_modified),
            )
        except Exception as error:  # noqa: BLE001 - one page's failure must not stop the run
            outcomes.append(_failure("clean", page.url, error))
            continue
        if isinstance(outcome, Rejection):
            outcomes.append(Rejection(page.url, outcome.reason))
        else:
            outcomes.append(CleanedPage(replace(outcome, url=page.url), page.fetched_at, fingerprint(outcome.text)))
    return outcomes


@task(**_ON_BUSY)
def merge_near_duplicates(db_path: Path, cleaned: list[CleanedPage]) -> list[CleanedPage]:
    """Drop the pages whose text is a near-duplicate of a stored (or earlier) article; they join
    that article as one more of its URLs. Returns the pages that are articles of their own."""
    fingerprints = {page.article.url: page.fingerprint for page in cleaned}
    with reading(db_path) as con:
        stored = store.near_duplicate_candidates_of_many(con, {url: f.bands for url, f in fingerprints.items()})
    unique, merges = _near_duplicates(cleaned, stored)
    with transaction(db_path) as con:
        store.save_fingerprints(con, [(page.article.article_id, page.article.url, fingerprints[page.article.url].signature,
                                       fingerprints[page.article.url].bands) for page in unique])
        for url, article_id, of_url in merges:
            store.record_near_duplicate(con, url, article_id, of_url)
    return unique


def _near_duplicates(cleaned: list[CleanedPage], stored: dict[str, list[tuple[str, str, list[int]]]]
                     ) -> tuple[list[CleanedPage], list[tuple[str, str, str]]]:
    """The batch's pages that are articles of their own, and (url, article id, its url) of the
    others. Each page is compared with its stored candidates and with the batch's earlier
    articles sharing a band with it (comparing every pair was quadratic in the batch, and
    merged pairs that the same pages arriving in two batches would not)."""
    matcher = BatchMatcher(len(cleaned), ((aid, sig) for found in stored.values() for aid, _, sig in found))
    unique: list[CleanedPage] = []
    merges: list[tuple[str, str, str]] = []
    for page in cleaned:
        article = page.article
        match = matcher.match(article.article_id, article.url, page.fingerprint, stored[article.url])
        if match is None:
            unique.append(page)
            matcher.add(article.article_id, article.url, page.fingerprint)
        else:
            merges.append((article.url, *match))
    return unique, merges


# What extraction needs of a cleaned article: its URL, article id, text and publication day
# (not the whole page: that stays in the flow's process, which saves it).
ToExtract = tuple[str, str, str, date]


@task
def extract_chunk(chunk: Chunk[ToExtract]) -> list[tuple[EventMention, ...] | PageError]:
    """Event mentions of each article, in the chunk's order, dated against its publication day:
    the chunk's candidate sentences parsed in one batch; should that fail, article by article,
    so that only the article that raises becomes a PageError."""
    inputs = [(article_id, text, split_sentences(text), day) for _, article_id, text, day in chunk.items]
    try:
        return [tuple(mentions) for mentions in extract_mentions_many(inputs)]
    except Exception:  # noqa: BLE001 - find the article that raised, one at a time
        return [_extract_one(url, given) for (url, *_), given in zip(chunk.items, inputs)]


def _to_extract(page: CleanedPage) -> ToExtract:
    article = page.article
    return (article.url, article.article_id, article.text, (article.published_at or page.fetched_at).date())


def _extract_one(url: str, given: tuple[str, str, list[Sentence], date]) -> tuple[EventMention, ...] | PageError:
    try:
        return tuple(extract_mentions(*given))
    except Exception as error:  # noqa: BLE001 - one page's failure must not stop the run
        return _failure("extract", url, error)


def _extracted(pages: list[CleanedPage], found: list[tuple[EventMention, ...] | PageError]) -> list[ExtractedArticle | PageError]:
    return [mentions if isinstance(mentions, PageError) else ExtractedArticle(page.article, page.fetched_at, mentions)
            for page, mentions in zip(pages, found, strict=True)]


@task(**_ON_BUSY)
def pending_pages(db_path: Path, everything: bool, after: str | None) -> list[StoredPage]:
    with reading(db_path) as con:
        return store.pages_to_clean(con, everything=everything, after=after, limit=BATCH_PAGES)


@task(**_ON_BUSY)
def save_batch(db_path: Path, outcomes: list[ExtractedArticle | Rejection | PageError]) -> None:
    """One transaction per batch: its articles with their mentions, rejections and errors."""
    with transaction(db_path) as con:
        saved = [o for o in outcomes if isinstance(o, ExtractedArticle)]
        store.save_articles(con, [(o.article, o.fetched_at, o.mentions) for o in saved])
        resolution_store.queue_articles(con, [o.article.article_id for o in saved])
        store.record_rejections(con, [o for o in outcomes if isinstance(o, Rejection)])
        store.record_page_errors(con, [o for o in outcomes if isinstance(o, PageError)])


def _chunks(items: list[T], parts: int) -> list[Chunk[T]]:
    """`items` cut into `parts` chunks of about the same size (of at most ARTICLES_PER_TASK)."""
    size = max(1, min(ARTICLES_PER_TASK, -(-len(items) // max(parts, 1))))
    return [Chunk(items[i:i + size]) for i in range(0, len(items), size)]


def _flatten(chunks: Iterable[list[T]]) -> list[T]:
    return [item for chunk in chunks for item in chunk]


@dataclass(frozen=True)
class _Cleaning:
    """A batch of pages being cleaned on the task runner, with those the archive could not give."""

    chunks: PrefectFutureList
    unreadable: list[PageError]
    last_url: str


def _start_cleaning(db_path: Path, source_kinds: dict[str, SourceKind], everything: bool,
                    after: str | None, parts: int) -> _Cleaning | None:
    """Submit the cleaning of the next batch of waiting pages (after the URL `after`) in `parts`
    chunks; None when none is left. Raw bodies come from the archive in file order; a body the
    archive cannot give back is that page's recorded error."""
    batch = pending_pages(db_path, everything, after)
    if not batch:
        return None
    unreadable: list[PageError] = []
    bodies = list(with_bodies(archive_dir(db_path), batch, lambda page: page.archived,
                              lambda page, error: unreadable.append(_failure("archive", page.url, error))))
    # in page order, not the archive's (the order fetches finished): the same pages make the same
    # chunks every run, and spaCy's batched parse is not bit-for-bit independent of its batch
    bodies.sort(key=lambda body: body[0].url)
    return _Cleaning(clean_chunk.map(_chunks(bodies, parts), unmapped(source_kinds)), unreadable, batch[-1].url)


class _CleaningAhead:
    """The batches submitted for cleaning, in order, CLEANING_AHEAD of them ahead of the flow."""

    def __init__(self, db_path: Path, source_kinds: dict[str, SourceKind], everything: bool, parts: int) -> None:
        self.start = lambda after: _start_cleaning(db_path, source_kinds, everything, after, parts)
        self.ahead: deque[_Cleaning] = deque()
        self.after: str | None = None
        self.exhausted = False

    def top_up(self) -> None:
        while not self.exhausted and len(self.ahead) < CLEANING_AHEAD:
            cleaning = self.start(self.after)
            if cleaning is None:
                self.exhausted = True
            else:
                self.ahead.append(cleaning)
                self.after = cleaning.last_url

    def next(self) -> _Cleaning | None:
        self.top_up()
        return self.ahead.popleft() if self.ahead else None


def process_pages(db_path: Path, source_kinds: dict[str, SourceKind], everything: bool) -> list[ExtractedArticle | Rejection | PageError]:
    """Clean and extract every waiting page, fanned out over the flow's task runner. Batches are
    submitted for cleaning ahead (`_CleaningAhead`), so the workers go on while the flow does its
    own steps (reading the archive, the near-duplicate check, the write).
    The flow's own tasks get the batch `quote`d: Prefect would otherwise walk every field of
    every page looking for futures, in the flow's process. (The mapped tasks cannot: Dask's
    task runner hands a quoted chunk to the worker still wrapped.)"""
    logger = get_run_logger()
    parts = TASKS_PER_WORKER * parallel_tasks(FlowRunContext.get().task_runner)
    outcomes: list[ExtractedArticle | Rejection | PageError] = []
    batches = _CleaningAhead(db_path, source_kinds, everything, parts)
    while (cleaning := batches.next()) is not None:
        cleaned = _flatten(cleaning.chunks.result()) + cleaning.unreadable
        unique = merge_near_duplicates(db_path, quote([c for c in cleaned if isinstance(c, CleanedPage)]))
        extracting = extract_chunk.map(_chunks([_to_extract(page) for page in unique], parts))
        batches.top_up()
        extracted = _extracted(unique, _flatten(extracting.result())) + [c for c in cleaned if not isinstance(c, CleanedPage)]
        for error in (o for o in extracted if isinstance(o, PageError)):
            logger.warning("page failed: %s: %s", error.url, error.reason)
        save_batch(db_path, quote(extracted))
        outcomes += extracted
    return outcomes


@dataclass(frozen=True)
class Resolution:
    """What resolution decided, with the mentions and articles needed to write it."""

    changes: ResolutionChanges
    mentions: dict[str, EventMention]
    refs: dict[str, ArticleRef]
    everything: bool  # a full re-resolve: the changes replace all resolution state
    articles: tuple[str, ...]  # the queued articles this resolution settles


@task(**_ON_BUSY)
def resolve_events(db_path: Path, everything: bool = False) -> Resolution:
    """Add the mentions of the articles waiting for resolution (saved by this run's batches, or
    by an earlier run that stopped before resolving them) to the events they could join, loaded
    from the warehouse by type family and date window; or, with `everything`, re-resolve all
    stored mentions."""
    with reading(db_path) as con:
        queued = resolution_store.queued_articles(con)
        new_mentions = resolution_store.mentions_of(con, queued)
        # The stored article is each text's reference: the same text under a second URL stays
        # the first URL's article.
        refs = resolution_store.article_refs_of(con, queued)
        # Out of their events first: mentions whose article was re-cleaned into another text,
        # and the new ones resolved before (an article re-cleaned into the same text).
        withdrawn = resolution_store.withdrawn_mentions(con, new_mentions)
        if everything:
            mentions = resolution_store.every_mention(con)
            previous = resolution_store.previous_members(con)
            refs = store.article_refs(con) | refs
        else:
            windows = candidate_windows(list(new_mentions.values()), refs)
            existing, mentions = resolution_store.candidate_events(con, windows, holding=withdrawn)
            crowded = resolution_store.crowded_periods(con, windows)
            refs = resolution_store.article_refs_of(con, {m.article_id for m in mentions.values()}) | refs
    if everything:
        kept = {k: m for k, m in mentions.items() if k not in withdrawn} | new_mentions
        changes = ResolutionChanges(tuple(resolve_by_family(list(kept.values()), refs, previous)), frozenset())
        return Resolution(changes, kept, refs, everything=True, articles=tuple(queued))
    changes = resolve_incremental(existing, mentions, list(new_mentions.values()), refs, withdrawn, crowded)
    return Resolution(changes, mentions | new_mentions, refs, everything=False, articles=tuple(queued))


@task(**_ON_BUSY)
def load(
    db_path: Path,
    resolved: Resolution,
) -> store.TimelineChanges:
    """Write the resolution state and bring the timeline up to date in one transaction."""
    with transaction(db_path) as con:
        changes = resolution_store.apply_resolution(con, resolved.changes, resolved.refs, resolved.mentions,
                                                    everything=resolved.everything)
        resolution_store.settle_articles(con, resolved.articles)
        return changes


@task(**_ON_BUSY)
def export_files(db_path: Path, export_dir: Path) -> tuple[int, tuple[str, ...]]:
    with reading(db_path) as con:
        written = export.export_timeline(con, export_dir, {page.PAGE_NAME: page.render_page(con).encode()})
    return written.rows, tuple(str(p) for p in written.files)


@task(**_ON_BUSY)
def publish_warehouse(state: Path, published: Path, fresh: bool = False) -> None:
    """Replace the read-only warehouse readers open with a snapshot of the state (written afresh
    after a migration: it may have changed rows without their write clock)."""
    publication = snapshot.publish(state, published, fresh=fresh)
    get_run_logger().info("published %s: %d tables, %.1f MiB in %.2f s", published,
                          len(publication.tables), publication.bytes / 2**20, publication.seconds)


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


def _changed(summary: RunSummary) -> bool:
    """Whether the run changed anything readers see (the run log and feed checks aside)."""
    return any((summary.fetched, summary.failed, summary.articles, summary.rejected, summary.errors,
                summary.timeline_inserted, summary.timeline_updated, summary.timeline_deleted))


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

    The run works on its state database (`warehouse.db.state_path(db_path)`) and, when it changed
    something, publishes a read-only snapshot at `db_path` for readers. `reprocess` re-cleans
    every stored page from its raw HTML (after a cleaner or extractor change) without fetching
    anything again. `contact` (a URL or e-mail address) goes into the User-Agent so that site
    operators can reach whoever runs the crawler.
    """
    started_at = datetime.now(UTC)
    published, exports = Path(db_path), Path(export_dir)
    db = state_path(published)
    sources_config = load_sources_file(Path(sources_file))
    sources = sources_config.sources
    policy = FetchPolicy(user_agent=user_agent(contact), min_host_delay=polite_delay_seconds,
                         allow_hosts=sources_config.allow_hosts)
    start_workers(FlowRunContext.get().task_runner)  # they load their models while the flow fetches
    migrated = prepare_warehouse(published, db)
    clock = [time.perf_counter()]
    links = discover_sources(sources, db, policy)
    fetched, failed = fetch_new_pages(links, db, policy)
    clock.append(time.perf_counter())
    outcomes = process_pages(db, {s.name: s.kind for s in sources}, reprocess)
    clock.append(time.perf_counter())
    articles = [o for o in outcomes if isinstance(o, ExtractedArticle)]
    resolved = resolve_events(db, everything=reprocess)
    changes = load(db, quote(resolved))  # quoted: Prefect would walk every mention
    rows, files = export_files(db, exports)
    clock.append(time.perf_counter())
    summary = RunSummary(
        run_id=str(uuid.uuid4()), discovered=len(links), fetched=fetched, failed=failed,
        articles=len(articles), rejected=sum(isinstance(o, Rejection) for o in outcomes),
        errors=sum(isinstance(o, PageError) for o in outcomes),
        mentions=sum(len(a.mentions) for a in articles),
        timeline_inserted=changes.inserted, timeline_updated=changes.updated,
        timeline_deleted=changes.deleted, timeline_rows=rows, exports=files,
        fetch_seconds=clock[1] - clock[0], clean_extract_seconds=clock[2] - clock[1],
        resolve_load_seconds=clock[3] - clock[2],
    )
    record_run(db, summary, started_at)
    if migrated or _changed(summary) or not published.exists():
        publish_warehouse(db, published, fresh=bool(migrated))
    return summary


def run_pipeline(*args: object, task_runner: TaskRunnerKind = "threads", dask_address: str | None = None,
                 dask_workers: int | None = None, **kwargs: object) -> RunSummary:
    """`pipeline(...)` with its per-article tasks on the chosen engine (see `flows.runners`)."""
    runner = make_task_runner(task_runner, dask_address=dask_address, dask_workers=dask_workers)
    with api_for_workers(task_runner):
        return pipeline.with_options(task_runner=runner)(*args, **kwargs)
