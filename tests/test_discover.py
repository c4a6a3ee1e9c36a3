"""Discovery of article links in feeds, sitemaps and URL lists, against the local sample site."""

from __future__ import annotations

import csv
from datetime import datetime
from importlib import resources

import fixture_site as faults
import pytest

from newsline.sample_site import SampleSite
from newsline.sample_site.articles import load_sample_articles
from transforms.discover import discover, normalize_url
from transforms.fetch import Fetcher
from transforms.models import FetchedPage, Source, SourceKind


def _manifest_dates_by_url(site: SampleSite) -> dict[str, datetime]:
    text = resources.files("newsline.sample.seeds").joinpath("manifest.csv").read_text(encoding="utf-8")
    by_id = {
        row["file"][:3]: datetime.fromisoformat(row["published"]) for row in csv.DictReader(text.splitlines())
    }
    return {site.base_url + article.path: by_id[article.article_id] for article in load_sample_articles()}


@pytest.mark.parametrize("feed", ["rss", "atom"])
def test_feed_lists_the_five_articles_with_manifest_dates(
    sample_site: SampleSite, fetcher: Fetcher, feed: str
) -> None:
    location = sample_site.feed_url if feed == "rss" else sample_site.atom_url
    result = discover(Source("sample", SourceKind.FEED, (location,)), fetcher.fetch)

    assert result.problems == ()
    assert {link.url: link.listed_published_at for link in result.links} == _manifest_dates_by_url(
        sample_site
    )
    assert all(link.listed_published_at.tzinfo is not None for link in result.links)
    assert all(link.listed_title for link in result.links)
    assert [page.url for page in result.pages] == [location]


def test_tracking_parameters_are_stripped_but_kept_in_listed_url(
    sample_site: SampleSite, fetcher: Fetcher
) -> None:
    result = discover(Source("sample", SourceKind.FEED, (sample_site.feed_url,)), fetcher.fetch)

    for link in result.links:
        assert "utm_" not in link.url
        assert "utm_source=rss" in link.listed_url
        assert link.listed_url.startswith(link.url + "?")


def test_sitemap_index_news_and_gzipped_sitemaps_give_manifest_dates(
    sample_site: SampleSite, fetcher: Fetcher
) -> None:
    result = discover(Source("sample", SourceKind.SITEMAP, (sample_site.sitemap_url,)), fetcher.fetch)

    assert result.problems == ()
    assert {link.url: link.listed_published_at for link in result.links} == _manifest_dates_by_url(
        sample_site
    )
    fetched = [page.url.removeprefix(sample_site.base_url) for page in result.pages]
    assert fetched == ["/sitemap.xml", "/sitemaps/news.xml", "/sitemaps/archive-2025-03.xml.gz"]


def test_links_are_deduplicated_across_a_sources_locations(sample_site: SampleSite, fetcher: Fetcher) -> None:
    source = Source("sample", SourceKind.FEED, (sample_site.feed_url, sample_site.atom_url))
    result = discover(source, fetcher.fetch)

    assert sorted(link.url for link in result.links) == sorted(sample_site.article_urls)
    assert all("utm_source=rss" in link.listed_url for link in result.links)  # first listing wins


def test_unchanged_feed_means_nothing_new(sample_site: SampleSite, fetcher: Fetcher) -> None:
    first = discover(Source("sample", SourceKind.FEED, (sample_site.feed_url,)), fetcher.fetch)
    validators = {page.url: page for page in first.pages}

    def get_with_validators(url: str) -> FetchedPage:
        stored = validators.get(url)
        if stored is None:
            return fetcher.fetch(url)
        return fetcher.fetch(url, etag=stored.etag, last_modified=stored.last_modified)

    second = discover(Source("sample", SourceKind.FEED, (sample_site.feed_url,)), get_with_validators)
    assert (second.links, second.problems) == ((), ())
    assert second.pages[0].not_modified and second.pages[0].status_code == 304


def test_newly_published_article_is_found_on_the_next_run(fault_site: SampleSite, fetcher: Fetcher) -> None:
    source = Source("sample", SourceKind.FEED, (fault_site.feed_url,))
    first = discover(source, fetcher.fetch)
    stored = first.pages[0]

    fault_site.publish(faults.make_article("talks-resume-in-istanbul", "Talks resume in Istanbul"))
    second = discover(
        source, lambda url: fetcher.fetch(url, etag=stored.etag, last_modified=stored.last_modified)
    )

    new = {link.url for link in second.links} - {link.url for link in first.links}
    assert len(new) == 1 and new.pop().endswith("/talks-resume-in-istanbul/")


