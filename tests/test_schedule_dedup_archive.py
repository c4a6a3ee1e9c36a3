"""The retry and recrawl schedules, near-duplicate fingerprints, and the WARC archive (real
files), including the move of bodies stored by a version-2 warehouse into the archive."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from warcio.archiveiterator import ArchiveIterator

from flows.pipeline import _archive_legacy_bodies
from transforms.dedup import SIMILARITY_THRESHOLD, BatchMatcher, best_match, fingerprint, similarity
from transforms.models import FetchedPage
from transforms.schedule import (
    MAX_FETCH_ATTEMPTS,
    recrawl_due,
    recrawl_interval,
    retry_due,
    retry_wait,
)
from warehouse import store
from warehouse.archive import ArchivedAt, ArchiveWriter, read_body, with_bodies
from warehouse.db import available_migrations, migrate, reading

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def test_first_retry_is_the_next_run_then_the_wait_doubles() -> None:
    assert [retry_wait(n) for n in (1, 2, 3, 4)] == [timedelta(0), timedelta(hours=1), timedelta(hours=2),
                                                     timedelta(hours=4)]
    assert retry_wait(20) == timedelta(days=1)
    assert retry_due(1, NOW, NOW)
    assert not retry_due(2, NOW - timedelta(minutes=59), NOW) and retry_due(2, NOW - timedelta(hours=1), NOW)
    assert not retry_due(MAX_FETCH_ATTEMPTS, NOW - timedelta(days=30), NOW)


@pytest.mark.parametrize(
    ("age", "every"),
    [(timedelta(hours=3), timedelta(hours=1)), (timedelta(days=3), timedelta(days=1)),
     (timedelta(days=20), timedelta(days=7)), (timedelta(days=40), None)],
)
def test_recrawl_often_while_fresh_rarely_later_never_after_four_weeks(age: timedelta, every: timedelta | None) -> None:
    assert recrawl_interval(age) == every


def test_recrawl_due() -> None:
    born = NOW - timedelta(hours=5)
    assert recrawl_due(born, NOW - timedelta(hours=2), NOW)
    assert not recrawl_due(born, NOW - timedelta(minutes=20), NOW)
    assert not recrawl_due(NOW - timedelta(days=60), NOW - timedelta(days=30), NOW)
    assert recrawl_due(NOW + timedelta(days=1), NOW - timedelta(hours=2), NOW)  # a future date counts as now


STORY = (
    "Farmers in the valley began the grape harvest two weeks earlier than usual this year after a hot"
    " and dry summer, the regional wine board said on Friday. Yields are expected to be lower than last"
    " year, but growers said the quality of the fruit was excellent. Seasonal workers arrived from"
    " neighbouring regions to help with the picking, which is expected to last until the end of the month."
)
REWORDED = (
    "Farmers in the valley started the grape harvest two weeks earlier than normal this year after a hot"
    " and dry summer, the regional wine board said on Friday. Yields are expected to be lower than last"
    " year, but growers said the fruit quality was excellent. Seasonal workers came from neighbouring"
    " regions to help with the picking, which is expected to last until the end of the month."
)
OTHER = (
    "The regional wine board said on Friday that exports fell by a tenth in the first half of the year,"
    " as demand from overseas buyers weakened and shipping costs rose. The board asked the government"
    " for help with marketing abroad and warned that smaller estates could struggle to pay their debts."
)


def test_a_reworded_copy_is_similar_a_different_story_is_not() -> None:
    story, copy, other = fingerprint(STORY), fingerprint(REWORDED), fingerprint(OTHER)
    assert similarity(story.signature, copy.signature) >= SIMILARITY_THRESHOLD
    assert similarity(story.signature, other.signature) < 0.2
    assert set(story.bands) & set(copy.bands)  # LSH finds it as a candidate
    assert best_match(copy.signature, [("story", story.signature), ("other", other.signature)]) == "story"
    assert best_match(other.signature, [("story", story.signature)]) is None
    assert fingerprint(STORY) == story  # stable across runs: stored signatures stay comparable


def test_near_duplicate_candidates_come_from_shared_bands_only(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    migrate(db)
    con = duckdb.connect(str(db))
    for article_id, text in (("a1", STORY), ("a2", OTHER)):
        found = fingerprint(text)
        store.save_fingerprint(con, article_id, f"https://news.example/{article_id}", found.signature, found.bands)
    candidates = store.near_duplicate_candidates(con, fingerprint(REWORDED).bands)
    con.close()
    assert [article_id for article_id, _, _ in candidates] == ["a1"]


def page(url: str, body: bytes) -> FetchedPage:
    return FetchedPage(url=url, final_url=url, fetched_at=NOW, status_code=200,
                       content_type="text/html; charset=utf-8", body=body,
                       headers=(("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "gzip")))


def test_archive_records_are_read_back_by_offset_and_by_any_warc_reader(tmp_path: Path) -> None:
    bodies = {f"https://news.example/{n}": f"<p>story {n}</p>".encode() * (n + 1) for n in range(5)}
    with ArchiveWriter(tmp_path, max_file_bytes=400) as writer:  # small: forces new files
        places = {url: writer.write(page(url, body)) for url, body in bodies.items()}
    assert len({where.file for where in places.values()}) > 1
    assert all(read_body(tmp_path, where) == bodies[url] for url, where in places.items())
    streamed = list(with_bodies(tmp_path, list(places.items()), lambda item: item[1]))
    assert {url: body for (url, _), body in streamed} == bodies


    seen = {}
    for path in tmp_path.glob("*.warc.gz"):
        assert gzip.decompress(path.read_bytes()).startswith(b"WARC/1.")
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    assert record.http_headers.get_header("Content-Encoding") is None  # stored decoded
                    seen[record.rec_headers.get_header("WARC-Target-URI")] = record.content_stream().read()
    assert seen == bodies


def test_bodies_of_a_version_2_warehouse_move_into_the_archive(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
                " applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)")
    for version, name, sql in available_migrations()[:2]:
        con.execute(sql)
        con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
    con.execute("INSERT INTO pages (url, listed_url, source_name, state, body, first_seen_at, fetched_at) "
                "VALUES ('https://news.example/a', 'https://news.example/a', 'rss', 'article', ?, ?, ?)",
                [b"<p>kept since version 2</p>", NOW, NOW])
    con.close()

    assert migrate(db)[0] == "003_fetch_queue.sql"  # then the later versions
    with ArchiveWriter(tmp_path / "archive") as writer:
        _archive_legacy_bodies(db, writer)
    with reading(db) as con:
        file, offset, length = con.execute("SELECT warc_file, warc_offset, warc_length FROM pages").fetchone()
        assert con.execute("SELECT count(*) FROM legacy_page_bodies").fetchone() == (0,)
    assert read_body(tmp_path / "archive", ArchivedAt(file, offset, length)) == b"<p>kept since version 2</p>"


def test_an_unreadable_archive_record_is_reported_and_the_others_are_read(tmp_path: Path) -> None:
    with ArchiveWriter(tmp_path, max_file_bytes=200) as writer:  # small: one record a file
        places = {url: writer.write(page(url, f"<p>{url}</p>".encode() * 3))
                  for url in ("https://news.example/kept", "https://news.example/lost")}
    (tmp_path / places["https://news.example/lost"].file).unlink()
    failed: list[tuple[str, str]] = []
    streamed = list(with_bodies(tmp_path, list(places.items()), lambda item: item[1],
                                lambda item, error: failed.append((item[0], type(error).__name__))))
    assert [url for (url, _), _ in streamed] == ["https://news.example/kept"]
    assert failed == [("https://news.example/lost", "FileNotFoundError")]


def test_near_duplicate_candidates_are_the_few_sharing_most_bands(tmp_path: Path) -> None:
    """Many stored articles one band away from a page (shared boilerplate) do not all become
    candidates: only the `most` sharing the most bands, and a real copy is among them."""
    from warehouse import store
    from warehouse.db import migrate, reading, transaction

    state = tmp_path / "state.duckdb"
    migrate(state)
    story = fingerprint("The harbour authority of Vellmar closed the northern pier on Monday after a crane "
                        "collapsed onto two fishing boats, and inspectors began checking the other cranes.")
    # one band of the story in common, the other 39 bands of their own
    crowd = [(f"other{i:03d}", f"https://example.test/other/{i}", story.signature,
              (story.bands[0], *[10_000 + 40 * i + band for band in range(1, 40)])) for i in range(30)]
    with transaction(state) as con:
        store.save_fingerprints(con, [*crowd, ("story", "https://example.test/story", story.signature, story.bands)])
    with reading(state) as con:
        found = store.near_duplicate_candidates_of_many(con, {"copy": story.bands}, most=5)["copy"]
    assert len(found) == 5
    assert "story" in [article_id for article_id, _, _ in found]


def test_a_batch_matcher_finds_a_copy_among_the_batch_and_among_stored_articles() -> None:
    story, copy, other = fingerprint(STORY), fingerprint(REWORDED), fingerprint(OTHER)
    # the batch: the story, then its reworded copy; nothing stored
    matcher = BatchMatcher(3, [])
    assert matcher.match("s", "https://news.example/s", story, []) is None
    matcher.add("s", "https://news.example/s", story)
    assert matcher.match("c", "https://news.example/c", copy, []) == ("s", "https://news.example/s")
    assert matcher.match("o", "https://news.example/o", other, []) is None
    # the story stored: the copy is its near-duplicate, the other story is not
    stored = [("s", "https://news.example/s", list(story.signature)), ("o", "https://news.example/o", list(other.signature))]
    matcher = BatchMatcher(1, [(aid, sig) for aid, _, sig in stored])
    assert matcher.match("c", "https://news.example/c", copy, stored) == ("s", "https://news.example/s")
    # a page is not its own duplicate (same article id, or same url)
    assert matcher.match("s", "https://news.example/s2", story, stored) is None
    assert matcher.match("x", "https://news.example/s", story, stored[:1]) is None
