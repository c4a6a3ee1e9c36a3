"""Every event mention the extractor finds, dumped to JSON, and the differences of two dumps.

    .venv/bin/python benchmarks/extract_dump.py dump OUT.json [--data ../shared/benchmarks]
    .venv/bin/python benchmarks/extract_dump.py compare A.json B.json

`dump` runs extraction as the flow's tasks do (clean, split, then `extract_mentions_many` on
chunks of `ARTICLES_PER_TASK` articles) over the 181 pages of the article-extraction benchmark
and over the English articles of realnews-dev's parts ua1, ua2, me and world-a (never world-b),
and writes one record per mention (article, sentence index, type, trigger, date, precision,
status, participants, places, time expression) plus the tagger's parse-free reading of each
text (`temporal.tag(..., parse=False)`). `compare` prints what is only in one dump, article by
article, and exits 1 when the dumps differ: a change meant to be behaviour-preserving (speed)
must print no difference. Data are read in place; nothing of them is stored in the repository.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(Path(__file__).resolve().parent)]

from flows.pipeline import ARTICLES_PER_TASK  # noqa: E402
from transforms import temporal  # noqa: E402
from transforms.clean import clean_page  # noqa: E402
from transforms.extract import extract_mentions_many  # noqa: E402
from transforms.models import CleanedArticle, EventMention  # noqa: E402
from transforms.sentences import split_sentences  # noqa: E402

REALNEWS_PARTS = ("ua1", "ua2", "me", "world-a")  # world-b is only ever scored, never dumped
DEFAULT_DAY = datetime(2020, 1, 1, tzinfo=UTC)  # as pipeline_bench: a page without a date

Article = tuple[str, str, date]  # (id, text, publication day)


def page_articles(pages_dir: Path) -> Iterator[Article]:
    """The benchmark pages that clean into articles, as pipeline_bench cleans them."""
    for path in sorted(pages_dir.glob("*.html.gz")):
        cleaned = clean_page(gzip.decompress(path.read_bytes()), f"https://bench.example/{path.name}",
                             require_english=False)
        if isinstance(cleaned, CleanedArticle):
            yield f"page:{path.name}", cleaned.text, (cleaned.published_at or DEFAULT_DAY).date()


def realnews_articles(dev_dir: Path) -> Iterator[Article]:
    """The English articles of the readable realnews-dev parts, as realnews_mentions reads them."""
    from realnews_mentions import _text, part

    for line in (dev_dir / "articles.jsonl").open(encoding="utf-8"):
        article = json.loads(line) if line.strip() else None
        if article and article["lang"] == "en" and part(article["id"]) in REALNEWS_PARTS:
            yield f"realnews:{article['id']}", _text(article), date.fromisoformat(article["published"])


def mention_record(mention: EventMention) -> dict:
    return {
        "sentence": mention.sentence_index, "type": mention.event_type, "trigger": mention.trigger,
        "trigger_start": mention.trigger_start,
        "date": mention.event_date.isoformat() if mention.event_date else None,
        "precision": mention.date_precision, "status": mention.status, "basis": mention.date_basis,
        "participants": list(mention.participants), "locations": list(mention.locations),
        "time_text": mention.time_text, "time_value": mention.time_value,
    }


def extracted(articles: Sequence[Article]) -> dict[str, dict]:
    """Per article: its mentions, extracted chunk by chunk as the flow does, and the tagger's
    parse-free reading."""
    found: dict[str, dict] = {}
    for i in range(0, len(articles), ARTICLES_PER_TASK):
        chunk = articles[i:i + ARTICLES_PER_TASK]
        inputs = [(key, text, split_sentences(text), on) for key, text, on in chunk]
        for (key, text, on), mentions in zip(chunk, extract_mentions_many(inputs)):
            found[key] = {
                "mentions": [mention_record(m) for m in mentions],
                "unparsed": [[t.start, t.end, t.type, t.value] for t in temporal.tag(text, on, parse=False)],
            }
    return found


def dump(out: Path, data_dir: Path) -> None:
    started, cpu = time.perf_counter(), time.process_time()
    articles = [*page_articles(data_dir / "article-extraction" / "html"),
                *realnews_articles(data_dir / "realnews-dev")]
    found = extracted(articles)
    out.write_text(json.dumps(found, indent=1, sort_keys=True), encoding="utf-8")
    mentions = sum(len(entry["mentions"]) for entry in found.values())
    print(f"{len(found)} articles, {mentions} mentions -> {out} "
          f"({time.perf_counter() - started:.0f} s wall, {time.process_time() - cpu:.0f} s CPU)")


def _lines(entry: dict) -> list[str]:
    return [*(json.dumps(m, sort_keys=True) for m in entry["mentions"]),
            *(f"timex {json.dumps(t)}" for t in entry["unparsed"])]


def compare(first: Path, second: Path) -> int:
    """Print the records only in one of two dumps; 0 when they are the same, else 1."""
    a, b = (json.loads(path.read_text(encoding="utf-8")) for path in (first, second))
    differences = 0
    for key in sorted(set(a) | set(b)):
        if key not in a or key not in b:
            print(f"{key}: only in {first if key in a else second}")
            differences += 1
            continue
        old, new = _lines(a[key]), _lines(b[key])
        gone, added = [x for x in old if x not in new], [x for x in new if x not in old]
        if gone or added or old != new:
            differences += 1
            print(f"== {key}")
            print(*(f"  - {x}" for x in gone), *(f"  + {x}" for x in added), sep="\n")
            if not gone and not added:
                print("  (same records, another order)")
    mentions = sum(len(entry["mentions"]) for entry in a.values())
    print(f"{len(a)} / {len(b)} articles ({mentions} mentions in the first): "
          f"{differences} articles differ")
    return 1 if differences else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser("dump", help="extract and write OUT.json")
    dumping.add_argument("out", type=Path)
    dumping.add_argument("--data", type=Path, default=None, help="the shared/benchmarks folder")
    comparing = commands.add_parser("compare", help="print the differences of two dumps")
    comparing.add_argument("first", type=Path)
    comparing.add_argument("second", type=Path)
    args = parser.parse_args(argv)
    if args.command == "dump":
        from realnews_bench import _default_dev  # the one search for the shared data

        dump(args.out, args.data or _default_dev().parent)
        return 0
    return compare(args.first, args.second)


if __name__ == "__main__":
    sys.exit(main())
