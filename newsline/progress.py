"""Per-stage progress of a `newsline run`: a rich progress bar in a terminal, plain lines elsewhere.

The stages are the flow's tasks. Prefect's task engine logs "Finished in state …" on the
`prefect.task_runs` logger with the task's name attached to the record; a logging handler
turns those records into progress, so the flow itself knows nothing of how it is displayed.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import ModuleType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

_FINISHED = "Finished in state "


def task_names(flow_module: ModuleType) -> list[str]:
    """The names of the Prefect tasks a flow module defines, in the order it defines them."""
    from prefect import Task

    return [value.name for value in vars(flow_module).values() if isinstance(value, Task)]


class _TaskRunWatcher(logging.Handler):
    """Calls `on_finished(task name, state name)` for every task run that finishes."""

    def __init__(self, on_finished: Callable[[str, str], None]) -> None:
        super().__init__(logging.INFO)
        self.on_finished = on_finished

    def emit(self, record: logging.LogRecord) -> None:
        name, message = getattr(record, "task_name", None), record.getMessage()
        if name and message.startswith(_FINISHED):
            self.on_finished(name, message.removeprefix(_FINISHED).split("(")[0])


@contextmanager
def _watching(on_finished: Callable[[str, str], None]) -> Iterator[None]:
    logger = logging.getLogger("prefect.task_runs")
    watcher = _TaskRunWatcher(on_finished)
    logger.addHandler(watcher)
    try:
        yield
    finally:
        logger.removeHandler(watcher)


@contextmanager
def _quiet_console() -> Iterator[None]:
    """While the bar is shown, Prefect's console handlers print warnings and errors only."""
    handlers = [h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler)]
    levels = [h.level for h in handlers]
    for handler in handlers:
        handler.setLevel(max(handler.level, logging.WARNING))
    try:
        yield
    finally:
        for handler, level in zip(handlers, levels):
            handler.setLevel(level)


@contextmanager
def stage_progress(stages: Sequence[str], terminal: bool | None = None) -> Iterator[None]:
    """Show the stages (task names, in order) finishing while the block runs a flow."""
    terminal = sys.stderr.isatty() if terminal is None else terminal
    done: list[str] = []
    started = time.monotonic()

    def upcoming() -> str:
        remaining = [s for s in stages if s not in done]
        return remaining[0] if remaining else "finishing"

    if not terminal:
        def log_line(name: str, state: str) -> None:
            if name not in done:
                done.append(name)
            # Not print(): the flow captures prints into its run log (log_prints).
            sys.stderr.write(f"newsline: stage {len(done)}/{len(stages)} {name}: {state.lower()} "
                             f"({time.monotonic() - started:.1f} s)\n")
            sys.stderr.flush()

        with _watching(log_line):
            yield
        return

    console = Console(stderr=True)
    columns = (SpinnerColumn(), TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=console, transient=False) as progress:
        bar = progress.add_task(upcoming(), total=len(stages))

        def advance(name: str, state: str) -> None:
            if name not in done:
                done.append(name)
            if state != "Completed":
                console.print(f"stage {name}: {state}")
            progress.update(bar, completed=min(len(done), len(stages)), description=upcoming())

        with _quiet_console(), _watching(advance):
            yield
        progress.update(bar, completed=len(stages), description="done")
