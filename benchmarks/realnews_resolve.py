"""Re-resolve the mentions a realnews-dev run stored, and score the timeline it would publish.

    .venv/bin/python benchmarks/realnews_resolve.py DIR [../shared/benchmarks/realnews-dev]
        [--json] [--all] [--parts ua1,ua2,me] [--detail]

DIR is a folder kept by `benchmarks/realnews_bench.py --keep DIR` (its `rn.duckdb` and
`site/urls.json`). Extraction is not run again: the stored `event_mentions` are resolved with
today's `transforms.resolve` and the happened/ongoing events are scored by the set's own
`score_timeline.py`, exactly as the exported timeline would be. This separates resolution's
part from extraction's, and takes seconds instead of a whole run. The data is read in place.
`--all` prints every problem and every row that fits nothing. `--parts` prints only the
problems of targets told by articles of those parts alone (article-id prefixes) and the rows
whose sources all are of those parts; the others are counted, never shown (the set's `world`
part is held out). `--detail` prints, under each row shown that fits nothing, its member
mentions: article, role, date, cue and sentence. The summary line always scores every row.
"""

from __future__ import annotations

import importlib.util
import json
import sys
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from transforms.event_dating import evidence_of  # noqa: E402
from transforms.resolve import publishable, resolve  # noqa: E402
from warehouse import resolution as resolution_store  # noqa: E402
from warehouse import store  # noqa: E402


def _scorer(dev: Path):
    spec = importlib.util.spec_from_file_location("score_timeline", dev / "score_timeline.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def resolved(db: Path):
    """Every event resolved from the stored mentions, the mentions, the articles, CPU seconds."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        mentions = resolution_store.every_mention(con)
        refs = store.article_refs(con)
    finally:
        con.close()
    cpu = time.process_time()
    events = resolve(list(mentions.values()), refs)
    return events, mentions, refs, time.process_time() - cpu


def timeline_rows(db: Path) -> tuple[list[dict], float]:
    """The rows the timeline would hold, as the export writes them, and the CPU seconds taken."""
    events, mentions, refs, cpu = resolved(db)
    return _rows(events, mentions, refs)[0], cpu


def _rows(events, mentions, refs) -> tuple[list[dict], list]:
    rows, published = [], []
    for event in events:
        if not publishable(event, mentions):
            continue
        sources = sorted({refs[mentions[m].article_id].url for m in event.mention_ids})
        rows.append({"event_id": event.event_id, "event_date": event.event_date.isoformat(),
                     "date_precision": event.date_precision, "event_type": event.event_type,
                     "title": event.title, "participants": list(event.participants),
                     "locations": list(event.locations), "sources": sources, "status": event.status})
        published.append(event)
    return rows, published


def _part(article_id: str) -> str:
    return article_id.split("-")[0]


def _fits(scorer, row: dict, articles: list, events: list, urls: dict) -> bool:
    return not scorer.score([row], urls, articles, events)["unsupported"]


def _detail(event, mentions, refs, article_of_url: dict) -> list[str]:
    lines = []
    roles = {m.mention_id: m for m in event.members}
    for mention_id in event.mention_ids:
        m = mentions[mention_id]
        ref = refs[m.article_id]
        written = (ref.published_at or ref.fetched_at).date()
        evidence = evidence_of(m, written)
        cue = f"{evidence.cue} {evidence.weight:g}" if evidence else "no evidence"
        lines.append(f"    {article_of_url.get(ref.url, '?')} ({written}) {roles[mention_id].role} "
                     f"{m.event_type} {m.status} {m.event_date} {m.date_precision} {m.date_basis} "
                     f"[{cue}] {m.time_text!r}: {m.sentence_text.strip()[:220]}")
    lines.append(f"    date: {event.date_reason}")
    return lines


def main(folder: Path, dev: Path, as_json: bool, everything: bool, parts: set[str] | None, detail: bool) -> int:
    events_resolved, mentions, refs, cpu = resolved(folder / "rn.duckdb")
    rows, published = _rows(events_resolved, mentions, refs)
    scorer = _scorer(dev)
    urls = json.loads((folder / "site" / "urls.json").read_text())
    articles = [json.loads(line) for line in open(dev / "articles.jsonl", encoding="utf-8") if line.strip()]
    events = json.loads((dev / "events.json").read_text(encoding="utf-8"))
    result = scorer.score(rows, urls, articles, events)
    if as_json and parts is None:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    article_of_url = {url.rstrip("/").lower(): aid for aid, url in urls.items()}
    article_of_url |= {url: aid for aid, url in urls.items()}
    told = {}
    for article in articles:
        for e in article["events"]:
            told.setdefault(e["key"], set()).add(article["id"])
    hidden_problems = hidden_rows = hidden_fit = 0
    for problem in result["problems"]:
        key = problem.split(" ")[0]
        if parts is None or {_part(a) for a in told.get(key, ())} <= parts:
            print(problem)
        else:
            hidden_problems += 1
    shown = 0
    for row, event in zip(rows, published):
        row_parts = {_part(article_of_url.get(u, "?-")) for u in row["sources"]}
        if parts is not None and not row_parts <= parts:
            hidden_rows += 1  # counted, never shown
            hidden_fit += _fits(scorer, row, articles, events, urls)
            continue
        if _fits(scorer, row, articles, events, urls):
            continue
        shown += 1
        if not everything and shown > 25:
            continue
        print(f"fits no labelled event: {row['event_date']} {row['date_precision']} {row['event_type']}: "
              f"{row['title'][:80]} [{event.event_id}]")
        if detail:
            print("\n".join(_detail(event, mentions, refs, article_of_url)))
    kinds = {kind: sum(kind in p for p in result["problems"])
             for kind in ("missing", "duplicates", "among the sources", "retrospective")}
    if parts is not None:
        print(f"shown: parts {','.join(sorted(parts))}: {shown} rows fit nothing; hidden (other parts): "
              f"{hidden_problems} problems, {hidden_rows} rows ({hidden_fit} fitting a labelled event)")
    print(f"resolved in {cpu:.2f} s CPU; events found {result['found']}/{result['targets']} "
          f"(recall {result['recall']:.2f}), problems {len(result['problems'])} {kinds}, "
          f"rows {result['rows']}, precision {result['precision']:.2f}")
    return 0


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("dev", nargs="?", type=Path, default=REPO.parents[1] / "shared" / "benchmarks" / "realnews-dev")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--all", action="store_true")
    parser.add_argument("--parts", help="comma-separated article-id prefixes to show (e.g. ua1,ua2,me)")
    parser.add_argument("--detail", action="store_true")
    options = parser.parse_args()
    chosen = set(options.parts.split(",")) if options.parts else None
    sys.exit(main(options.folder, options.dev.resolve(), options.json, options.all, chosen, options.detail))
