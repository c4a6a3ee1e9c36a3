"""All reads and writes of the pipeline's state. Every function takes an open connection; the
caller decides the transaction (see `warehouse.db.transaction`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

import duckdb

from transforms.models import (
    ArchivedAt,
    ArticleRef,
    CleanedArticle,
    DiscoveredLink,
    EventMention,
    FetchedPage,
    PageError,
    Rejection,
    TimelineEvent,
)
from transforms.dedup import CANDIDATES_PER_PAGE
from transforms.schedule import MAX_FETCH_ATTEMPTS
from warehouse.schema import ARTICLES, EVENT_MENTIONS, PIPELINE_RUNS, TIMELINE, TOUCH, Table

K = TypeVar("K")


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
    archived: ArchivedAt  # the raw body, in the WARC archive
    listed_published_at: datetime | None
    last_modified: str | None
    fetched_at: datetime


@dataclass(frozen=True)
class RetryCandidate:
    """A page whose fetch failed and that has attempts left."""

    link: DiscoveredLink
    failures: int
    last_attempt_at: datetime


@dataclass(frozen=True)
class RecrawlCandidate:
    """A stored article page that may have changed since it was fetched."""

    link: DiscoveredLink
    etag: str | None
    last_modified: str | None
    born_at: datetime  # its publication time, else when it was first seen
    last_checked_at: datetime


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
            f"""
            INSERT INTO source_documents AS old (url, source_name, etag, last_modified, last_status, checked_at)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (url) DO UPDATE SET
                {TOUCH},
                source_name = excluded.source_name,
                etag = CASE WHEN ? THEN old.etag ELSE excluded.etag END,
                last_modified = CASE WHEN ? THEN old.last_modified ELSE excluded.last_modified END,
                last_status = excluded.last_status,
                checked_at = excluded.checked_at
            """,
            [page.url, source_name, page.etag, page.last_modified, status, page.fetched_at,
             keep_validators, keep_validators],
        )


def settled_urls(con: duckdb.DuckDBPyConnection) -> set[str]:
    """URLs a listing gives no reason to fetch: already stored (whatever cleaning made of them;
    recrawl re-checks them), failed (the retry queue has them), or given up on."""
    return {url for (url,) in con.execute("SELECT url FROM pages").fetchall()}


_LINK_COLUMNS = "url, source_name, listed_url, listed_title, listed_published_at"


def pages_to_retry(con: duckdb.DuckDBPyConnection) -> list[RetryCandidate]:
    """Failed pages not given up on, whether or not any source still lists them."""
    rows = con.execute(
        f"SELECT {_LINK_COLUMNS}, attempts, coalesce(checked_at, fetched_at, first_seen_at) "
        "FROM pages WHERE state = 'failed' AND gave_up_at IS NULL ORDER BY url"
    ).fetchall()
    return [RetryCandidate(DiscoveredLink(*row[:5]), row[5], row[6]) for row in rows]


def pages_to_recrawl(con: duckdb.DuckDBPyConnection, born_after: datetime) -> list[RecrawlCandidate]:
    """Article pages published (else first seen) after `born_after`, with their validators."""
    rows = con.execute(
        f"""
        SELECT * FROM (
            SELECT {', '.join('p.' + c for c in _LINK_COLUMNS.split(', '))}, p.etag, p.last_modified,
                   coalesce(a.published_at, p.listed_published_at, p.first_seen_at) AS born_at,
                   coalesce(p.checked_at, p.fetched_at) AS checked_at
            FROM pages p LEFT JOIN articles a ON a.url = p.url
            WHERE p.state = 'article'
        ) WHERE born_at > ? ORDER BY url
        """,
        [born_after],
    ).fetchall()
    return [RecrawlCandidate(DiscoveredLink(*row[:5]), row[5], row[6], row[7], row[8]) for row in rows]


# --- fetching ----------------------------------------------------------------------------------


def record_fetches(
    con: duckdb.DuckDBPyConnection,
    fetched: Sequence[tuple[DiscoveredLink, FetchedPage, ArchivedAt | None]],
    *,
    max_attempts: int = MAX_FETCH_ATTEMPTS,
) -> None:
    """Store each fetch and its HTTP attempts (`fetch_log`).

    A body (archived at the given place) makes the page wait for cleaning, even a page cleaned
    before (a recrawl found it changed). A 304 only notes the check. A failure of a page never
    stored puts it in the retry queue, given up on after `max_attempts`; a failed recrawl of a
    stored page leaves the page as it was.
    """
    _record_bodies(con, [(link, page, archived) for link, page, archived in fetched if archived is not None])
    for link, page, archived in fetched:
        if archived is not None:
            continue
        if page.not_modified:
            con.execute(
                f"UPDATE pages SET {TOUCH}, checked_at = ?, attempts = attempts + 1, etag = coalesce(?, etag), "
                "last_modified = coalesce(?, last_modified) WHERE url = ?",
                [page.fetched_at, page.etag, page.last_modified, link.url],
            )
        else:
            _record_failure(con, link, page, max_attempts)
    record_fetch_log(con, [page for _, page, _ in fetched])


# Rows per multi-row INSERT: one statement costs DuckDB about as much as one row (~10 ms for an
# upsert into `pages`), so a batch's pages go in a few statements, not one each.
ROWS_PER_STATEMENT = 200


def _record_bodies(con: duckdb.DuckDBPyConnection,
                   fetched: Sequence[tuple[DiscoveredLink, FetchedPage, ArchivedAt]]) -> None:
    """Upsert the pages whose body was archived, ROWS_PER_STATEMENT to a statement (URLs are
    unique within a batch: one fetch each; should one come twice, its last fetch counts)."""
    fetched = list({link.url: (link, page, archived) for link, page, archived in fetched}.values())
    for start in range(0, len(fetched), ROWS_PER_STATEMENT):
        rows = fetched[start:start + ROWS_PER_STATEMENT]
        values = ", ".join(["(?, ?, ?, ?, ?, ?, 'fetched', NULL, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"] * len(rows))
        con.execute(_BODY_UPSERT.format(values=values), [value for row in rows for value in _body_values(*row)])


def _body_values(link: DiscoveredLink, page: FetchedPage, archived: ArchivedAt) -> list[object]:
    return [link.url, link.listed_url, page.final_url, link.source_name, link.listed_title,
            link.listed_published_at, page.status_code, page.content_type, page.etag,
            page.last_modified, archived.file, archived.offset, archived.length, page.fetched_at,
            page.fetched_at, page.fetched_at]


_BODY_UPSERT = f"""
        INSERT INTO pages AS old (url, listed_url, final_url, source_name, listed_title,
            listed_published_at, state, reason, attempts, http_status, content_type, etag,
            last_modified, warc_file, warc_offset, warc_length, first_seen_at, fetched_at, checked_at)
        VALUES {{values}}
        ON CONFLICT (url) DO UPDATE SET
                {TOUCH},
            final_url = excluded.final_url,
            listed_title = coalesce(excluded.listed_title, old.listed_title),
            listed_published_at = coalesce(excluded.listed_published_at, old.listed_published_at),
            state = 'fetched', reason = NULL, gave_up_at = NULL,
            attempts = old.attempts + 1,
            http_status = excluded.http_status,
            content_type = excluded.content_type,
            etag = excluded.etag,
            last_modified = excluded.last_modified,
            warc_file = excluded.warc_file, warc_offset = excluded.warc_offset,
            warc_length = excluded.warc_length,
            fetched_at = excluded.fetched_at, checked_at = excluded.checked_at
        """


def _record_failure(con: duckdb.DuckDBPyConnection, link: DiscoveredLink, page: FetchedPage,
                    max_attempts: int) -> None:
    reason = page.error or "no body"
    con.execute(
        f"""
        INSERT INTO pages AS old (url, listed_url, final_url, source_name, listed_title,
            listed_published_at, state, reason, attempts, http_status, first_seen_at, checked_at,
            gave_up_at)
        VALUES (?, ?, ?, ?, ?, ?, 'failed', ?, 1, ?, ?, ?, CASE WHEN 1 >= ? THEN ?::TIMESTAMPTZ END)
        ON CONFLICT (url) DO UPDATE SET
                {TOUCH},
            attempts = old.attempts + 1,
            checked_at = excluded.checked_at,
            final_url = CASE WHEN old.state = 'failed' THEN excluded.final_url ELSE old.final_url END,
            reason = CASE WHEN old.state = 'failed' THEN excluded.reason ELSE old.reason END,
            http_status = CASE WHEN old.state = 'failed' THEN excluded.http_status ELSE old.http_status END,
            gave_up_at = CASE WHEN old.state = 'failed' AND old.attempts + 1 >= ?
                              THEN excluded.checked_at END
        """,
        [link.url, link.listed_url, page.final_url, link.source_name, link.listed_title,
         link.listed_published_at, reason, page.status_code, page.fetched_at, page.fetched_at,
         max_attempts, page.fetched_at, max_attempts],
    )


def record_fetch_log(con: duckdb.DuckDBPyConnection, pages: Iterable[FetchedPage]) -> None:
    rows = [[a.url, a.started_at, a.status_code, a.bytes, a.duration_seconds, a.outcome]
            for page in pages for a in page.attempts]
    bulk_insert(con, "fetch_log", ["url", "started_at", "status", "bytes", "duration_seconds", "outcome"], rows,
                types=["VARCHAR", "TIMESTAMPTZ", "INTEGER", "BIGINT", "DOUBLE", "VARCHAR"])


def legacy_bodies(con: duckdb.DuckDBPyConnection, limit: int) -> list[FetchedPage]:
    """Up to `limit` bodies stored by warehouse version 2, as pages to archive."""
    rows = con.execute(
        "SELECT p.url, coalesce(p.final_url, p.url), p.fetched_at, p.http_status, p.content_type, "
        "p.etag, p.last_modified, l.body FROM legacy_page_bodies l JOIN pages p USING (url) "
        "ORDER BY p.url LIMIT ?", [limit]).fetchall()
    return [FetchedPage(url=r[0], final_url=r[1], fetched_at=r[2], status_code=r[3], content_type=r[4],
                        etag=r[5], last_modified=r[6], body=bytes(r[7])) for r in rows]


def archived_legacy_body(con: duckdb.DuckDBPyConnection, url: str, archived: ArchivedAt) -> None:
    con.execute(f"UPDATE pages SET {TOUCH}, warc_file = ?, warc_offset = ?, warc_length = ? WHERE url = ?",
                [archived.file, archived.offset, archived.length, url])
    con.execute("DELETE FROM legacy_page_bodies WHERE url = ?", [url])


# A page whose cleaning or extraction raised this many times is left in state 'error' with its
# reason: the bug is in our code, and retrying it every run would only repeat the failure.
MAX_PROCESS_ATTEMPTS = 3


def pages_to_clean(
    con: duckdb.DuckDBPyConnection, *, everything: bool = False, after: str | None = None,
    limit: int | None = None,
) -> list[StoredPage]:
    """Pages fetched but not yet cleaned, and those whose cleaning failed fewer than
    MAX_PROCESS_ATTEMPTS times — or, with `everything`, every page with an archived body (to
    re-run cleaning and extraction without refetching). In URL order; `after` and `limit` read
    them in batches. Bodies stay in the archive."""
    condition = ("warc_file IS NOT NULL" if everything else
                 "warc_file IS NOT NULL AND (state = 'fetched' OR (state = 'error' AND process_attempts < ?))")
    params: list[object] = [] if everything else [MAX_PROCESS_ATTEMPTS]
    if after is not None:
        condition += " AND url > ?"
        params.append(after)
    rows = con.execute(
        f"SELECT url, final_url, source_name, warc_file, warc_offset, warc_length, listed_published_at, "
        f"last_modified, fetched_at FROM pages WHERE {condition} ORDER BY url"
        + (f" LIMIT {int(limit)}" if limit else ""),
        params,
    ).fetchall()
    return [StoredPage(url, final or url, source, ArchivedAt(file, offset, length), listed, modified, fetched)
            for url, final, source, file, offset, length, listed, modified, fetched in rows]


def record_page_errors(con: duckdb.DuckDBPyConnection, errors: Iterable[PageError]) -> None:
    reasons = {error.url: error.reason for error in errors}
    if reasons:
        con.execute(f"UPDATE pages SET {TOUCH}, state = 'error', reason = given.reason, "
                    "process_attempts = process_attempts + 1 FROM (SELECT unnest(?::VARCHAR[]) AS url, "
                    "unnest(?::VARCHAR[]) AS reason) AS given WHERE pages.url = given.url",
                    [list(reasons), list(reasons.values())])


def _row(record: object, table: Table, **given: object) -> list[object]:
    """A record's values in the table's column order (tuples as lists); `given` wins."""
    values = []
    for column in table.column_names:
        value = given[column] if column in given else getattr(record, column)
        values.append(list(value) if isinstance(value, tuple) else value)
    return values


# --- articles and mentions ---------------------------------------------------------------------


def existing_article_ids(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {article_id for (article_id,) in con.execute("SELECT article_id FROM articles").fetchall()}


def record_rejections(con: duckdb.DuckDBPyConnection, rejections: Iterable[Rejection]) -> None:
    reasons = {rejection.url: rejection.reason for rejection in rejections}
    if reasons:
        con.execute(f"UPDATE pages SET {TOUCH}, state = 'rejected', reason = given.reason "
                    "FROM (SELECT unnest(?::VARCHAR[]) AS url, unnest(?::VARCHAR[]) AS reason) AS given "
                    "WHERE pages.url = given.url", [list(reasons), list(reasons.values())])


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
        con.execute(f"UPDATE pages SET {TOUCH}, state = 'article', reason = ? WHERE url = ?",
                    [f"same text as {first_url[0]}", article.url])
        _record_article_url(con, article.url, article_id, "same text")
        return article_id
    # Re-cleaning replaces what the page gave before, whether or not its text changed.
    replaced = [article_id] + [row[0] for row in con.execute(
        "SELECT article_id FROM articles WHERE url = ? AND article_id <> ?", [article.url, article_id]
    ).fetchall()]
    for old_id in replaced:
        _delete_article(con, old_id)
        # The copies seen under other URLs follow the article to its new text.
        con.execute(f"UPDATE article_urls SET {TOUCH}, article_id = ? WHERE article_id = ?", [article_id, old_id])
    con.execute(ARTICLES.insert_sql(), _row(article, ARTICLES, fetched_at=fetched_at))
    _record_article_url(con, article.url, article_id, "first")
    if mentions:
        con.executemany(EVENT_MENTIONS.insert_sql(),
                        [_row(m, EVENT_MENTIONS, article_id=article_id) for m in mentions])
    con.execute(f"UPDATE pages SET {TOUCH}, state = 'article', reason = NULL WHERE url = ?", [article.url])
    return article_id


def _delete_article(con: duckdb.DuckDBPyConnection, article_id: str) -> None:
    """An article with its mentions and their timeline links (the timeline is re-applied after)."""
    con.execute("DELETE FROM timeline_mentions WHERE mention_id IN "
                "(SELECT mention_id FROM event_mentions WHERE article_id = ?)", [article_id])
    con.execute("DELETE FROM event_mentions WHERE article_id = ?", [article_id])
    con.execute("DELETE FROM articles WHERE article_id = ?", [article_id])


def _record_article_url(con: duckdb.DuckDBPyConnection, url: str, article_id: str, how: str) -> None:
    _record_article_urls(con, {url: article_id}, how)


def _record_article_urls(con: duckdb.DuckDBPyConnection, urls: Mapping[str, str], how: str) -> None:
    """url → article id, in one statement (one row per URL, the last word winning)."""
    if urls:
        con.execute(
            "INSERT INTO article_urls (url, article_id, how) SELECT unnest(?), unnest(?), ? "
            f"ON CONFLICT (url) DO UPDATE SET {TOUCH}, article_id = excluded.article_id, how = excluded.how",
            [list(urls), list(urls.values()), how],
        )


# --- near-duplicates ---------------------------------------------------------------------------


def near_duplicate_candidates(
    con: duckdb.DuckDBPyConnection, bands: Sequence[int]
) -> list[tuple[str, str, list[int]]]:
    """(article id, url, signature) of the stored articles sharing a band with `bands`."""
    return near_duplicate_candidates_of_many(con, {0: bands})[0]


def near_duplicate_candidates_of_many(
    con: duckdb.DuckDBPyConnection, bands_of: Mapping[K, Sequence[int]], most: int = CANDIDATES_PER_PAGE,
) -> dict[K, list[tuple[str, str, list[int]]]]:
    """For each key's bands, the stored articles sharing one of them, by article id: one query
    for a whole batch, not one per page. Only the `most` articles sharing the most bands with a
    key are returned (ties by id): text common to many pages (a site's boilerplate, a stock
    sentence) puts thousands of unrelated articles in some buckets, and comparing each with all
    of them made a page's cost grow with the archive; a copy shares far more bands than those."""
    keys = list(bands_of)
    pairs = [(index, bucket) for index, key in enumerate(keys) for bucket in set(bands_of[key])]
    found: dict[K, list[tuple[str, str, list[int]]]] = {key: [] for key in keys}
    if pairs:
        # One row per stored article with the keys it is a candidate of: its signature is read
        # (and made a Python list) once, not once for every page it is a candidate of.
        rows = con.execute(
            "WITH wanted AS (SELECT unnest(?::INTEGER[]) AS k, unnest(?::UBIGINT[]) AS bucket), "
            "shared AS (SELECT w.k, b.article_id, count(*) AS n FROM wanted w "
            "JOIN article_bands b USING (bucket) GROUP BY w.k, b.article_id), "
            "best AS (SELECT k, article_id FROM shared "
            "QUALIFY row_number() OVER (PARTITION BY k ORDER BY n DESC, article_id) <= ?), "
            "grouped AS (SELECT article_id, list(k ORDER BY k) AS ks FROM best GROUP BY article_id) "
            "SELECT g.article_id, s.url, s.signature, g.ks FROM grouped g "
            "JOIN article_signatures s USING (article_id) ORDER BY g.article_id",
            [[k for k, _ in pairs], [b for _, b in pairs], most]).fetchall()
        for article_id, url, signature, indexes in rows:
            for index in indexes:
                found[keys[index]].append((article_id, url, signature))
    return found


