"""`newsline serve` for real: its own Prefect server, a 10-second schedule, a local site."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import duckdb
import httpx

from newsline.sample_site import serve_sample_site

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


def test_serve_runs_the_pipeline_on_schedule_and_stops_cleanly(tmp_path: Path) -> None:
    db, exports, log = tmp_path / "w.duckdb", tmp_path / "out", tmp_path / "serve.log"
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    with serve_sample_site() as site, log.open("wb") as output:
        sources = write_sources(tmp_path, site.feed_url, site.sitemap_url)
        serve = subprocess.Popen(
            [sys.executable, "-m", "newsline.cli", "serve", "--sources", str(sources), "--db", str(db),
             "--export-dir", str(exports), "--interval", "10", "--delay", "0"],
            cwd=tmp_path, env=env, stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            banner = wait_for(lambda: re.search(r"serving the pipeline on (http://127\.0\.0\.1:\d+)", log.read_text()),
                              240, "the server to come up", log)
            api_url = banner.group(1) + "/api"
            runs = wait_for(lambda: len(completed_runs(api_url)) >= 2 and completed_runs(api_url),
                            300, "two completed flow runs", log)
            deployment = httpx.get(f"{api_url}/deployments/name/pipeline/newsline-scheduled", timeout=10).json()
        finally:
            serve.send_signal(signal.SIGTERM)
            returncode = serve.wait(90)

    assert returncode == 0, log.read_text()[-3000:]
    assert "newsline: stopped" in log.read_text()
    # It started a server of its own, with its database beside the warehouse, and stopped it.
    assert (tmp_path / "prefect" / "server.db").is_file()
    try:
        httpx.get(f"{api_url}/health", timeout=2)
        raise AssertionError("the Prefect server is still up")
    except httpx.ConnectError:
        pass

    assert deployment["global_concurrency_limit"]["limit"] == 1
    assert deployment["concurrency_options"]["collision_strategy"] == "CANCEL_NEW"
    assert deployment["schedules"][0]["schedule"]["interval"] == 10.0
    spans = sorted((datetime.fromisoformat(r["start_time"]), datetime.fromisoformat(r["end_time"])) for r in runs)
    assert all(end <= next_start for (_, end), (next_start, _) in zip(spans, spans[1:])), "runs overlapped"

    con = duckdb.connect(str(db), read_only=True)
    try:
        finished = con.execute("SELECT count(*) FROM pipeline_runs").fetchone()[0]
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        con.close()
    assert finished >= 2 and articles == 5
    assert {p.name for p in exports.iterdir()} >= {"timeline.html", "manifest.json", "timeline.parquet"}
