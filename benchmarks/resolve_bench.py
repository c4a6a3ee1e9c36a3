"""Resolution speed on synthetic mentions: full re-resolves and an incremental batch.

    .venv/bin/python benchmarks/resolve_bench.py [--quick | --agreement]

Synthetic mentions: random dates over two years, 300 people, 200 places, 8 event types, five
mentions an article (most dated to a day, some to a month, some undated; a few previews and
negated mentions). Prints the time of a full re-resolve at 10k, 100k and 500k mentions, and of
one incremental batch — 1,000 new articles' mentions into a warehouse holding 100k articles:
the windowed candidate query, the resolution itself and the write of its changes.
`--quick` runs smaller sizes (10k full; 1,000 into 10k articles). `--agreement` compares one
incremental batch through the warehouse (200 new articles into 2,000) with a full re-resolve
of the same mentions: how many events come out identical.

`synthetic_corpus`, `full_resolve_seconds` and `incremental_seconds` are importable (the
warehouse's scale benchmark uses them).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime, time as clock, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from transforms.models import ArticleRef, EventMention  # noqa: E402
from transforms.resolve import ResolutionChanges, candidate_windows, resolve, resolve_incremental  # noqa: E402
from transforms.resolve_parallel import resolve_by_family  # noqa: E402
from warehouse import resolution as resolution_store  # noqa: E402
from warehouse import store  # noqa: E402
from warehouse.db import migrate, reading, transaction  # noqa: E402

TYPES = ("summit", "meeting", "talks", "call", "strike", "offensive", "ceasefire", "statement")
PEOPLE = tuple(f"Person {n:03d}" for n in range(300))
PLACES = tuple(f"Place {n:03d}" for n in range(200))
FIRST_DAY, DAYS = date(2024, 1, 1), 730
MENTIONS_PER_ARTICLE = 5


def synthetic_corpus(n_articles: int, seed: int = 7, first_index: int = 0, first_day: date = FIRST_DAY,
                     days: int = DAYS) -> tuple[list[EventMention], dict[str, ArticleRef]]:
    """`n_articles` articles of five mentions each, written over `days` from `first_day`,
    reproducible from `seed`."""
    rng = random.Random(seed)
    mentions, refs = [], {}
    for index in range(first_index, first_index + n_articles):
        article_id = f"a{index:08d}"
        written = first_day + timedelta(days=rng.randrange(days))
        stamp = datetime.combine(written, clock(12), tzinfo=UTC)
        refs[article_id] = ArticleRef(article_id, f"https://synthetic.example/{article_id}", stamp, stamp)
        for n in range(MENTIONS_PER_ARTICLE):
            mentions.append(_mention(rng, article_id, n, written))
    return mentions, refs


def _mention(rng: random.Random, article_id: str, n: int, written: date) -> EventMention:
    roll = rng.random()
    status = "planned" if roll < 0.05 else "negated" if roll < 0.07 else "happened"
    when: date | None = written + timedelta(days=rng.randrange(1, 10)) if status == "planned" \
        else written - timedelta(days=rng.randrange(0, 30))
    precision = "day"
    kind = rng.random()
    if kind < 0.05:
        when, precision = when.replace(day=1), "month"
    elif kind < 0.12:
        when, precision = None, None
    return EventMention(
        mention_id=f"{article_id}-{n}", article_id=article_id, sentence_index=n, sentence_start=n * 100,
        sentence_end=n * 100 + 90, sentence_text="A synthetic sentence about the event.",
        event_type=rng.choice(TYPES), trigger="event", trigger_start=n * 100 + 10,
        participants=tuple(rng.sample(PEOPLE, rng.randint(1, 3))),
        locations=tuple(rng.sample(PLACES, rng.randint(0, 1))),
        time_text="then" if when else None, time_value=when.isoformat() if when else None,
        event_date=when, date_precision=precision, status=status,
        date_basis=rng.choice(("explicit", "relative")) if when else None,
    )


def full_resolve_seconds(n_mentions: int, workers: int = 1) -> tuple[float, float, int]:
    """Wall and CPU seconds of a full re-resolve of `n_mentions` synthetic mentions, and the
    number of events it made; with `workers` > 1, split by type family over that many
    processes (the CPU seconds are then this process's share only)."""
    mentions, refs = synthetic_corpus(n_mentions // MENTIONS_PER_ARTICLE)
    started, cpu = time.perf_counter(), time.process_time()
    events = resolve(mentions, refs) if workers == 1 else resolve_by_family(mentions, refs, workers=workers)
    return time.perf_counter() - started, time.process_time() - cpu, len(events)


def build_history(db_path: Path, n_articles: int) -> float:
    """A warehouse holding `n_articles` synthetic articles, their mentions and their resolved
    events (written as a full re-resolve would write them); returns the seconds it took."""
    started = time.perf_counter()
    migrate(db_path)
    mentions, refs = synthetic_corpus(n_articles)
    events = resolve(mentions, refs)
    by_id = {m.mention_id: m for m in mentions}
    with transaction(db_path) as con:
        _insert_corpus(con, refs, mentions)
        resolution_store.apply_resolution(con, ResolutionChanges(tuple(events), frozenset()), refs, by_id,
                                          everything=True)
    return time.perf_counter() - started


def _insert_corpus(con, refs: dict[str, ArticleRef], mentions: list[EventMention]) -> None:
    store.bulk_insert(con, "articles", ("article_id", "url", "canonical_url", "published_at", "text",
                                        "content_hash", "fetched_at"),
                      [(r.article_id, r.url, r.url, r.published_at, "", r.article_id, r.fetched_at)
                       for r in refs.values()])
    columns = resolution_store.MENTION_COLUMNS
    store.bulk_insert(con, "event_mentions", columns,
                      [[list(v) if isinstance(v, tuple) else v for v in (getattr(m, c) for c in columns)]
                       for m in mentions])


def incremental_seconds(db_path: Path, n_new_articles: int, first_index: int) -> dict[str, float]:
    """One incremental batch of `n_new_articles`, written in the week after the history, into
    the warehouse at `db_path`: seconds for the candidate query, the resolution and the write
    (articles, mentions, events, timeline); `cpu_s` is this process's CPU time for all three."""
    new, new_refs = synthetic_corpus(n_new_articles, seed=first_index, first_index=first_index,
                                     first_day=FIRST_DAY + timedelta(days=DAYS), days=7)
    started, cpu = time.perf_counter(), time.process_time()
    with reading(db_path) as con:
        windows = candidate_windows(new, new_refs)
        existing, mentions = resolution_store.candidate_events(con, windows)
        crowded = resolution_store.crowded_periods(con, windows)
        refs = resolution_store.article_refs_of(con, {m.article_id for m in mentions.values()}) | new_refs
    queried = time.perf_counter()
    changes = resolve_incremental(existing, mentions, new, refs, crowded=crowded)
    resolved = time.perf_counter()
    with transaction(db_path) as con:
        _insert_corpus(con, new_refs, new)
        resolution_store.apply_resolution(con, changes, refs, mentions | {m.mention_id: m for m in new})
    written = time.perf_counter()
    return {"candidates": len(existing), "changed": len(changes.events), "query_s": queried - started,
            "resolve_s": resolved - queried, "write_s": written - resolved, "total_s": written - started,
            "cpu_s": time.process_time() - cpu}


def incremental_agreement(n_history: int, n_new: int) -> tuple[int, int, int]:
    """How far one incremental batch through the warehouse agrees with a full re-resolve of the
    same mentions: (events the two share exactly, events of the incremental run, of the full)."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "agreement.duckdb"
        build_history(db, n_history)
        new, new_refs = synthetic_corpus(n_new, seed=n_history, first_index=n_history,
                                         first_day=FIRST_DAY + timedelta(days=DAYS), days=7)
        incremental_seconds(db, n_new, first_index=n_history)
        with reading(db) as con:
            stored = {frozenset(m) for m in resolution_store.previous_members(con).values()}
    mentions, refs = synthetic_corpus(n_history)
    full = {frozenset(m.mention_id for m in e.members) for e in resolve(mentions + new, refs | new_refs)}
    return len(stored & full), len(stored), len(full)


def main() -> None:
    quick = "--quick" in sys.argv
    if "--agreement" in sys.argv:
        same, incremental, full = incremental_agreement(2_000, 200)
        print(f"incremental (200 new articles into 2,000) vs full re-resolve: {same:,} identical events of "
              f"{incremental:,} / {full:,} ({same / full:.1%} of the full re-resolve's)")
        return
    for n in (10_000,) if quick else (10_000, 100_000, 500_000):
        seconds, cpu, events = full_resolve_seconds(n)
        print(f"full re-resolve {n:>7,} mentions: {seconds:7.2f} s wall, {cpu:7.2f} s CPU  ({events:,} events, "
              f"{n / cpu:,.0f} mentions per CPU second)", flush=True)
    n = 10_000 if quick else 500_000
    seconds, cpu, events = full_resolve_seconds(n, workers=2)
    print(f"full re-resolve {n:>7,} mentions split by type family on 2 processes: {seconds:7.2f} s wall "
          f"({cpu:.2f} s CPU in the main one; {events:,} events)", flush=True)
    history = 10_000 if quick else 100_000
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "history.duckdb"
        built = build_history(db, history)
        print(f"history: {history:,} articles ({history * MENTIONS_PER_ARTICLE:,} mentions) built in {built:.1f} s",
              flush=True)
        for batch in range(2):
            t = incremental_seconds(db, 1_000, first_index=history + batch * 1_000)
            print(f"incremental: 1,000 new articles ({1_000 * MENTIONS_PER_ARTICLE:,} mentions) into "
                  f"{history + batch * 1_000:,}: {t['total_s']:.2f} s wall, {t['cpu_s']:.2f} s CPU "
                  f"(query {t['query_s']:.2f}, resolve "
                  f"{t['resolve_s']:.2f}, write {t['write_s']:.2f}; {t['candidates']:,} candidate events, "
                  f"{t['changed']:,} changed)", flush=True)


if __name__ == "__main__":
    main()
