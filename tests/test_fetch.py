"""The polite fetcher against the local sample site and its fault routes — real HTTP, no mocks."""

from __future__ import annotations

import dataclasses
import socket
import time
from itertools import pairwise

import fixture_site as faults
import pytest

from newsline.sample_site import SampleSite
from newsline.sample_site.server import Response
from transforms.fetch import Fetcher, FetchPolicy, FetchRequest, user_agent


def _gaps(site: SampleSite, paths: list[str]) -> list[float]:
    """Seconds between consecutive arrivals of requests for `paths` (robots.txt excluded)."""
    arrivals = sorted(r.received_at for r in site.requests if r.path.split("?")[0] in paths)
    return [later - earlier for earlier, later in pairwise(arrivals)]


def test_article_is_fetched_with_validators(sample_site: SampleSite, fetcher: Fetcher) -> None:
    url = sample_site.article_urls[0]
    page = fetcher.fetch(url)

    assert page.ok and page.error is None
    assert (page.url, page.final_url, page.status_code) == (url, url, 200)
    assert page.content_type.startswith("text/html")
    assert page.etag and page.last_modified
    assert b"<h1" in page.body  # gzip transfer encoding already undone
    assert page.fetched_at.tzinfo is not None


def test_user_agent_names_the_project(sample_site: SampleSite, fetcher: Fetcher) -> None:
    fetcher.fetch(sample_site.article_urls[0])
    agents = {request.headers["User-Agent"] for request in sample_site.requests}
    assert len(agents) == 1 and agents.pop().startswith("newsline/")


@pytest.mark.parametrize("validator", ["etag", "last_modified"])
def test_second_conditional_fetch_is_not_modified(
    sample_site: SampleSite, fetcher: Fetcher, validator: str
) -> None:
    first = fetcher.fetch(sample_site.feed_url)
    second = fetcher.fetch(sample_site.feed_url, **{validator: getattr(first, validator)})

    assert second.ok and second.not_modified
    assert (second.status_code, second.body) == (304, None)
    assert (second.etag, second.last_modified) == (first.etag, first.last_modified)


def test_flaky_503_is_retried_until_it_recovers(fault_site: SampleSite, fetcher: Fetcher) -> None:
    page = fetcher.fetch(fault_site.base_url + faults.FLAKY_503)

    assert page.ok and page.status_code == 200
    assert len(fault_site.requests_for(faults.FLAKY_503)) == faults.FLAKY_FAILURES + 1


def test_persistent_500_gives_up_after_max_attempts(
    fault_site: SampleSite, fetcher: Fetcher, fast_policy: FetchPolicy
) -> None:
    page = fetcher.fetch(fault_site.base_url + faults.ERROR_500)

    assert not page.ok
    assert page.error == f"HTTP 500 after {fast_policy.max_attempts} attempts"
    assert page.status_code == 500
    assert len(fault_site.requests_for(faults.ERROR_500)) == fast_policy.max_attempts


@pytest.mark.parametrize(("path", "status"), [(faults.NOT_FOUND, 404), (faults.GONE, 410)])
def test_client_errors_are_not_retried(
    fault_site: SampleSite, fetcher: Fetcher, path: str, status: int
) -> None:
    page = fetcher.fetch(fault_site.base_url + path)

    assert (page.error, page.status_code) == (f"HTTP {status}", status)
    assert len(fault_site.requests_for(path)) == 1


def test_retry_after_is_honoured(fault_site: SampleSite, fetcher: Fetcher) -> None:
    started = time.monotonic()
    page = fetcher.fetch(fault_site.base_url + faults.RATE_LIMITED)

    assert page.ok
    first, second = (r.received_at for r in fault_site.requests_for(faults.RATE_LIMITED))
    assert second - first >= 1.0  # the route sends Retry-After: 1
    assert time.monotonic() - started < 2.5


