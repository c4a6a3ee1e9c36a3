"""The `newsline` command."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from newsline.sources import SourcesError, load_sources

app = typer.Typer(add_completion=False, no_args_is_help=True, help="A timeline of dated events drawn from the news.")
console = Console()

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
            f'[[source]]\nname = "sample-feed"\nfeed = "{site.feed_url}"\n\n'
            f'[[source]]\nname = "sample-sitemap"\nsitemap = "{site.sitemap_url}"\n',
            encoding="utf-8",
        )
        yield path


def print_timeline(db: Path, limit: int | None = None) -> None:
    from warehouse.db import reading
    from warehouse.export import TIMELINE_QUERY

    with reading(db) as con:
        rows = con.execute(TIMELINE_QUERY).fetchall()
    table = Table(title=f"timeline — {len(rows)} events", show_lines=False)
    for column in ("date", "precision", "type", "event", "articles", "mentions"):
        table.add_column(column, overflow="fold")
    for row in rows[:limit] if limit else rows:
        table.add_row(str(row[1]), row[2], row[3], row[4], str(row[7]), str(row[8]))
    console.print(table)


@app.command()
def run(
    sources: Path | None = typer.Option(None, "--sources", help="SOURCES.toml; without it, the bundled sample corpus."),
    db: Path = typer.Option(Path("data/newsline.duckdb"), "--db", help="The DuckDB warehouse file."),
    export_dir: Path = typer.Option(Path("data/exports"), "--export-dir", help="Where timeline exports go."),
    reprocess: bool = typer.Option(False, "--reprocess", help="Re-clean all stored pages from their raw HTML."),
    sample_port: int = typer.Option(SAMPLE_PORT, "--sample-port", help="Port of the local sample site."),
    delay: float = typer.Option(1.0, "--delay", help="Seconds between two requests to one host (robots.txt may ask for more)."),
    contact: str | None = typer.Option(None, "--contact", help="URL or e-mail for the User-Agent, so sites can reach you."),
) -> None:
    """Run one full pipeline pass as a Prefect flow run and print the timeline."""
    try:
        _check_db_path(db)
        _check_writable_dir(export_dir, "export directory")
        if sources is not None:
            load_sources(sources)  # fail in a second, before the flow engine starts
    except (UsageProblem, SourcesError) as error:
        raise _fail(str(error)) from None

    # Without a configured server, Prefect starts a temporary one for this process; its first
    # start migrates a database, which takes longer than Prefect's default wait on small machines.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    # …and that local server has no business calling home.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from flows.pipeline import pipeline

    try:
        if sources is None:
            with _sample_sources(sample_port) as sample:
                # The sample site is ours and local: no need to wait between requests.
                summary = pipeline(str(sample), str(db), str(export_dir), reprocess, 0.0, contact)
        else:
            summary = pipeline(str(sources), str(db), str(export_dir), reprocess, delay, contact)
    except UsageProblem as error:
        raise _fail(str(error)) from None
    print_timeline(db)
    console.print(
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
def timex() -> None:
    """Tag time expressions: JSON lines {"text", "dct"} on stdin → a JSON array per line on stdout."""
    from transforms.timex_command import run_timex

    raise typer.Exit(run_timex(sys.stdin, sys.stdout))


if __name__ == "__main__":
    app()
