"""The published warehouse: one schema contract, a snapshot older DuckDB releases open, and
readers that neither wait for the pipeline nor make it wait."""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from flows.pipeline import pipeline
from newsline.sample_site import serve_sample_site
from newsline.sample_site.server import ReceivedRequest, Response
from test_pipeline import query
from test_pipeline_recovery import new_article
from test_warehouse import _article, _load_one_event
from warehouse import schema, snapshot, store
from warehouse.db import migrate, reading, state_path, transaction

OLD_CLI = Path(sys.executable).with_name("duckdb")  # duckdb-cli 1.4.4, the oldest reader we name


def old_cli(db: Path, sql: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(OLD_CLI), "-readonly", "-csv", "-noheader", str(db), "-c", sql],
                          capture_output=True, text=True, timeout=60)


def test_migrated_tables_have_exactly_the_contract_columns(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    migrate(db)
    with reading(db) as con:
        for table in schema.CONTRACT:
            found = con.execute("SELECT column_name, data_type FROM information_schema.columns "
                                "WHERE table_name = ? AND column_name <> ? ORDER BY ordinal_position",
                                [table.name, schema.WRITTEN]).fetchall()
            assert found == [(c.name, c.type) for c in table.columns], table.name


def test_the_snapshot_opens_in_duckdb_1_4_without_raw_html(tmp_path: Path) -> None:
    state, published = tmp_path / "state.duckdb", tmp_path / "w.duckdb"
    migrate(state)
    _load_one_event(state)
    publication = snapshot.publish(state, published)
    assert publication.tables["timeline"] == 1 and publication.tables["articles"] == 1
    assert not list(tmp_path.glob(".*partial*"))

    version = old_cli(published, "SELECT library_version FROM pragma_version()")
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip().startswith("v1.4.")
    tables = old_cli(published, "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' "
                                "ORDER BY 1")
    with reading(state) as con:
        assert tables.stdout.split() == sorted(snapshot.published_tables(con))
    titles = old_cli(published, "SELECT title FROM timeline")
    assert titles.stdout.split() == ["Summit"]
    columns = old_cli(published, "SELECT column_name FROM information_schema.columns WHERE table_name = 'pages'")
    assert "url" in columns.stdout.split() and "body" not in columns.stdout.split()


def fingerprint(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in sorted(tables)}
    finally:
        con.close()


def test_a_new_snapshot_built_on_the_previous_one_equals_one_written_afresh(tmp_path: Path) -> None:
    state, published = tmp_path / "state.duckdb", tmp_path / "w.duckdb"
    migrate(state)
    _load_one_event(state)
    first = snapshot.publish(state, published)
    assert not first.reused
    with transaction(state) as con:
        con.execute(f"UPDATE timeline SET title = 'Summit in Alaska', {schema.TOUCH}")
        con.execute("DELETE FROM timeline_mentions")
        store.save_article(con, dataclasses.replace(_article("b"), text="another text"), datetime.now(UTC), [])
    second = snapshot.publish(state, published)
    fresh = snapshot.publish(state, tmp_path / "fresh.duckdb")
    assert second.reused and not fresh.reused
    assert fingerprint(published) == fingerprint(tmp_path / "fresh.duckdb")
    assert fingerprint(published)["timeline_mentions"] == []
    assert old_cli(published, "SELECT title FROM timeline").stdout.strip() == "Summit in Alaska"
    assert old_cli(published, "SELECT count(*) FROM articles").stdout.strip() == "2"


def test_dead_letters_are_published_and_rows_written_since_the_last_snapshot_arrive(tmp_path: Path) -> None:
    from transforms.models import DiscoveredLink, FetchedPage

    state, published = tmp_path / "state.duckdb", tmp_path / "w.duckdb"
    migrate(state)
    _load_one_event(state)
    assert not snapshot.publish(state, published).reused
    assert old_cli(published, "SELECT count(*) FROM dead_letters").stdout.strip() == "0"
    link = DiscoveredLink("https://news.example/gone", "feed", "https://news.example/gone")
    failure = FetchedPage(url=link.url, final_url=link.url, fetched_at=datetime.now(UTC), status_code=410,
                          error="HTTP 410")
    with transaction(state) as con:
        store.record_fetches(con, [(link, failure, None)], max_attempts=1)  # given up at once
        store.save_article(con, dataclasses.replace(_article("c"), text="a third text"), datetime.now(UTC), [])
    second = snapshot.publish(state, published)
    assert second.reused and second.tables["articles"] == 2
    assert old_cli(published, "SELECT url, reason FROM dead_letters").stdout.strip() == f"{link.url},HTTP 410"
    assert fingerprint(published) == fingerprint(snapshot.publish(state, tmp_path / "fresh.duckdb").path)


def test_a_snapshot_that_is_not_the_last_one_published_is_written_afresh(tmp_path: Path) -> None:
    state, published = tmp_path / "state.duckdb", tmp_path / "w.duckdb"
    migrate(state)
    _load_one_event(state)
    snapshot.publish(state, published)
    stranger = tmp_path / "other.duckdb"
    duckdb.connect(str(stranger)).close()
    stranger.replace(published)  # someone replaced the published file: its rows are unknown
    again = snapshot.publish(state, published)
    assert not again.reused and again.tables["timeline"] == 1


def test_every_update_of_a_table_with_a_write_clock_moves_the_clock(tmp_path: Path) -> None:
    """A row updated in place without `schema.TOUCH` would never reach the snapshot; every SET of
    such a table in warehouse/ therefore starts with it."""
    db = tmp_path / "w.duckdb"
    migrate(db)
    with reading(db) as con:
        clocked = {t for (t,) in con.execute("SELECT table_name FROM information_schema.columns "
                                             "WHERE column_name = ?", [schema.WRITTEN]).fetchall()}
    assert {"articles", "pages", "timeline", "event_mentions"} <= clocked
    updates = re.compile(r"UPDATE\s+(\w+)\s+SET|INSERT INTO (\w+)[^;]*?DO UPDATE SET", re.DOTALL)
    checked = 0
    for source in sorted((Path(__file__).parents[1] / "warehouse").glob("*.py")):
        text = source.read_text(encoding="utf-8")
        for match in updates.finditer(text):
            table = match.group(1) or match.group(2)
            if table in clocked:
                checked += 1
                assert re.match(r"\s*\{TOUCH\}", text[match.end():]), f"{source.name}: {match.group(0)[:60]}"
    assert checked >= 10


HOLDER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
for line in sys.stdin:
    print(con.execute(line).fetchone()[0], flush=True)
"""


def ask(holder: subprocess.Popen[str], sql: str) -> None:
    holder.stdin.write(sql + "\n")
    holder.stdin.flush()


def test_a_reader_holding_the_warehouse_sees_its_snapshot_while_a_new_one_replaces_it(tmp_path: Path) -> None:
    state, published = tmp_path / "state.duckdb", tmp_path / "w.duckdb"
    migrate(state)
    snapshot.publish(state, published)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(published)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        ask(holder, "SELECT count(*) FROM timeline")
        assert holder.stdout.readline().strip() == "0"
        _load_one_event(state)
        started = time.monotonic()
        snapshot.publish(state, published)
        assert time.monotonic() - started < 10  # nobody waited for the holder to let go
        ask(holder, "SELECT count(*) FROM timeline")
        assert holder.stdout.readline().strip() == "0"  # its own complete snapshot, unchanged
        assert old_cli(published, "SELECT count(*) FROM timeline").stdout.strip() == "1"
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


PROBE = "/probe/reader-during-run"


def test_readers_neither_wait_for_a_run_nor_delay_it(prefect_harness: None, tmp_path: Path) -> None:
    db, exports = tmp_path / "w.duckdb", tmp_path / "out"
    seen_during_run: list[subprocess.CompletedProcess[str]] = []
    with serve_sample_site() as site:
        def reader_during_run(_: ReceivedRequest) -> Response:
            # Asked for while the run fetches: a reader connects to the published warehouse now.
            seen_during_run.append(old_cli(db, "SELECT count(*) FROM articles"))
            return Response(404, b"not here", {"Content-Type": "text/html"})

        site.add_route(PROBE, reader_during_run)
        sources = tmp_path / "SOURCES.toml"
        sources.write_text('[fetch]\nallow_hosts = ["127.0.0.1"]\n\n' f'[[source]]\nname = "rss"\nfeed = "{site.feed_url}"\n\n'
                           f'[[source]]\nname = "probe"\nurls = ["{site.base_url}{PROBE}"]\n')
        pipeline(str(sources), str(db), str(exports), polite_delay_seconds=0.0)
        assert query(db, "SELECT count(*) FROM articles") == [(5,)]
        seen_during_run.clear()

        holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
        try:
            ask(holder, "SELECT count(*) FROM articles")
            assert holder.stdout.readline().strip() == "5"
            site.publish(new_article())
            started = time.monotonic()
            second = pipeline(str(sources), str(db), str(exports), polite_delay_seconds=0.0)
            took = time.monotonic() - started
            assert holder.poll() is None  # the reader held the warehouse all run long
            ask(holder, "SELECT count(*) FROM articles")
            assert holder.stdout.readline().strip() == "5"
        finally:
            holder.stdin.close()
            holder.wait(timeout=30)
    assert second.articles == 1
    # The run did not wait for the reader (it used to wait up to 60 s, then fail).
    assert took < 60
    assert [(r.returncode, r.stdout.strip(), r.stderr) for r in seen_during_run] == [(0, "5", "")]
    assert query(db, "SELECT count(*) FROM articles") == [(6,)]
    assert state_path(db).is_file() and state_path(db) != db