def test_malformed_feed_is_reported_and_its_readable_entries_kept(
    fault_site: SampleSite, fetcher: Fetcher
) -> None:
    broken = fault_site.base_url + faults.MALFORMED_FEED
    source = Source("mixed", SourceKind.FEED, (broken, fault_site.atom_url))
    result = discover(source, fetcher.fetch)

    assert [(problem.location, problem.reason.split(":")[0]) for problem in result.problems] == [
        (broken, "malformed feed")
    ]
    assert "not well-formed" in result.problems[0].reason
    # The two readable items of the broken feed, then the rest from the Atom feed: the run went on.
    assert len(result.links) == 5
    assert {link.listed_title for link in result.links} >= {"First", "Second"}


def test_html_page_given_as_feed_is_reported(fault_site: SampleSite, fetcher: Fetcher) -> None:
    location = fault_site.base_url + faults.NOT_A_FEED
    result = discover(Source("wrong", SourceKind.FEED, (location,)), fetcher.fetch)

    assert result.links == ()
    assert result.problems[0].reason.startswith("not a feed")


def test_unreachable_feed_is_a_problem_with_the_fetch_error(fault_site: SampleSite, fetcher: Fetcher) -> None:
    location = fault_site.base_url + faults.NOT_FOUND
    result = discover(Source("gone", SourceKind.FEED, (location,)), fetcher.fetch)

    assert [problem.reason for problem in result.problems] == ["HTTP 404"]
    assert result.pages[0].error == "HTTP 404"


def test_malformed_sitemap_is_reported_and_readable_urls_kept(
    fault_site: SampleSite, fetcher: Fetcher
) -> None:
    location = fault_site.base_url + faults.MALFORMED_SITEMAP
    result = discover(Source("broken", SourceKind.SITEMAP, (location,)), fetcher.fetch)

    assert result.problems[0].reason.startswith("malformed sitemap: line 4")
    first = result.links[0]
    assert first.url == fault_site.article_urls[0]
    assert first.listed_published_at == datetime.fromisoformat("2025-03-15T00:00:00+00:00")


def test_self_referencing_sitemap_index_stops_at_the_depth_cap(
    sample_site: SampleSite, fetcher: Fetcher
) -> None:
    looping = "/sitemaps/looping-index.xml"
    sample_site.put_page(
        looping,
        f"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <sitemap><loc>{sample_site.base_url}{looping}</loc></sitemap></sitemapindex>""".encode(),
        "application/xml",
    )
    result = discover(Source("loop", SourceKind.SITEMAP, (sample_site.base_url + looping,)), fetcher.fetch)

    assert result.links == ()
    assert "nested deeper than" in result.problems[0].reason
    assert len(result.pages) <= 4


def test_url_list_is_normalised_and_deduplicated() -> None:
    def never_called(url: str) -> FetchedPage:
        raise AssertionError(f"a URL list needs no fetch, got {url}")

    source = Source(
        "list",
        SourceKind.URLS,
        (
            "HTTPS://Example.COM/news/story-1?utm_source=x#comments",
            "https://example.com/news/story-1",
            "https://example.com/news/story-2?page=2",
            "mailto:editor@example.com",
        ),
    )
    result = discover(source, never_called)

    assert [link.url for link in result.links] == [
        "https://example.com/news/story-1",
        "https://example.com/news/story-2?page=2",
    ]
    assert result.links[0].listed_url == "HTTPS://Example.COM/news/story-1?utm_source=x#comments"
    assert [problem.location for problem in result.problems] == ["mailto:editor@example.com"]