def test_retry_after_beyond_the_cap_gives_up_at_once(fault_site: SampleSite, fetcher: Fetcher) -> None:
    page = fetcher.fetch(fault_site.base_url + faults.RATE_LIMITED_LONG)

    assert page.error == "HTTP 429 (Retry-After 3600s exceeds the 2s limit)"
    assert len(fault_site.requests_for(faults.RATE_LIMITED_LONG)) == 1


def test_robots_disallowed_page_is_never_requested(fault_site: SampleSite, fetcher: Fetcher) -> None:
    page = fetcher.fetch(fault_site.base_url + faults.DISALLOWED)

    assert page.error == "disallowed by robots.txt"
    assert fault_site.requests_for(faults.DISALLOWED) == ()
    assert len(fault_site.requests_for("/robots.txt")) == 1


def test_robots_txt_is_fetched_once_per_host(sample_site: SampleSite, fetcher: Fetcher) -> None:
    for url in sample_site.article_urls:
        fetcher.fetch(url)
    assert len(sample_site.requests_for("/robots.txt")) == 1


def test_robots_server_error_closes_the_host_for_now(sample_site: SampleSite, fetcher: Fetcher) -> None:
    sample_site.add_route("/robots.txt", lambda _: Response(503, b"down for maintenance"))
    page = fetcher.fetch(sample_site.article_urls[0])

    assert page.error == "disallowed by robots.txt (robots.txt answered HTTP 503; will ask again)"
    assert sample_site.requests_for(sample_site.article_urls[0].removeprefix(sample_site.base_url)) == ()


def test_missing_robots_txt_allows_everything(sample_site: SampleSite, fetcher: Fetcher) -> None:
    sample_site.add_route("/robots.txt", lambda _: Response(404, b"no robots here"))
    assert fetcher.fetch(sample_site.base_url + "/drafts/anything").error == "HTTP 404"


def test_slow_page_times_out_with_the_reason(fault_site: SampleSite, fast_policy: FetchPolicy) -> None:
    policy = dataclasses.replace(fast_policy, read_timeout=0.2, max_attempts=2)
    with Fetcher(policy) as fetcher:
        page = fetcher.fetch(fault_site.base_url + faults.SLOW)

    assert page.error == "timed out after 2 attempts (read timeout 0.2s)"
    assert page.status_code is None and page.body is None


def test_refused_connection_is_reported_not_raised(fetcher: Fetcher, fast_policy: FetchPolicy) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    page = fetcher.fetch(f"http://127.0.0.1:{port}/article")

    assert page.error.startswith(f"connection failed after {fast_policy.max_attempts} attempts (ConnectError")


def test_redirect_chain_is_followed_to_the_final_url(fault_site: SampleSite, fetcher: Fetcher) -> None:
    url = fault_site.base_url + faults.REDIRECT_START
    page = fetcher.fetch(url)

    assert page.ok and page.status_code == 200
    assert (page.url, page.final_url) == (url, fault_site.base_url + faults.REDIRECT_END)


def test_redirect_loop_is_reported(fault_site: SampleSite, fetcher: Fetcher) -> None:
    page = fetcher.fetch(fault_site.base_url + faults.REDIRECT_LOOP)

    assert page.error.startswith("redirect loop")
    assert len(fault_site.requests_for(faults.REDIRECT_LOOP)) == 1


def test_redirect_chain_longer_than_the_cap_is_cut(fault_site: SampleSite, fast_policy: FetchPolicy) -> None:
    with Fetcher(dataclasses.replace(fast_policy, max_redirects=2)) as fetcher:
        page = fetcher.fetch(fault_site.base_url + faults.REDIRECT_START)

    assert page.error == "too many redirects (more than 2)"
    assert fault_site.requests_for(faults.REDIRECT_END) == ()


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        (faults.HUGE, "body larger than 1000000 bytes (Content-Length 3000450)"),
        (faults.HUGE_GZIPPED, "body larger than 1000000 bytes (while reading)"),
    ],
)
def test_huge_bodies_are_rejected(fault_site: SampleSite, fetcher: Fetcher, path: str, reason: str) -> None:
    page = fetcher.fetch(fault_site.base_url + path)
    assert (page.error, page.body) == (reason, None)


