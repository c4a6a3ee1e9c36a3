"""Cleaning and extraction on Prefect's thread pool or on Dask worker processes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.pipeline import run_pipeline
from flows.runners import make_task_runner
from newsline.cli import app
from newsline.sample_site import serve_sample_site
from test_pipeline import query


def test_a_dask_address_needs_the_dask_runner_and_unknown_runners_are_refused() -> None:
    with pytest.raises(ValueError, match="needs --task-runner dask"):
        make_task_runner("threads", dask_address="tcp://127.0.0.1:8786")
    with pytest.raises(ValueError, match="unknown task runner 'spark'"):
        make_task_runner("spark")  # type: ignore[arg-type]


def test_the_cli_refuses_an_unknown_task_runner_in_a_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["run", "--task-runner", "spark", "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 2
    assert "unknown task runner 'spark'" in result.output


def test_a_run_on_a_local_dask_cluster_of_two_processes(prefect_harness: None, tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    with serve_sample_site() as site:
        sources = tmp_path / "SOURCES.toml"
        sources.write_text('[fetch]\nallow_hosts = ["127.0.0.1"]\n\n' f'[[source]]\nname = "rss"\nfeed = "{site.feed_url}"\n')
        summary = run_pipeline(str(sources), str(db), str(tmp_path / "out"), polite_delay_seconds=0.0,
                               task_runner="dask", dask_workers=2)
    assert (summary.articles, summary.errors) == (5, 0)
    assert query(db, "SELECT count(*) FROM articles") == [(5,)]
    summits = query(db, "SELECT n_articles FROM timeline WHERE event_type = 'summit' AND event_date = ? "
                        "AND list_contains(locations, 'Alaska')", [date(2025, 8, 15)])
    assert summits == [(3,)]
