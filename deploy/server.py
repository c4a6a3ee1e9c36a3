"""A Prefect server of our own: `prefect server start` as a child process, for `newsline serve`.

Prefect's temporary in-process server runs no scheduler, so a schedule needs a real server.
This one keeps its database (SQLite) and log in a folder of ours, listens on a free port of
127.0.0.1 only, is waited for until it answers `/api/health`, and is stopped with us.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


class ServerProblem(RuntimeError):
    """The Prefect server did not come up or does not answer; the message is one line."""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def api_client(api_url: str, timeout: float = 10.0) -> httpx.Client:
    """An HTTP client for Prefect's REST API at `api_url` (paths relative to it). Over plain
    HTTP (a local server) it loads no CA bundle: there is no TLS to verify, and loading one
    costs a noticeable part of a short command's time."""
    return httpx.Client(base_url=api_url.rstrip("/") + "/", timeout=timeout,
                        verify=api_url.startswith("https:"))


# What Prefect's own client retries: a busy server (its SQLite database locked by the
# scheduler's services answers 503) or a proxy in front of it; the delays grow, as its do.
_TRANSIENT = frozenset({429, 502, 503, 504})
_RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0)


def post(client: httpx.Client, path: str, body: dict[str, object],
         delays: tuple[float, ...] = _RETRY_DELAYS) -> httpx.Response:
    """POST `body` to the API, again after each of `delays` while the server answers that it
    is busy (or its `Retry-After`); raises `httpx.HTTPStatusError` for any other error status,
    or for the busy answer once the retries are spent."""
    response = client.post(path, json=body)
    for delay in delays:
        if response.status_code not in _TRANSIENT:
            break
        time.sleep(_retry_after(response) or delay)
        response = client.post(path, json=body)
    return response.raise_for_status()


def _retry_after(response: httpx.Response) -> float | None:
    try:
        return min(float(response.headers.get("Retry-After", "")), 30.0)
    except ValueError:  # absent, or an HTTP date: use our own delay
        return None


def is_healthy(api_url: str, timeout: float = 2.0) -> bool:
    try:
        with api_client(api_url, timeout) as client:
            return client.get("health").status_code == 200
    except httpx.HTTPError:
        return False


def server_environment(home: Path) -> dict[str, str]:
    """The child's environment: its own home and database, no telemetry, no foreign server."""
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    env.update({
        "PREFECT_HOME": str(home),
        "PREFECT_SERVER_DATABASE_CONNECTION_URL": f"sqlite+aiosqlite:///{home / 'server.db'}",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    })
    return env


def _wait_until_healthy(process: subprocess.Popen, api_url: str, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not is_healthy(api_url):
        if process.poll() is not None:
            tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:]
            raise ServerProblem(f"the Prefect server exited with code {process.returncode}: "
                                f"{tail[0] if tail else 'no output'} (log: {log})")
        if time.monotonic() > deadline:
            raise ServerProblem(f"the Prefect server did not answer within {timeout:.0f} s (log: {log})")
        time.sleep(0.5)


def _stop(process: subprocess.Popen, grace: float = 20.0) -> None:
    """SIGTERM to the server's process group (uvicorn and services), SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _terminate_as_interrupt(signum, frame) -> None:  # noqa: ARG001 - signal handler signature
    raise KeyboardInterrupt


class OwnedServer:
    """`prefect server start` with its data in `home`, on a port chosen now: the API URL is known,
    and Prefect configured with it, while the server is still starting."""

    def __init__(self, home: Path) -> None:
        self.home = home
        self.port = _free_port()
        self.api_url = f"http://127.0.0.1:{self.port}/api"
        self.log = home / "server.log"
        self._process: subprocess.Popen | None = None

    @contextmanager
    def running(self) -> Iterator[OwnedServer]:
        """Start the server (not waiting for it: see `wait_until_healthy`); stop it afterwards."""
        self.home.mkdir(parents=True, exist_ok=True)
        command = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
                   "--port", str(self.port), "--analytics-off"]
        # Until the flow runner installs its own handler, SIGTERM stops us like Ctrl-C does, so
        # the server is stopped too. Its own session keeps a terminal's Ctrl-C away from it: we
        # stop it after the runner has paused the schedule.
        previous = signal.signal(signal.SIGTERM, _terminate_as_interrupt)
        with self.log.open("ab") as output:
            self._process = subprocess.Popen(command, env=server_environment(self.home), stdout=output,
                                             stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                             start_new_session=True)
        try:
            yield self
        finally:
            _stop(self._process)
            signal.signal(signal.SIGTERM, previous)

    def wait_until_healthy(self, timeout: float = 300.0) -> None:
        _wait_until_healthy(self._process, self.api_url, self.log, timeout)
