"""Incremental resolution against a real DuckDB warehouse, and `newsline explain` on it."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

from typer.testing import CliRunner

from newsline.cli import app
from transforms.models import ArticleRef, CleanedArticle, EventMention
from transforms.resolution_rules import rules
from transforms.resolve import ResolutionChanges, candidate_windows, resolve, resolve_incremental
from warehouse import resolution
from warehouse.db import migrate, reading, transaction
from warehouse.export import TIMELINE_QUERY
from warehouse.store import save_article

SUMMIT = date(2026, 3, 12)


def _article(name: str, text: str, day: int) -> CleanedArticle:
    digest = hashlib.sha256(text.encode()).hexdigest()
    return CleanedArticle(url=f"https://press.example/{name}", canonical_url=f"https://press.example/{name}",
                          title=name, author=None, site_name="Press", language="en", text=text,
                          published_at=datetime(2026, 3, day, 9, tzinfo=UTC), published_at_source="html",
                          content_hash=digest)


def _mention(article: CleanedArticle, n: int, when: date | None, status: str, basis: str | None) -> EventMention:
    sentence = article.text
    return EventMention(
        mention_id=f"{article.article_id}-{n}", article_id=article.article_id, sentence_index=0,
        sentence_start=0, sentence_end=len(sentence), sentence_text=sentence, event_type="summit",
        trigger="summit", trigger_start=sentence.index("summit"), participants=("Ada Quill", "Boris Vell"),
        locations=("Lakeview",), time_text="Thursday" if when else None,
        time_value=when.isoformat() if when else None, event_date=when,
        date_precision="day" if when else None, status=status, date_basis=basis,
    )


def _run_batch(db: Path, batch: list[tuple[CleanedArticle, list[EventMention]]]) -> None:
    """What the flow's resolve and load tasks do for one batch of new articles."""
    new = [m for _, mentions in batch for m in mentions]
    refs = {a.article_id: ArticleRef(a.article_id, a.canonical_url, a.published_at, a.published_at) for a, _ in batch}
    with reading(db) as con:
        windows = candidate_windows(new, refs)
        existing, mentions = resolution.candidate_events(con, windows)
        crowded = resolution.crowded_periods(con, windows)
        refs |= resolution.article_refs_of(con, {m.article_id for m in mentions.values()})
    changes = resolve_incremental(existing, mentions, new, refs, crowded=crowded)
    with transaction(db) as con:
        for article, article_mentions in batch:
            save_article(con, article, article.published_at, article_mentions)
        resolution.apply_resolution(con, changes, refs, mentions | {m.mention_id: m for m in new})


