"""Which engine runs the per-article tasks: Prefect's thread pool, or Dask.

Threads share one interpreter, so CPU-bound cleaning (trafilatura, lxml) and extraction (spaCy)
gain little from them (the GIL); Dask runs them in worker processes — a local cluster started
for the run, or an existing cluster anywhere on the network (`address="tcp://host:8786"`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from prefect.task_runners import TaskRunner

TaskRunnerKind = Literal["threads", "dask"]
TASK_RUNNERS: tuple[TaskRunnerKind, ...] = ("threads", "dask")


def check_task_runner(kind: str, dask_address: str | None = None) -> None:
    """Raise ValueError for a choice `make_task_runner` would refuse (without importing Prefect)."""
    if kind not in TASK_RUNNERS:
        raise ValueError(f"unknown task runner {kind!r}: choose one of {', '.join(TASK_RUNNERS)}")
    if kind == "threads" and dask_address:
        raise ValueError("--dask-address needs --task-runner dask")


def make_task_runner(kind: TaskRunnerKind = "threads", *, dask_address: str | None = None,
                     dask_workers: int | None = None) -> TaskRunner:
    check_task_runner(kind, dask_address)
    if kind == "threads":
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner()
    from flows.dask_runner import KeyedDaskTaskRunner

    if dask_address:
        return KeyedDaskTaskRunner(address=dask_address)
    import dask

    # The workers' statistical profiler samples every thread's stack every 10 ms for the web
    # dashboard's profile, which the local cluster does not serve: CPU taken from the work.
    # (The nannies hand this process's Dask settings to the worker processes they start.)
    dask.config.set({"distributed.worker.profile.enabled": False})
    return KeyedDaskTaskRunner(
        cluster_class="distributed.LocalCluster",
        cluster_kwargs={
            "n_workers": dask_workers or os.cpu_count() or 1,
            "threads_per_worker": 1,  # one process per core: the work is CPU-bound
            "processes": True,
            "host": "127.0.0.1",
            "dashboard_address": None,  # no web dashboard on a fixed port
            "preload": ["flows.worker_setup"],  # models load while the flow fetches
        },
    )


def parallel_tasks(runner: TaskRunner) -> int:
    """How many of the mapped tasks the flow's task runner runs at once, for sizing chunks: a
    Dask cluster's worker threads; 1 for Prefect's thread pool, whose threads share one
    interpreter (the GIL) for this CPU-bound work."""
    worker_threads = getattr(runner, "worker_threads", None)
    return worker_threads() if worker_threads else 1


def start_workers(runner: TaskRunner) -> None:
    """Start a Dask runner's workers at once: Prefect's Dask runner starts its local cluster at
    the first task submitted, so that the workers' start and their models' load (seconds of CPU
    each, `flows.worker_setup`) would fall inside cleaning instead of overlapping the fetch."""
    start = getattr(runner, "start_workers", None)
    if start:
        start()


@contextmanager
def api_for_workers(kind: TaskRunnerKind) -> Iterator[None]:
    """Dask workers report their task runs to the flow's Prefect API. Without a configured
    server (PREFECT_API_URL), Prefect starts a temporary one inside each process that needs it;
    start it here instead and name it in the settings the workers receive, so that they all use
    this one rather than each starting its own."""
    from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

    if kind != "dask" or get_current_settings().api.url:
        yield
        return
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    server.start(timeout=int(os.environ.get("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")))
    try:
        with temporary_settings({PREFECT_API_URL: server.api_url}):
            yield
    finally:
        server.stop()
