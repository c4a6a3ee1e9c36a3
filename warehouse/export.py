"""Publishing the timeline as files other teams read: Parquet, CSV, JSON Lines and a manifest.

Each file is written beside its final name and renamed into place, so a reader sees the old
file or the new one, never half of one. When the timeline has not changed, nothing is
rewritten: the manifest's `generated_at` then still tells when the content last changed.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

TIMELINE_QUERY = """
    SELECT event_id, event_date, date_precision, event_type, title, participants, locations,
           n_articles, n_mentions, first_reported_at, last_reported_at, sources, status,
           first_announced_at
    FROM timeline
    ORDER BY event_date, event_type, event_id
"""
_FORMATS = {
    "timeline.parquet": "(FORMAT parquet, COMPRESSION zstd)",
    "timeline.csv": "(FORMAT csv, HEADER true)",
    "timeline.jsonl": "(FORMAT json)",
}


@dataclass(frozen=True)
class Export:
    rows: int
    files: tuple[Path, ...]
    checksum: str
    rewritten: bool


def content_checksum(con: duckdb.DuckDBPyConnection) -> tuple[int, str]:
    """Row count and sha256 of the timeline's rows in a canonical order and encoding."""
    digest = hashlib.sha256()
    rows = con.execute(TIMELINE_QUERY).fetchall()
    for row in rows:
        digest.update(json.dumps(row, default=str, ensure_ascii=False).encode())
        digest.update(b"\n")
    return len(rows), digest.hexdigest()


def _schema(con: duckdb.DuckDBPyConnection) -> list[dict[str, str]]:
    described = con.execute(f"DESCRIBE {TIMELINE_QUERY}").fetchall()
    return [{"name": name, "type": type_} for name, type_, *_ in described]


def _write_atomically(con: duckdb.DuckDBPyConnection, target: Path, options: str) -> None:
    partial = target.with_name(f".{target.name}.partial")
    # COPY takes no bound parameter for its target: quote the path as an SQL string literal.
    literal = "'" + str(partial).replace("'", "''") + "'"
    con.execute(f"COPY ({TIMELINE_QUERY}) TO {literal} {options}")
    os.replace(partial, target)


def export_timeline(con: duckdb.DuckDBPyConnection, export_dir: Path) -> Export:
    export_dir.mkdir(parents=True, exist_ok=True)
    rows, checksum = content_checksum(con)
    manifest_path = export_dir / "manifest.json"
    files = tuple(export_dir / name for name in _FORMATS)
    if manifest_path.exists() and all(f.exists() for f in files):
        try:
            previous = json.loads(manifest_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError:
            previous = {}
        if previous.get("content_sha256") == checksum:
            return Export(rows, files + (manifest_path,), checksum, rewritten=False)

    for name, options in _FORMATS.items():
        _write_atomically(con, export_dir / name, options)
    manifest = {
        "table": "timeline",
        "row_count": rows,
        "content_sha256": checksum,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "schema": _schema(con),
        "files": {name: hashlib.sha256((export_dir / name).read_bytes()).hexdigest() for name in _FORMATS},
    }
    partial = export_dir / ".manifest.json.partial"
    partial.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, manifest_path)
    return Export(rows, files + (manifest_path,), checksum, rewritten=True)
