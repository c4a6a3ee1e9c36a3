from __future__ import annotations

import json
import os
import resource
import socket
import subprocess
import sys
import time
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


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    from small_warehouse import build_small_warehouse

    db = tmp_path / "w.duckdb"
    build_small_warehouse(db)
    return db


def test_sql_prints_a_table(small_db: Path) -> None:
    result = runner.invoke(app, ["sql", "SELECT event_id, n_articles FROM timeline ORDER BY event_id", "--db", str(small_db)],
                           env={"COLUMNS": "120"})
    assert result.exit_code == 0, result.output
    assert "ev_strike" in result.stdout and "ev_vote" in result.stdout and "2 rows" in result.stdout


def test_sql_as_csv_and_json(small_db: Path) -> None:
    query = "SELECT event_id, event_date, participants FROM timeline ORDER BY event_date"
    as_csv = runner.invoke(app, ["sql", query, "--db", str(small_db), "--format", "csv"])
    assert as_csv.exit_code == 0
    assert as_csv.stdout.splitlines() == ["event_id,event_date,participants", 'ev_strike,2031-02-01,"[""Dock Union""]"',
                                          'ev_vote,2031-03-01,"[""Mara Quill""]"']
    as_json = runner.invoke(app, ["sql", query, "--db", str(small_db), "--format", "json"])
    assert json.loads(as_json.stdout) == [
        {"event_id": "ev_strike", "event_date": "2031-02-01", "participants": ["Dock Union"]},
        {"event_id": "ev_vote", "event_date": "2031-03-01", "participants": ["Mara Quill"]},
    ]


@pytest.mark.parametrize("statement", [
    "SELECT nope FROM timeline",
    "DELETE FROM timeline",
    "CREATE TABLE mine (a INTEGER)",
    "COPY timeline TO 'stolen.csv'",
    "SELECT * FROM read_csv('/etc/hostname')",
    "SET enable_external_access = true",
])
def test_sql_errors_and_writes_are_one_line_and_exit_2(small_db: Path, statement: str, tmp_path: Path) -> None:
    before = small_db.read_bytes()
    result = runner.invoke(app, ["sql", statement, "--db", str(small_db)])
    assert result.exit_code == 2
    assert result.stderr.startswith("newsline: sql: ") and result.stderr.strip().count("\n") == 0
    assert small_db.read_bytes() == before and not (tmp_path / "stolen.csv").exists()


def test_sql_without_a_warehouse(tmp_path: Path) -> None:
    result = runner.invoke(app, ["sql", "SELECT 1", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2 and "run `newsline run` first" in result.stderr


FAST_COMMAND = """
import sys
import time
from newsline.cli import app
try:
    app(sys.argv[1:], standalone_mode=False)
finally:
    heavy = sorted(m for m in sys.modules if m.split(".")[0] in {"prefect", "spacy", "flows", "httpx", "trafilatura"})
    print("HEAVY:", heavy, file=sys.stderr)
"""


@pytest.mark.parametrize("command", [["timeline"], ["sql", "SELECT count(*) FROM timeline"]])
def test_commands_without_a_flow_engine_never_import_prefect(small_db: Path, command: list[str]) -> None:
    result = subprocess.run([sys.executable, "-c", FAST_COMMAND, *command, "--db", str(small_db)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "HEAVY: []" in result.stderr


def test_timeline_is_a_fast_command(small_db: Path) -> None:
    """Issue 16's goal is 1 s on an idle machine; the bounds here leave room for a loaded one."""
    cpu_before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "newsline.cli", "timeline", "--db", str(small_db)],
                            capture_output=True, text=True, timeout=60)
    wall, cpu_after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode == 0, result.stderr
    assert "timeline — 2 events" in result.stdout
    cpu = (cpu_after.ru_utime + cpu_after.ru_stime) - (cpu_before.ru_utime + cpu_before.ru_stime)
    assert cpu < 2.0, f"timeline used {cpu:.2f} s of CPU"
    assert wall < 20.0, f"timeline took {wall:.2f} s"


def test_timex_never_imports_prefect() -> None:
    line = json.dumps({"text": "On 3 March 2031 the council voted.", "dct": "2031-03-05"})
    result = subprocess.run([sys.executable, "-c", FAST_COMMAND.replace('"spacy", ', "").replace(', "httpx", "trafilatura"', ""), "timex"], input=line + "\n",
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "HEAVY: []" in result.stderr and "2031-03-03" in result.stdout


@pytest.mark.parametrize("arguments, message", [
    ([], "give exactly one of --interval SECONDS and --cron EXPRESSION"),
    (["--interval", "10", "--cron", "* * * * *"], "give exactly one of --interval SECONDS and --cron EXPRESSION"),
])
def test_serve_needs_exactly_one_schedule(tmp_path: Path, arguments: list[str], message: str) -> None:
    sources = tmp_path / "SOURCES.toml"
    sources.write_text('[[source]]\nname = "a"\nfeed = "http://127.0.0.1:9/feed.xml"\n')
    result = runner.invoke(app, ["serve", "--sources", str(sources), "--db", str(tmp_path / "w.duckdb"),
                                 "--export-dir", str(tmp_path / "out"), *arguments])
    assert result.exit_code == 2 and result.stderr.strip() == f"newsline: {message}"


def test_serve_with_a_bad_sources_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--sources", str(tmp_path / "nope.toml"), "--interval", "10",
                                 "--db", str(tmp_path / "w.duckdb"), "--export-dir", str(tmp_path / "out")])
    assert result.exit_code == 2 and "cannot read sources file" in result.stderr


def test_serve_against_a_server_that_does_not_answer(tmp_path: Path) -> None:
    sources = tmp_path / "SOURCES.toml"
    sources.write_text('[[source]]\nname = "a"\nfeed = "http://127.0.0.1:9/feed.xml"\n')
    env = {**os.environ, "PREFECT_API_URL": f"http://127.0.0.1:{_free_port()}/api"}
    result = subprocess.run([sys.executable, "-m", "newsline.cli", "serve", "--sources", str(sources), "--cron",
                             "*/5 * * * *", "--db", str(tmp_path / "w.duckdb"), "--export-dir", str(tmp_path / "out")],
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == f"newsline: no Prefect server answers at {env['PREFECT_API_URL']} (PREFECT_API_URL)"


def test_run_against_a_configured_server_that_does_not_answer(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}/api"
    result = runner.invoke(app, ["run", "--db", str(tmp_path / "w.duckdb"), "--export-dir", str(tmp_path / "out")],
                           env={"PREFECT_API_URL": url})
    assert result.exit_code == 2
    assert result.stderr.strip() == f"newsline: no Prefect server answers at {url} (PREFECT_API_URL)"


def test_a_server_that_refuses_the_record_of_a_quiet_run_is_a_one_line_problem() -> None:
    from flows import nothing_new

    url = f"http://127.0.0.1:{_free_port()}/api"
    with pytest.raises(nothing_new.ReportFailed, match="^ConnectError"):
        nothing_new.report_to_prefect(url, {}, "nothing new")
