"""Publishing the read-only warehouse readers open: a complete new file, renamed into place.

The pipeline works on its own state database (`warehouse.db.state_path`). At the end of a run
that changed something, `publish` copies every published table (see `warehouse.schema`) into a
new file beside `--db` and renames it over the old one. A reader holding the old file keeps
reading it (the rename does not touch an open file); a reader that connects later gets the new
one; nobody ever sees half a run, and no reader can make the pipeline wait: the pipeline never
opens the published file.

The file is written in DuckDB storage version `STORAGE_VERSION`, which DuckDB 1.4 and every
later release read (the state itself uses the newest storage format of the library).
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import duckdb

from warehouse import schema
from warehouse.db import open_connection

STORAGE_VERSION = "v1.4.0"
OLDEST_READER = "1.4"


@dataclass(frozen=True)
class Publication:
    path: Path
    tables: dict[str, int]  # table → rows published
    seconds: float
    bytes: int
    reused: bool  # started from the previous snapshot (only changed rows written)


def _sql_string(value: object) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def published_tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """table → the columns the snapshot carries, for every published table of the state."""
    tables = {name: schema.published_columns(name, columns) for name, columns in _base_tables(con).items()}
    return {name: columns for name, columns in tables.items() if columns}


def _base_tables(con: duckdb.DuckDBPyConnection, catalog: str | None = None) -> dict[str, list[str]]:
    """table → its columns in order, for the base tables of `catalog` (default: the state)."""
    rows = con.execute(
        "SELECT c.table_name, list(c.column_name ORDER BY c.ordinal_position) "
        "FROM information_schema.columns c JOIN information_schema.tables t "
        "  ON t.table_catalog = c.table_catalog AND t.table_schema = c.table_schema "
        "  AND t.table_name = c.table_name "
        "WHERE t.table_catalog = coalesce(?, current_database()) AND t.table_schema = 'main' "
        "  AND t.table_type = 'BASE TABLE' "
        "GROUP BY c.table_name ORDER BY c.table_name", [catalog]
    ).fetchall()
    return dict(rows)


def _copy_tables(con: duckdb.DuckDBPyConnection, tables: dict[str, list[str]]) -> None:
    for table, columns in tables.items():
        con.execute(f"CREATE TABLE snapshot.{_quoted(table)} AS "
                    f"SELECT {_column_list(columns)} FROM main.{_quoted(table)}")


def _column_list(columns: list[str]) -> str:
    return ", ".join(_quoted(c) for c in columns)


def _snapshot_tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    return _base_tables(con, "snapshot")


def _clocked_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The state's tables that carry the write clock."""
    return {t for (t,) in con.execute(
        "SELECT table_name FROM information_schema.columns WHERE table_catalog = current_database() "
        "AND table_schema = 'main' AND column_name = ?", [schema.WRITTEN]).fetchall()}


