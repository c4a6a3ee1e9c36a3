"""`newsline serve` for real: its own Prefect server, a 10-second schedule, a local site."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import httpx
import pytest

from newsline.sample_site import serve_sample_site
from warehouse.db import state_path

ROOT = Path(__file__).parents[1]


def write_sources(folder: Path, feed_url: str, sitemap_url: str) -> Path:
    path = folder / "SOURCES.toml"
    path.write_text(
        '[fetch]\nallow_hosts = ["127.0.0.1"]\n\n'
        f'[[source]]\nname = "rss"\nfeed = "{feed_url}"\n\n'
        f'[[source]]\nname = "sitemap"\nsitemap = "{sitemap_url}"\n',
        encoding="utf-8",
    )
    return path


def wait_for(predicate, timeout: float, what: str, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(1.0)
    raise AssertionError(f"timed out waiting for {what}; serve log:\n" + log.read_text()[-3000:])


def completed_runs(api_url: str) -> list[dict]:
    response = httpx.post(f"{api_url}/flow_runs/filter", timeout=10,
                          json={"flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}})
    response.raise_for_status()
    return response.json()


def prefect_cli(api_url: str, *arguments: str) -> None:
    """The `prefect` command a team would run, from the repository's root, against `api_url`."""
    env = {**os.environ, "PREFECT_API_URL": api_url}
    result = subprocess.run([sys.executable, "-m", "prefect", *arguments], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]


@dataclass
class Served:
    tmp: Path
    log: Path
    api_url: str
    returncode: int
    runs: list[dict]
    served: dict      # the deployment as `newsline serve` registered it
    deployed: dict    # the same deployment after `prefect deploy --prefect-file deploy/prefect.yaml`
    one_off: subprocess.CompletedProcess   # `newsline run` with PREFECT_API_URL set to that server
    again: subprocess.CompletedProcess     # the same `newsline run` once more: nothing new
    runs_after: list[dict]


def deployment(api_url: str) -> dict:
    return httpx.get(f"{api_url}/deployments/name/pipeline/newsline-scheduled", timeout=10).json()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Served:
    """`newsline serve --interval 10` until two flow runs completed, then `prefect deploy` on its
    server (the team's way), then SIGTERM."""
    tmp = tmp_path_factory.mktemp("serve")
    log = tmp / "serve.log"
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    with serve_sample_site() as site, log.open("wb") as output:
        sources = write_sources(tmp, site.feed_url, site.sitemap_url)
        process = subprocess.Popen(
            [sys.executable, "-m", "newsline.cli", "serve", "--sources", str(sources), "--db", str(tmp / "w.duckdb"),
             "--export-dir", str(tmp / "out"), "--interval", "10", "--delay", "0"],
            cwd=tmp, env=env, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            banner = wait_for(lambda: re.search(r"serving the pipeline on (http://127\.0\.0\.1:\d+)", log.read_text()),
                              300, "the server to come up", log)
            api_url = banner.group(1) + "/api"
            runs = wait_for(lambda: len(completed_runs(api_url)) >= 2 and completed_runs(api_url),
                            300, "two completed flow runs", log)
            as_served = deployment(api_url)
            prefect_cli(api_url, "work-pool", "create", "newsline", "--type", "process")
            prefect_cli(api_url, "--no-prompt", "deploy", "--prefect-file", "deploy/prefect.yaml",
                        "--name", "newsline-scheduled")
            as_deployed = deployment(api_url)
            # `newsline run` with PREFECT_API_URL set runs on that server (no temporary one).
            run = [sys.executable, "-m", "newsline.cli", "run", "--sources", str(sources),
                   "--db", str(tmp / "one-off.duckdb"), "--export-dir", str(tmp / "one-off"), "--delay", "0"]
            one_off, again = (subprocess.run(run, cwd=tmp, env={**env, "PREFECT_API_URL": api_url},
                                             capture_output=True, text=True, timeout=300) for _ in range(2))
            runs_after = completed_runs(api_url)
        finally:
            process.send_signal(signal.SIGTERM)
            returncode = process.wait(90)
    return Served(tmp, log, api_url, returncode, runs, as_served, as_deployed, one_off, again, runs_after)


def test_serve_runs_the_pipeline_on_schedule_and_stops_cleanly(served: Served) -> None:
    assert served.returncode == 0, served.log.read_text()[-3000:]
    assert "newsline: stopped" in served.log.read_text()
    # It started a server of its own, with its database beside the warehouse, and stopped it.
    assert (served.tmp / "prefect" / "server.db").is_file()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{served.api_url}/health", timeout=2)

    assert served.served["global_concurrency_limit"]["limit"] == 1
    assert served.served["concurrency_options"]["collision_strategy"] == "CANCEL_NEW"
    assert served.served["schedules"][0]["schedule"]["interval"] == 10.0
    spans = sorted((datetime.fromisoformat(r["start_time"]), datetime.fromisoformat(r["end_time"]))
                   for r in served.runs)
    assert all(end <= next_start for (_, end), (next_start, _) in zip(spans, spans[1:])), "runs overlapped"

    # Every run is logged in the pipeline's state; the published copy changes only with the data.
    con = duckdb.connect(str(state_path(served.tmp / "w.duckdb")), read_only=True)
    try:
        finished = con.execute("SELECT count(*) FROM pipeline_runs").fetchone()[0]
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        con.close()
    assert finished >= 2 and articles == 5
    assert {p.name for p in (served.tmp / "out").iterdir()} >= {"timeline.html", "manifest.json", "timeline.parquet"}


def test_prefect_deploy_reads_the_same_definition(served: Served) -> None:
    deployed = served.deployed
    assert deployed["id"] == served.served["id"]
    assert deployed["work_pool_name"] == "newsline"
    assert deployed["entrypoint"] == "flows/pipeline.py:pipeline"
    assert deployed["schedules"][0]["schedule"]["cron"] == "0 * * * *"
    assert deployed["global_concurrency_limit"]["limit"] == 1
    assert deployed["concurrency_options"]["collision_strategy"] == "CANCEL_NEW"
    assert deployed["pull_steps"] == [{"prefect.deployments.steps.set_working_directory": {"directory": str(ROOT)}}]


def test_newsline_run_uses_the_server_in_prefect_api_url(served: Served) -> None:
    assert served.one_off.returncode == 0, served.one_off.stderr[-2000:]
    assert "Starting temporary server" not in served.one_off.stderr
    one_off_db = str(served.tmp / "one-off.duckdb")
    assert [r for r in served.runs_after if r["parameters"].get("db_path") == one_off_db and r["deployment_id"] is None]


def test_a_run_with_nothing_new_is_recorded_in_prefect_without_the_flow_engine(served: Served) -> None:
    assert served.again.returncode == 0, served.again.stderr[-2000:]
    assert "nothing new" in served.again.stderr and "timeline — " in served.again.stdout
    one_off_db = str(served.tmp / "one-off.duckdb")
    quiet = [r for r in served.runs_after if "nothing-new" in r["tags"]]
    assert len(quiet) == 1 and quiet[0]["parameters"]["db_path"] == one_off_db
    assert quiet[0]["state"]["message"].startswith("nothing new")
    # Both runs are in the pipeline's own log; the second published nothing.
    con = duckdb.connect(str(state_path(served.tmp / "one-off.duckdb")), read_only=True)
    try:
        runs = con.execute("SELECT fetched, articles FROM pipeline_runs ORDER BY started_at").fetchall()
        assert len(runs) == 2 and runs[0][1] > 0 and runs[1] == (0, 0)
    finally:
        con.close()
