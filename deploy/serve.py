"""The scheduled deployment of `pipeline`, as `newsline serve` runs it.

The definition (name, description, tags, schedule, runs never overlapping) lives in
`deploy/prefect.yaml`, the file `prefect deploy` reads for a team's server and work pool;
`build_deployment` turns it into a deployment that this process serves itself (no worker or
work pool needed), with the sources, warehouse and schedule given on the command line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

DEFINITION = Path(__file__).with_name("prefect.yaml")
DEPLOYMENT_NAME = "newsline-scheduled"


@dataclass(frozen=True)
class Schedule:
    """Every `interval` seconds, or on a cron expression (exactly one of them)."""

    interval: float | None = None
    cron: str | None = None

    def __post_init__(self) -> None:
        if (self.interval is None) == (self.cron is None):
            raise ValueError("give exactly one of interval and cron")


def load_definition(name: str = DEPLOYMENT_NAME, path: Path = DEFINITION) -> dict[str, Any]:
    """The deployment called `name` in prefect.yaml."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    for deployment in document.get("deployments", []):
        if deployment.get("name") == name:
            return deployment
    raise LookupError(f"{path} defines no deployment named {name!r}")


def default_schedule(definition: dict[str, Any] | None = None) -> Schedule:
    (schedule, *_) = (definition or load_definition())["schedules"]
    return Schedule(interval=schedule.get("interval"), cron=schedule.get("cron"))


def build_deployment(
    sources: Path,
    db: Path,
    export_dir: Path,
    schedule: Schedule | None = None,
    contact: str | None = None,
    polite_delay_seconds: float = 1.0,
):
    """The prefect.yaml deployment with these parameters, ready to serve from this process."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig

    from flows.pipeline import pipeline

    definition = load_definition()
    schedule = schedule or default_schedule(definition)
    return pipeline.to_deployment(
        name=definition["name"],
        interval=schedule.interval,
        cron=schedule.cron,
        concurrency_limit=ConcurrencyLimitConfig(**definition["concurrency_limit"]),
        parameters={
            "sources_file": str(sources.resolve()),
            "db_path": str(db.resolve()),
            "export_dir": str(export_dir.resolve()),
            "polite_delay_seconds": polite_delay_seconds,
            "contact": contact,
        },
        tags=definition.get("tags", []),
        description=definition.get("description"),
    )


def serve_deployment(deployment) -> None:
    """Serve until SIGINT or SIGTERM; at most one flow run at a time in this process too."""
    from prefect import serve
    from prefect.logging.handlers import APILogWorker

    try:
        serve(deployment, limit=1)
    finally:
        # Send the runner's last log lines while the server (perhaps ours, stopped next) is up.
        APILogWorker.drain_all(timeout=5)
