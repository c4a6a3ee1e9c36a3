"""Wall time of the fast commands, as a user sees them (whole processes, cold Python each time).

    .venv/bin/python benchmarks/command_times.py [--repeat 3]

Starts a Prefect server of its own (as `newsline serve` does), runs `newsline run` on the
sample corpus once against it (warming the warehouse), then times a no-op `newsline run`
against that running server and `newsline timeline`, and prints the median and spread of each:
wall time, and CPU time of the command's process (user + system, from its rusage), which the
other jobs on a shared machine distort far less. Goals (issue 16): no-op run <= 3 s, timeline
<= 1 s (wall, on an idle machine).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from deploy.server import OwnedServer


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one whole process."""
    started, cpu = time.perf_counter(), _children_cpu()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started, _children_cpu() - cpu


def _spread(values: list[float]) -> str:
    return f"median {statistics.median(values):.2f} s (min {min(values):.2f}, max {max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sample-port", type=int, default=8816)
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
            wall, cpu = timed(run, env)
            print(f"first run (fetches, extracts): {wall:.2f} s wall, {cpu:.2f} s CPU")
            results = {
                "no-op newsline run (running server)": [timed(run, env) for _ in range(args.repeat)],
                "newsline timeline": [timed([*newsline, "timeline", *where], env) for _ in range(args.repeat)],
            }
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for name, times in results.items():
        walls, cpus = [w for w, _ in times], [c for _, c in times]
        print(f"{name}: wall {_spread(walls)}; CPU {_spread(cpus)}; n={len(times)}")


if __name__ == "__main__":
    main()
