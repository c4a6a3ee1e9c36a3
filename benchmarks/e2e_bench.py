"""A whole `newsline run` on a generated local site, with Prefect's thread pool or with Dask.

    .venv/bin/python benchmarks/e2e_bench.py [--articles 10000] [--runner default,dask]
        [--workers 2] [--port 8817]

The site (N short generated articles, a sitemap) is served by its own process on 127.0.0.1, so
that serving pages costs the pipeline's process nothing; politeness delay 0 (127.0.0.1 only).
For each runner in turn (`default` = Prefect's thread pool, `dask` = a local Dask cluster of
`--workers` processes), one run into a fresh warehouse; prints the run's articles/s, the wall
seconds of its stages (fetch, clean + extract, resolve + load + exports), CPU seconds of the
pipeline's processes (the flow and its Dask workers) and of the Prefect server, and peak resident
memory; with both runners, the Dask / default ratio of clean + extract speed (issue 14's goal:
≥ 1.6× on 2 cores). Timings on a machine shared with other jobs are inflated: compare CPU.
Not part of the test suite (tests/test_e2e_bench.py runs it on a few articles).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "300")

import psutil  # noqa: E402

SITE_PORT = 8817
RUNNERS = {"default": "threads", "dask": "dask"}
# Listing the child processes reads all of /proc: the sampler runs in the flow's process, which
# shares the cores with the Dask workers, so it samples once a second, not four times.
SAMPLE_SECONDS = 1.0


def site_articles(n: int) -> tuple:
    """`n` short reports (four paragraphs, three of them dated events among the pack's names)."""
    from newsline.sample_site.articles import Article, Block, BlockKind
    from scale_bench import PEOPLE, PLACES, synthetic_article

    rng = random.Random(5)
    articles = []
    for index in range(n):
        published = datetime(2025, 1, 1, 9, tzinfo=UTC) + timedelta(hours=index)
        _, _, mentions = synthetic_article(index, rng)
        paragraphs = [m.sentence_text for m in mentions[:3]] + [
            f"{rng.choice(PEOPLE)} said on Tuesday that further talks would follow in {rng.choice(PLACES)}. "
            "Diplomats described the atmosphere as businesslike and the gaps as wide."]
        articles.append(Article(
            article_id=f"g{index:05d}", publisher="eastwire", path=f"/eastwire/gen/{index:05d}/",
            headline=f"Generated report number {index}", dek=None, author="Bench Writer", author_bio=None,
            section="World", published=published, modified=None,
            blocks=tuple(Block(BlockKind.PARAGRAPH, p) for p in paragraphs)))
    return tuple(articles)


def _serve(n: int, port: int, ready: multiprocessing.Queue, stop: multiprocessing.Event) -> None:
    sys.path.insert(0, str(REPO / "benchmarks"))
    from newsline.sample_site import serve_sample_site

    with serve_sample_site(port=port, articles=site_articles(n)) as site:
        ready.put(site.sitemap_url)
        stop.wait()


@dataclass
class Usage:
    """CPU seconds and peak resident memory of this process and its children, sampled; the
    processes in `servers` (by kind) are counted apart from the pipeline's."""

    servers: dict[int, str] = field(default_factory=dict)
    cpu: dict[int, float] = field(default_factory=dict)
    before: dict[int, float] = field(default_factory=dict)  # CPU of the processes already running
    kinds: dict[int, str] = field(default_factory=dict)
    peak_pipeline: int = 0
    peak_all: int = 0

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _kind(self, process: psutil.Process) -> str:
        if process.pid in self.servers:
            return self.servers[process.pid]
        return "Prefect server" if "uvicorn" in " ".join(process.cmdline()) else "pipeline"

    def _sample(self) -> None:
        me = psutil.Process()
        for process in me.children(recursive=True):
            try:
                times = process.cpu_times()
            except psutil.Error:
                continue
            self.before[process.pid] = times.user + times.system
        while not self._stop.is_set():
            rss = {"pipeline": 0, "all": 0}
            for process in [me, *me.children(recursive=True)]:
                try:
                    times, memory = process.cpu_times(), process.memory_info().rss
                    if process.pid not in self.kinds:
                        self.kinds[process.pid] = self._kind(process)
                    kind = self.kinds[process.pid]
                except psutil.Error:
                    continue
                if process.pid != me.pid:
                    self.cpu[process.pid] = times.user + times.system
                rss["all"] += memory
                rss["pipeline"] += memory if kind == "pipeline" else 0
            self.peak_pipeline = max(self.peak_pipeline, rss["pipeline"])
            self.peak_all = max(self.peak_all, rss["all"])
            self._stop.wait(SAMPLE_SECONDS)

    def cpu_of(self, kind: str) -> float:
        return sum(seconds - self.before.get(pid, 0.0) for pid, seconds in self.cpu.items()
                   if self.kinds.get(pid) == kind)

    def __enter__(self) -> Usage:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


@contextmanager
def stage_cpu(seconds: dict[str, float]) -> Iterator[None]:
    """CPU seconds used during clean + extract (the flow's `process_pages`) by the flow's process,
    the Dask workers (asked through the flow's Dask client) and the Prefect server, into
    `seconds`: what the stage took from the shared cores, whatever else the machine runs."""
    import flows.pipeline as module

    original = module.process_pages

    def measured(*args: object, **kwargs: object) -> object:
        before = (time.process_time(), _workers_cpu(), _server_cpu())
        try:
            return original(*args, **kwargs)
        finally:
            after = (time.process_time(), _workers_cpu(), _server_cpu())
            seconds.update(zip(("flow", "workers", "server"), (b - a for a, b in zip(before, after, strict=True))))

    module.process_pages = measured
    try:
        yield
    finally:
        module.process_pages = original


def _workers_cpu() -> float:
    from prefect.context import FlowRunContext

    client = getattr(FlowRunContext.get().task_runner, "client", None)
    return sum(client.run(time.process_time).values()) if client is not None else 0.0


def _server_cpu() -> float:
    total = 0.0
    for process in psutil.Process().children(recursive=True):
        try:
            if "uvicorn" in " ".join(process.cmdline()):
                times = process.cpu_times()
                total += times.user + times.system
        except psutil.Error:
            continue
    return total


def run_once(sitemap_url: str, runner: str, workers: int, folder: Path, site_pid: int | None = None) -> dict:
    """One run of the pipeline flow on the site into a fresh warehouse under `folder`; prints
    and returns its figures. Needs a Prefect API (a server, or `prefect_test_harness`)."""
    from flows.pipeline import run_pipeline

    sources = folder / f"SOURCES-{runner}.toml"
    sources.write_text(f'[fetch]\nallow_hosts = ["127.0.0.1"]\n\n[[source]]\nname = "gen"\nsitemap = "{sitemap_url}"\n')
    own_cpu, stage = time.process_time(), {}
    with Usage(servers={site_pid: "site"} if site_pid else {}) as usage, stage_cpu(stage):
        started = time.perf_counter()
        summary = run_pipeline(str(sources), str(folder / f"{runner}.duckdb"), str(folder / f"out-{runner}"),
                               polite_delay_seconds=0.0, task_runner=RUNNERS[runner],
                               dask_workers=workers if runner == "dask" else None)
        wall = time.perf_counter() - started
    flow_cpu = time.process_time() - own_cpu
    pipeline_cpu = flow_cpu + usage.cpu_of("pipeline")
    n = summary.articles
    figures = {"runner": runner, "articles": n, "wall_s": wall, "articles_per_s": n / wall,
               "clean_extract_s": summary.clean_extract_seconds,
               "clean_extract_per_s": n / max(summary.clean_extract_seconds, 1e-9),
               "pipeline_cpu_s": pipeline_cpu, "stage_cpu_s": stage, "peak_rss_mib": usage.peak_pipeline / 2**20}
    other = wall - summary.fetch_seconds - summary.clean_extract_seconds - summary.resolve_load_seconds
    label = f"{runner} ({workers} worker processes)" if runner == "dask" else f"{runner} (threads)"
    print(f"  {label}: {n:,} articles ({summary.errors} errors) in {wall:.1f} s = {n / wall:.1f} articles/s", flush=True)
    print(f"    stages: fetch {summary.fetch_seconds:.1f} s, clean+extract {summary.clean_extract_seconds:.1f} s "
          f"(= {figures['clean_extract_per_s']:.1f} articles/s), resolve+load+exports "
          f"{summary.resolve_load_seconds:.1f} s, other {other:.1f} s (start, publish)")
    print(f"    CPU during clean+extract: the flow's process {stage.get('flow', 0):.1f} s, Dask workers "
          f"{stage.get('workers', 0):.1f} s, Prefect server {stage.get('server', 0):.1f} s")
    print(f"    CPU: pipeline {pipeline_cpu:.1f} s (= {pipeline_cpu / max(n, 1) * 1000:.0f} ms/article; "
          f"the flow's process {flow_cpu:.1f} s, its child processes {pipeline_cpu - flow_cpu:.1f} s), "
          f"Prefect server {usage.cpu_of('Prefect server'):.1f} s, site {usage.cpu_of('site'):.1f} s; "
          f"peak RSS: pipeline {usage.peak_pipeline / 2**20:.0f} MiB, with the servers {usage.peak_all / 2**20:.0f} MiB; "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    return figures


def cpu_bound(results: dict[str, dict], cores: int) -> float:
    """The clean + extract ratio the CPU seconds allow on `cores` otherwise idle cores: the thread
    pool's stage takes at least its process's CPU (one interpreter); Dask's at least its
    processes' CPU spread over the cores, and at least one worker's share. An upper bound (no
    waiting counted), for judging a run on a loaded machine."""
    threads, dask = results["default"]["stage_cpu_s"], results["dask"]["stage_cpu_s"]
    workers = max(dask.get("workers", 0.0), 1e-9)
    spread = (dask.get("flow", 0.0) + workers + dask.get("server", 0.0)) / cores
    return threads.get("flow", 0.0) / max(spread, workers / cores)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runner", default="default,dask", help="default, dask, or both: default,dask")
    parser.add_argument("--workers", type=int, default=2, help="Dask worker processes")
    parser.add_argument("--port", type=int, default=SITE_PORT)
    args = parser.parse_args()
    runners = args.runner.split(",")
    if unknown := [r for r in runners if r not in RUNNERS]:
        parser.error(f"unknown runner {', '.join(unknown)}: choose from {', '.join(RUNNERS)}")
    from prefect.testing.utilities import prefect_test_harness

    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; "
          f"{args.articles:,} generated articles on 127.0.0.1:{args.port} (site in its own process), delay 0")
    context = multiprocessing.get_context("spawn")
    ready, stop = context.Queue(), context.Event()
    site = context.Process(target=_serve, args=(args.articles, args.port, ready, stop), daemon=True)
    site.start()
    results = {}
    try:
        sitemap_url = ready.get(timeout=600)
        with prefect_test_harness(server_startup_timeout=300), tempfile.TemporaryDirectory(prefix="e2e-") as tmp:
            for runner in runners:
                results[runner] = run_once(sitemap_url, runner, args.workers, Path(tmp), site.pid)
    finally:
        stop.set()
        site.join(timeout=10)
    if {"default", "dask"} <= results.keys():
        ratio = results["dask"]["clean_extract_per_s"] / results["default"]["clean_extract_per_s"]
        whole = results["dask"]["articles_per_s"] / results["default"]["articles_per_s"]
        print(f"  Dask ({args.workers} workers) / default: clean+extract {ratio:.2f}× (goal ≥ 1.6×), whole run {whole:.2f}×; "
              f"bound from CPU on {args.workers} free cores: {cpu_bound(results, args.workers):.2f}×")
    print(f"  this process's peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
