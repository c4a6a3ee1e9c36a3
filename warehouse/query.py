"""Read-only SQL on the published warehouse, for `newsline sql`.

The connection is opened read-only, and before the user's SQL runs it loses all access to
files other than the warehouse (no COPY … TO, no ATTACH, no read_csv of anything) with that
setting locked, so a query can look at the warehouse and change nothing, anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from warehouse.db import reading


@dataclass(frozen=True)
class QueryResult:
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]


def run_read_only(db: Path, sql: str, wait_seconds: float = 10.0) -> QueryResult:
    """The result of `sql` (its last statement) on `db`; raises duckdb.Error on bad SQL."""
    with reading(db, wait_seconds=wait_seconds) as con:
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
        cursor = con.execute(sql)
        if cursor.description is None:
            return QueryResult((), [])
        return QueryResult(tuple(column for column, *_ in cursor.description), cursor.fetchall())
