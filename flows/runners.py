"""Which engine runs the per-article tasks: Prefect's thread pool, or Dask.

Threads share one interpreter, so CPU-bound cleaning (trafilatura, lxml) and extraction (spaCy)
gain little from them (the GIL); Dask runs them in worker processes — a local cluster started
for the run, or an existing cluster anywhere on the network (`address="tcp://host:8786"`).
"""

from __future__ import annotations

import os
from typing import Literal

from prefect.task_runners import TaskRunner, ThreadPoolTaskRunner

TaskRunnerKind = Literal["threads", "dask"]
TASK_RUNNERS: tuple[TaskRunnerKind, ...] = ("threads", "dask")


def make_task_runner(kind: TaskRunnerKind = "threads", *, dask_address: str | None = None,
                     dask_workers: int | None = None) -> TaskRunner:
    if kind == "threads":
        if dask_address:
            raise ValueError("--dask-address needs --task-runner dask")
        return ThreadPoolTaskRunner()
    if kind != "dask":
        raise ValueError(f"unknown task runner {kind!r}: choose one of {', '.join(TASK_RUNNERS)}")
    from prefect_dask import DaskTaskRunner

    if dask_address:
        return DaskTaskRunner(address=dask_address)
    return DaskTaskRunner(
        cluster_class="distributed.LocalCluster",
        cluster_kwargs={
            "n_workers": dask_workers or os.cpu_count() or 1,
            "threads_per_worker": 1,  # one process per core: the work is CPU-bound
            "processes": True,
            "host": "127.0.0.1",
            "dashboard_address": None,  # no web dashboard on a fixed port
        },
    )
