"""Re-resolve the mentions a realnews-dev run stored, and score the timeline it would publish.

    .venv/bin/python benchmarks/realnews_resolve.py DIR [../shared/benchmarks/realnews-dev] [--json] [--all]

DIR is a folder kept by `benchmarks/realnews_bench.py --keep DIR` (its `rn.duckdb` and
`site/urls.json`). Extraction is not run again: the stored `event_mentions` are resolved with
today's `transforms.resolve` and the happened/ongoing events are scored by the set's own
`score_timeline.py`, exactly as the exported timeline would be. This separates resolution's
part from extraction's, and takes seconds instead of a whole run. The data is read in place.
`--all` prints every problem and every row that fits nothing.
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

from transforms.resolve import resolve  # noqa: E402
from warehouse import resolution as resolution_store  # noqa: E402
from warehouse import store  # noqa: E402


def _scorer(dev: Path):
    spec = importlib.util.spec_from_file_location("score_timeline", dev / "score_timeline.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def timeline_rows(db: Path) -> tuple[list[dict], float]:
    """The rows the timeline would hold, as the export writes them, and the CPU seconds taken."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        mentions = resolution_store.every_mention(con)
        refs = store.article_refs(con)
    finally:
        con.close()
    cpu = time.process_time()
    events = resolve(list(mentions.values()), refs)
    cpu = time.process_time() - cpu
    rows = []
    for event in events:
        if event.status not in resolution_store.PUBLISHED_STATUSES:
            continue
        sources = sorted({refs[mentions[m].article_id].url for m in event.mention_ids})
        rows.append({"event_id": event.event_id, "event_date": event.event_date.isoformat(),
                     "date_precision": event.date_precision, "event_type": event.event_type,
                     "title": event.title, "participants": list(event.participants),
                     "locations": list(event.locations), "sources": sources, "status": event.status})
    return rows, cpu


def main(folder: Path, dev: Path, as_json: bool, everything: bool) -> int:
    rows, cpu = timeline_rows(folder / "rn.duckdb")
    scorer = _scorer(dev)
    urls = json.loads((folder / "site" / "urls.json").read_text())
    articles = [json.loads(line) for line in open(dev / "articles.jsonl", encoding="utf-8") if line.strip()]
    events = json.loads((dev / "events.json").read_text(encoding="utf-8"))
    result = scorer.score(rows, urls, articles, events)
    if as_json:
        print(json.dumps(result, ensure_ascii=False))
        return 0
    for problem in result["problems"]:
        print(problem)
    for row in result["unsupported"][: None if everything else 25]:
        print("fits no labelled event:", row)
    kinds = {kind: sum(kind in p for p in result["problems"])
             for kind in ("missing", "duplicates", "among the sources", "retrospective")}
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
    options = parser.parse_args()
    sys.exit(main(options.folder, options.dev.resolve(), options.json, options.all))
