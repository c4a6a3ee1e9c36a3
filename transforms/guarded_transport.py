"""An httpx transport whose every TCP connection goes through the address guard.

Kept apart from `transforms.addresses` (the pure address policy, which reading SOURCES.toml
needs) so that commands that never fetch do not pay for importing httpx.
"""

from __future__ import annotations

import ssl
import typing

import httpcore
import httpx

from transforms.addresses import AddressGuard


class _GuardedBackend(httpcore.NetworkBackend):
    """httpcore's socket backend, connecting only to addresses the guard permitted.

    httpcore still hands the original host name to TLS (SNI, certificate check) and httpx
    still sends it as Host: only the TCP connection is pinned to the checked address.
    """

    def __init__(self, guard: AddressGuard) -> None:
        self._guard = guard
        self._sockets = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: typing.Iterable[typing.Any] | None = None,
    ) -> httpcore.NetworkStream:
        last_error: Exception | None = None
        for address in self._guard.check(host, port):
            try:
                return self._sockets.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last_error = error
        assert last_error is not None  # check() never returns an empty list
        raise last_error

    def sleep(self, seconds: float) -> None:
        self._sockets.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with every TCP connection going through the address guard.

    Passing a transport to httpx.Client also turns off proxies from the environment, which
    would otherwise connect on our behalf to addresses nobody checked.
    """

    def __init__(self, guard: AddressGuard, *, ssl_context: ssl.SSLContext, limits: httpx.Limits) -> None:
        super().__init__(verify=ssl_context, limits=limits)
        # httpx 0.28 builds its pool without a way to pass a network backend: rebuild it with one.
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_GuardedBackend(guard),
        )
