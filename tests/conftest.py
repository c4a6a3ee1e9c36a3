from __future__ import annotations

import os
from collections.abc import Iterator

import httpx
import pytest

from fixture_site import install_faults
from newsline.sample_site import SampleSite, serve_sample_site
from transforms.fetch import Fetcher, FetchPolicy


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One temporary Prefect server for the whole session (starting one costs 7–14 s)."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=300):
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
    # verify=False: the sample site is plain http, and it skips loading the CA bundle.
    with httpx.Client(timeout=5.0, verify=False) as http_client:
        yield http_client


@pytest.fixture
def fast_policy() -> FetchPolicy:
    """Short delays and timeouts so the fault tests run in seconds; still long enough to measure."""
    return FetchPolicy(
        connect_timeout=1.0,
        read_timeout=0.5,
        total_timeout=5.0,
        max_attempts=3,
        backoff_initial=0.05,
        backoff_max=0.2,
        retry_after_max=2.0,
        min_host_delay=0.02,
        max_body_bytes=1_000_000,
        allow_hosts=("127.0.0.1",),  # the sample site; 127.0.0.2 stays refused
    )


@pytest.fixture
def fetcher(fast_policy: FetchPolicy) -> Iterator[Fetcher]:
    with Fetcher(fast_policy) as polite_fetcher:
        yield polite_fetcher
