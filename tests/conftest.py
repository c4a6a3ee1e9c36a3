from __future__ import annotations

import os
from collections.abc import Iterator

import httpx
import pytest

from fixture_site import install_faults
from newsline.sample_site import SampleSite, serve_sample_site


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect server for the whole session (starting one costs 7–14 s)."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def sample_site() -> Iterator[SampleSite]:
    with serve_sample_site() as site:
        yield site


@pytest.fixture
def fault_site(sample_site: SampleSite) -> SampleSite:
    """The sample site plus the fault routes of `fixture_site`."""
    install_faults(sample_site)
    return sample_site


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0) as http_client:
        yield http_client
