"""timeline.html: what it holds (unit tests), and the sample run's page in a real headless Chromium."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pytest

from small_warehouse import build_small_warehouse
from warehouse import export
from warehouse.db import reading, transaction
from warehouse.page import PAGE_NAME, date_span, page_data, render_page

ROOT = Path(__file__).parents[1]
ARTEFACTS = ROOT / "out" / "test-artefacts"
CHROMIUM = Path("/usr/bin/chromium")
# As root and on a closed network, Chromium needs these (see the project's test setup).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
                 "--disable-background-networking", "--disable-component-update"]


@pytest.mark.parametrize("start, precision, end, label", [
    (date(2031, 3, 4), "day", date(2031, 3, 4), "4 Mar 2031"),
    (date(2031, 3, 3), "week", date(2031, 3, 9), "week of 3 Mar 2031"),
    (date(2032, 2, 1), "month", date(2032, 2, 29), "Feb 2032"),
    (date(2031, 7, 1), "quarter", date(2031, 9, 30), "Q3 2031"),
    (date(2031, 12, 1), "season", date(2032, 2, 29), "Dec 2031–Feb 2032"),
    (date(2031, 6, 1), "season", date(2031, 8, 31), "Jun–Aug 2031"),
    (date(2031, 1, 1), "year", date(2031, 12, 31), "2031"),
])
def test_a_date_is_the_whole_period_it_names(start: date, precision: str, end: date, label: str) -> None:
    assert date_span(start, precision) == (end, label)


def test_page_data_links_every_article_with_its_evidence(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    build_small_warehouse(db)
    with reading(db) as con:
        events = {e["id"]: e for e in page_data(con)["events"]}
    vote, strike = events["ev_vote"], events["ev_strike"]
    assert (strike["start"], strike["end"], strike["label"]) == ("2031-02-01", "2031-02-28", "Feb 2031")
    assert [s["url"] for s in vote["sources"]] == ["https://news.example/a", "https://news.example/b"]
    assert [e["sentence"] for s in vote["sources"] for e in s["evidence"]] == [
        "The council of Port Elspeth voted on Tuesday.", "Mara Quill cast the deciding vote."]
    assert vote["status"] == "happened" and vote["places"] == ["Port Elspeth"]


def test_an_events_status_is_shown_when_the_warehouse_has_it(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    build_small_warehouse(db)
    with transaction(db) as con:
        if "status" not in {c for (c,) in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = 'timeline'").fetchall()}:
            con.execute("ALTER TABLE timeline ADD COLUMN status VARCHAR")
        con.execute("UPDATE timeline SET status = 'planned' WHERE event_id = 'ev_vote'")
    with reading(db) as con:
        statuses = {e["id"]: e["status"] for e in page_data(con)["events"]}
    assert statuses["ev_vote"] == "planned"


def test_the_page_is_self_contained_and_its_data_cannot_end_the_script(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    build_small_warehouse(db)
    with transaction(db) as con:
        con.execute("UPDATE timeline SET title = 'Vote </script><script>alert(1)</script>' WHERE event_id = 'ev_vote'")
    with reading(db) as con:
        html = render_page(con)
    assert not re.search(r"<(link|img|iframe)\b|\bsrc=|@import|url\(", html)
    assert html.count("<script") == 2 and "alert(1)</script>" not in html
    data = re.search(r'<script type="application/json" id="timeline-data">(.*?)</script>', html, re.S).group(1)
    assert {e["title"] for e in json.loads(data)["events"]} >= {"Vote </script><script>alert(1)</script>"}


def test_the_page_is_published_with_the_exports_and_in_the_manifest(tmp_path: Path) -> None:
    db, out = tmp_path / "w.duckdb", tmp_path / "out"
    build_small_warehouse(db)
    with reading(db) as con:
        first = export.export_timeline(con, out, {PAGE_NAME: render_page(con).encode()})
        again = export.export_timeline(con, out, {PAGE_NAME: render_page(con).encode()})
    manifest = json.loads((out / "manifest.json").read_text())
    assert first.rewritten and not again.rewritten and out / PAGE_NAME in first.files
    assert manifest["files"][PAGE_NAME] == hashlib.sha256((out / PAGE_NAME).read_bytes()).hexdigest()
    assert not list(out.glob(".*partial"))


@dataclass
class SampleRun:
    db: Path
    page: Path


@pytest.fixture(scope="module")
def sample_run(prefect_harness: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SampleRun]:
    from flows.pipeline import pipeline
    from newsline.sample_site import serve_sample_site

    folder = tmp_path_factory.mktemp("page")
    db, exports = folder / "w.duckdb", folder / "exports"
    with serve_sample_site() as site:
        sources = folder / "SOURCES.toml"
        sources.write_text('[fetch]\nallow_hosts = ["127.0.0.1"]\n\n'
                           f'[[source]]\nname = "rss"\nfeed = "{site.feed_url}"\n\n'
                           f'[[source]]\nname = "sitemap"\nsitemap = "{site.sitemap_url}"\n', encoding="utf-8")
        pipeline(str(sources), str(db), str(exports), polite_delay_seconds=0.0)
    yield SampleRun(db, exports / PAGE_NAME)


def timeline_table(db: Path) -> list[dict]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        cursor = con.execute("SELECT event_id, event_date, event_type, date_precision, participants, sources, "
                             "n_articles FROM timeline ORDER BY event_date, event_id")
        columns = [c for c, *_ in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]
    finally:
        con.close()


@pytest.fixture(scope="module")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), "Debian's chromium is missing: `make test` installs it (apt-get install chromium)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def test_the_sample_runs_page_in_a_real_browser(sample_run: SampleRun, browser) -> None:
    events = timeline_table(sample_run.db)
    assert len(events) >= 5
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in {"error", "warning"} else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("request", lambda r: problems.append(f"network: {r.url}") if not r.url.startswith("file:") else None)
    page.goto(sample_run.page.as_uri())

    cards = page.locator("article.event")
    assert sorted(cards.evaluate_all("nodes => nodes.map(n => n.dataset.eventId)")) == sorted(e["event_id"] for e in events)
    for event in events:
        card = page.locator(f'article[data-event-id="{event["event_id"]}"]')
        links = card.locator("ol.sources > li > a").evaluate_all("nodes => nodes.map(n => n.href)")
        assert sorted(links) == sorted(event["sources"]) and len(links) == event["n_articles"]
        assert card.locator("ol.sources blockquote").count() >= event["n_articles"]
        # A period is drawn as a bar over the period, a day as a dot.
        mark = page.locator(f'#axis [data-event-id="{event["event_id"]}"]')
        assert mark.evaluate("n => n.tagName") == ("circle" if event["date_precision"] == "day" else "rect")
    participant = max({p for e in events for p in e["participants"]},
                      key=lambda p: sum(p in e["participants"] for e in events))
    page.select_option("#filter-participant", participant)
    wanted = sorted(e["event_id"] for e in events if participant in e["participants"])
    assert 0 < len(wanted) < len(events)
    assert sorted(cards.evaluate_all("nodes => nodes.map(n => n.dataset.eventId)")) == wanted
    assert page.locator("#summary").inner_text().startswith(f"Showing {len(wanted)} of {len(events)} events")

    page.select_option("#filter-participant", "")
    kind = events[0]["event_type"]
    page.locator(f'article[data-event-id="{events[0]["event_id"]}"] .badge').first.wait_for()
    page.select_option("#filter-type", kind)
    assert cards.count() == sum(e["event_type"] == kind for e in events)
    page.click("#reset")
    assert cards.count() == len(events)
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / "timeline-full.png"), full_page=True)

    # The picture for the README: the latest year, the most-told event's sources open.
    page.select_option("#filter-year", max(e["event_date"] for e in timeline_table(sample_run.db)).strftime("%Y"))
    most_told = max(events, key=lambda e: e["n_articles"])["event_id"]
    page.locator(f'article[data-event-id="{most_told}"] details summary').click()
    page.set_viewport_size({"width": 1280, "height": 1300})
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(ARTEFACTS / "timeline.png"))
    print(f"screenshots: {ARTEFACTS / 'timeline.png'}, {ARTEFACTS / 'timeline-full.png'}")
    assert problems == []
