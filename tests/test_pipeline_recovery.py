"""Bad input, new input and crashes: recorded with reasons, nothing lost, only what must change."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest

import flows.pipeline
from fixture_site import DISALLOWED, EMPTY, ERROR_500, NON_ENGLISH, NOT_FOUND, install_faults
from flows.pipeline import RunSummary, pipeline
from newsline.sample_site import SampleSite, serve_sample_site
from newsline.sample_site.articles import Article, Block, BlockKind
from newsline.sample_site.server import ReceivedRequest, Response
from test_pipeline import ALLOW_SAMPLE_SITE, query, snapshot
from warehouse.archive import ArchivedAt, archive_dir, read_body
from warehouse.db import state_path

BROKEN_UNTIL_FIXED = "/faults/broken-until-fixed.html"


def new_article() -> Article:
    published = datetime(2025, 8, 22, 9, 30, tzinfo=timezone(timedelta(hours=3)))
    return Article(
        article_id="x-istanbul", publisher="eastwire", path="/eastwire/2025/08/22/istanbul-talks/",
        headline="Ukrainian and Russian delegations hold talks in Istanbul", dek=None,
        author="Olha Kovalenko", author_bio=None, section="World", published=published, modified=None,
        blocks=(
            Block(BlockKind.PARAGRAPH,
                  "Delegations from Ukraine and Russia held talks in Istanbul on Thursday, the first direct "
                  "negotiations since the Alaska summit, officials in Kyiv confirmed."),
            Block(BlockKind.PARAGRAPH,
                  "Sergei Lavrov said on Friday that Moscow was studying proposals on prisoner exchanges. "
                  "Negotiators spent more than six hours discussing the return of prisoners of war and of "
                  "children taken to Russia, according to a statement issued after the meeting."),
            Block(BlockKind.PARAGRAPH,
                  "European diplomats described the atmosphere as businesslike. Further rounds are expected "
                  "in the coming weeks, though no date has been set and both sides warned that the gaps on "
                  "territory remain wide."),
        ),
    )


@dataclass
class Story:
    site: SampleSite
    db: Path
    first: RunSummary
    after_first: dict[str, str]
    timeline_after_first: dict[str, tuple]
    second: RunSummary
    timeline_after_second: dict[str, tuple]


def timeline_by_id(db: Path) -> dict[str, tuple]:
    return {row[0]: row for row in query(db, "SELECT * FROM timeline")}


@pytest.fixture(scope="module")
def story(prefect_harness: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Story]:
    folder = tmp_path_factory.mktemp("recovery")
    db, exports = folder / "warehouse.duckdb", folder / "exports"
    fixed = {"yet": False}
    with serve_sample_site() as site:
        install_faults(site)
        # Once repaired, the page serves the same article as one of the feed's pages.
        known_article = httpx.get(site.article_urls[0]).content

        def broken_until_fixed(_: ReceivedRequest) -> Response:
            if not fixed["yet"]:
                return Response(500, b"<h1>oops</h1>", {"Content-Type": "text/html"})
            return Response(200, known_article, {"Content-Type": "text/html; charset=utf-8"})

        site.add_route(BROKEN_UNTIL_FIXED, broken_until_fixed)
        sources = folder / "SOURCES.toml"
        bad = [NOT_FOUND, ERROR_500, NON_ENGLISH, EMPTY, DISALLOWED, BROKEN_UNTIL_FIXED]
        urls = ", ".join(f'"{site.base_url}{path}"' for path in bad)
        sources.write_text(
            f'{ALLOW_SAMPLE_SITE}[[source]]\nname = "rss"\nfeed = "{site.feed_url}"\n\n'
            f'[[source]]\nname = "odd"\nurls = [{urls}]\n'
        )
        first = pipeline(str(sources), str(db), str(exports), polite_delay_seconds=0.0)
        after_first, timeline_after_first = snapshot(db), timeline_by_id(db)

        site.publish(new_article())
        fixed["yet"] = True
        second = pipeline(str(sources), str(db), str(exports), polite_delay_seconds=0.0)
        yield Story(site, db, first, after_first, timeline_after_first, second, timeline_by_id(db))


def test_bad_pages_are_recorded_with_reasons_and_the_run_goes_on(story: Story) -> None:
    assert story.first.articles == 5
    pages = {url.removeprefix(story.site.base_url): (state, reason)
             for url, state, reason in query(story.db, "SELECT url, state, reason FROM pages")}
    assert pages[NOT_FOUND] == ("failed", "HTTP 404")
    assert pages[ERROR_500][0] == "failed" and "500" in pages[ERROR_500][1]
    assert pages[DISALLOWED][0] == "failed" and "robots.txt" in pages[DISALLOWED][1]
    assert pages[NON_ENGLISH][0] == "rejected" and "English" in pages[NON_ENGLISH][1]
    assert pages[EMPTY][0] in {"rejected", "failed"} and pages[EMPTY][1]


def test_raw_html_is_kept_for_every_fetched_page_but_not_published(story: Story) -> None:
    state = state_path(story.db)
    rows = query(state, "SELECT url, warc_file, warc_offset, warc_length FROM pages "
                        "WHERE state IN ('article', 'rejected')")
    assert rows and all(file and length for _, file, _, length in rows)
    for url, file, offset, length in rows:
        assert read_body(archive_dir(state), ArchivedAt(file, offset, length)) == httpx.get(url).content
    published = [c for (c,) in query(story.db, "SELECT column_name FROM information_schema.columns "
                                               "WHERE table_name = 'pages'")]
    assert "state" in published and "body" not in published


def test_failed_pages_are_retried_and_only_new_pages_fetched(story: Story) -> None:
    # Fetched again: the two still-failing pages, the page that now works; newly: the new article.
    assert story.second.fetched == 2  # the new article and the repaired page
    attempts = dict(query(story.db, "SELECT url, attempts FROM pages"))
    assert attempts[story.site.base_url + NOT_FOUND] == 2
    assert attempts[story.site.base_url + BROKEN_UNTIL_FIXED] == 2
    assert all(n == 1 for url, n in attempts.items() if "/faults/" not in url and "/drafts/" not in url)


def test_a_repaired_page_with_known_text_joins_its_article(story: Story) -> None:
    state, reason = query(story.db, "SELECT state, reason FROM pages WHERE url = ?",
                          [story.site.base_url + BROKEN_UNTIL_FIXED])[0]
    assert state == "article" and reason.startswith("same text as ")
    assert query(story.db, "SELECT count(*) FROM articles")[0][0] == 6


def test_a_new_article_touches_only_what_it_must(story: Story) -> None:
    before, after = story.timeline_after_first, story.timeline_after_second
    changed = {event_id for event_id in before if event_id in after and before[event_id] != after[event_id]}
    added = set(after) - set(before)
    assert set(before) <= set(after)  # nothing disappeared
    talks = [after[e] for e in added if after[e][3] == "talks"]
    assert len(talks) == 1 and talks[0][1].isoformat() == "2025-08-21"  # "on Thursday" before Fri 22 Aug
    assert story.second.timeline_inserted == len(added)
    assert story.second.timeline_updated == len(changed)
    assert len(changed) <= 1  # at most the Alaska summit, which the new article names


def feed_run(folder: Path, site: SampleSite, source: str | None = None) -> Callable[[], RunSummary]:
    """A pipeline run over `site`'s feed (or the given source entry) into `folder`/w.duckdb."""
    sources = folder / "SOURCES.toml"
    sources.write_text(ALLOW_SAMPLE_SITE + (source or f'[[source]]\nname = "rss"\nfeed = "{site.feed_url}"\n'))
    return lambda: pipeline(str(sources), str(folder / "w.duckdb"), str(folder / "out"), polite_delay_seconds=0.0)


