"""The `newsline` command.

Every command imports what it needs inside its own body: the module itself loads only typer
(and the standard library), so `timeline`, `sql`, `explain` and `timex` never import Prefect,
httpx or the cleaning and extraction stack, and `timeline` answers in well under a second.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

import typer

# Before anything imports Prefect: no local Prefect server of ours calls home.
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

app = typer.Typer(add_completion=False, no_args_is_help=True, help="A timeline of dated events drawn from the news.")


def _console():
    from rich.console import Console

    return Console()

# The sample site listens on a fixed port so that its article URLs, and with them the
# warehouse's identities, are the same from one run to the next.
SAMPLE_PORT = 8754


class UsageProblem(Exception):
    """A problem with the command line the user can fix; printed as one line."""


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"newsline: {message}", err=True)
    return typer.Exit(code)


def _check_writable_dir(path: Path, what: str) -> None:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageProblem(f"cannot create {what} {path}: {error.strerror}") from error
    if not path.is_dir():
        raise UsageProblem(f"{what} {path} is not a directory")
    if not os.access(path, os.W_OK | os.X_OK):
        raise UsageProblem(f"{what} {path} is not writable")


def _check_db_path(db: Path) -> None:
    if db.exists() and (db.is_dir() or not os.access(db, os.R_OK | os.W_OK)):
        raise UsageProblem(f"warehouse {db} is not a writable file")
    _check_writable_dir(db.parent if str(db.parent) else Path("."), "warehouse directory")


@contextmanager
def _sample_sources(port: int) -> Iterator[Path]:
    """Serve the bundled sample site on 127.0.0.1 and yield a SOURCES.toml that reads it."""
    from newsline.sample_site.server import serve_sample_site

    with ExitStack() as stack:
        try:
            site = stack.enter_context(serve_sample_site(port=port))
        except OSError as error:
            raise UsageProblem(f"cannot serve the sample site on 127.0.0.1:{port}: {error.strerror} "
                               "(choose another port with --sample-port)") from error
        path = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="newsline-"))) / "SOURCES.toml"
        path.write_text(
            # The sample site is ours, on loopback: the one private address this run may reach.
            '[fetch]\nallow_hosts = ["127.0.0.1"]\n\n'
            f'[[source]]\nname = "sample-feed"\nfeed = "{site.feed_url}"\n\n'
            f'[[source]]\nname = "sample-sitemap"\nsitemap = "{site.sitemap_url}"\n',
            encoding="utf-8",
        )
        yield path


def print_timeline(db: Path, limit: int | None = None) -> None:
    from rich.table import Table

    from warehouse.db import reading
    from warehouse.store import published_timeline

    with reading(db) as con:
        rows = published_timeline(con)
    shown = {"event_date": "date", "date_precision": "precision", "event_type": "type",
             "title": "event", "n_articles": "articles", "n_mentions": "mentions"}
    table = Table(title=f"timeline — {len(rows)} events", show_lines=False)
    for heading in shown.values():
        table.add_column(heading, overflow="fold")
    for row in rows[:limit] if limit else rows:
        table.add_row(*(str(row[column]) for column in shown))
    _console().print(table)


def _check_configured_server() -> None:
    from deploy.server import is_healthy

    api_url = os.environ.get("PREFECT_API_URL")
    if api_url and not is_healthy(api_url):
        raise UsageProblem(f"no Prefect server answers at {api_url} (PREFECT_API_URL)")


def _nothing_new(parameters: dict[str, Any]):
    """The run's summary when the sources list nothing new and a Prefect server is configured
    (the run is recorded there without starting the flow engine: `flows.nothing_new`); else None."""
    api_url = os.environ.get("PREFECT_API_URL")
    if not api_url:
        return None
    from flows import nothing_new

    started_at, started = datetime.now(UTC), time.perf_counter()
    db = Path(parameters["db_path"])
    quiet = nothing_new.check(Path(parameters["sources_file"]), db, Path(parameters["export_dir"]),
                              parameters["polite_delay_seconds"], parameters["contact"])
    if quiet is None:
        return None
    try:
        summary = nothing_new.record(quiet, api_url, parameters, db, started_at, started)
    except nothing_new.ReportFailed as error:
        raise UsageProblem(f"nothing new, but the run could not be recorded on {api_url}: {error}") from None
    typer.echo(f"newsline: nothing new; recorded as a completed `pipeline` run tagged {nothing_new.TAG!r} "
               "without starting the flow engine", err=True)
    return summary


def _run_flow(stack: ExitStack, parameters: dict[str, Any], engine: dict[str, Any]):
    from flows import pipeline as flow_module
    from newsline.progress import stage_progress, task_names

    stack.enter_context(stage_progress(task_names(flow_module)))
    return flow_module.run_pipeline(*parameters.values(), **engine)


@app.command()
def run(
    sources: Path | None = typer.Option(None, "--sources", help="SOURCES.toml; without it, the bundled sample corpus."),
    db: Path = typer.Option(Path("data/newsline.duckdb"), "--db", help="The DuckDB warehouse file."),
    export_dir: Path = typer.Option(Path("data/exports"), "--export-dir", help="Where timeline exports go."),
    reprocess: bool = typer.Option(False, "--reprocess", help="Re-clean all stored pages from their raw HTML."),
    sample_port: int = typer.Option(SAMPLE_PORT, "--sample-port", help="Port of the local sample site."),
    delay: float = typer.Option(1.0, "--delay", help="Seconds between two requests to one host (robots.txt may ask for more)."),
    contact: str | None = typer.Option(None, "--contact", help="URL or e-mail for the User-Agent, so sites can reach you."),
    task_runner: str = typer.Option("threads", "--task-runner", help="Where cleaning and extraction run: threads, or dask (worker processes)."),
    dask_address: str | None = typer.Option(None, "--dask-address", help="An existing Dask scheduler, e.g. tcp://10.0.0.5:8786 (with --task-runner dask)."),
    dask_workers: int | None = typer.Option(None, "--dask-workers", help="Worker processes of the local Dask cluster (default: one per core)."),
) -> None:
    """Run one full pipeline pass as a Prefect flow run and print the timeline."""
    # Set before Prefect is first imported (it reads its settings then). Without a configured
    # server, Prefect starts a temporary one for this process; its first start migrates a
    # database, which takes longer than Prefect's default wait on small machines.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    # …and that local server has no business calling home.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from newsline.sources import SourcesError, load_sources

    try:
        _check_db_path(db)
        _check_writable_dir(export_dir, "export directory")
        if sources is not None:
            load_sources(sources)  # fail in a second, before the flow engine starts
        from flows.runners import check_task_runner

        check_task_runner(task_runner, dask_address)
        _check_configured_server()
    except (UsageProblem, SourcesError, ValueError) as error:
        raise _fail(str(error)) from None

    engine = {"task_runner": task_runner, "dask_address": dask_address, "dask_workers": dask_workers}
    try:
        with ExitStack() as stack:
            if sources is None:
                sources = stack.enter_context(_sample_sources(sample_port))
                delay = 0.0  # the sample site is ours and local: no need to wait between requests
            parameters = {"sources_file": str(sources), "db_path": str(db), "export_dir": str(export_dir),
                          "reprocess": reprocess, "polite_delay_seconds": delay, "contact": contact}
            summary = None if reprocess else _nothing_new(parameters)
            summary = summary or _run_flow(stack, parameters, engine)
    except UsageProblem as error:
        raise _fail(str(error)) from None
    print_timeline(db)
    _console().print(
        f"discovered {summary.discovered}, fetched {summary.fetched}, failed {summary.failed}, "
        f"articles {summary.articles}, rejected {summary.rejected}; timeline +{summary.timeline_inserted} "
        f"~{summary.timeline_updated} -{summary.timeline_deleted} → {summary.timeline_rows} rows in {export_dir}"
    )


@app.command()
def timeline(db: Path = typer.Option(Path("data/newsline.duckdb"), "--db")) -> None:
    """Print the published timeline (read-only)."""
    if not db.is_file():
        raise _fail(f"no warehouse at {db}: run `newsline run` first")
    print_timeline(db)


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def _plain(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _cell(value: Any) -> str:
    if value is None:
        return "NULL"
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def print_rows(columns: tuple[str, ...], rows: list[tuple], output: OutputFormat) -> None:
    if output is OutputFormat.json:
        typer.echo(json.dumps([dict(zip(columns, map(_plain, row))) for row in rows], ensure_ascii=False, indent=1))
    elif output is OutputFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v
                          for v in map(_plain, row)] for row in rows)
    else:
        from rich.table import Table

        table = Table(caption=f"{len(rows)} row{'s' if len(rows) != 1 else ''}")
        for column in columns:
            table.add_column(column, overflow="fold")
        for row in rows:
            table.add_row(*(_cell(v) for v in map(_plain, row)))
        _console().print(table)


@app.command()
def sql(
    query: str = typer.Argument(..., help="SQL to run, e.g. \"SELECT event_date, title FROM timeline\"."),
    db: Path = typer.Option(Path("data/newsline.duckdb"), "--db", help="The published warehouse."),
    output: OutputFormat = typer.Option(OutputFormat.table, "--format", help="table, csv or json."),
) -> None:
    """Run read-only SQL on the published warehouse and print the result."""
    import duckdb

    from warehouse.db import WarehouseBusy
    from warehouse.query import run_read_only

    if not db.is_file():
        raise _fail(f"no warehouse at {db}: run `newsline run` first")
    try:
        result = run_read_only(db, query)
    except (duckdb.Error, WarehouseBusy) as error:
        raise _fail("sql: " + (str(error).strip().splitlines() or ["failed"])[0]) from None
    print_rows(result.columns, result.rows, output)


def _scheduled_deployment(sources: Path, db: Path, export_dir: Path, interval: float | None, cron: str | None,
                          contact: str | None, delay: float):
    from deploy.serve import Schedule, build_deployment

    try:
        return build_deployment(sources, db, export_dir, Schedule(interval=interval, cron=cron), contact, delay)
    except ValueError:
        raise UsageProblem(f"--cron {cron!r} is not a cron expression (minute hour day month weekday)") from None


@app.command()
def serve(
    sources: Path = typer.Option(..., "--sources", help="SOURCES.toml."),
    db: Path = typer.Option(Path("data/newsline.duckdb"), "--db", help="The DuckDB warehouse file."),
    export_dir: Path = typer.Option(Path("data/exports"), "--export-dir", help="Where timeline exports go."),
    interval: float | None = typer.Option(None, "--interval", min=1, help="Run every SECONDS."),
    cron: str | None = typer.Option(None, "--cron", help='Run on a cron schedule, e.g. "*/30 * * * *" (UTC).'),
    delay: float = typer.Option(1.0, "--delay", help="Seconds between two requests to one host."),
    contact: str | None = typer.Option(None, "--contact", help="URL or e-mail for the User-Agent."),
    server_home: Path | None = typer.Option(None, "--server-home",
                                            help="Data of the Prefect server started here (default: prefect/ beside --db)."),
) -> None:
    """Run the pipeline on a schedule, never two runs at once, until Ctrl-C or SIGTERM.

    Against the Prefect server in PREFECT_API_URL when it is set; otherwise against a Prefect
    server started here for as long as this command runs, with its database under --server-home.
    """
    from newsline.sources import SourcesError, load_sources

    try:
        if (interval is None) == (cron is None):
            raise UsageProblem("give exactly one of --interval SECONDS and --cron EXPRESSION")
        _check_db_path(db)
        _check_writable_dir(export_dir, "export directory")
        load_sources(sources)
    except (UsageProblem, SourcesError) as error:
        raise _fail(str(error)) from None

    from deploy.server import OwnedServer, ServerProblem

    api_url = os.environ.get("PREFECT_API_URL")
    owned = None if api_url else OwnedServer((server_home or db.parent / "prefect").resolve())
    os.environ["PREFECT_API_URL"] = api_url = api_url or owned.api_url  # before Prefect is imported
    try:
        if not owned:
            _check_configured_server()
        # Our own server starts while this process imports Prefect and the flow.
        with owned.running() if owned else nullcontext():
            deployment = _scheduled_deployment(sources, db, export_dir, interval, cron, contact, delay)
            if owned:
                owned.wait_until_healthy()
            typer.echo(f"newsline: serving the pipeline on {api_url.removesuffix('/api')} "
                       f"({'its own server' if owned else 'PREFECT_API_URL'}); Ctrl-C stops it", err=True)
            from deploy.serve import serve_deployment

            serve_deployment(deployment)
    except (ServerProblem, UsageProblem) as error:
        raise _fail(str(error)) from None
    except KeyboardInterrupt:
        pass
    typer.echo("newsline: stopped", err=True)


@app.command()
def explain(event_id: str, db: Path = typer.Option(Path("data/newsline.duckdb"), "--db")) -> None:
    """Why an event is what it is: its dates, its mentions and why they were merged (read-only)."""
    from newsline.explain import render
    from warehouse.db import reading
    from warehouse.explain import explanation, matching_ids

    if not db.is_file():
        raise _fail(f"no warehouse at {db}: run `newsline run` first")
    with reading(db) as con:
        ids = matching_ids(con, event_id)
        found = explanation(con, ids[0]) if len(ids) == 1 else None
    if found is None:
        raise _fail(f"no event {event_id!r}" if not ids else f"{event_id!r} is ambiguous: {', '.join(ids)}", 1)
    typer.echo(render(found))


@app.command()
def timex(
    event_anchors: bool = typer.Option(True, "--event-anchors/--no-event-anchors", help="Also report phrases dated by an event told before ('during the summit', 'a day after the talks'), type ANCHOR (the default; --no-event-anchors gives TIMEX3 expressions only)."),
) -> None:
    """Tag time expressions: JSON lines {"text", "dct"} on stdin → a JSON array per line on stdout."""
    from transforms.timex_command import run_timex

    raise typer.Exit(run_timex(sys.stdin, sys.stdout, event_anchors=event_anchors))


if __name__ == "__main__":
    app()