def test_non_html_content_is_reported(fault_site: SampleSite, fetcher: Fetcher) -> None:
    page = fetcher.fetch(fault_site.base_url + faults.IMAGE)
    assert page.error == "unsupported content type image/jpeg"


def test_empty_and_non_english_pages_are_fetched_for_later_stages_to_judge(
    fault_site: SampleSite, fetcher: Fetcher
) -> None:
    empty = fetcher.fetch(fault_site.base_url + faults.EMPTY)
    ukrainian = fetcher.fetch(fault_site.base_url + faults.NON_ENGLISH)

    assert empty.ok and empty.body == b""
    assert ukrainian.ok and "Переговори".encode() in ukrainian.body


def test_not_an_http_url_is_reported(fetcher: Fetcher) -> None:
    assert fetcher.fetch("ftp://example.com/file").error == "not an http(s) URL"


def test_per_host_delay_is_respected(sample_site: SampleSite, fast_policy: FetchPolicy) -> None:
    with Fetcher(dataclasses.replace(fast_policy, min_host_delay=0.25)) as fetcher:
        pages = list(fetcher.fetch_many(FetchRequest(url) for url in sample_site.article_urls[:4]))

    assert all(page.ok for page in pages)
    paths = [url.removeprefix(sample_site.base_url) for url in sample_site.article_urls[:4]]
    gaps = _gaps(sample_site, paths)
    assert len(gaps) == 3 and min(gaps) >= 0.25


def test_robots_crawl_delay_is_respected(sample_site: SampleSite, fetcher: Fetcher) -> None:
    sample_site.put_page("/robots.txt", b"User-agent: *\nCrawl-delay: 0.3\n", "text/plain")
    for url in sample_site.article_urls[:3]:
        assert fetcher.fetch(url).ok

    paths = [url.removeprefix(sample_site.base_url) for url in sample_site.article_urls[:3]]
    assert min(_gaps(sample_site, paths)) >= 0.3


def test_fetch_many_works_on_hosts_in_parallel(sample_site: SampleSite, fast_policy: FetchPolicy) -> None:
    # 127.0.0.1 and localhost are two hosts to the fetcher, served by the same server.
    urls = [
        *sample_site.article_urls[:3],
        *(u.replace("127.0.0.1", "localhost") for u in sample_site.article_urls[:3]),
    ]
    requests = [FetchRequest(url) for url in urls]
    with Fetcher(dataclasses.replace(fast_policy, min_host_delay=0.3)) as fetcher:
        pages = list(fetcher.fetch_many(requests))

    assert sorted(page.url for page in pages) == sorted(urls)
    assert all(page.ok for page in pages)
    arrivals: dict[str, list[float]] = {}
    for request in sample_site.requests:
        arrivals.setdefault(request.headers["Host"].split(":")[0], []).append(request.received_at)
    # Each host is fetched at its own pace, so their request times interleave.
    assert max(arrivals["localhost"]) > min(arrivals["127.0.0.1"]) + 0.3
    assert max(arrivals["127.0.0.1"]) > min(arrivals["localhost"]) + 0.3
    for times in arrivals.values():
        assert min(later - earlier for earlier, later in pairwise(sorted(times))) >= 0.3


def test_fetch_many_passes_validators_and_reports_failures(fault_site: SampleSite, fetcher: Fetcher) -> None:
    feed = fetcher.fetch(fault_site.feed_url)
    requests = [
        FetchRequest(fault_site.feed_url, etag=feed.etag),
        FetchRequest(fault_site.base_url + faults.NOT_FOUND),
    ]
    pages = {page.url: page for page in fetcher.fetch_many(requests)}

    assert pages[fault_site.feed_url].not_modified
    assert pages[fault_site.base_url + faults.NOT_FOUND].error == "HTTP 404"


