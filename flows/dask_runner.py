"""Prefect's Dask task runner, submitting each task run under a key of its own.

`prefect_dask` submits a task run as a "pure" Dask task, so that Dask names it by a hash of
everything it is given: the task, its Prefect context and its parameters (a chunk of pages) are
pickled once only to be hashed, in the flow's process, before being pickled again to be sent.
A task run is never the same call twice (it has its own run id), so the hash buys nothing:
here each gets a random key instead. Imported only when the Dask runner is chosen.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import Any

from prefect_dask import DaskTaskRunner
from prefect_dask.task_runners import PrefectDaskFuture


class KeyedDaskTaskRunner(DaskTaskRunner):
    def submit(self, task: Any, parameters: dict[str, Any], wait_for: Iterable[Any] | None = None,
               dependencies: dict[str, Set[Any]] | None = None) -> PrefectDaskFuture:
        if not self._started:
            raise RuntimeError("The task runner must be started before submitting work.")
        future = self.client.submit(
            task,
            parameters=self._optimize_futures(parameters),
            wait_for=self._optimize_futures(wait_for) if wait_for else None,
            dependencies=dependencies,
            return_type="state",
            pure=False,  # a random key: no hash of the pickled call
        )
        return PrefectDaskFuture(wrapped_future=future, task_run_id=future.task_run_id)

    def start_workers(self) -> None:
        """Start the cluster (or connect to it) now: the runner would only at the first task."""
        _ = self.client

    def worker_threads(self) -> int:
        """How many tasks the cluster runs at once (its workers' threads)."""
        return sum(self.client.nthreads().values()) or 1
