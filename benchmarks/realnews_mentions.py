"""Mention-level check of extraction on realnews-dev, by topic prefix (no fetch, no resolution).

    .venv/bin/python benchmarks/realnews_mentions.py ua1,ua2 [-v]      # Russia–Ukraine part
    .venv/bin/python benchmarks/realnews_mentions.py me,world-a [-v]   # the rest that may be read
    .venv/bin/python benchmarks/realnews_mentions.py world-b           # kept unread: never with -v

For every labelled event of an English excerpt that happened and that the text dates itself
(explicitly or relatively), looks for a mention in a sentence overlapping its evidence with the
same kind of event (score_timeline.py's families) and a date consistent with the label at the
label's precision. Precision: the share of the dated mentions extracted that fit some labelled
event of their article (any status, any dating): a sentence overlapping its evidence, the same
kind, a consistent date. Prints the misses and the mentions that fit nothing with -v (never
run -v on a part kept unread) and one summary line. The other-crises part `world` splits in
two halves by a hash of the article id: `world-a` may be read, `world-b` is only ever scored. Used to develop on one part
of the set and check on the other. Data read in place.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from datetime import date
from pathlib import Path

from realnews_bench import _default_dev  # noqa: E402 - same folder: the one search for the set

REPO = Path(__file__).resolve().parents[1]
DEV = _default_dev()
sys.path[:0] = [str(REPO), str(DEV)]

import score_timeline as scoring  # noqa: E402

from transforms import domain_pack, nlp  # noqa: E402
from transforms.extract import extract_mentions  # noqa: E402
from transforms.sentences import split_sentences  # noqa: E402


def _text(article: dict) -> str:
    # the store's own "date YYYY-MM-DD" line is no part of the article (as build_site.py drops it)
    return "\n".join(p for p in article["text"].split("\n") if not re.fullmatch(r"\s*date \d{4}-\d{2}-\d{2}\s*", p))


def _same_kind(a: str, b: str) -> bool:
    fa, fb = scoring.family(a), scoring.family(b)
    return fa == fb or "other" in (fa, fb)


def _fits(mention, event: dict, spans: list[tuple[int, int]]) -> bool:
    return (_same_kind(mention.event_type, event["type"])
            and any(mention.sentence_start < e and s < mention.sentence_end for s, e in spans)
            and scoring.consistent({"event_date": mention.event_date.isoformat(),
                                    "date_precision": mention.date_precision},
                                   {"date": event["date"]}, event["precision"]))


def _spans(text: str, event: dict) -> list[tuple[int, int]]:
    return [(s, s + len(p)) for p in event["evidence"].split(" | ") if (s := text.find(p)) >= 0]


def _unfit(article: dict, text: str, mentions: list, verbose: bool) -> tuple[int, int]:
    """(dated mentions, those fitting no labelled event of the article)."""
    dated = [m for m in mentions if m.event_date is not None]
    unfit = [m for m in dated if not any(_fits(m, e, _spans(text, e)) for e in article["events"])]
    for m in unfit if verbose else []:
        print(f"UNFIT {article['id']} {m.event_type} {m.event_date} {m.status} {m.participants} | "
              f"{m.sentence_text[:140]}")
    return len(dated), len(unfit)


def part(article_id: str) -> str:
    """The part an article belongs to: its id's prefix, with `world` halved by a hash of the id."""
    prefix = article_id.split("-")[0]
    if prefix != "world":
        return prefix
    return "world-a" if hashlib.sha1(article_id.encode()).digest()[0] % 2 == 0 else "world-b"


def _selected(prefixes: set[str], article_id: str) -> bool:
    return part(article_id) in prefixes or article_id.split("-")[0] in prefixes


def main(prefixes: set[str], verbose: bool) -> None:
    articles = [json.loads(line) for line in (DEV / "articles.jsonl").open(encoding="utf-8") if line.strip()]
    labels = found = dated = mentions = with_date = unfit = 0
    cpu = 0.0
    nlp.model(), domain_pack.load()  # loaded once, outside the measure
    for article in (a for a in articles if a["lang"] == "en" and _selected(prefixes, a["id"])):
        text = _text(article)
        started = time.process_time()
        found_here = extract_mentions(article["id"], text, split_sentences(text), date.fromisoformat(article["published"]))
        cpu += time.process_time() - started
        mentions += len(found_here)
        counts = _unfit(article, text, found_here, verbose)
        with_date, unfit = with_date + counts[0], unfit + counts[1]
        for event in article["events"]:
            if event["status"] != "happened" or not event["resolved_how"].startswith(("explicit", "relative")):
                continue
            labels += 1
            spans = _spans(text, event)
            kind = [m for m in found_here if _same_kind(m.event_type, event["type"])
                    and any(m.sentence_start < e and s < m.sentence_end for s, e in spans)]
            right = [m for m in kind if m.event_date and _fits(m, event, spans)]
            found += bool(kind)
            dated += bool(right)
            if verbose and not right:
                print(f"MISS {article['id']} {event['type']} {event['date']} | {event['evidence'][:140]}")
    print(f"{','.join(sorted(prefixes))}: {labels} labelled dated happened mentions; same kind found {found}, "
          f"dated right {dated} ({dated / max(labels, 1):.2f}); {mentions} mentions extracted, {with_date} dated, "
          f"{with_date - unfit} fit a label (precision {(with_date - unfit) / max(with_date, 1):.2f}); extraction CPU {cpu:.2f} s")


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] in {"-h", "--help"}:
        sys.exit(__doc__)
    main(set(sys.argv[1].split(",")), "-v" in sys.argv)
