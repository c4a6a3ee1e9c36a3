"""The sample site serves realistic article pages, feeds and sitemaps over real HTTP."""

from __future__ import annotations

import csv
import gzip
import json
import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from importlib import resources
from xml.etree import ElementTree

import httpx
import pytest

from newsline.sample_site import SampleSite
from newsline.sample_site.articles import load_sample_articles

SEEDS = resources.files("newsline.sample.seeds")


def _manifest_dates() -> dict[str, datetime]:
    rows = csv.DictReader(SEEDS.joinpath("manifest.csv").read_text(encoding="utf-8").splitlines())
    return {row["file"].split("_")[0]: datetime.fromisoformat(row["published"]) for row in rows}


def _article_html(site: SampleSite, client: httpx.Client) -> dict[str, str]:
    return {url: client.get(url).text for url in site.article_urls}


def test_every_seed_paragraph_is_on_its_article_page(sample_site: SampleSite, client: httpx.Client) -> None:
    pages = " ".join(_article_html(sample_site, client).values())
    for seed in sorted(SEEDS.iterdir()):
        if not seed.name.endswith(".txt"):
            continue
        for line in seed.read_text(encoding="utf-8").splitlines():
            if line.strip() and line != "-":
                escaped = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                assert escaped in pages, f"{seed.name}: {line[:60]!r} missing"


def test_article_pages_have_one_h1_canonical_and_byline(
    sample_site: SampleSite, client: httpx.Client
) -> None:
    authors = {sample_site.base_url + a.path: a.author for a in load_sample_articles()}
    for url, html in _article_html(sample_site, client).items():
        assert f">{authors[url]}</a>" in html or f">By {authors[url]}<" in html, url
        assert len(re.findall(r"<h1[ >]", html)) == 1, url
        assert f'<link rel="canonical" href="{url}">' in html
        assert "cookie" in html.lower()
        assert "<footer" in html


def test_publication_dates_in_markup_match_the_manifest(
    sample_site: SampleSite, client: httpx.Client
) -> None:
    manifest = _manifest_dates()
    by_url = {sample_site.base_url + a.path: a.article_id for a in load_sample_articles()}
    for url, html in _article_html(sample_site, client).items():
        declared = re.findall(r'"datePublished": "([^"]+)"', html) + re.findall(
            r'property="article:published_time" content="([^"]+)"', html
        )
        assert declared, f"{url} declares no publication date"
        for value in declared:
            assert datetime.fromisoformat(value) == manifest[by_url[url]]


def test_markup_varies_between_publishers(sample_site: SampleSite, client: httpx.Client) -> None:
    pages = _article_html(sample_site, client).values()
    with_json_ld = [html for html in pages if "application/ld+json" in html]
    with_og_time = [html for html in pages if "article:published_time" in html]
    assert 0 < len(with_json_ld) < 5 and 0 < len(with_og_time) < 5
    for html in with_json_ld:
        json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)[1])


def test_leftovers_sit_where_real_sites_put_them(sample_site: SampleSite, client: httpx.Client) -> None:
    html = {url.split("/")[3]: page for url, page in _article_html(sample_site, client).items()}
    assert re.search(
        r"<aside class=\"related-stories\">.*Why Trump broke off meeting", html["independent"], re.S
    )
    assert (
        "<figcaption>Trump and Putin in Helsinki in 2018 (Yuri Kadobnov/AFP via Getty)</figcaption>"
        in html["eastwire"]
    )
    assert "<p>This article is republished from The Conversation" in html["theconversation"]
    assert "<p>Lancet Drone. Image Credit: Russian State Media.</p>" in html["19fortyfive"]


def test_rss_items_carry_tracking_parameters_and_dates(sample_site: SampleSite, client: httpx.Client) -> None:
    channel = ElementTree.fromstring(client.get(sample_site.feed_url).content).find("channel")
    items = channel.findall("item")
    assert len(items) == 5
    links = [item.findtext("link") for item in items]
    assert all("utm_source=rss" in link for link in links)
    assert {link.split("?")[0] for link in links} == set(sample_site.article_urls)
    manifest = set(_manifest_dates().values())
    assert {parsedate_to_datetime(item.findtext("pubDate")) for item in items} == manifest


def test_sitemap_index_leads_to_news_and_gzipped_sitemaps(
    sample_site: SampleSite, client: httpx.Client
) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ElementTree.fromstring(client.get(sample_site.sitemap_url).content)
    locations = []
    for child in index.findall("s:sitemap/s:loc", ns):
        body = client.get(child.text).content
        if child.text.endswith(".gz"):
            body = gzip.decompress(body)
        locations += [loc.text for loc in ElementTree.fromstring(body).findall("s:url/s:loc", ns)]
    assert sorted(locations) == sorted(sample_site.article_urls)


def test_robots_txt_disallows_drafts_and_names_the_sitemap(
    sample_site: SampleSite, client: httpx.Client
) -> None:
    robots = client.get(sample_site.robots_url).text
    assert "Disallow: /drafts/" in robots
    assert f"Sitemap: {sample_site.sitemap_url}" in robots


@pytest.mark.parametrize("validator", ["etag", "last-modified"])
def test_conditional_get_answers_304(sample_site: SampleSite, client: httpx.Client, validator: str) -> None:
    first = client.get(sample_site.feed_url)
    header = {"etag": "If-None-Match", "last-modified": "If-Modified-Since"}[validator]
    second = client.get(sample_site.feed_url, headers={header: first.headers[validator]})
    assert (first.status_code, second.status_code) == (200, 304)
    assert second.content == b""


def test_head_sends_headers_only(sample_site: SampleSite, client: httpx.Client) -> None:
    response = client.head(sample_site.article_urls[0])
    assert response.status_code == 200 and response.content == b""
    assert int(response.headers["content-length"]) > 1000


def test_gzip_is_used_when_accepted(sample_site: SampleSite, client: httpx.Client) -> None:
    response = client.get(sample_site.article_urls[0], headers={"Accept-Encoding": "gzip"})
    assert response.headers["content-encoding"] == "gzip"
    assert "<h1" in response.text


def test_published_article_appears_in_feed_and_invalidates_its_etag(
    sample_site: SampleSite, client: httpx.Client
) -> None:
    from fixture_site import make_article

    before = client.get(sample_site.feed_url)
    sample_site.publish(make_article("new-talks", "New round of talks announced"))
    after = client.get(sample_site.feed_url, headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert "New round of talks announced" in after.text
    assert len(sample_site.article_urls) == 6


def test_article_url_without_trailing_slash_redirects(sample_site: SampleSite, client: httpx.Client) -> None:
    with_slash = next(url for url in sample_site.article_urls if url.endswith("/"))
    response = client.get(with_slash.rstrip("/"))
    assert (response.status_code, response.headers["location"]) == (
        301,
        with_slash.removeprefix(sample_site.base_url),
    )
