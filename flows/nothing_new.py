"""A run with nothing new, recognised and recorded before the flow engine starts.

Importing Prefect and running the flow's tasks costs seconds even when the sources list
nothing new. Against a Prefect server (`PREFECT_API_URL`), `newsline run` therefore first
reads the sources itself, exactly as the flow's discovery would (conditional GETs). When that
leaves nothing to do — no page to fetch, retry or recrawl, none waiting to be cleaned, no
article waiting for resolution, no migration, the published file and the exports current, no
source failing — it records the run as the flow would have (the feed checks, the fetch log,
a row in `pipeline_runs`; nothing is published, as the flow publishes nothing then) and
reports it to the server as a completed run of the `pipeline` flow, tagged `nothing-new`, so
every run stays visible in Prefect. Otherwise it records nothing and the flow runs as usual
(and reads the sources once more).

No Prefect import here: the server is told through its REST API.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

from deploy.server import api_client, post
from flows.stages import Discovered, RunSummary, discover_all, fetch_plan, record_discovery, unique_links
from newsline.sources import load_sources_file
from transforms.fetch import FetchPolicy, user_agent
from warehouse import export, store
from warehouse import resolution as resolution_store
from warehouse.db import migrations_pending, reading, state_path, transaction

FLOW_NAME = "pipeline"  # the name of the flow in `flows.pipeline`
TAG = "nothing-new"


class ReportFailed(RuntimeError):
    """The Prefect server did not take the run's record (one line)."""


@dataclass(frozen=True)
class Quiet:
    """What the check found: the discovery to record and the timeline's row count."""

    discovered: Discovered
    timeline_rows: int


def _waiting_work(state: Path, export_dir: Path, discovered: Discovered) -> int | None:
    """The timeline's row count when nothing waits for the flow, else None."""
    with reading(state) as con:
        if migrations_pending(con) or store.legacy_bodies(con, 1):
            return None
        if fetch_plan(con, unique_links(discovered), datetime.now(UTC)):
            return None
        if store.pages_to_clean(con, limit=1) or resolution_store.queued_articles(con):
            return None
        return export.current_rows(con, export_dir)


def check(sources_file: Path, published: Path, export_dir: Path, delay: float,
          contact: str | None) -> Quiet | None:
    """Read the sources; a `Quiet` when the run would do nothing but record that it looked."""
    state = state_path(published)
    if not (published.is_file() and state.is_file()):
        return None
    config = load_sources_file(sources_file)
    policy = FetchPolicy(user_agent=user_agent(contact), min_host_delay=delay, allow_hosts=config.allow_hosts)
    with reading(state) as con:
        validators = store.source_validators(con)
    discovered = discover_all(config.sources, validators, policy)
    if any(result.problems for _, result in discovered):
        return None  # the flow logs them, in Prefect
    rows = _waiting_work(state, export_dir, discovered)
    return None if rows is None else Quiet(discovered, rows)


def report_to_prefect(api_url: str, parameters: dict[str, object], message: str) -> str:
    """A completed run of the `pipeline` flow on the server; returns its id."""
    try:
        with api_client(api_url) as client:
            flow = post(client, "flows/", {"name": FLOW_NAME}).json()
            run = post(client, "flow_runs/", {
                "flow_id": flow["id"], "name": f"{TAG}-{uuid.uuid4().hex[:8]}", "parameters": parameters,
                "tags": [TAG], "state": {"type": "RUNNING", "message": "read the sources"},
            }).json()
            post(client, f"flow_runs/{run['id']}/set_state", {"state": {"type": "COMPLETED", "message": message}})
    except httpx.HTTPError as error:
        raise ReportFailed(f"{type(error).__name__}: {error}") from error
    return run["id"]


def record(quiet: Quiet, api_url: str, parameters: dict[str, object], published: Path,
           started_at: datetime, started: float) -> RunSummary:
    """Record the quiet run in the state and on the Prefect server, as the flow would have."""
    links = unique_links(quiet.discovered)
    summary = RunSummary(run_id=str(uuid.uuid4()), discovered=len(links), fetched=0, failed=0, articles=0,
                         rejected=0, errors=0, mentions=0, timeline_inserted=0, timeline_updated=0,
                         timeline_deleted=0, timeline_rows=quiet.timeline_rows, exports=())
    with transaction(state_path(published)) as con:
        record_discovery(con, quiet.discovered)
        store.record_run(con, summary.run_id, started_at, datetime.now(UTC), summary.counts())
    report_to_prefect(api_url, parameters, f"nothing new: {len(links)} links listed, all known; "
                      f"checked in {time.perf_counter() - started:.2f} s without the flow engine")
    return summary
