"""How newsline scales: resolution, load, publish, analyst queries, and a whole run on a big site.

    .venv/bin/python benchmarks/scale_bench.py [--quick] [--sizes 1000,10000,100000]
        [--site-articles 10000] [--no-site] [--no-resolution] [--incremental-only]

1. Resolution over synthetic mentions. When `benchmarks/resolve_bench.py` (incremental
   resolution) is present, its `full_resolve_seconds` (10k, 100k, 500k mentions) and
   `build_history`/`incremental_seconds` (1,000 new articles into 100k) are used. Otherwise the
   current full `transforms.resolve.resolve` is timed on small sizes only (it is quadratic).
2. A synthetic warehouse grown through the store's batch write (`store.save_articles`) to each
   size; at each size, 1,000 new articles are loaded with their events (from a stand-in
   grouping: resolution is section 1) and the warehouse is published. Prints the growth curve and
   the cost per article: `publish s` is the real publication (a copy of the previous snapshot
   plus the changed rows), `full s` writing every table afresh, `copy s` the bare file copy.
3. Five analyst queries (`warehouse.queries`) on the largest published snapshot.
1b. An incremental run's save + resolve + load + publish of 1,000 new articles into the history
   of section 1, timed as one piece through the flow's own functions (goal < 10 s at 100k).
4. End to end on a generated local site: `benchmarks/e2e_bench.py` (127.0.0.1:8815, politeness
   delay 0) with Prefect's thread pool and with Dask on 2 worker processes.
Synthetic data only (names from transforms/data). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
import tomllib
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "300")

import duckdb  # noqa: E402

from transforms.event_types import TYPE_PRIORITY  # noqa: E402
from transforms.models import ArticleRef, CleanedArticle, EventMention, TimelineEvent  # noqa: E402
from transforms.resolve import resolve  # noqa: E402
from warehouse import resolution as resolution_store  # noqa: E402
from warehouse import snapshot, store  # noqa: E402
from warehouse.db import migrate, transaction  # noqa: E402
from warehouse.queries import ANALYST_QUERIES  # noqa: E402
from warehouse.schema import TIMELINE, TIMELINE_MENTIONS  # noqa: E402

try:  # incremental resolution, by the resolve engineer
    import resolve_bench
except ImportError:
    resolve_bench = None

SITE_PORT = 8815
BATCH = 200  # as the flow writes
STEP = 1_000  # new articles per incremental step
TYPES = tuple(TYPE_PRIORITY)[:8]  # eight event types the domain pack knows
DATA = REPO / "transforms" / "domain"
PEOPLE = tuple(a["name"] for a in tomllib.loads((DATA / "actors.toml").read_text())["actor"]
               if a.get("kind", "person") == "person")
PLACES = tuple(p["name"] for p in tomllib.loads((DATA / "places.toml").read_text())["place"])
FIRST_DAY = date(2024, 1, 1)


def timed(action: Callable[[], object]) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def cpu_timed(action: Callable[[], object]) -> tuple[float, float, object]:
    """(wall, CPU of this process's threads, result): CPU is what the other jobs on a shared
    machine distort least."""
    started, cpu = time.perf_counter(), time.process_time()
    result = action()
    return time.perf_counter() - started, time.process_time() - cpu, result


# --- synthetic articles ------------------------------------------------------------------------


def synthetic_article(index: int, rng: random.Random) -> store.SavedArticle:
    written = FIRST_DAY + timedelta(days=rng.randrange(730))
    published = datetime(written.year, written.month, written.day, 9, tzinfo=UTC)
    sentences, mentions = [], []
    article_id = f"{index:016x}"
    for n in range(5):
        people, place = rng.sample(PEOPLE, 2), rng.choice(PLACES)
        when = written - timedelta(days=rng.randrange(30))
        sentence = (f"{people[0]} and {people[1]} held {rng.choice(TYPES)} in {place} on "
                    f"{when:%d %B %Y}, officials said, after weeks of preparations.")
        start = sum(len(s) + 1 for s in sentences)
        sentences.append(sentence)
        mentions.append(EventMention(
            f"{article_id}-{n}", article_id, n, start, start + len(sentence), sentence,
            rng.choice(TYPES), "held", start, tuple(people), (place,), when.isoformat(),
            when.isoformat(), when, "day"))
    text = " ".join(sentences) + " " + "Background paragraph with more context. " * 15
    article = CleanedArticle(
        url=f"https://site{index % 50}.example/{index}", canonical_url=f"https://site{index % 50}.example/{index}",
        title=f"Article {index}", author=None, site_name=f"Site {index % 50}", published_at=published,
        published_at_source="html", language="en", text=text, content_hash=article_id * 4)
    return article, published, mentions


def synthetic_events(batch: list[store.SavedArticle]) -> list[TimelineEvent]:
    """Stand-in resolution for growing the warehouse: one event per type, day and first person."""
    groups: dict[tuple, list[EventMention]] = defaultdict(list)
    for _, _, mentions in batch:
        for m in mentions:
            groups[(m.event_type, m.event_date, m.participants[0])].append(m)
    return [TimelineEvent(f"ev_{ms[0].mention_id}", key[1], "day", key[0], f"{key[0]} of {key[2]}",
                          ms[0].participants, ms[0].locations, tuple(m.mention_id for m in ms))
            for key, ms in groups.items()]


def write_batch(state: Path, batch: list[store.SavedArticle], events: list[TimelineEvent],
                told_by: list[store.SavedArticle] | None = None) -> None:
    """One transaction: the batch's articles and `events` (told by the articles `told_by`)."""
    told_by = told_by or batch
    refs = {a.article_id: ArticleRef(a.article_id, a.canonical_url, a.published_at, at) for a, at, _ in told_by}
    mentions = {m.mention_id: m for _, _, ms in told_by for m in ms}
    with transaction(state) as con:
        store.save_articles(con, batch)
        store.insert_rows(con, TIMELINE, [store.timeline_row(e, refs, mentions) for e in events])
        store.insert_rows(con, TIMELINE_MENTIONS, [(e.event_id, m, "own") for e in events for m in e.mention_ids])


def grow(state: Path, start: int, stop: int, rng: random.Random) -> None:
    for lo in range(start, stop, BATCH):
        batch = [synthetic_article(i, rng) for i in range(lo, min(stop, lo + BATCH))]
        write_batch(state, batch, synthetic_events(batch))


# --- 1. resolution -----------------------------------------------------------------------------


def resolution(quick: bool, full: bool = True) -> None:
    print("resolution")
    if resolve_bench is not None and hasattr(resolve_bench, "full_resolve_seconds"):
        for n in ((10_000,) if quick else (10_000, 100_000, 500_000)) if full else ():
            wall, cpu, events = resolve_bench.full_resolve_seconds(n)
            print(f"  full re-resolve {n:>7,} mentions: {wall:7.2f} s wall, {cpu:7.2f} s CPU ({events:,} events)")
        history = 10_000 if quick else 100_000
        with tempfile.TemporaryDirectory() as folder:
            db = Path(folder) / "history.duckdb"
            built = resolve_bench.build_history(db, history)
            print(f"  history of {history:,} articles built in {built:.1f} s")
            shutil.copyfile(db, Path(folder) / "run.duckdb")  # for section 1b's run, before this step
            step = resolve_bench.incremental_seconds(db, STEP, first_index=history)
            publish = snapshot.publish(db, Path(folder) / "published.duckdb")
            print(f"  incremental: {STEP:,} new articles into {history:,}: resolve+load {step['total_s']:.2f} s "
                  f"({step['cpu_s']:.2f} s CPU, {step['candidates']:,} candidate events), "
                  f"publish {publish.seconds:.2f} s → {step['total_s'] + publish.seconds:.2f} s (goal < 10 s)")
            incremental_run(Path(folder) / "run.duckdb", history)
        return
    print("  (benchmarks/resolve_bench.py not present: current full resolve, small sizes only)")
    for n_articles in (200, 400, 800):
        rng = random.Random(n_articles)
        batch = [synthetic_article(i, rng) for i in range(n_articles)]
        mentions = [m for _, _, ms in batch for m in ms]
        refs = {a.article_id: ArticleRef(a.article_id, a.url, a.published_at, at) for a, at, _ in batch}
        seconds, events = timed(lambda: resolve(mentions, refs))
        print(f"  full resolve {len(mentions):>6,} mentions: {seconds:7.2f} s ({len(events):,} events)")


# --- 1b. an incremental run's load + resolve + publish, as one piece ---------------------------


def new_articles(history: int) -> list[store.SavedArticle]:
    """resolve_bench's next 1,000 synthetic articles (written in the week after the history), as
    cleaned articles with their mentions, ready for the store's batch write."""
    mentions, refs = resolve_bench.synthetic_corpus(
        STEP, seed=history, first_index=history, days=7,
        first_day=resolve_bench.FIRST_DAY + timedelta(days=resolve_bench.DAYS))
    by_article: dict[str, list[EventMention]] = defaultdict(list)
    for m in mentions:
        by_article[m.article_id].append(m)
    saved = []
    for article_id, ref in refs.items():
        text = " ".join(m.sentence_text for m in by_article[article_id])
        article = CleanedArticle(url=ref.url, canonical_url=ref.url, title=article_id, author=None,
                                 site_name="Synthetic", published_at=ref.published_at, published_at_source="html",
                                 language="en", text=text, content_hash=article_id.ljust(16, "0") * 4)
        saved.append((article, ref.fetched_at, by_article[article_id]))
    return saved


def incremental_run(state: Path, history: int) -> None:
    """What a run does with 1,000 new articles after cleaning and extraction, timed as one
    piece with the flow's own functions: save them (one transaction per batch, with the
    resolution queue), resolve the queued articles against the stored events, write the
    resolution and the timeline, publish the snapshot readers open (replacing the last one)."""
    from flows.pipeline import BATCH_PAGES, load, resolve_events

    published = state.with_name("run-published.duckdb")
    snapshot.publish(state, published)  # the previous run's snapshot
    batch = new_articles(history)
    clock, cpu = [time.perf_counter()], time.process_time()
    for i in range(0, len(batch), BATCH_PAGES):
        with transaction(state) as con:
            store.save_articles(con, batch[i:i + BATCH_PAGES])
            resolution_store.queue_articles(con, [a.article_id for a, _, _ in batch[i:i + BATCH_PAGES]])
    clock.append(time.perf_counter())
    resolved = resolve_events.fn(state)
    clock.append(time.perf_counter())
    changes = load.fn(state, resolved)
    clock.append(time.perf_counter())
    publication = snapshot.publish(state, published)
    clock.append(time.perf_counter())
    parts = ", ".join(f"{name} {b - a:.2f}" for name, a, b in zip(("save", "resolve", "load", "publish"), clock, clock[1:]))
    print(f"  one piece: {STEP:,} new articles into {history:,}: {clock[-1] - clock[0]:.2f} s wall, "
          f"{time.process_time() - cpu:.2f} s CPU ({parts}; {changes.inserted:,} timeline rows inserted, "
          f"{changes.updated:,} updated; snapshot {publication.bytes / 2**20:.0f} MiB) (goal < 10 s)", flush=True)


# --- 2. load and publish growth curve ----------------------------------------------------------


def growth(sizes: list[int], folder: Path) -> Path:
    print(f"load + resolve + publish of {STEP:,} new articles, as the warehouse grows (wall s / CPU s)")
    print(f"  {'articles':>9} {'load':>11} {'group':>11} {'publish':>11} {'full':>6} {'copy':>5} {'MiB':>6} "
          f"{'fullMiB':>7} {'total':>11} {'ms/article wall, CPU':>21}")
    state, published = folder / "state.duckdb", folder / "published.duckdb"
    migrate(state)
    rng, have, first = random.Random(1), 0, None
    for size in sizes:
        grow(state, have, size - STEP, rng)
        snapshot.publish(state, published)  # what the previous run published
        new = [synthetic_article(i, rng) for i in range(size - STEP, size)]
        # Events from a stand-in grouping: resolution's own cost is section 1's business.
        group_s, group_cpu, events = cpu_timed(lambda: synthetic_events(new))
        load_s, load_cpu, _ = cpu_timed(lambda: [write_batch(state, new[i:i + BATCH], events if i == 0 else [], new)
                                                 for i in range(0, len(new), BATCH)])
        publish_s, publish_cpu, publication = cpu_timed(lambda: snapshot.publish(state, published))
        full = snapshot.publish(state, folder / "fresh.duckdb", fresh=True)
        copy_s, _ = timed(lambda: shutil.copyfile(published, folder / "copy.duckdb"))
        wall, cpu = load_s + group_s + publish_s, load_cpu + group_cpu + publish_cpu
        per = (wall / STEP * 1000, cpu / STEP * 1000)
        first = first or per
        print(f"  {size:>9,} {load_s:5.2f}/{load_cpu:5.2f} {group_s:5.2f}/{group_cpu:5.2f} {publish_s:5.2f}/{publish_cpu:5.2f} "
              f"{full.seconds:6.2f} {copy_s:5.2f} {publication.bytes / 2**20:6.1f} {full.bytes / 2**20:7.1f} "
              f"{wall:5.2f}/{cpu:5.2f} {per[0]:8.2f}, {per[1]:5.2f} ms  "
              f"({per[0] / first[0]:.2f}× wall, {per[1] / first[1]:.2f}× CPU of the first; "
              f"load average {os.getloadavg()[0]:.1f})", flush=True)
        have = size
    return published


# --- 3. analyst queries ------------------------------------------------------------------------


def analyst_queries(published: Path) -> None:
    con = duckdb.connect(str(published), read_only=True)
    articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    print(f"analyst queries on the published snapshot ({articles:,} articles), DuckDB {duckdb.__version__}")
    for name, sql in ANALYST_QUERIES.items():
        first, rows = timed(lambda: con.execute(sql).fetchall())
        best = min(timed(lambda: con.execute(sql).fetchall())[0] for _ in range(3))
        print(f"  {name:<45} first {first:6.3f} s, best {best:6.3f} s  ({len(rows):,} rows; goal < 1 s)")
    con.close()


# --- 4. end to end on a generated site ---------------------------------------------------------


def whole_runs(n_articles: int) -> None:
    """`benchmarks/e2e_bench.py` with both runners (its own site process and Prefect server)."""
    import subprocess

    subprocess.run([sys.executable, str(REPO / "benchmarks" / "e2e_bench.py"), "--articles", str(n_articles),
                    "--runner", "default,dask", "--port", str(SITE_PORT)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--site-articles", type=int, default=10_000)
    parser.add_argument("--no-site", action="store_true")
    parser.add_argument("--no-resolution", action="store_true")
    parser.add_argument("--incremental-only", action="store_true",
                        help="only the incremental step into the history (sections 1 without the full re-resolves, 1b)")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
    if args.incremental_only:
        resolution(args.quick, full=False)
        return
    with tempfile.TemporaryDirectory(prefix="scale-") as tmp:
        folder = Path(tmp)
        if not args.no_resolution:
            resolution(args.quick)
        published = growth([int(s) for s in args.sizes.split(",")], folder)
        analyst_queries(published)
        if not args.no_site:
            whole_runs(args.site_articles)


if __name__ == "__main__":
    main()