@pytest.mark.parametrize(
    ("listed", "normalised"),
    [
        ("http://Example.com:80/a/b/?utm_medium=feed&id=7#top", "http://example.com/a/b/?id=7"),
        ("https://example.com/a?fbclid=123&gclid=9", "https://example.com/a"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
    ],
)
def test_normalize_url(listed: str, normalised: str) -> None:
    assert normalize_url(listed) == normalised


def test_relative_feed_links_resolve_against_the_feed_url(sample_site: SampleSite, fetcher: Fetcher) -> None:
    sample_site.put_page(
        "/feeds/relative.rss",
        b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
        <item><title>Relative</title><link>/eastwire/2025/08/12/relative-story/#comments</link>
        <pubDate>Tue, 12 Aug 2025 18:30:00 EEST</pubDate></item></channel></rss>""",
        "application/rss+xml",
    )
    result = discover(
        Source("relative", SourceKind.FEED, (sample_site.base_url + "/feeds/relative.rss",)), fetcher.fetch
    )

    (link,) = result.links
    assert link.url == sample_site.base_url + "/eastwire/2025/08/12/relative-story/"
    assert link.listed_published_at == datetime.fromisoformat("2025-08-12T18:30:00+03:00")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Wed, 20 Aug 2025 06:00:00 -0400", "2025-08-20T06:00:00-04:00"),
        ("Wed, 20 Aug 2025 06:00:00 EDT", "2025-08-20T06:00:00-04:00"),
        ("Mon, 18 Aug 2025 15:00:00 GMT", "2025-08-18T15:00:00+00:00"),
        ("2025-08-16T09:00:00+01:00", "2025-08-16T09:00:00+01:00"),
        ("2025-08-16T08:00:00Z", "2025-08-16T08:00:00+00:00"),
        ("2025-03-15", "2025-03-15T00:00:00+00:00"),
        ("Tue, 12 Aug 2025 18:30:00 XYZT", None),  # unknown zone: no guess
        ("2025-08-12 18:30", None),  # no zone at all
        ("last Tuesday", None),
    ],
)
def test_feed_and_sitemap_dates_keep_their_offset_or_are_dropped(
    sample_site: SampleSite, fetcher: Fetcher, raw: str, expected: str | None
) -> None:
    sample_site.put_page(
        "/feeds/dated.rss",
        f"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
        <item><title>Dated</title><link>{sample_site.base_url}/dated</link><pubDate>{raw}</pubDate></item>
        </channel></rss>""".encode(),
        "application/rss+xml",
    )
    result = discover(
        Source("dated", SourceKind.FEED, (sample_site.base_url + "/feeds/dated.rss",)), fetcher.fetch
    )

    published = result.links[0].listed_published_at
    assert published == (datetime.fromisoformat(expected) if expected else None)
    if published is not None:
        assert published.utcoffset() == datetime.fromisoformat(expected).utcoffset()


def test_feed_served_as_text_xml_without_charset_is_not_a_problem(
    sample_site: SampleSite, fetcher: Fetcher
) -> None:
    sample_site.put_page(
        "/feeds/plain.xml",
        """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>
        <item><title>Zelensky’s red lines</title><link>/eastwire/red-lines/</link></item>
        </channel></rss>""".encode(),
        "text/xml",
    )
    result = discover(
        Source("plain", SourceKind.FEED, (sample_site.base_url + "/feeds/plain.xml",)), fetcher.fetch
    )

    assert result.problems == ()
    assert [link.listed_title for link in result.links] == ["Zelensky’s red lines"]


def test_unchanged_sitemap_index_still_leads_to_changed_sitemaps(
    sample_site: SampleSite, fetcher: Fetcher
) -> None:
    # A static index (no lastmod), as many sites have: it stays byte-identical when news.xml changes.
    sample_site.put_page(
        "/sitemap-static.xml",
        f"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <sitemap><loc>{sample_site.base_url}/sitemaps/news.xml</loc></sitemap></sitemapindex>""".encode(),
        "application/xml",
    )
    source = Source("static", SourceKind.SITEMAP, (sample_site.base_url + "/sitemap-static.xml",))
    first = discover(source, fetcher.fetch)
    stored = {page.url: page for page in first.pages}
    assert stored[source.locations[0]].etag is None  # the index's validators are not to be reused

    sample_site.publish(faults.make_article("prisoner-exchange", "Prisoner exchange completed"))

    def get(url: str) -> FetchedPage:
        known = stored[url]
        return fetcher.fetch(url, etag=known.etag, last_modified=known.last_modified)

    second = discover(source, get)
    assert any(link.url.endswith("/prisoner-exchange/") for link in second.links)
