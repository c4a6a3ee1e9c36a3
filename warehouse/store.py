"""All reads and writes of the pipeline's state. Every function takes an open connection; the
caller decides the transaction (see `warehouse.db.transaction`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import duckdb

from transforms.models import (
    ArticleRef,
    CleanedArticle,
    DiscoveredLink,
    EventMention,
    FetchedPage,
    Rejection,
    TimelineEvent,
)


@dataclass(frozen=True)
class Validators:
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class StoredPage:
    """A fetched page waiting to be cleaned (or re-cleaned)."""

    url: str
    final_url: str
    source_name: str
    body: bytes
    listed_published_at: datetime | None
    last_modified: str | None
    fetched_at: datetime


@dataclass(frozen=True)
class TimelineChanges:
    inserted: int
    updated: int
    deleted: int


# --- discovery state ---------------------------------------------------------------------------


def source_validators(con: duckdb.DuckDBPyConnection) -> dict[str, Validators]:
    rows = con.execute("SELECT url, etag, last_modified FROM source_documents").fetchall()
    return {url: Validators(etag, modified) for url, etag, modified in rows}


def record_source_documents(
    con: duckdb.DuckDBPyConnection, source_name: str, pages: Iterable[FetchedPage]
) -> None:
    for page in pages:
        status = page.error or ("not modified" if page.not_modified else "ok")
        keep_validators = page.not_modified or page.error is not None
        con.execute(
            """
            INSERT INTO source_documents AS old (url, source_name, etag, last_modified, last_status, checked_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (url) DO UPDATE SET
                source_name = excluded.source_name,
                etag = CASE WHEN ? THEN old.etag ELSE excluded.etag END,
                last_modified = CASE WHEN ? THEN old.last_modified ELSE excluded.last_modified END,
                last_status = excluded.last_status,
                checked_at = excluded.checked_at
            """,
            [page.url, source_name, page.etag, page.last_modified, status, page.fetched_at,
             keep_validators, keep_validators],
        )


# A page that failed this many runs in a row is not asked for again (its row keeps the reason):
# retrying a dead link forever is impolite and slows every run.
MAX_FETCH_ATTEMPTS = 5


def settled_urls(con: duckdb.DuckDBPyConnection) -> set[str]:
    """URLs that need no fetch: already stored (whatever cleaning made of them), or given up on."""
    rows = con.execute(
        "SELECT url FROM pages WHERE state <> 'failed' OR attempts >= ?", [MAX_FETCH_ATTEMPTS]
    ).fetchall()
    return {url for (url,) in rows}


# --- fetching ----------------------------------------------------------------------------------


def record_fetches(
    con: duckdb.DuckDBPyConnection, fetched: Sequence[tuple[DiscoveredLink, FetchedPage]]
) -> None:
    """Store each fetch: the raw body of a success, the reason of a failure (retried next run)."""
    for link, page in fetched:
        state = "fetched" if page.body is not None else "failed"
        reason = None if state == "fetched" else (page.error or "no body")
        con.execute(
            """
            INSERT INTO pages AS old (url, listed_url, final_url, source_name, listed_title,
                listed_published_at, state, reason, attempts, http_status, content_type, etag,
                last_modified, body, first_seen_at, fetched_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (url) DO UPDATE SET
                final_url = excluded.final_url,
                listed_title = coalesce(excluded.listed_title, old.listed_title),
                listed_published_at = coalesce(excluded.listed_published_at, old.listed_published_at),
                state = excluded.state,
                reason = excluded.reason,
                attempts = old.attempts + 1,
                http_status = excluded.http_status,
                content_type = excluded.content_type,
                etag = excluded.etag,
                last_modified = excluded.last_modified,
                body = coalesce(excluded.body, old.body),
                fetched_at = excluded.fetched_at
            """,
            [link.url, link.listed_url, page.final_url, link.source_name, link.listed_title,
             link.listed_published_at, state, reason, page.status_code, page.content_type,
             page.etag, page.last_modified, page.body, page.fetched_at, page.fetched_at],
        )


def pages_to_clean(con: duckdb.DuckDBPyConnection, *, everything: bool = False) -> list[StoredPage]:
    """Pages fetched but not yet cleaned — or, with `everything`, every page with a stored body
    (to re-run cleaning and extraction without refetching)."""
    condition = "body IS NOT NULL" if everything else "state = 'fetched'"
    rows = con.execute(
        f"SELECT url, final_url, source_name, body, listed_published_at, last_modified, fetched_at "
        f"FROM pages WHERE {condition} ORDER BY url"
    ).fetchall()
    return [StoredPage(url, final or url, source, bytes(body), listed, modified, fetched)
            for url, final, source, body, listed, modified, fetched in rows]


# --- articles and mentions ---------------------------------------------------------------------


def existing_article_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {article_id for (article_id,) in con.execute("SELECT article_id FROM articles").fetchall()}


def record_rejections(con: duckdb.DuckDBPyConnection, rejections: Iterable[Rejection]) -> None:
    for rejection in rejections:
        con.execute("UPDATE pages SET state = 'rejected', reason = ? WHERE url = ?",
                    [rejection.reason, rejection.url])


def save_article(
    con: duckdb.DuckDBPyConnection,
    article: CleanedArticle,
    fetched_at: datetime,
    mentions: Sequence[EventMention],
) -> str:
    """Insert (or replace, when re-cleaned) one article with its mentions; returns its id.

    A page whose text is already stored under another URL joins that article instead.
    """
    article_id = article.article_id
    first_url = con.execute(
        "SELECT url FROM articles WHERE article_id = ?", [article_id]
    ).fetchone()
    if first_url and first_url[0] != article.url:
        con.execute("UPDATE pages SET state = 'article', reason = ? WHERE url = ?",
                    [f"same text as {first_url[0]}", article.url])
        return article_id
    # Re-cleaning replaces what the page gave before, whether or not its text changed.
    replaced = [article_id] + [row[0] for row in con.execute(
        "SELECT article_id FROM articles WHERE url = ? AND article_id <> ?", [article.url, article_id]
    ).fetchall()]
    for old_id in replaced:
        con.execute("DELETE FROM timeline_mentions WHERE mention_id IN "
                    "(SELECT mention_id FROM event_mentions WHERE article_id = ?)", [old_id])
        con.execute("DELETE FROM event_mentions WHERE article_id = ?", [old_id])
        con.execute("DELETE FROM articles WHERE article_id = ?", [old_id])
    con.execute(
        """
        INSERT INTO articles (article_id, url, canonical_url, title, author, site_name,
            published_at, published_at_source, language, text, content_hash, fetched_at,
            modified_at, modified_at_source)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [article_id, article.url, article.canonical_url, article.title, article.author,
         article.site_name, article.published_at, article.published_at_source, article.language,
         article.text, article.content_hash, fetched_at, article.modified_at, article.modified_at_source],
    )
    if mentions:
        con.executemany(
            """
            INSERT INTO event_mentions (mention_id, article_id, sentence_index, sentence_start,
                sentence_end, sentence_text, event_type, trigger, trigger_start, participants,
                locations, time_text, time_value, event_date, date_precision, status, date_basis)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [[m.mention_id, article_id, m.sentence_index, m.sentence_start, m.sentence_end,
              m.sentence_text, m.event_type, m.trigger, m.trigger_start, list(m.participants),
              list(m.locations), m.time_text, m.time_value, m.event_date, m.date_precision,
              m.status, m.date_basis]
             for m in mentions],
        )
    con.execute("UPDATE pages SET state = 'article', reason = NULL WHERE url = ?", [article.url])
    return article_id


def all_mentions(con: duckdb.DuckDBPyConnection) -> list[EventMention]:
    rows = con.execute(
        """
        SELECT mention_id, article_id, sentence_index, sentence_start, sentence_end, sentence_text,
               event_type, trigger, trigger_start, participants, locations, time_text, time_value,
               event_date, date_precision, status, date_basis
        FROM event_mentions ORDER BY mention_id
        """
    ).fetchall()
    return [
        EventMention(
            mention_id=r[0], article_id=r[1], sentence_index=r[2], sentence_start=r[3],
            sentence_end=r[4], sentence_text=r[5], event_type=r[6], trigger=r[7],
            trigger_start=r[8], participants=tuple(r[9]), locations=tuple(r[10]), time_text=r[11],
            time_value=r[12], event_date=r[13], date_precision=r[14], status=r[15],
            date_basis=r[16],
        )
        for r in rows
    ]


def article_ids_by_page(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT url, article_id FROM articles").fetchall())


def article_refs(con: duckdb.DuckDBPyConnection) -> dict[str, ArticleRef]:
    rows = con.execute(
        "SELECT article_id, canonical_url, published_at, fetched_at FROM articles"
    ).fetchall()
    return {r[0]: ArticleRef(r[0], r[1], r[2], r[3]) for r in rows}


# --- timeline ----------------------------------------------------------------------------------


def previous_clusters(con: duckdb.DuckDBPyConnection) -> dict[str, frozenset[str]]:
    """event_id → its mention ids, as last published (lets event ids survive re-resolution)."""
    rows = con.execute(
        "SELECT event_id, list(mention_id) FROM timeline_mentions GROUP BY event_id"
    ).fetchall()
    return {event_id: frozenset(mentions) for event_id, mentions in rows}


_TIMELINE_COLUMNS = (
    "event_id", "event_date", "date_precision", "event_type", "title", "participants", "locations",
    "n_articles", "n_mentions", "first_reported_at", "last_reported_at", "sources", "status",
    "first_announced_at",
)


def bulk_insert(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str], rows: Sequence[Sequence]) -> None:
    """Many rows in one statement: each column passed as one list and unnested."""
    if not rows:
        return
    lists = [list(column) for column in zip(*rows, strict=True)]
    select = ", ".join(f"unnest(?) AS {c}" for c in columns)
    con.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select}", lists)


def _timeline_row(event: TimelineEvent, refs: Mapping[str, ArticleRef],
                  mentions: Mapping[str, EventMention]) -> tuple:
    articles = sorted({mentions[m].article_id for m in event.mention_ids})
    reported = [refs[a].published_at or refs[a].fetched_at for a in articles]
    return (
        event.event_id, event.event_date, event.date_precision, event.event_type, event.title,
        list(event.participants), list(event.locations), len(articles), len(event.mention_ids),
        min(reported), max(reported), sorted({refs[a].url for a in articles}), event.status,
        event.first_announced_at,
    )


def _comparable(row: Sequence) -> tuple:
    # DuckDB hands back lists and timezone-aware datetimes; normalise both sides the same way.
    return tuple(tuple(v) if isinstance(v, list) else (v.timestamp() if isinstance(v, datetime) else v)
                 for v in row)


def apply_timeline(
    con: duckdb.DuckDBPyConnection,
    events: Sequence[TimelineEvent],
    refs: Mapping[str, ArticleRef],
    mentions: Mapping[str, EventMention],
    only: Sequence[str] | None = None,
) -> TimelineChanges:
    """Make `timeline` equal to `events`, touching only the rows that differ — among the rows
    of the `only` event ids when given (an incremental run), else among all."""
    scope, params = ("", []) if only is None else (" WHERE list_contains(?, event_id)", [list(only)])
    columns = ", ".join(_TIMELINE_COLUMNS)
    current = {row[0]: row for row in con.execute(f"SELECT {columns} FROM timeline{scope}", params).fetchall()}
    wanted = {e.event_id: _timeline_row(e, refs, mentions) for e in events}
    changed = [i for i, row in wanted.items() if i in current and _comparable(current[i]) != _comparable(row)]
    stale = [i for i in current if i not in wanted]
    con.execute("DELETE FROM timeline WHERE list_contains(?, event_id)", [changed + stale])
    bulk_insert(con, "timeline", _TIMELINE_COLUMNS, [row for i, row in wanted.items() if i not in current or i in changed])

    current_links = set(con.execute(f"SELECT event_id, mention_id, dated_by FROM timeline_mentions{scope}", params).fetchall())
    wanted_links = {(e.event_id, m, "inherited" if m in e.inherited_mention_ids else "own")
                    for e in events for m in e.mention_ids}
    gone = current_links - wanted_links
    con.execute("DELETE FROM timeline_mentions WHERE list_contains(?, event_id || ' ' || mention_id)",
                [[f"{e} {m}" for e, m, _ in gone]])
    bulk_insert(con, "timeline_mentions", ("event_id", "mention_id", "dated_by"), sorted(wanted_links - current_links))
    inserted = sum(1 for i in wanted if i not in current)
    return TimelineChanges(inserted, len(changed), len(stale))


def record_run(con: duckdb.DuckDBPyConnection, run_id: str, started_at: datetime,
               finished_at: datetime, counts: Mapping[str, int]) -> None:
    con.execute(
        """
        INSERT INTO pipeline_runs (run_id, started_at, finished_at, discovered, fetched, failed,
            articles, rejected, mentions, timeline_inserted, timeline_updated, timeline_deleted)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        [run_id, started_at, finished_at, counts["discovered"], counts["fetched"], counts["failed"],
         counts["articles"], counts["rejected"], counts["mentions"], counts["timeline_inserted"],
         counts["timeline_updated"], counts["timeline_deleted"]],
    )