def save_fingerprint(con: duckdb.DuckDBPyConnection, article_id: str, url: str,
                     signature: Sequence[int], bands: Sequence[int]) -> None:
    """The article's signature and bands; replaces what the same page gave before."""
    save_fingerprints(con, [(article_id, url, signature, bands)])


def save_fingerprints(con: duckdb.DuckDBPyConnection,
                      fingerprints: Sequence[tuple[str, str, Sequence[int], Sequence[int]]]) -> None:
    """Signatures and bands of many articles (article id, url, signature, bands) in a few
    statements; each replaces what the same page or article gave before (the last of an
    article id given twice wins, as one call after the other would leave it)."""
    latest = {article_id: (article_id, url, list(signature), bands)
              for article_id, url, signature, bands in fingerprints}
    if not latest:
        return
    stale = [old for (old,) in con.execute(
        "SELECT article_id FROM article_signatures WHERE url IN (SELECT unnest(?::VARCHAR[])) "
        "OR article_id IN (SELECT unnest(?::VARCHAR[]))",
        [[url for _, url, _, _ in latest.values()], list(latest)]).fetchall()]
    if stale:
        con.execute("DELETE FROM article_bands WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [stale])
        con.execute("DELETE FROM article_signatures WHERE article_id IN (SELECT unnest(?::VARCHAR[]))", [stale])
    bulk_insert(con, "article_signatures", ("article_id", "url", "signature"),
                [(a, url, signature) for a, url, signature, _ in latest.values()],
                types=("VARCHAR", "VARCHAR", "UBIGINT[]"))
    bulk_insert(con, "article_bands", ("bucket", "article_id"),
                [(bucket, a) for a, _, _, bands in latest.values() for bucket in bands],
                types=("UBIGINT", "VARCHAR"))


def _forget_fingerprints(con: duckdb.DuckDBPyConnection, url: str, article_id: str | None = None) -> None:
    """Drop the signatures (and bands) made from the page `url`, or of `article_id`."""
    stale = con.execute("SELECT article_id FROM article_signatures WHERE url = ? OR article_id = ?",
                        [url, article_id]).fetchall()
    for (old_id,) in stale:
        con.execute("DELETE FROM article_bands WHERE article_id = ?", [old_id])
        con.execute("DELETE FROM article_signatures WHERE article_id = ?", [old_id])


def record_near_duplicate(con: duckdb.DuckDBPyConnection, url: str, article_id: str, of_url: str) -> None:
    """`url` is a copy of the article first read at `of_url`: one article, one more URL. An
    article the page made before (it was not yet known as a copy) goes."""
    for (own_id,) in con.execute("SELECT article_id FROM articles WHERE url = ?", [url]).fetchall():
        _delete_article(con, own_id)
    _forget_fingerprints(con, url)
    con.execute(f"UPDATE pages SET {TOUCH}, state = 'article', reason = ? WHERE url = ?",
                [f"near-duplicate of {of_url}", url])
    _record_article_url(con, url, article_id, "near-duplicate")


def insert_rows(con: duckdb.DuckDBPyConnection, table: Table, rows: Sequence[Sequence[object]]) -> None:
    """Insert many rows of a published table in one statement."""
    bulk_insert(con, table.name, table.column_names, rows, [column.type for column in table.columns])


SavedArticle = tuple[CleanedArticle, datetime, Sequence[EventMention]]


def _placeholders(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


def _stored_ids_and_urls(con: duckdb.DuckDBPyConnection, ids: Sequence[str],
                         urls: Sequence[str]) -> tuple[set[str], set[str]]:
    """Ids and URLs of the stored articles whose id is in `ids` or whose URL is in `urls`, and
    which of `urls` `article_urls` has already; found through keys (an index probe per value,
    not a scan of every article).

    `articles.url` has no index; `article_urls` (keyed by URL) has the URL of every stored
    article, as 'first' while it points at the article first read there. Only a page that later
    turned into a copy of another text ('same text', 'near-duplicate') can leave an article
    behind whose URL now points elsewhere: those few URLs are looked up in `articles` itself.
    Constant lists (not `IN (SELECT unnest(?))`) are what lets DuckDB use the index."""
    if not ids:
        return set(), set()
    pointed = con.execute(f"SELECT url, article_id, how FROM article_urls WHERE url IN ({_placeholders(urls)})",
                          list(urls)).fetchall()
    keys = sorted(set(ids) | {article_id for _, article_id, how in pointed if how == "first"})
    rows = con.execute(f"SELECT article_id, url FROM articles WHERE article_id IN ({_placeholders(keys)})",
                       keys).fetchall()
    elsewhere = sorted({url for url, _, how in pointed if how != "first"})
    if elsewhere:
        rows += con.execute("SELECT article_id, url FROM articles WHERE url IN (SELECT unnest(?::VARCHAR[]))",
                            [elsewhere]).fetchall()
    return {value for row in rows for value in row}, {url for url, _, _ in pointed}


def save_articles(con: duckdb.DuckDBPyConnection, batch: Sequence[SavedArticle]) -> None:
    """`save_article` for a batch: articles new by id and URL (the usual case) go in with a few
    statements; the others (re-cleaned pages, the same text under a second URL) one by one."""
    taken, listed = _stored_ids_and_urls(con, [a.article_id for a, _, _ in batch], [a.url for a, _, _ in batch])
    fresh, others = [], []
    for item in batch:
        article = item[0]
        new = article.article_id not in taken and article.url not in taken
        (fresh if new else others).append(item)
        taken.add(article.article_id)
    insert_rows(con, ARTICLES, [_row(a, ARTICLES, fetched_at=at) for a, at, _ in fresh])
    insert_rows(con, EVENT_MENTIONS, [_row(m, EVENT_MENTIONS, article_id=a.article_id)
                                      for a, _, mentions in fresh for m in mentions])
    con.execute(f"UPDATE pages SET {TOUCH}, state = 'article', reason = NULL WHERE url IN (SELECT unnest(?))",
                [[a.url for a, _, _ in fresh]])
    urls = {article.url: article.article_id for article, _, _ in fresh}
    # An upsert costs an index lookup and more per row, growing with the table; URLs that
    # `article_urls` has not seen (nearly all) go in with a plain insert.
    _record_article_urls(con, {url: a for url, a in urls.items() if url in listed}, "first")
    bulk_insert(con, "article_urls", ("url", "article_id", "how"),
                [(url, a, "first") for url, a in urls.items() if url not in listed])
    for article, fetched_at, mentions in others:
        save_article(con, article, fetched_at, mentions)


def all_mentions(con: duckdb.DuckDBPyConnection) -> list[EventMention]:
    names = EVENT_MENTIONS.column_names
    rows = con.execute(f"SELECT {EVENT_MENTIONS.column_list} FROM event_mentions ORDER BY mention_id").fetchall()
    return [EventMention(**{n: tuple(v) if isinstance(v, list) else v for n, v in zip(names, row)})
            for row in rows]


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


def bulk_insert(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str], rows: Sequence[Sequence],
                types: Sequence[str] | None = None, conflict: str | None = None) -> None:
    """Many rows in one statement: each column passed as one list (typed when `types` is given)
    and unnested; `conflict` is an ON CONFLICT action ("DO NOTHING")."""
    if not rows:
        return
    lists = [list(column) for column in zip(*rows, strict=True)]
    casts = [f"::{t}[]" for t in types] if types else [""] * len(columns)
    select = ", ".join(f"unnest(?{cast}) AS {c}" for c, cast in zip(columns, casts))
    on_conflict = f" ON CONFLICT {conflict}" if conflict else ""
    con.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {select}{on_conflict}", lists)


def timeline_row(event: TimelineEvent, refs: Mapping[str, ArticleRef],
                 mentions: Mapping[str, EventMention]) -> tuple:
    articles = sorted({mentions[m].article_id for m in event.mention_ids})
    reported = [refs[a].published_at or refs[a].fetched_at for a in articles]
    return tuple(_row(event, TIMELINE, n_articles=len(articles), n_mentions=len(event.mention_ids),
                      first_reported_at=min(reported), last_reported_at=max(reported),
                      sources=sorted({refs[a].url for a in articles})))


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
    # Semi-joins on the ids given (a hash lookup per row), not a list search per row.
    scope, params = ("", []) if only is None else (" WHERE event_id IN (SELECT unnest(?::VARCHAR[]))", [list(only)])
    current = {row[0]: row for row in
               con.execute(f"SELECT {TIMELINE.column_list} FROM timeline{scope}", params).fetchall()}
    wanted = {e.event_id: timeline_row(e, refs, mentions) for e in events}
    changed = [i for i, row in wanted.items() if i in current and _comparable(current[i]) != _comparable(row)]
    stale = [i for i in current if i not in wanted]
    con.execute("DELETE FROM timeline WHERE event_id IN (SELECT unnest(?::VARCHAR[]))", [changed + stale])
    insert_rows(con, TIMELINE, [row for i, row in wanted.items() if i not in current or i in changed])

    current_links = set(con.execute(f"SELECT event_id, mention_id, dated_by FROM timeline_mentions{scope}", params).fetchall())
    wanted_links = {(e.event_id, m, "inherited" if m in e.inherited_mention_ids else "own")
                    for e in events for m in e.mention_ids}
    gone = current_links - wanted_links
    if gone:
        con.execute("DELETE FROM timeline_mentions USING (SELECT unnest(?::VARCHAR[]) AS e, unnest(?::VARCHAR[]) AS m) g "
                    "WHERE timeline_mentions.event_id = g.e AND timeline_mentions.mention_id = g.m",
                    [[e for e, _, _ in gone], [m for _, m, _ in gone]])
    bulk_insert(con, "timeline_mentions", ("event_id", "mention_id", "dated_by"), sorted(wanted_links - current_links))
    inserted = sum(1 for i in wanted if i not in current)
    return TimelineChanges(inserted, len(changed), len(stale))


def record_run(con: duckdb.DuckDBPyConnection, run_id: str, started_at: datetime,
               finished_at: datetime, counts: Mapping[str, int]) -> None:
    times = {"run_id": run_id, "started_at": started_at, "finished_at": finished_at}
    con.execute(PIPELINE_RUNS.insert_sql(),
                [times[c] if c in times else counts[c] for c in PIPELINE_RUNS.column_names])


def published_timeline(con: duckdb.DuckDBPyConnection) -> list[dict[str, object]]:
    """The timeline as readers see it, one dict per event in date order."""
    return [dict(zip(TIMELINE.column_names, row)) for row in con.execute(TIMELINE.select_sql()).fetchall()]