def test_a_crash_mid_run_leaves_the_warehouse_consistent_and_the_next_run_finishes(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "w.duckdb"
    with serve_sample_site() as site:
        run = feed_run(tmp_path, site)

        def crash(*_: object, **__: object) -> None:
            raise RuntimeError("resolver crashed")

        with monkeypatch.context() as patch:
            patch.setattr(flows.pipeline, "resolve_incremental", crash)
            with pytest.raises(RuntimeError, match="resolver crashed"):
                run()
        # Articles were saved batch by batch; nothing was published from a run that did not finish.
        state = state_path(db)
        assert query(state, "SELECT state, count(*) FROM pages GROUP BY state") == [("article", 5)]
        assert query(state, "SELECT count(*) FROM timeline") == [(0,)]
        assert not db.exists()

        resumed = run()
        assert resumed.fetched == 0 and resumed.articles == 0
        assert query(db, "SELECT count(*) FROM articles") == [(5,)]
        assert query(db, "SELECT count(*) FROM timeline")[0][0] > 0


def test_a_page_whose_cleaning_raises_is_an_error_the_run_goes_on_and_the_next_run_retries(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "w.duckdb"
    real_clean = flows.pipeline.clean_page
    with serve_sample_site() as site:
        run = feed_run(tmp_path, site)
        victim = site.article_urls[2]

        def clean_or_crash(html: bytes, url: str, **options: object) -> object:
            if url == victim:
                raise ValueError("parser exploded\non this page")
            return real_clean(html, url, **options)

        with monkeypatch.context() as patch:
            patch.setattr(flows.pipeline, "clean_page", clean_or_crash)
            first = run()
        assert (first.articles, first.errors) == (4, 1)
        rows = query(db, "SELECT url, state, reason, process_attempts FROM pages WHERE state = 'error'")
        assert rows == [(victim, "error", "clean: ValueError: parser exploded on this page", 1)]
        assert query(db, "SELECT errors FROM pipeline_runs") == [(1,)]

        second = run()
        assert (second.fetched, second.articles, second.errors) == (0, 1, 0)
        assert query(db, "SELECT state, reason FROM pages WHERE url = ?", [victim]) == [("article", None)]
        assert query(db, "SELECT count(*) FROM articles") == [(5,)]


def test_a_page_that_keeps_failing_is_retried_a_bounded_number_of_times(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from warehouse.store import MAX_PROCESS_ATTEMPTS

    db = tmp_path / "w.duckdb"
    with serve_sample_site() as site:
        run = feed_run(tmp_path, site, f'[[source]]\nname = "one"\nurls = ["{site.article_urls[0]}"]\n')

        def crash(*_: object, **__: object) -> None:
            raise RuntimeError("extractor crashed")

        monkeypatch.setattr(flows.pipeline, "extract_mentions_many", crash)  # a chunk, then each article
        monkeypatch.setattr(flows.pipeline, "extract_mentions", crash)
        errors = [run().errors for _ in range(MAX_PROCESS_ATTEMPTS + 1)]
    assert errors == [1] * MAX_PROCESS_ATTEMPTS + [0]
    assert query(db, "SELECT state, reason, process_attempts FROM pages") == [
        ("error", "extract: RuntimeError: extractor crashed", MAX_PROCESS_ATTEMPTS)]
