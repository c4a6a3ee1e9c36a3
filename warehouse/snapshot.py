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


def _copy_tables(con: duckdb.DuckDBPyConnection, alias: str) -> dict[str, int]:
    counts = {}
    for table, columns in published_tables(con).items():
        column_list = ", ".join(_quoted(c) for c in columns)
        con.execute(f"CREATE TABLE {alias}.{_quoted(table)} AS "
                    f"SELECT {column_list} FROM main.{_quoted(table)}")
        counts[table] = con.execute(f"SELECT count(*) FROM {alias}.{_quoted(table)}").fetchone()[0]
    return counts


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(state: Path, target: Path, *, wait_seconds: float = 60.0) -> Publication:
    """Write a complete snapshot of `state`'s published tables and rename it to `target`."""
    started = time.perf_counter()
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.partial")
    con = open_connection(state, wait_seconds=wait_seconds)
    try:
        con.execute(f"ATTACH {_sql_string(partial)} AS snapshot (STORAGE_VERSION '{STORAGE_VERSION}')")
        try:
            con.begin()
            counts = _copy_tables(con, "snapshot")
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
    return Publication(target, counts, time.perf_counter() - started, target.stat().st_size)
