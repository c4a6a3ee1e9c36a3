"""The whole path for real: sample news site over HTTP → Prefect flow → DuckDB → exports."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from flows import nothing_new
from flows.pipeline import RunSummary, pipeline
from newsline.sample_site import SampleSite, serve_sample_site
from warehouse.db import state_path
from warehouse.schema import TIMELINE

# Crawl bookkeeping (source_documents: when each feed was last asked for; pipeline_runs: the run
# log) changes with every run by design; the data does not.
DATA_TABLES = ("pages", "articles", "event_mentions", "timeline", "timeline_mentions")
# The sample site runs on loopback, which the fetcher refuses unless allowed.
ALLOW_SAMPLE_SITE = '[fetch]\nallow_hosts = ["127.0.0.1"]\n\n'
MANIFEST = Path(__file__).parents[1] / "newsline" / "sample" / "seeds" / "manifest.csv"


@dataclass
class Runs:
    site: SampleSite
    sources: Path
    db: Path
    exports: Path
    first: RunSummary
    first_snapshot: dict[str, str]
    first_export_mtimes: dict[str, int]
    second: RunSummary
    second_snapshot: dict[str, str]


def snapshot(db: Path) -> dict[str, str]:
    """A fingerprint of every data table's content (the run log excepted)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        result = {}
        for table in DATA_TABLES:
            columns = [c for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                "ORDER BY ordinal_position", [table]).fetchall()]
            rows = con.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY ALL").fetchall()
            result[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
        return result
    finally:
        con.close()


def query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def write_sources(folder: Path, site: SampleSite) -> Path:
    path = folder / "SOURCES.toml"
    path.write_text(
        f'{ALLOW_SAMPLE_SITE}[[source]]\nname = "rss"\nfeed = "{site.feed_url}"\n\n'
        f'[[source]]\nname = "sitemap"\nsitemap = "{site.sitemap_url}"\n',
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def runs(prefect_harness: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    folder = tmp_path_factory.mktemp("pipeline")
    db, exports = folder / "warehouse.duckdb", folder / "exports"
    with serve_sample_site() as site:
        sources = write_sources(folder, site)
        first = pipeline(str(sources), str(db), str(exports), polite_delay_seconds=0.0)
        first_snapshot = snapshot(db)
        mtimes = {p.name: p.stat().st_mtime_ns for p in exports.iterdir()}
        second = pipeline(str(sources), str(db), str(exports), polite_delay_seconds=0.0)
        yield Runs(site, sources, db, exports, first, first_snapshot, mtimes, second, snapshot(db))


def test_first_run_reads_all_five_articles(runs: Runs) -> None:
    assert runs.first.failed == 0
    assert runs.first.articles == 5
    rows = query(runs.db, "SELECT url, canonical_url, title, author, site_name, published_at, language, "
                          "length(text), content_hash, fetched_at FROM articles ORDER BY published_at")
    assert len(rows) == 5
    for url, canonical, title, author, site_name, published_at, language, length, content_hash, fetched_at in rows:
        assert url.startswith(runs.site.base_url) and "utm_" not in url
        assert canonical and title and author and site_name
        assert language == "en" and length > 2000
        assert len(content_hash) == 64 and fetched_at is not None


def test_publication_dates_match_the_manifest(runs: Runs) -> None:
    with MANIFEST.open(encoding="utf-8") as handle:
        expected = sorted(datetime.fromisoformat(row["published"]) for row in csv.DictReader(handle))
    stored = [row[0] for row in query(runs.db, "SELECT published_at FROM articles ORDER BY published_at")]
    assert stored == expected


def test_articles_contract_types(runs: Runs) -> None:
    types = dict(query(runs.db, "SELECT column_name, data_type FROM information_schema.columns "
                                "WHERE table_name = 'articles'"))
    assert types["published_at"] == "TIMESTAMP WITH TIME ZONE"
    assert {"article_id", "url", "canonical_url", "title", "author", "site_name", "published_at",
            "language", "text", "content_hash", "fetched_at"} <= set(types)


def test_cleaning_drops_leftovers(runs: Runs) -> None:
    texts = "\n".join(t for (t,) in query(runs.db, "SELECT text FROM articles"))
    for leftover in ("Image Credit", "This article is republished from", "About the Author",
                     "Zelensky gifts Trump letter from his wife", "Yuri Kadobnov/AFP"):
        assert leftover not in texts


def timeline_rows(runs: Runs) -> list[dict]:
    return [dict(zip(TIMELINE.column_names, row)) for row in query(runs.db, TIMELINE.select_sql())]


def test_alaska_summit_is_one_event_on_the_day_it_happened(runs: Runs) -> None:
    summits = [e for e in timeline_rows(runs) if "Alaska" in e["locations"] and e["event_type"] in {"summit", "meeting"}]
    assert len(summits) == 1
    summit = summits[0]
    assert (summit["event_date"], summit["date_precision"], summit["event_type"]) == (date(2025, 8, 15), "day", "summit")
    assert {"Donald Trump", "Vladimir Putin"} <= set(summit["participants"])
    # Told by the preview (12 Aug), the morning-after commentary (16 Aug) and the analysis (20 Aug).
    assert summit["n_articles"] == 3 and len(summit["sources"]) == 3
    assert summit["first_reported_at"] < summit["last_reported_at"]


def test_white_house_meeting_is_one_event(runs: Runs) -> None:
    meetings = [e for e in timeline_rows(runs) if e["event_date"] == date(2025, 8, 18) and e["event_type"] == "meeting"]
    assert len(meetings) == 1
    meeting = meetings[0]
    assert {"Donald Trump", "Volodymyr Zelensky"} <= set(meeting["participants"])
    assert "White House" in meeting["locations"]
    assert meeting["n_articles"] == 2


def test_precision_is_honest(runs: Runs) -> None:
    by_precision = {(e["event_date"], e["date_precision"]) for e in timeline_rows(runs)}
    assert (date(2014, 1, 1), "year") in by_precision  # "annexed Crimea in 2014"
    for e in timeline_rows(runs):
        if e["date_precision"] == "month":
            assert e["event_date"].day == 1
        if e["date_precision"] == "year":
            assert (e["event_date"].month, e["event_date"].day) == (1, 1)


def test_every_timeline_row_leads_back_to_sentences_articles_and_urls(runs: Runs) -> None:
    orphans = query(runs.db, """
        SELECT t.event_id FROM timeline t
        LEFT JOIN timeline_mentions tm USING (event_id)
        LEFT JOIN event_mentions m USING (mention_id)
        LEFT JOIN articles a USING (article_id)
        LEFT JOIN pages p ON p.url = a.url
        WHERE m.mention_id IS NULL OR a.article_id IS NULL OR p.url IS NULL
    """)
    assert orphans == []
    sentences = query(runs.db, """
        SELECT m.sentence_text, substr(a.text, m.sentence_start + 1, m.sentence_end - m.sentence_start)
        FROM event_mentions m JOIN articles a USING (article_id)
    """)
    assert sentences and all(stored == sliced for stored, sliced in sentences)
    counts = query(runs.db, """
        SELECT t.n_mentions, count(*) FROM timeline t JOIN timeline_mentions USING (event_id)
        GROUP BY t.event_id, t.n_mentions
    """)
    assert counts and all(n == c for n, c in counts)


def test_exports_match_the_table(runs: Runs) -> None:
    n_rows = len(timeline_rows(runs))
    manifest = json.loads((runs.exports / "manifest.json").read_text())
    assert manifest["row_count"] == n_rows == runs.first.timeline_rows
    con = duckdb.connect()
    assert con.execute(f"SELECT count(*) FROM '{runs.exports / 'timeline.parquet'}'").fetchone() == (n_rows,)
    assert con.execute(f"SELECT count(*) FROM read_csv('{runs.exports / 'timeline.csv'}')").fetchone() == (n_rows,)
    lines = (runs.exports / "timeline.jsonl").read_text().splitlines()
    assert len(lines) == n_rows and json.loads(lines[0])["event_id"]
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((runs.exports / name).read_bytes()).hexdigest() == digest


def test_second_run_on_unchanged_site_adds_and_changes_nothing(runs: Runs) -> None:
    assert runs.second.fetched == 0 and runs.second.articles == 0
    assert (runs.second.timeline_inserted, runs.second.timeline_updated, runs.second.timeline_deleted) == (0, 0, 0)
    assert runs.second_snapshot == runs.first_snapshot
    assert {p.name: p.stat().st_mtime_ns for p in runs.exports.iterdir()} == runs.first_export_mtimes
    # Both runs are logged in the state; the published warehouse, unchanged, was not rewritten.
    state = state_path(runs.db)
    assert len(query(state, "SELECT * FROM pipeline_runs")) == 2
    assert len(query(runs.db, "SELECT * FROM pipeline_runs")) == 1
    # The feed and the sitemaps were asked for with their validators and answered 304; the
    # sitemap index is always read in full (sites leave it unchanged when a sitemap changes).
    statuses = dict(query(state, "SELECT url, last_status FROM source_documents"))
    news_sitemap = runs.site.base_url + "/sitemaps/news.xml"
    assert statuses[runs.site.feed_url] == statuses[news_sitemap] == "not modified"
    assert statuses[runs.site.sitemap_url] == "ok"


def test_a_run_with_nothing_new_is_recognised_before_the_flow_engine_starts(runs: Runs) -> None:
    quiet = nothing_new.check(runs.sources, runs.db, runs.exports, 0.0, None)
    assert quiet is not None and quiet.timeline_rows == runs.first.timeline_rows
    # Exports elsewhere must be written, so the flow has work to do.
    assert nothing_new.check(runs.sources, runs.db, runs.exports.with_name("elsewhere"), 0.0, None) is None
    # The check records nothing: the state still holds the two runs only.
    assert len(query(state_path(runs.db), "SELECT * FROM pipeline_runs")) == 2


def test_links_not_stored_yet_are_work_for_the_flow(runs: Runs, tmp_path: Path) -> None:
    with serve_sample_site(port=0) as other:  # same articles, other addresses: all new links
        sources = write_sources(tmp_path, other)
        assert nothing_new.check(sources, runs.db, runs.exports, 0.0, None) is None
