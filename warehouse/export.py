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

from warehouse.schema import TIMELINE

TIMELINE_QUERY = TIMELINE.select_sql()
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


def write_bytes_atomically(target: Path, data: bytes) -> None:
    partial = target.with_name(f".{target.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, target)


def _manifest(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return {}


def current_rows(con: duckdb.DuckDBPyConnection, export_dir: Path) -> int | None:
    """The timeline's row count when the exports in `export_dir` are complete and hold the
    timeline as it is now (nothing to write); None otherwise."""
    previous = _manifest(export_dir / "manifest.json")
    if not previous or not all((export_dir / name).exists() for name in previous.get("files", {})):
        return None
    rows, checksum = content_checksum(con)
    return rows if previous.get("content_sha256") == checksum else None


def export_timeline(con: duckdb.DuckDBPyConnection, export_dir: Path,
                    pages: dict[str, bytes] | None = None) -> Export:
    """Write the exports (and `pages`, name → content, such as timeline.html) and the manifest."""
    export_dir.mkdir(parents=True, exist_ok=True)
    pages = pages or {}
    rows, checksum = content_checksum(con)
    manifest_path = export_dir / "manifest.json"
    files = tuple(export_dir / name for name in (*_FORMATS, *pages))
    if manifest_path.exists() and all(f.exists() for f in files):
        previous = _manifest(manifest_path)
        pages_unchanged = all(previous.get("files", {}).get(name) == hashlib.sha256(data).hexdigest()
                              for name, data in pages.items())
        if previous.get("content_sha256") == checksum and pages_unchanged:
            return Export(rows, files + (manifest_path,), checksum, rewritten=False)

    for name, options in _FORMATS.items():
        _write_atomically(con, export_dir / name, options)
    for name, data in pages.items():
        write_bytes_atomically(export_dir / name, data)
    manifest = {
        "table": "timeline",
        "row_count": rows,
        "content_sha256": checksum,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "schema": _schema(con),
        "files": {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files},
    }
    write_bytes_atomically(manifest_path, (json.dumps(manifest, indent=2) + "\n").encode())
    return Export(rows, files + (manifest_path,), checksum, rewritten=True)