def test_fetch_many_can_be_stopped_early(sample_site: SampleSite, fast_policy: FetchPolicy) -> None:
    with Fetcher(dataclasses.replace(fast_policy, min_host_delay=0.2)) as fetcher:
        pages = fetcher.fetch_many(FetchRequest(url) for url in sample_site.article_urls)
        first = next(pages)
        pages.close()

    assert first.ok
    assert len([r for r in sample_site.requests if r.path != "/robots.txt"]) <= 2


def test_redirect_to_another_scheme_is_reported(sample_site: SampleSite, fetcher: Fetcher) -> None:
    sample_site.add_route(
        "/to-ftp", lambda _: Response(302, headers={"Location": "ftp://files.example.com/x"})
    )
    page = fetcher.fetch(sample_site.base_url + "/to-ftp")

    assert (page.error, page.final_url) == ("not an http(s) URL", "ftp://files.example.com/x")


def test_hang_up_is_retried_then_reported(
    fault_site: SampleSite, fetcher: Fetcher, fast_policy: FetchPolicy
) -> None:
    page = fetcher.fetch(fault_site.base_url + faults.HANG_UP)

    assert page.error is not None
    assert page.error.startswith(f"connection failed after {fast_policy.max_attempts} attempts")
    assert "RemoteProtocolError" in page.error
    assert len(fault_site.requests_for(faults.HANG_UP)) == fast_policy.max_attempts


def test_changed_page_is_fetched_again_unchanged_one_is_not(
    sample_site: SampleSite, fetcher: Fetcher
) -> None:
    changed, unchanged = sample_site.article_urls[:2]
    first = {url: fetcher.fetch(url) for url in (changed, unchanged)}

    sample_site.put_page(changed.removeprefix(sample_site.base_url), b"<html><h1>Corrected</h1></html>")
    again = {
        url: fetcher.fetch(url, etag=page.etag, last_modified=page.last_modified)
        for url, page in first.items()
    }

    assert again[unchanged].not_modified
    assert again[changed].status_code == 200 and again[changed].body == b"<html><h1>Corrected</h1></html>"
    assert again[changed].etag != first[changed].etag


def test_retry_after_holds_the_whole_host(fault_site: SampleSite, fast_policy: FetchPolicy) -> None:
    other_path = fault_site.article_urls[0].removeprefix(fault_site.base_url)
    requests = [
        FetchRequest(fault_site.base_url + faults.RATE_LIMITED_LONG),
        FetchRequest(fault_site.article_urls[0]),
    ]
    with Fetcher(dataclasses.replace(fast_policy, retry_after_max=0.5)) as fetcher:
        pages = list(fetcher.fetch_many(requests))

    assert [page.ok for page in pages] == [False, True]
    limited = fault_site.requests_for(faults.RATE_LIMITED_LONG)[0].received_at
    # Retry-After: 3600 is capped at retry_after_max for the host's next request.
    assert fault_site.requests_for(other_path)[0].received_at - limited >= 0.5


def test_trickling_body_hits_the_total_timeout(fault_site: SampleSite, fast_policy: FetchPolicy) -> None:
    policy = dataclasses.replace(fast_policy, read_timeout=1.0, total_timeout=0.5, max_attempts=1)
    with Fetcher(policy) as fetcher:
        started = time.monotonic()
        page = fetcher.fetch(fault_site.base_url + faults.TRICKLE)

    assert page.error == "timed out (total timeout 0.5s)"
    assert time.monotonic() - started < 1.0


def test_body_without_content_length_is_read_to_the_end(fault_site: SampleSite, fetcher: Fetcher) -> None:
    fault_site.add_route(
        "/streamed",
        lambda _: Response(200, headers={"Content-Type": "text/html"}, chunks=[b"<p>a</p>", b"<p>b</p>"]),
    )
    page = fetcher.fetch(fault_site.base_url + "/streamed")
    assert page.body == b"<p>a</p><p>b</p>"


def test_user_agent_carries_the_operators_contact() -> None:
    assert user_agent("mailto:desk@example.org").endswith("(+mailto:desk@example.org)")
    assert user_agent(None).startswith("newsline/")
