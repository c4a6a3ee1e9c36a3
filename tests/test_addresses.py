"""The address guard: no request to a private address unless allowed — real servers on
127.0.0.1 (allowed by the test policy) and 127.0.0.2 (not allowed), real HTTP."""

from __future__ import annotations

import dataclasses
import ipaddress
from collections.abc import Iterator

import pytest

from newsline.sample_site import SampleSite, serve_sample_site
from newsline.sample_site.server import Response
from transforms.addresses import AddressGuard, AddressRefused, address_kind
from transforms.fetch import Fetcher, FetchPolicy


@pytest.fixture
def private_site() -> Iterator[SampleSite]:
    """A second site on 127.0.0.2, standing for an internal host the crawler must not reach."""
    with serve_sample_site(host="127.0.0.2") as site:
        site.put_page("/staging/", b"<html><h1>Internal staging</h1></html>")
        yield site


def test_redirect_from_an_allowed_host_to_a_private_one_is_refused(
    sample_site: SampleSite, private_site: SampleSite, fetcher: Fetcher
) -> None:
    target = private_site.base_url + "/staging/"
    sample_site.add_route("/news/escape/", lambda _: Response(302, headers={"Location": target}))
    page = fetcher.fetch(sample_site.base_url + "/news/escape/")

    assert page.error == "refused: 127.0.0.2 is private (loopback)"
    assert (page.final_url, page.body) == (target, None)
    assert private_site.requests == ()
    assert [a.status_code for a in page.attempts] == [302, None]
    assert page.attempts[-1].outcome == page.error


def test_a_private_address_is_refused_before_any_request(private_site: SampleSite, fetcher: Fetcher) -> None:
    page = fetcher.fetch(private_site.base_url + "/staging/")

    assert page.error == "refused: 127.0.0.2 is private (loopback)"
    assert private_site.requests == ()  # not even robots.txt


def test_nothing_private_is_allowed_by_default(sample_site: SampleSite, fast_policy: FetchPolicy) -> None:
    with Fetcher(dataclasses.replace(fast_policy, allow_hosts=())) as fetcher:
        page = fetcher.fetch(sample_site.article_urls[0])

    assert page.error == "refused: 127.0.0.1 is private (loopback)"
    assert sample_site.requests == ()


@pytest.mark.parametrize("allowed", ["127.0.0.0/30", "127.0.0.2"])
def test_a_network_or_address_can_be_allowed(
    private_site: SampleSite, fast_policy: FetchPolicy, allowed: str
) -> None:
    with Fetcher(dataclasses.replace(fast_policy, allow_hosts=(allowed,))) as fetcher:
        assert fetcher.fetch(private_site.base_url + "/staging/").ok


def test_a_host_name_can_be_allowed(sample_site: SampleSite, fast_policy: FetchPolicy) -> None:
    url = sample_site.article_urls[0].replace("127.0.0.1", "localhost")
    with Fetcher(dataclasses.replace(fast_policy, allow_hosts=("LOCALHOST",))) as fetcher:
        assert fetcher.fetch(url).ok


@pytest.mark.parametrize(
    ("host", "reason"),
    [
        ("[::1]", "refused: ::1 is private (loopback)"),
        ("[::ffff:127.0.0.2]", "refused: ::ffff:127.0.0.2 is private (loopback)"),
        ("[::ffff:7f00:2]", "refused: ::ffff:7f00:2 is private (loopback)"),
    ],
)
def test_ipv6_loopback_and_ipv4_mapped_forms_are_refused(
    private_site: SampleSite, fetcher: Fetcher, host: str, reason: str
) -> None:
    port = private_site.base_url.rsplit(":", 1)[1]
    assert fetcher.fetch(f"http://{host}:{port}/staging/").error == reason
    assert private_site.requests == ()


def test_connection_goes_to_the_checked_address_even_if_dns_changes_its_answer(
    sample_site: SampleSite, private_site: SampleSite, fast_policy: FetchPolicy
) -> None:
    answers = iter(["127.0.0.1"])  # the first lookup passes the check, every later one rebinds

    def rebinding(host: str, port: int) -> list[str]:
        assert host == "news.test"
        return [next(answers, "127.0.0.2")]

    port = private_site.base_url.rsplit(":", 1)[1]
    with Fetcher(fast_policy, resolve=rebinding) as fetcher:
        page = fetcher.fetch(f"http://news.test:{port}/staging/")

    assert page.error == "refused: 127.0.0.2 is private (loopback)"
    assert private_site.requests == ()


def test_a_resolved_name_is_reached_at_its_address_with_its_own_host_header(
    sample_site: SampleSite, fast_policy: FetchPolicy
) -> None:
    port = sample_site.base_url.rsplit(":", 1)[1]
    with Fetcher(fast_policy, resolve=lambda host, port: ["127.0.0.1"]) as fetcher:
        page = fetcher.fetch(f"http://news.test:{port}/robots.txt")

    assert page.ok
    assert {r.headers["Host"] for r in sample_site.requests} == {f"news.test:{port}"}


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("10.1.2.3", "private"), ("172.16.0.1", "private"), ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"), ("127.0.0.2", "loopback"), ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"), ("240.0.0.1", "reserved"), ("100.64.0.1", "not public"),
        ("::1", "loopback"), ("::", "unspecified"), ("fe80::1", "link-local"), ("fc00::1", "private"),
        ("ff02::1", "multicast"), ("::ffff:10.0.0.1", "private"), ("::ffff:169.254.169.254", "link-local"),
        ("93.184.215.14", None), ("2606:4700::1111", None),
    ],
)  # fmt: skip
def test_address_kinds(address: str, kind: str | None) -> None:
    assert address_kind(ipaddress.ip_address(address)) == kind


def test_only_permitted_addresses_of_a_name_are_used() -> None:
    guard = AddressGuard.allowing([], resolve=lambda host, port: ["10.0.0.5", "93.184.215.14"])
    assert guard.check("mixed.test", 80) == ["93.184.215.14"]
    with pytest.raises(AddressRefused, match=r"^refused: 10\.0\.0\.5 is private$"):
        AddressGuard.allowing([], resolve=lambda host, port: ["10.0.0.5"]).check("internal.test", 80)
