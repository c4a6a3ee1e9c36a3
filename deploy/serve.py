"""The scheduled deployment of `pipeline`.

    .venv/bin/python deploy/serve.py --sources SOURCES.toml --cron "*/30 * * * *"

serves the deployment from this process (no worker or work pool needed): Prefect starts a flow
run on every tick of the schedule. Runs never overlap (`global_limit=1`): two runs writing one
warehouse would only wait for each other's locks.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from prefect.deployments.runner import RunnerDeployment

from flows.pipeline import pipeline

DEPLOYMENT_NAME = "newsline-scheduled"
DEFAULT_CRON = "0 * * * *"  # hourly: news sites publish continuously, feeds keep ~a day of items


def build_deployment(
    sources: Path, db: Path, export_dir: Path, cron: str = DEFAULT_CRON, contact: str | None = None
) -> RunnerDeployment:
    return pipeline.to_deployment(
        name=DEPLOYMENT_NAME,
        cron=cron,
        concurrency_limit=1,
        parameters={
            "sources_file": str(sources.resolve()),
            "db_path": str(db.resolve()),
            "export_dir": str(export_dir.resolve()),
            "contact": contact,
        },
        tags=["newsline"],
        description="Fetch what is new in the sources and bring the timeline up to date.",
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sources", type=Path, required=True)
    parser.add_argument("--db", type=Path, default=Path("data/newsline.duckdb"))
    parser.add_argument("--export-dir", type=Path, default=Path("data/exports"))
    parser.add_argument("--cron", default=DEFAULT_CRON)
    parser.add_argument("--contact", help="URL or e-mail for the User-Agent, so sites can reach you")
    args = parser.parse_args()
    from prefect import serve

    serve(build_deployment(args.sources, args.db, args.export_dir, args.cron, args.contact))


if __name__ == "__main__":
    main()
