"""The REST calls to a Prefect server retry while it answers that it is busy (a real HTTP
server on 127.0.0.1 plays the busy server)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from deploy.server import api_client, post


class _Busy(BaseHTTPRequestHandler):
    """Answers 503 to the first `busy` POSTs, then echoes the body with 201."""

    busy = 0
    seen: list[dict[str, object]] = []

    def do_POST(self) -> None:  # noqa: N802 (the handler's interface)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append(body)
        status = 503 if len(type(self).seen) <= type(self).busy else 201
        payload = json.dumps({"echo": body}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def busy_server() -> Iterator[tuple[str, type[_Busy]]]:
    handler = type("Handler", (_Busy,), {"busy": 0, "seen": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/api", handler
    server.shutdown()
    server.server_close()


def test_a_busy_answer_is_retried_until_the_server_takes_the_request(busy_server) -> None:
    url, handler = busy_server
    handler.busy = 2
    with api_client(url) as client:
        response = post(client, "flow_runs/", {"name": "quiet"}, delays=(0.01, 0.01, 0.01))
    assert response.status_code == 201
    assert response.json() == {"echo": {"name": "quiet"}}
    assert len(handler.seen) == 3


def test_a_server_still_busy_after_the_retries_is_an_error(busy_server) -> None:
    url, handler = busy_server
    handler.busy = 10
    with api_client(url) as client, pytest.raises(httpx.HTTPStatusError, match="503"):
        post(client, "flow_runs/", {"name": "quiet"}, delays=(0.01, 0.01))
    assert len(handler.seen) == 3