def _keys(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """table → the columns that identify its rows (its primary key, else a unique constraint,
    else a unique index on plain columns); tables with none are missing."""
    keys: dict[str, list[str]] = {}
    for table, columns in con.execute(
            "SELECT table_name, constraint_column_names FROM duckdb_constraints() "
            "WHERE database_name = current_database() AND schema_name = 'main' "
            "AND constraint_type IN ('PRIMARY KEY', 'UNIQUE') "
            "ORDER BY constraint_type = 'UNIQUE' DESC, constraint_index DESC").fetchall():
        keys[table] = list(columns)  # the last one written wins: the primary key
    for table, expressions in con.execute(
            "SELECT table_name, expressions FROM duckdb_indexes() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND is_unique").fetchall():
        names = expressions.strip("[]").replace("'", "").replace('"', "").split(", ")
        if table not in keys and all(n.isidentifier() for n in names):
            keys[table] = names
    return keys


def _count(con: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> int:
    return con.execute(sql, params or []).fetchone()[0]


def _apply_written_since(con: duckdb.DuckDBPyConnection, table: str, columns: list[str], keys: list[str],
                         since: int) -> bool:
    """Bring the snapshot's copy of a table with a write clock up to date from the rows written
    after `since` (the clock at the previous publication): old versions of rewritten rows and
    rows deleted since go, the new rows come in. False when that cannot be known (a table with
    no key whose rows were rewritten or deleted): the caller compares it row by row."""
    name, key, written = _quoted(table), _column_list(keys), _quoted(schema.WRITTEN)
    kept, new = con.execute(f"SELECT count(*) FILTER ({written} < ?), count(*) FILTER ({written} > ?) "
                            f"FROM main.{name}", [since, since]).fetchone()
    # The snapshot holds exactly the rows that had been written before `since`; when all of them
    # are still there unchanged, the new rows are all there is to add.
    if kept != _count(con, f"SELECT count(*) FROM snapshot.{name}"):
        if not key:
            return False
        con.execute(f"DELETE FROM snapshot.{name} WHERE ({key}) IN "
                    f"(SELECT {key} FROM main.{name} WHERE {written} > ?)", [since])
        if _count(con, f"SELECT count(*) FROM snapshot.{name}") != kept:
            con.execute(f"DELETE FROM snapshot.{name} WHERE ({key}) NOT IN "
                        f"(SELECT {key} FROM main.{name} WHERE {written} < ?)", [since])
    if new:
        con.execute(f"INSERT INTO snapshot.{name} SELECT {_column_list(columns)} FROM main.{name} "
                    f"WHERE {written} > ?", [since])
    return True


def _apply_by_comparison(con: duckdb.DuckDBPyConnection, table: str, columns: list[str]) -> None:
    """Make a snapshot table equal to the state's by deleting the rows it has that the state has
    not and inserting the others (rows compared by a hash of all their columns)."""
    name, hashed = _quoted(table), f"hash({_column_list(columns)})"
    con.execute(f"CREATE OR REPLACE TEMP TABLE old_rows AS SELECT rowid AS id, {hashed} AS h FROM snapshot.{name}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE new_rows AS SELECT rowid AS id, {hashed} AS h FROM main.{name}")
    con.execute(f"DELETE FROM snapshot.{name} WHERE rowid IN (SELECT id FROM old_rows "
                "WHERE h NOT IN (SELECT h FROM new_rows))")
    con.execute(f"INSERT INTO snapshot.{name} SELECT {_column_list(columns)} FROM main.{name} "
                "WHERE rowid IN (SELECT id FROM new_rows WHERE h NOT IN (SELECT h FROM old_rows))")
    con.execute("DROP TABLE old_rows")
    con.execute("DROP TABLE new_rows")


def _apply_changes(con: duckdb.DuckDBPyConnection, tables: dict[str, list[str]], since: int | None) -> None:
    """Make each snapshot table equal to the state's: from the write clock where the table has
    one (cost: the rows written since the last publication), else row by row (cost: the table)."""
    clocked, keys = (_clocked_tables(con), _keys(con)) if since is not None else (set(), {})
    for table, columns in tables.items():
        tracked = table in clocked
        if not (tracked and _apply_written_since(con, table, columns, keys.get(table, []), since)):
            _apply_by_comparison(con, table, columns)


def _copy_views(con: duckdb.DuckDBPyConnection) -> None:
    """The state's views (`dead_letters`, …), defined anew in the snapshot over its own tables."""
    views = con.execute("SELECT view_name, sql FROM duckdb_views() WHERE database_name = current_database() "
                        "AND schema_name = 'main' AND NOT internal ORDER BY view_name").fetchall()
    state = con.execute("SELECT current_database()").fetchone()[0]
    existing = con.execute("SELECT view_name FROM duckdb_views() WHERE database_name = 'snapshot' "
                           "AND NOT internal").fetchall()
    con.execute("USE snapshot")
    try:
        for (view,) in existing:
            con.execute(f"DROP VIEW {_quoted(view)}")
        for view, sql in views:
            if view not in schema.PRIVATE_TABLES:
                con.execute(sql)
    finally:
        con.execute(f"USE {_quoted(state)}")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _identity(path: Path) -> str:
    status = path.stat()
    return f"{status.st_ino}:{status.st_size}:{status.st_mtime_ns}"


def _has_table(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(_count(con, "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
                            "AND schema_name = 'main' AND table_name = ?", [table]))


def _clock(con: duckdb.DuckDBPyConnection) -> int | None:
    """A new reading of the state's write clock: every row written so far has a smaller number."""
    if not _has_table(con, "publications"):
        return None  # a state from before migration 009
    return con.execute("SELECT nextval('publication_clock')").fetchone()[0]


def _previous_clock(con: duckdb.DuckDBPyConnection, target: Path) -> int | None:
    """The clock read for the snapshot now at `target`, if that file is the one we published."""
    if not target.is_file() or not _has_table(con, "publications"):
        return None
    row = con.execute("SELECT clock, file_identity FROM publications WHERE published_path = ?",
                      [str(target.resolve())]).fetchone()
    return row[0] if row and row[1] == _identity(target) else None


def _remember(con: duckdb.DuckDBPyConnection, target: Path, clock: int | None) -> None:
    if clock is not None:
        con.execute("INSERT INTO publications (published_path, clock, file_identity) VALUES (?, ?, ?) "
                    "ON CONFLICT (published_path) DO UPDATE SET clock = excluded.clock, "
                    "file_identity = excluded.file_identity, published_at = now()",
                    [str(target.resolve()), clock, _identity(target)])


def publish(state: Path, target: Path, *, fresh: bool = False, wait_seconds: float = 60.0) -> Publication:
    """Write a complete snapshot of `state`'s published tables and views and rename it to `target`.

    When `target` is the snapshot this state published last (same file, same tables and
    columns), the new one starts as a file copy of it and receives only what changed: for a
    table with a write clock, the rows written since that publication; for another table, the
    rows a comparison of the two finds different. Otherwise (or with `fresh`, which also
    compacts a file grown by many deltas) every table is written afresh.
    """
    started = time.perf_counter()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.partial")
    con = open_connection(state, wait_seconds=wait_seconds)
    try:
        clock = _clock(con)
        since = None if fresh else _previous_clock(con, target)
        reuse = target.is_file() and not fresh and (since is not None or clock is None)
        if reuse:
            shutil.copyfile(target, partial)
        counts, reuse = _write_snapshot(con, partial, reuse, since)
        _fsync(partial)
        os.replace(partial, target)
        _fsync(target.parent)
        _remember(con, target, clock)
    except BaseException:
        partial.unlink(missing_ok=True)
        partial.with_name(partial.name + ".wal").unlink(missing_ok=True)
        raise
    finally:
        con.close()
    return Publication(target, counts, time.perf_counter() - started, target.stat().st_size, reuse)


def _write_snapshot(con: duckdb.DuckDBPyConnection, partial: Path, reuse: bool,
                    since: int | None) -> tuple[dict[str, int], bool]:
    con.execute(f"ATTACH {_sql_string(partial)} AS snapshot (STORAGE_VERSION '{STORAGE_VERSION}')")
    try:
        tables = published_tables(con)
        reuse = reuse and _snapshot_tables(con) == tables
        con.begin()
        if reuse:
            _apply_changes(con, tables, since)
        else:
            for table in _snapshot_tables(con):
                con.execute(f"DROP TABLE snapshot.{_quoted(table)}")
            _copy_tables(con, tables)
        _copy_views(con)
        counts = {t: _count(con, f"SELECT count(*) FROM snapshot.{_quoted(t)}") for t in tables}
        con.commit()
    finally:
        con.execute("DETACH snapshot")
    return counts, reuse
