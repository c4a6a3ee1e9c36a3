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
    rows = con.execute(
        "SELECT c.table_name, list(c.column_name ORDER BY c.ordinal_position) "
        "FROM information_schema.columns c JOIN information_schema.tables t "
        "  ON t.table_catalog = c.table_catalog AND t.table_schema = c.table_schema "
        "  AND t.table_name = c.table_name "
        "WHERE t.table_catalog = current_database() AND t.table_schema = 'main' "
        "  AND t.table_type = 'BASE TABLE' "
        "GROUP BY c.table_name ORDER BY c.table_name"
    ).fetchall()
    tables = {name: schema.published_columns(name, columns) for name, columns in rows}
    return {name: columns for name, columns in tables.items() if columns}


def _copy_tables(con: duckdb.DuckDBPyConnection, tables: dict[str, list[str]]) -> None:
    for table, columns in tables.items():
        con.execute(f"CREATE TABLE snapshot.{_quoted(table)} AS "
                    f"SELECT {_column_list(columns)} FROM main.{_quoted(table)}")


def _column_list(columns: list[str]) -> str:
    return ", ".join(_quoted(c) for c in columns)


def _snapshot_tables(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    rows = con.execute(
        "SELECT table_name, list(column_name ORDER BY ordinal_position) FROM information_schema.columns "
        "WHERE table_catalog = 'snapshot' GROUP BY table_name").fetchall()
    return dict(rows)


def _apply_changes(con: duckdb.DuckDBPyConnection, tables: dict[str, list[str]]) -> int:
    """Make each snapshot table equal to the state's by deleting the rows it has that the state
    has not and inserting the others (rows compared by a hash of all their columns; every
    published table has a key, so no two rows are alike). Returns the rows touched."""
    touched = 0
    for table, columns in tables.items():
        name, hashed = _quoted(table), f"hash({_column_list(columns)})"
        con.execute(f"CREATE OR REPLACE TEMP TABLE old_rows AS SELECT rowid AS id, {hashed} AS h FROM snapshot.{name}")
        con.execute(f"CREATE OR REPLACE TEMP TABLE new_rows AS SELECT rowid AS id, {hashed} AS h FROM main.{name}")
        gone = con.execute(f"DELETE FROM snapshot.{name} WHERE rowid IN (SELECT id FROM old_rows "
                           "WHERE h NOT IN (SELECT h FROM new_rows))").fetchone()[0]
        added = con.execute(f"INSERT INTO snapshot.{name} SELECT {_column_list(columns)} FROM main.{name} "
                            "WHERE rowid IN (SELECT id FROM new_rows WHERE h NOT IN (SELECT h FROM old_rows))"
                            ).fetchone()[0]
        touched += gone + added
    con.execute("DROP TABLE old_rows")
    con.execute("DROP TABLE new_rows")
    return touched


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(state: Path, target: Path, *, fresh: bool = False, wait_seconds: float = 60.0) -> Publication:
    """Write a complete snapshot of `state`'s published tables and rename it to `target`.

    When a previous snapshot with the same tables and columns exists, the new one starts as a
    file copy of it and receives only the rows that changed (measured: a copy of the file costs
    a small fraction of writing every table again; see the README's warehouse section);
    otherwise every table is written afresh (also with `fresh`, which compacts a file grown by
    many deltas).
    """
    started = time.perf_counter()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.partial")
    reuse = target.is_file() and not fresh
    if reuse:
        shutil.copyfile(target, partial)
    con = open_connection(state, wait_seconds=wait_seconds)
    try:
        con.execute(f"ATTACH {_sql_string(partial)} AS snapshot (STORAGE_VERSION '{STORAGE_VERSION}')")
        try:
            tables = published_tables(con)
            reuse = reuse and _snapshot_tables(con) == tables
            con.begin()
            if reuse:
                _apply_changes(con, tables)
            else:
                for table in _snapshot_tables(con):
                    con.execute(f"DROP TABLE snapshot.{_quoted(table)}")
                _copy_tables(con, tables)
            counts = {t: con.execute(f"SELECT count(*) FROM snapshot.{_quoted(t)}").fetchone()[0] for t in tables}
            con.commit()
        finally:
            con.execute("DETACH snapshot")
    except BaseException:
        partial.unlink(missing_ok=True)
        partial.with_name(partial.name + ".wal").unlink(missing_ok=True)
        raise
    finally:
        con.close()
    _fsync(partial)
    os.replace(partial, target)
    _fsync(target.parent)
    return Publication(target, counts, time.perf_counter() - started, target.stat().st_size, reuse)
