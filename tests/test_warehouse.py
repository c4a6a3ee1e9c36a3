from __future__ import annotations

import dataclasses
import hashlib
import json
import multiprocessing
import time
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest

from transforms.models import ArticleRef, CleanedArticle, EventMention, TimelineEvent
from warehouse import export, store
from warehouse.db import WarehouseBusy, available_migrations, migrate, open_connection, reading, transaction


def test_migrations_apply_once_and_are_recorded(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    applied = migrate(db)
    assert applied == [name for _, name, _ in available_migrations()]
    assert migrate(db) == []
    with reading(db) as con:
        versions = con.execute("SELECT version FROM schema_migrations ORDER BY version").fetchall()
        tables = {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert [v for (v,) in versions] == [v for v, _, _ in available_migrations()]
    assert {"pages", "articles", "event_mentions", "timeline", "timeline_mentions"} <= tables
    assert [name for _, name, _ in available_migrations()][:2] == ["001_initial.sql", "002_article_modified_at.sql"]


def test_saved_article_keeps_its_modified_time(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    migrate(db)
    modified_at = datetime(2025, 8, 17, 14, 30, tzinfo=UTC)
    article = dataclasses.replace(_article("a"), modified_at=modified_at, modified_at_source="html")
    with transaction(db) as con:
        article_id = store.save_article(con, article, datetime.now(UTC), [])
    with reading(db) as con:
        con.execute("SET TimeZone = 'UTC'")
        row = con.execute(
            "SELECT modified_at, modified_at_source FROM articles WHERE article_id = ?", [article_id]
        ).fetchone()
    assert row == (modified_at, "html")


def test_a_failed_transaction_leaves_nothing_behind(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    migrate(db)
    with pytest.raises(RuntimeError):
        with transaction(db) as con:
            store.save_article(con, _article("a"), datetime.now(UTC), [])
            raise RuntimeError("crash mid-load")
    with reading(db) as con:
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (0,)


def _hold_lock(path: str, seconds: float, ready: multiprocessing.Event) -> None:
    con = duckdb.connect(path)
    ready.set()
    time.sleep(seconds)
    con.close()


def test_waits_for_another_process_to_release_the_file(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    migrate(db)
    ready = multiprocessing.Event()
    holder = multiprocessing.Process(target=_hold_lock, args=(str(db), 1.5, ready))
    holder.start()
    ready.wait(10)
    try:
        with pytest.raises(WarehouseBusy):
            open_connection(db, wait_seconds=0.3)
        started = time.monotonic()
        open_connection(db, wait_seconds=20).close()
        assert time.monotonic() - started > 0.2
    finally:
        holder.join()


def _article(name: str) -> CleanedArticle:
    return CleanedArticle(
        url=f"https://news.example/{name}", canonical_url=f"https://news.example/{name}", title=name,
        author=None, site_name="Example", published_at=datetime(2025, 8, 16, 9, tzinfo=UTC),
        published_at_source="html", language="en", text=f"text of {name}", content_hash=(name * 64)[:64],
    )


def _load_one_event(db: Path) -> None:
    article = _article("a")
    mention = EventMention(
        mention_id="m1", article_id=article.article_id, sentence_index=0,
        sentence_start=0, sentence_end=9, sentence_text="text of a", event_type="summit", trigger="summit",
        trigger_start=0, participants=("Donald Trump",), locations=("Alaska",), time_text="Friday",
        time_value="2025-08-15", event_date=date(2025, 8, 15), date_precision="day",
    )
    event = TimelineEvent("ev_1", date(2025, 8, 15), "day", "summit", "Summit", ("Donald Trump",), ("Alaska",), ("m1",))
    refs = {mention.article_id: ArticleRef(mention.article_id, article.canonical_url, article.published_at, datetime.now(UTC))}
    with transaction(db) as con:
        store.save_article(con, article, datetime.now(UTC), [mention])
        changes = store.apply_timeline(con, [event], refs, {"m1": mention})
    assert changes.inserted in (0, 1)


def test_exports_are_complete_and_not_rewritten_when_unchanged(tmp_path: Path) -> None:
    db, out = tmp_path / "w.duckdb", tmp_path / "out"
    migrate(db)
    _load_one_event(db)
    with reading(db) as con:
        first = export.export_timeline(con, out)
    assert first.rewritten and first.rows == 1
    assert {p.name for p in first.files} == {"timeline.parquet", "timeline.csv", "timeline.jsonl", "manifest.json"}
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["row_count"] == 1
    assert [c["name"] for c in manifest["schema"]][:3] == ["event_id", "event_date", "date_precision"]
    assert json.loads((out / "timeline.jsonl").read_text().splitlines()[0])["title"] == "Summit"
    assert duckdb.connect().execute(f"SELECT count(*) FROM '{out / 'timeline.parquet'}'").fetchone() == (1,)
    assert not list(out.glob(".*partial"))

    mtime = (out / "timeline.parquet").stat().st_mtime_ns
    _load_one_event(db)
    with reading(db) as con:
        again = export.export_timeline(con, out)
    assert not again.rewritten and again.checksum == first.checksum
    assert (out / "timeline.parquet").stat().st_mtime_ns == mtime


def test_exports_go_to_a_folder_whose_name_needs_quoting(tmp_path: Path) -> None:
    db, out = tmp_path / "w.duckdb", tmp_path / "team's exports"
    migrate(db)
    _load_one_event(db)
    with reading(db) as con:
        written = export.export_timeline(con, out)
    assert written.rows == 1 and (out / "timeline.parquet").is_file()


def test_a_dead_link_is_given_up_after_repeated_failures(tmp_path: Path) -> None:
    from transforms.models import DiscoveredLink, FetchedPage

    db = tmp_path / "w.duckdb"
    migrate(db)
    link = DiscoveredLink("https://news.example/gone", "feed", "https://news.example/gone")
    failure = FetchedPage(url=link.url, final_url=link.url, fetched_at=datetime.now(UTC), status_code=404,
                          error="HTTP 404")
    for attempt in range(1, store.MAX_FETCH_ATTEMPTS + 1):
        with transaction(db) as con:
            assert [c.link.url for c in store.pages_to_retry(con)] == ([link.url] if attempt > 1 else [])
            store.record_fetches(con, [(link, failure, None)])
    with reading(db) as con:
        assert store.pages_to_retry(con) == []
        assert con.execute("SELECT state, reason, attempts FROM pages").fetchall() == [
            ("failed", "HTTP 404", store.MAX_FETCH_ATTEMPTS)]
        assert con.execute("SELECT url, reason, attempts FROM dead_letters").fetchall() == [
            (link.url, "HTTP 404", store.MAX_FETCH_ATTEMPTS)]


def test_a_batch_of_fetches_larger_than_one_statement_is_stored_whole(tmp_path: Path) -> None:
    from transforms.models import DiscoveredLink, FetchedPage
    from warehouse.archive import ArchivedAt

    db = tmp_path / "w.duckdb"
    migrate(db)
    now = datetime.now(UTC)
    count = store.ROWS_PER_STATEMENT * 2 + 7
    links = [DiscoveredLink(f"https://news.example/a/{i}", "feed", f"https://news.example/a/{i}",
                            listed_title=f"Story {i}") for i in range(count)]
    rows = [(link, FetchedPage(url=link.url, final_url=link.url, fetched_at=now, status_code=200,
                               content_type="text/html", body=b"<html></html>"), ArchivedAt("a.warc.gz", i * 100, 100))
            for i, link in enumerate(links)]
    with transaction(db) as con:
        store.record_fetches(con, rows)
    with transaction(db) as con:  # fetched again: the stored pages are updated, not duplicated
        store.record_fetches(con, rows[:3])
    with reading(db) as con:
        assert con.execute("SELECT count(*), sum(attempts) FROM pages WHERE state = 'fetched'").fetchone() == (
            count, count + 3)
        assert con.execute("SELECT listed_title, warc_offset FROM pages WHERE url = ?",
                           [links[-1].url]).fetchone() == (f"Story {count - 1}", (count - 1) * 100)


def _page(url: str, text: str) -> CleanedArticle:
    """A cleaned page: `url` read with `text` (the same text under two URLs is one article)."""
    digest = hashlib.sha256(text.encode()).hexdigest()
    return CleanedArticle(
        url=f"https://news.example/{url}", canonical_url=f"https://news.example/{url}", title=url, author=None,
        site_name="Example", published_at=datetime(2025, 8, 16, 9, tzinfo=UTC), published_at_source="html",
        language="en", text=text, content_hash=digest)


def _mention_of(article: CleanedArticle) -> EventMention:
    return EventMention(
        mention_id=f"{article.article_id}-{article.url[-2:]}", article_id=article.article_id, sentence_index=0,
        sentence_start=0, sentence_end=4, sentence_text=article.text, event_type="summit", trigger="held",
        trigger_start=0, participants=("A Person",), locations=("A Town",), time_text=None, time_value=None,
        event_date=None, date_precision=None)


def _stored(db: Path) -> dict[str, list[tuple]]:
    with reading(db) as con:
        return {"articles": con.execute("SELECT article_id, url, text FROM articles ORDER BY ALL").fetchall(),
                "event_mentions": con.execute("SELECT mention_id, article_id FROM event_mentions ORDER BY ALL").fetchall(),
                "article_urls": con.execute("SELECT url, article_id, how FROM article_urls ORDER BY ALL").fetchall()}


def test_a_batch_is_saved_as_its_pages_one_by_one_would_be(tmp_path: Path) -> None:
    """New pages, a re-cleaned page, a second URL of a stored text, a page that turned into a copy
    of another and then changed again: the batch write ends where one save per page ends."""
    batches = [
        [_page("p1", "first story"), _page("p2", "second story"), _page("p3", "third story")],
        [_page("p1", "first story, corrected"), _page("p4", "second story"), _page("p5", "fifth story"),
         _page("p6", "fifth story")],
        [_page("p3", "second story")],  # p3 now carries p2's text; its own article stays behind
        [_page("p3", "third story, rewritten"), _page("p7", "seventh story"),
         _page("p4", "fourth story of its own")],  # a URL known as a copy, now with a text of its own
    ]
    one_by_one, batched = tmp_path / "one.duckdb", tmp_path / "batch.duckdb"
    for db in (one_by_one, batched):
        migrate(db)
    fetched = datetime(2025, 8, 16, 10, tzinfo=UTC)
    for batch in batches:
        saved = [(page, fetched, [_mention_of(page)]) for page in batch]
        with transaction(one_by_one) as con:
            for page, at, mentions in saved:
                store.save_article(con, page, at, mentions)
        with transaction(batched) as con:
            store.save_articles(con, saved)
        assert _stored(batched) == _stored(one_by_one)
    articles = _stored(batched)["articles"]
    assert [url for _, url, text in articles if "third story" in text] == ["https://news.example/p3"]
    assert len(articles) == 6  # p1 corrected, p2, p3 rewritten, p4, p5 (also at p6), p7
    p4 = "https://news.example/p4"
    own = [article_id for article_id, url, _ in articles if url == p4]
    assert [(a, how) for url, a, how in _stored(batched)["article_urls"] if url == p4] == [(own[0], "first")]


def test_a_batch_sees_the_articles_an_earlier_batch_of_its_transaction_saved(tmp_path: Path) -> None:
    """The key probes find rows not yet committed: a page re-cleaned, and the same text under
    another URL, in the second of two batches written in one transaction."""
    one_by_one, batched = tmp_path / "one.duckdb", tmp_path / "batch.duckdb"
    for db in (one_by_one, batched):
        migrate(db)
    fetched = datetime(2025, 8, 16, 10, tzinfo=UTC)
    first = [_page("p1", "first story"), _page("p2", "second story")]
    second = [_page("p1", "first story, corrected"), _page("p3", "second story")]
    with transaction(one_by_one) as con:
        for page in first + second:
            store.save_article(con, page, fetched, [_mention_of(page)])
    with transaction(batched) as con:
        for batch in (first, second):
            store.save_articles(con, [(page, fetched, [_mention_of(page)]) for page in batch])
    assert _stored(batched) == _stored(one_by_one)
    assert [text for _, _, text in _stored(batched)["articles"]] == ["first story, corrected", "second story"]
