from __future__ import annotations

import importlib.util
from pathlib import Path

DEPLOY = Path(__file__).parents[1] / "deploy" / "serve.py"


def load_deploy_module():
    spec = importlib.util.spec_from_file_location("deploy_serve", DEPLOY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_deployment_is_a_scheduled_non_overlapping_pipeline(tmp_path: Path) -> None:
    deploy = load_deploy_module()
    deployment = deploy.build_deployment(tmp_path / "SOURCES.toml", tmp_path / "w.duckdb", tmp_path / "out",
                                         cron="*/30 * * * *", contact="mailto:desk@example.org")
    assert deployment.name == "newsline-scheduled"
    assert deployment.flow_name == "pipeline"
    (schedule,) = deployment.schedules
    assert schedule.schedule.cron == "*/30 * * * *"
    assert deployment.concurrency_limit == 1
    assert deployment.parameters == {
        "sources_file": str((tmp_path / "SOURCES.toml").resolve()),
        "db_path": str((tmp_path / "w.duckdb").resolve()),
        "export_dir": str((tmp_path / "out").resolve()),
        "contact": "mailto:desk@example.org",
    }
