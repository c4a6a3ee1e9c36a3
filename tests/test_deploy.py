from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from deploy.serve import DEFINITION, Schedule, build_deployment, load_definition


def test_prefect_yaml_defines_a_non_overlapping_scheduled_pipeline() -> None:
    (deployment,) = yaml.safe_load(DEFINITION.read_text())["deployments"]
    assert deployment["name"] == "newsline-scheduled"
    module, flow_name = deployment["entrypoint"].split(":")
    assert (Path(__file__).parents[1] / module).is_file() and flow_name == "pipeline"
    assert deployment["concurrency_limit"]["limit"] == 1
    assert deployment["schedules"][0]["cron"]


def test_the_served_deployment_is_the_prefect_yaml_one_with_our_parameters(tmp_path: Path) -> None:
    deployment = build_deployment(tmp_path / "SOURCES.toml", tmp_path / "w.duckdb", tmp_path / "out",
                                  Schedule(cron="*/30 * * * *"), contact="mailto:desk@example.org")
    definition = load_definition()
    assert deployment.name == definition["name"] == "newsline-scheduled"
    assert deployment.flow_name == "pipeline"
    assert deployment.description == definition["description"]
    (schedule,) = deployment.schedules
    assert schedule.schedule.cron == "*/30 * * * *"
    assert deployment.concurrency_limit == 1
    assert deployment.concurrency_options.collision_strategy.value == "CANCEL_NEW"
    assert deployment.parameters == {
        "sources_file": str((tmp_path / "SOURCES.toml").resolve()),
        "db_path": str((tmp_path / "w.duckdb").resolve()),
        "export_dir": str((tmp_path / "out").resolve()),
        "polite_delay_seconds": 1.0,
        "contact": "mailto:desk@example.org",
    }


def test_an_interval_schedule(tmp_path: Path) -> None:
    deployment = build_deployment(tmp_path / "S.toml", tmp_path / "w.duckdb", tmp_path / "out", Schedule(interval=10))
    (schedule,) = deployment.schedules
    assert schedule.schedule.interval.total_seconds() == 10


def test_a_schedule_is_an_interval_or_a_cron_not_both() -> None:
    with pytest.raises(ValueError):
        Schedule(interval=10, cron="* * * * *")
    with pytest.raises(ValueError):
        Schedule()