def _timeline(db: Path) -> list[dict]:
    with reading(db) as con:
        cursor = con.execute(TIMELINE_QUERY)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def test_a_planned_summit_waits_off_the_timeline_then_becomes_the_reported_one(tmp_path: Path) -> None:
    db = tmp_path / "state.duckdb"
    migrate(db)
    preview = _article("preview", "Quill and Vell will hold a summit in Lakeview on Thursday.", 9)
    _run_batch(db, [(preview, [_mention(preview, 0, SUMMIT, "planned", "relative")])])
    assert _timeline(db) == []
    with reading(db) as con:
        [(event_id, status)] = con.execute("SELECT event_id, status FROM resolved_events").fetchall()
    assert status == "planned"

    report = _article("report", "Quill and Vell met at a summit in Lakeview on Thursday, officials said.", 13)
    aside = _article("aside", "The Lakeview summit of Quill and Vell ended without a joint statement.", 14)
    _run_batch(db, [(report, [_mention(report, 0, SUMMIT, "happened", "relative")]),
                    (aside, [_mention(aside, 0, None, "happened", None)])])
    [row] = _timeline(db)
    assert (row["event_id"], row["status"], row["event_date"], row["n_articles"]) == (event_id, "happened", SUMMIT, 3)
    assert row["first_announced_at"] == preview.published_at
    with reading(db) as con:
        dates = con.execute("SELECT event_date, basis, chosen FROM event_dates ORDER BY basis").fetchall()
        roles = dict(con.execute("SELECT mention_id, role FROM event_members").fetchall())
    assert dates == [(SUMMIT, "planned", False), (SUMMIT, "reported", True)]
    assert roles == {f"{preview.article_id}-0": "own", f"{report.article_id}-0": "own",
                     f"{aside.article_id}-0": "inherited"}

    result = CliRunner().invoke(app, ["explain", event_id[:9], "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "status happened" in result.output
    assert "« The Lakeview summit of Quill and Vell ended without a joint statement. »" in result.output
    assert "no date of its own; names its place Ada Quill, Boris Vell, Lakeview" in result.output
    assert "* 2026-03-12 day     reported" in result.output


def test_explain_says_so_when_there_is_no_such_event(tmp_path: Path) -> None:
    db = tmp_path / "state.duckdb"
    migrate(db)
    result = CliRunner().invoke(app, ["explain", "ev_nothing", "--db", str(db)])
    assert result.exit_code == 1
    assert "no event 'ev_nothing'" in result.output


def _dated(mention_id: str, article: str, when: date | None, people: tuple[str, ...], status: str = "happened",
           basis: str | None = "explicit") -> EventMention:
    sentence = "The envoys met for talks."
    return EventMention(
        mention_id=mention_id, article_id=article, sentence_index=0, sentence_start=0, sentence_end=len(sentence),
        sentence_text=sentence, event_type="talks", trigger="talks", trigger_start=20, participants=people,
        locations=(), time_text="then" if when else None, time_value=when.isoformat() if when else None,
        event_date=when, date_precision="day" if when else None, status=status, date_basis=basis)


def test_the_candidate_query_loads_only_the_events_a_new_mention_could_join(tmp_path: Path) -> None:
    db = tmp_path / "warehouse.duckdb"
    migrate(db)
    day = date(2026, 3, 20)
    refs = {f"a{n}": ArticleRef(f"a{n}", f"https://press.example/a{n}", datetime(2026, 3, n, 9, tzinfo=UTC),
                                datetime(2026, 3, n, 9, tzinfo=UTC)) for n in range(1, 28)}
    history = [
        _dated("same-day", "a21", day, ("Ada Quill",)),
        _dated("other-name", "a20", day, ("Cora Dunn",)),
        _dated("strong-far", "a11", date(2026, 3, 10), ("Ada Quill",)),
        _dated("weak-near", "a2", date(2026, 3, 12), ("Ada Quill",), status="planned"),
        *[_dated(f"boris-{n}", f"a{n + 1}", date(2026, 3, n), ("Boris Vell",)) for n in (3, 6, 9, 12, 15)],
    ]
    events = resolve(history, refs)
    with transaction(db) as con:
        resolution.apply_resolution(con, ResolutionChanges(tuple(events), frozenset()), refs,
                                    {m.mention_id: m for m in history}, everything=True)
    new = [_dated("new-dated", "a22", day, ("Ada Quill",)), _dated("new-undated", "a16", None, ("Boris Vell",))]
    with reading(db) as con:
        loaded, _ = resolution.candidate_events(con, candidate_windows(new, refs))
    told_by = {e.event_id: e.mention_ids for e in events}
    assert sorted(m for e in loaded for m in told_by[e.event_id]) == [
        # the undated mention's four nearest days with its name (not the 3rd: five days back);
        # and the few events of the dated one's day, which a name spelled in a sentence may join
        "boris-12", "boris-15", "boris-6", "boris-9", "other-name", "same-day", "weak-near"]


def _talks(article: CleanedArticle, when: date, people: tuple[str, ...], places: tuple[str, ...] = ()) -> EventMention:
    sentence = article.text
    return EventMention(
        mention_id=f"{article.article_id}-0", article_id=article.article_id, sentence_index=0, sentence_start=0,
        sentence_end=len(sentence), sentence_text=sentence, event_type="talks", trigger="talks",
        trigger_start=sentence.index("talks"), participants=people, locations=places, time_text="on Friday",
        time_value=when.isoformat(), event_date=when, date_precision="day", status="happened", date_basis="relative")


def _incremental_and_full(db: Path, *batches: list[tuple[CleanedArticle, list[EventMention]]]) -> tuple[set, set]:
    """The events (as sets of mentions) the warehouse holds after resolving the batches one by
    one, as runs do, and those of one full re-resolve of all their mentions."""
    migrate(db)
    for batch in batches:
        _run_batch(db, batch)
    with reading(db) as con:
        rows = con.execute(
            "SELECT list(mention_id ORDER BY mention_id) FROM event_members GROUP BY event_id").fetchall()
    articles = [a for batch in batches for a, _ in batch]
    refs = {a.article_id: ArticleRef(a.article_id, a.canonical_url, a.published_at, a.published_at) for a in articles}
    full = resolve([m for batch in batches for _, mentions in batch for m in mentions], refs)
    return {frozenset(ids) for (ids,) in rows}, {frozenset(e.mention_ids) for e in full}


FRIDAY = date(2026, 3, 20)


def test_an_incremental_run_merges_by_a_spelled_name_as_a_full_re_resolve_does(tmp_path: Path) -> None:
    wire = _article("wire", "Envoys of Freedonia and Sylvania held talks on Friday.", 21)
    paper = _article("paper", "Cora Dunn chaired the talks with Freedonia in Lakeview on Friday.", 21)
    incremental, full = _incremental_and_full(
        tmp_path / "state.duckdb",
        [(wire, [_talks(wire, FRIDAY, ("Freedonia", "Sylvania"))])],
        [(paper, [_talks(paper, FRIDAY, ("Cora Dunn",), ("Lakeview",))])])
    assert full == {frozenset({f"{wire.article_id}-0", f"{paper.article_id}-0"})}
    assert incremental == full


def test_where_the_period_holds_too_many_events_neither_run_merges_by_a_spelled_name(tmp_path: Path) -> None:
    crowd = rules().told_candidates + 1
    history = [_article(f"a{n}", f"Envoy {n} and Minister {n} held talks on Friday.", 21) for n in range(crowd)]
    paper = _article("paper", "Cora Dunn chaired talks with Minister 3 in Lakeview on Friday.", 21)
    new = [(paper, [_talks(paper, FRIDAY, ("Cora Dunn",), ("Lakeview",))])]
    db = tmp_path / "state.duckdb"
    incremental, full = _incremental_and_full(
        db, [(a, [_talks(a, FRIDAY, (f"Envoy {n}", f"Minister {n}"))]) for n, a in enumerate(history)], new)
    assert frozenset({f"{paper.article_id}-0"}) in full
    assert incremental == full
    with reading(db) as con:
        refs = {paper.article_id: ArticleRef(paper.article_id, paper.canonical_url, paper.published_at, None)}
        windows = candidate_windows(new[0][1], refs)
        assert resolution.crowded_periods(con, windows) == {("meeting", "day", FRIDAY)}


def test_an_event_only_a_lede_dates_waits_off_the_timeline_until_a_second_article_tells_it(tmp_path: Path) -> None:
    db = tmp_path / "state.duckdb"
    migrate(db)
    day = date(2026, 3, 10)
    lede = _article("lede", "Quill and Vell hold a summit in Lakeview.", 10)
    headline = replace(_mention(lede, 0, day, "happened", "relative"), time_text="")
    _run_batch(db, [(lede, [headline])])
    assert _timeline(db) == []
    with reading(db) as con:
        [(event_id, status)] = con.execute("SELECT event_id, status FROM resolved_events").fetchall()
    assert status == "happened"
    result = CliRunner().invoke(app, ["explain", event_id, "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "not on the published timeline (one article tells it and no words date it" in result.output

    later = _article("later", "The Lakeview summit of Quill and Vell drew protesters.", 12)
    _run_batch(db, [(later, [_mention(later, 0, None, "happened", None)])])
    [row] = _timeline(db)
    assert (row["event_id"], row["event_date"], row["n_articles"]) == (event_id, day, 2)
