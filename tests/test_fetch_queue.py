"""Retry queue, recrawl, near-duplicates, fetch log and the WARC archive, over real runs of the
flow against the sample site (real HTTP, real DuckDB file, real WARC files)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb
import httpx
import pytest
from warcio.archiveiterator import ArchiveIterator

from flows.pipeline import RunSummary, pipeline
from newsline.sample_site import SampleSite, serve_sample_site
from newsline.sample_site.articles import Article, Block, BlockKind
from newsline.sample_site.server import ReceivedRequest, Response
from warehouse.archive import archive_dir
from warehouse.db import state_path
from test_pipeline import ALLOW_SAMPLE_SITE, query

BRIDGE = (
    "The city council voted on Monday to close the old river bridge to heavy lorries after engineers"
    " found cracks in two of its supporting piers. The mayor said the closure would last at least six"
    " months while repairs are planned and funded.",
    "Local hauliers warned that the detour would add forty minutes to journeys between the port and the"
    " industrial estate on the northern bank. A council spokesperson said a temporary weight limit had"
    " been considered but rejected on safety grounds.",
    "Residents living near the bridge welcomed the decision, saying that the vibration from passing"
    " trucks had rattled their windows for years. The regional transport authority will publish a"
    " detailed plan for the repairs next month.",
)
# The same story as another outlet runs it: a dozen words changed.
BRIDGE_REWORDED = (
    "The city council decided on Monday to shut the old river bridge to heavy lorries after engineers"
    " discovered cracks in two of its supporting piers. The mayor said the closure would last at least six"
    " months while repairs are planned and paid for.",
    "Local haulage firms warned that the diversion would add forty minutes to journeys between the port and"
    " the industrial estate on the northern bank. A council spokesperson said a temporary weight limit had"
    " been considered but rejected for safety reasons.",
    "Residents living near the bridge welcomed the decision, saying that the vibration from passing"
    " trucks had shaken their windows for years. The regional transport authority will publish a"
    " detailed repair plan next month.",
)
HARBOUR = (
    "Workers at the northern harbour began a two-day strike on Wednesday over pay and shift patterns,"
    " halting the loading of container ships. Union leaders said talks with the port operator had"
    " broken down late on Tuesday evening.",
    "The operator said it regretted the action and that its latest offer, a raise of four per cent over"
    " two years, remained on the table. Ships waiting to dock were diverted to the southern terminal.",
    "Exporters warned that perishable goods stuck on the quays could spoil if the dispute dragged on into"
    " next week, and called on both sides to return to the negotiating table.",
)
LIBRARY = (
    "The town library reopened on Thursday after an eight-month renovation that added a children's"
    " wing, a reading garden and solar panels on the roof. Hundreds of visitors queued before the"
    " doors opened at nine.",
    "The librarian said loans had already doubled compared with the same week last year, and that"
    " evening opening hours would be extended from next month thanks to a grant from the county.",
    "The renovation cost slightly less than planned, according to the council, which said the savings"
    " would go towards new books for the school holidays.",
)
CORRECTION = "The council later said the library would also open on Sunday mornings."


def article(slug: str, headline: str, paragraphs: tuple[str, ...], published: datetime) -> Article:
    return Article(
        article_id=f"q-{slug}", publisher="eastwire", path=f"/eastwire/{published:%Y/%m/%d}/{slug}/",
        headline=headline, dek=None, author="Marta Lindqvist", author_bio=None, section="World",
        published=published, modified=None,
        blocks=tuple(Block(BlockKind.PARAGRAPH, text) for text in paragraphs),
    )


@dataclass
class Story:
    site: SampleSite
    db: Path
    urls: dict[str, str]
    first: RunSummary
    articles_after_first: dict[str, tuple[str, str]]  # url → (article id, text)
    second: RunSummary
    third: RunSummary


@pytest.fixture(scope="module")
def story(prefect_harness: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Story]:
    folder = tmp_path_factory.mktemp("queue")
    db, exports = folder / "w.duckdb", folder / "out"
    now = datetime.now(timezone(timedelta(hours=2))).replace(microsecond=0)
    stories = {
        "bridge": article("bridge-closed", "Old river bridge closed to lorries", BRIDGE, now - timedelta(hours=3)),
        "copy": article("bridge-shut", "River bridge shut to heavy lorries", BRIDGE_REWORDED, now - timedelta(hours=2)),
        "strike": article("harbour-strike", "Harbour workers strike over pay", HARBOUR, now - timedelta(hours=1)),
        "library": article("library-reopens", "Town library reopens", LIBRARY, now - timedelta(hours=4)),
    }
    with serve_sample_site() as site:
        for item in stories.values():
            site.publish(item)
        urls = {name: site.base_url + item.path for name, item in stories.items()}
        strike_page = httpx.get(urls["strike"]).content
        down = {"yet": True}

        def down_in_run_one(_: ReceivedRequest) -> Response:
            if down["yet"]:
                return Response(503, b"<h1>Service Unavailable</h1>", {"Retry-After": "0"})
            return Response(200, strike_page, {"Content-Type": "text/html; charset=utf-8"})

        site.add_route(stories["strike"].path, down_in_run_one)
        sources = folder / "SOURCES.toml"
        sources.write_text(f'{ALLOW_SAMPLE_SITE}[[source]]\nname = "rss"\nfeed = "{site.feed_url}"\n')
        first = pipeline(str(sources), str(db), str(exports), polite_delay_seconds=0.0)
        after_first = {url: (aid, text) for url, aid, text in query(db, "SELECT url, article_id, text FROM articles")}

        down["yet"] = False
        corrected = httpx.get(urls["library"]).content.replace(
            LIBRARY[2].encode(), f"{LIBRARY[2]}</p><p>{CORRECTION}".encode())
        site.put_page(stories["library"].path, corrected)  # the feed does not change: it answers 304
        con = duckdb.connect(str(state_path(db)))  # an hour and a half pass
        con.execute("UPDATE pages SET checked_at = checked_at - INTERVAL 90 MINUTE")
        con.close()
        second = pipeline(str(sources), str(db), str(exports), polite_delay_seconds=0.0)
        third = pipeline(str(sources), str(db), str(exports), reprocess=True, polite_delay_seconds=0.0)
        yield Story(site, db, urls, first, after_first, second, third)


def test_a_page_failing_in_run_one_is_retried_though_the_feed_answers_304(story: Story) -> None:
    assert query(story.db, "SELECT last_status FROM source_documents") == [("not modified",)]
    state, attempts = query(story.db, "SELECT state, attempts FROM pages WHERE url = ?", [story.urls["strike"]])[0]
    assert (state, attempts) == ("article", 2)
    assert story.urls["strike"] not in story.articles_after_first


def test_a_changed_article_is_picked_up_by_recrawl(story: Story) -> None:
    old_id, old_text = story.articles_after_first[story.urls["library"]]
    new_id, new_text = query(story.db, "SELECT article_id, text FROM articles WHERE url = ?", [story.urls["library"]])[0]
    assert CORRECTION not in old_text and CORRECTION in new_text and new_id != old_id
    assert query(story.db, "SELECT count(*) FROM event_mentions WHERE article_id = ?", [old_id]) == [(0,)]
    assert query(story.db, "SELECT count(*) FROM timeline_mentions t JOIN event_mentions m USING (mention_id) "
                           "WHERE m.article_id = ?", [old_id]) == [(0,)]
    # The recrawl asked with the stored validators.
    library_path = story.urls["library"].removeprefix(story.site.base_url)
    ours = [r for r in story.site.requests_for(library_path) if r.headers["User-Agent"].startswith("newsline/")]
    assert "If-None-Match" not in ours[0].headers and "If-None-Match" in ours[1].headers


def test_unchanged_fresh_articles_are_rechecked_with_a_conditional_get(story: Story) -> None:
    for name in ("bridge", "copy"):
        rows = query(story.db, "SELECT outcome FROM fetch_log WHERE url = ? ORDER BY started_at", [story.urls[name]])
        assert [outcome for (outcome,) in rows] == ["ok", "not modified"]


def test_a_reworded_copy_is_merged_into_one_article_with_both_urls(story: Story) -> None:
    pair = [story.urls["bridge"], story.urls["copy"]]
    stored = query(story.db, "SELECT article_id, url FROM articles WHERE url IN (?, ?)", pair)
    assert len(stored) == 1  # whichever was fetched first is the article
    (article_id, first_url), = stored
    (copy_url,) = set(pair) - {first_url}
    assert query(story.db, "SELECT url, how FROM article_urls WHERE article_id = ? ORDER BY how",
                 [article_id]) == [(first_url, "first"), (copy_url, "near-duplicate")]
    state, reason = query(story.db, "SELECT state, reason FROM pages WHERE url = ?", [copy_url])[0]
    assert (state, reason) == ("article", f"near-duplicate of {first_url}")


def test_the_fetch_log_has_one_row_per_http_attempt(story: Story) -> None:
    rows = query(story.db, "SELECT status, outcome, bytes > 0 FROM fetch_log WHERE url = ? ORDER BY started_at",
                 [story.urls["strike"]])
    max_attempts = 3  # FetchPolicy's default, per run
    assert rows == [(503, "HTTP 503", False)] * max_attempts + [(200, "ok", True)]
    feed_rows = query(story.db, "SELECT status FROM fetch_log WHERE url = ? ORDER BY started_at", [story.site.feed_url])
    assert feed_rows == [(200,), (304,), (304,)]  # one per run


def test_raw_pages_are_in_warc_files_other_tools_can_read(story: Story) -> None:
    assert "body" not in {c for (c,) in query(
        story.db, "SELECT column_name FROM information_schema.columns WHERE table_name = 'pages'")}
    archive = archive_dir(state_path(story.db))
    records = {}
    for path in sorted(archive.glob("*.warc.gz")):
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type == "response":
                    records.setdefault(record.rec_headers.get_header("WARC-Target-URI"), []).append(
                        record.content_stream().read())
    assert len(records[story.urls["library"]]) == 2  # first fetch, then the recrawl that found a change
    assert CORRECTION.encode() in records[story.urls["library"]][1]
    assert records[story.urls["strike"]] == [httpx.get(story.urls["strike"]).content]


def test_reprocess_reads_the_archive_without_fetching(story: Story) -> None:
    assert story.third.fetched == 0
    assert story.third.articles == query(story.db, "SELECT count(*) FROM pages WHERE warc_file IS NOT NULL "
                                                   "AND state = 'article' AND reason IS NULL")[0][0]
    assert query(story.db, "SELECT count(*) FROM article_urls WHERE how = 'near-duplicate'") == [(1,)]


def test_fetch_results_are_written_in_batches_so_a_lock_retry_does_not_refetch_them(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import flows.pipeline
    from warehouse import store
    from warehouse.db import WarehouseBusy

    monkeypatch.setattr(flows.pipeline, "FETCH_BATCH_PAGES", 2)
    writes = {"count": 0}
    record_fetches = store.record_fetches

    def busy_on_the_second_batch(con: duckdb.DuckDBPyConnection, rows: list, **options: object) -> None:
        writes["count"] += 1
        if writes["count"] == 2:
            raise WarehouseBusy("an analyst holds the file")
        record_fetches(con, rows, **options)

    monkeypatch.setattr(store, "record_fetches", busy_on_the_second_batch)
    with serve_sample_site() as site:
        sources = tmp_path / "SOURCES.toml"
        sources.write_text(f'{ALLOW_SAMPLE_SITE}[[source]]\nname = "rss"\nfeed = "{site.feed_url}"\n')
        summary = pipeline(str(sources), str(tmp_path / "w.duckdb"), str(tmp_path / "out"), polite_delay_seconds=0.0)
        paths = [url.removeprefix(site.base_url) for url in site.article_urls]
        requests = [len(site.requests_for(path)) for path in paths]

    assert summary.articles == 5
    # The first batch was committed before the lock conflict: its two pages were not asked for
    # again; the failed batch and the page fetched meanwhile (the fetcher works ahead) were.
    assert sorted(requests)[:2] == [1, 1] and max(requests) == 2
