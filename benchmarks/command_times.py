"""Wall time of the fast commands, as a user sees them (whole processes, cold Python each time).

    .venv/bin/python benchmarks/command_times.py [--repeat 3]

Starts a Prefect server of its own (as `newsline serve` does), runs `newsline run` on the
sample corpus once against it (warming the warehouse), then times a no-op `newsline run`
against that running server and `newsline timeline`, and prints the median and spread of each.
Goals (issue 16): no-op run <= 3 s, timeline <= 1 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from deploy.server import OwnedServer


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample-port", type=int, default=18761)
    args = parser.parse_args()
    newsline = [sys.executable, "-m", "newsline.cli"]
    with tempfile.TemporaryDirectory(prefix="newsline-times-") as folder:
        base = Path(folder)
        where = ["--db", str(base / "w.duckdb")]
        run = [*newsline, "run", *where, "--export-dir", str(base / "out"), "--sample-port", str(args.sample_port)]
        server = OwnedServer(base / "prefect")
        env = {**os.environ, "PREFECT_API_URL": server.api_url}
        with server.running():
            server.wait_until_healthy()
            print(f"first run (fetches, extracts): {timed(run, env):.2f} s")
            results = {
                "no-op newsline run (running server)": [timed(run, env) for _ in range(args.repeat)],
                "newsline timeline": [timed([*newsline, "timeline", *where], env) for _ in range(args.repeat)],
            }
    for name, times in results.items():
        print(f"{name}: median {statistics.median(times):.2f} s (min {min(times):.2f}, max {max(times):.2f}, n={len(times)})")


if __name__ == "__main__":
    main()
