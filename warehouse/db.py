"""Opening the pipeline's state database and keeping its schema current.

DuckDB lets one process write a database file, or several read it, never both at once. Readers
therefore never open the pipeline's working state: they open the read-only snapshot the
pipeline publishes at `--db` (see `warehouse.snapshot`), and the state lives beside it in a
hidden folder (`state_path`). Should two runs meet on the state, the later one waits for short
transactions to finish instead of failing.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import duckdb

MIGRATIONS_PACKAGE = "warehouse.migrations"
STATE_FOLDER = ".newsline-state"
_MIGRATION_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


class WarehouseBusy(RuntimeError):
    """Another process holds the database file for longer than we were willing to wait."""


def state_path(published: Path) -> Path:
    """Where the pipeline keeps its working state for the warehouse published at `published`:
    `data/newsline.duckdb` → `data/.newsline-state/newsline.duckdb`."""
    return published.parent / STATE_FOLDER / published.name


def adopt_legacy_warehouse(published: Path, state: Path) -> bool:
    """A warehouse from before the snapshot era (or a lost state folder): start the state from
    the file at `published`, so that nothing stored is lost. True when it did."""
    if state.exists() or not published.is_file():
        return False
    state.parent.mkdir(parents=True, exist_ok=True)
    log = published.with_name(published.name + ".wal")  # changes not yet checkpointed
    if log.is_file():
        shutil.copyfile(log, state.with_name(state.name + ".wal"))
    partial = state.with_name(f".{state.name}.adopting")
    shutil.copyfile(published, partial)
    os.replace(partial, state)
    return True


def _is_lock_conflict(error: duckdb.Error) -> bool:
    return "lock" in str(error).lower()


def open_connection(
    path: Path, *, read_only: bool = False, wait_seconds: float = 60.0
) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + wait_seconds
    delay = 0.1
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as error:
            if not _is_lock_conflict(error):
                raise
            if time.monotonic() >= deadline:
                raise WarehouseBusy(f"{path} is locked by another process: {error}") from error
            time.sleep(delay)
            delay = min(delay * 2, 2.0)


@contextmanager
def transaction(path: Path, *, wait_seconds: float = 60.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A short read-write session: one transaction, committed on success, rolled back on error."""
    con = open_connection(path, wait_seconds=wait_seconds)
    try:
        con.begin()
        try:
            yield con
        except BaseException:
            con.rollback()
            raise
        con.commit()
    finally:
        con.close()


@contextmanager
def reading(path: Path, *, wait_seconds: float = 60.0) -> Iterator[duckdb.DuckDBPyConnection]:
    con = open_connection(path, read_only=True, wait_seconds=wait_seconds)
    try:
        yield con
    finally:
        con.close()


def available_migrations() -> list[tuple[int, str, str]]:
    """(version, file name, SQL) for every migration shipped with the package, in order."""
    found = []
    for entry in resources.files(MIGRATIONS_PACKAGE).iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def migrations_pending(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether `migrate` has something to do on this database (read-only check)."""
    try:
        applied = {v for (v,) in con.execute("SELECT version FROM schema_migrations").fetchall()}
    except duckdb.CatalogException:
        return True
    return any(version not in applied for version, _, _ in available_migrations())


def migrate(path: Path, *, wait_seconds: float = 60.0) -> list[str]:
    """Apply the migrations the database has not seen yet; returns their names.

    Each migration runs in its own transaction together with its bookkeeping row, so a crash
    leaves the schema at a clean version.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    applied_now = []
    with transaction(path, wait_seconds=wait_seconds) as con:
        con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
            " applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)"
        )
    for version, name, sql in available_migrations():
        with transaction(path, wait_seconds=wait_seconds) as con:
            already = con.execute(
                "SELECT count(*) FROM schema_migrations WHERE version = ?", [version]
            ).fetchone()[0]
            if already:
                continue
            con.execute(sql)
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
            applied_now.append(name)
    return applied_now
