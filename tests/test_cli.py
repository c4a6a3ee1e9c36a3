from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsline.cli import app

runner = CliRunner()


def test_bad_sources_file_exits_with_one_line_reason(tmp_path: Path) -> None:
    sources = tmp_path / "SOURCES.toml"
    sources.write_text("[[source]]\nname = 'x'\n")
    result = runner.invoke(app, ["run", "--sources", str(sources), "--db", str(tmp_path / "w.duckdb"),
                                 "--export-dir", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "give exactly one of 'feed', 'sitemap' or 'urls'" in result.stderr


def test_missing_sources_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", "--sources", str(tmp_path / "nope.toml"), "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 2 and "cannot read sources file" in result.stderr


def test_export_dir_that_cannot_be_created(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("")
    result = runner.invoke(app, ["run", "--export-dir", str(tmp_path / "a-file" / "out"),
                                 "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 2
    assert result.stderr.startswith("newsline: cannot create export directory")


def test_export_dir_that_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "out").write_text("not a folder")
    result = runner.invoke(app, ["run", "--export-dir", str(tmp_path / "out"), "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 2
    assert "export directory" in result.stderr and str(tmp_path / "out") in result.stderr


def test_db_path_that_is_a_directory(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", "--db", str(tmp_path), "--export-dir", str(tmp_path / "out")])
    assert result.exit_code == 2 and "is not a writable file" in result.stderr


def test_timex_command_reads_and_writes_json_lines() -> None:
    line = json.dumps({"text": "Last Friday, Trump hosted Putin.", "dct": "2025-08-20"})
    result = runner.invoke(app, ["timex"], input=line + "\n")
    assert result.exit_code == 0
    (found,) = json.loads(result.stdout.splitlines()[0])
    assert found == {"start": 0, "end": 11, "type": "DATE", "value": "2025-08-15"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_run_on_the_sample_corpus_prints_the_timeline(tmp_path: Path) -> None:
    """The README's main job, as a user runs it: one process, its own temporary Prefect server."""
    command = [sys.executable, "-m", "newsline.cli", "run", "--db", str(tmp_path / "w.duckdb"),
               "--export-dir", str(tmp_path / "out"), "--sample-port", str(_free_port())]
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "COLUMNS": "200"}
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "timeline —" in result.stdout
    assert "2025-08-15" in result.stdout and "Summit: Donald Trump, Vladimir Putin" in result.stdout
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "manifest.json", "timeline.csv", "timeline.html", "timeline.jsonl", "timeline.parquet"]
