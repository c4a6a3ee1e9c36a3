"""Which network addresses the fetcher may connect to.

A feed, a sitemap or a redirect can point anywhere, including at the machine the crawler runs
on, its private network or a cloud metadata service (169.254.169.254). Every host is resolved
and every address checked before a connection is made; only public unicast addresses pass,
unless the operator allows a host, an address or a network explicitly (SOURCES.toml
`[fetch] allow_hosts`). The connection then goes to the address that was checked, never to a
second answer of the resolver (DNS rebinding): see `transforms.guarded_transport`.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass


IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
# host, port → the addresses it resolves to, in the resolver's order of preference
Resolver = Callable[[str, int], list[str]]


class AddressRefused(Exception):
    """A host resolves only to addresses the fetcher may not connect to."""


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def address_kind(address: IPAddress) -> str | None:
    """Why `address` is no place for a crawler to go, or None for a public unicast address."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address_kind(address.ipv4_mapped)  # ::ffff:127.0.0.1 is 127.0.0.1
    # Most specific first: 127.0.0.1 is also "private" to the ipaddress module.
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("reserved", address.is_reserved),
        ("private", address.is_private),
        ("not public", not address.is_global),
    )
    return next((kind for kind, applies in checks if applies), None)


def refusal_reason(address: str, kind: str) -> str:
    """The one-line reason recorded for a refused address."""
    if kind in ("private", "multicast", "reserved"):
        return f"refused: {address} is {kind}"
    return f"refused: {address} is private ({kind})"


@dataclass(frozen=True)
class AddressGuard:
    """The allow list and the resolver; `check` gives the addresses a host may be reached at."""

    allowed_hosts: frozenset[str] = frozenset()
    allowed_networks: tuple[IPNetwork, ...] = ()
    resolve: Resolver = system_resolver

    @classmethod
    def allowing(cls, entries: Iterable[str], resolve: Resolver = system_resolver) -> AddressGuard:
        """From `allow_hosts` entries: host names, IP addresses or CIDR ranges."""
        hosts, networks = set(), []
        for entry in entries:
            network = parse_network(entry)
            if network is None:
                hosts.add(entry.strip().lower().rstrip("."))
            else:
                networks.append(network)
        return cls(frozenset(hosts), tuple(networks), resolve)

    def check(self, host: str, port: int) -> list[str]:
        """The permitted addresses of `host`, in order; AddressRefused if there are none.

        Only permitted addresses are returned: a name resolving to a public and a private
        address is reached at the public one only.
        """
        host = host.strip("[]")
        try:
            addresses = [host] if _is_ip(host) else self.resolve(host, port)
        except OSError as error:
            raise AddressRefused(f"cannot resolve {host}: {error.strerror or error}") from error
        if host.lower().rstrip(".") in self.allowed_hosts:
            return addresses
        permitted, first_refusal = [], None
        for text in addresses:
            address = ipaddress.ip_address(text.split("%", 1)[0])
            kind = address_kind(address)
            if kind is None or self._allows(address):
                permitted.append(text)
            elif first_refusal is None:
                first_refusal = refusal_reason(text, kind)
        if not permitted:
            raise AddressRefused(first_refusal or f"cannot resolve {host}: no addresses")
        return permitted

    def _allows(self, address: IPAddress) -> bool:
        candidates = [address]
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            candidates.append(address.ipv4_mapped)
        return any(candidate in network for candidate in candidates for network in self.allowed_networks
                   if candidate.version == network.version)


def parse_network(entry: str) -> IPNetwork | None:
    """An IP address (as a one-address network) or a CIDR range; None for a host name."""
    try:
        return ipaddress.ip_network(entry.strip(), strict=False)
    except ValueError:
        return None


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True
