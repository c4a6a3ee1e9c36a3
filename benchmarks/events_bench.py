"""Timeline quality on the sample corpus against a hand-labelled gold timeline.

    .venv/bin/python benchmarks/events_bench.py

Serves the bundled sample site on 127.0.0.1, fetches and cleans its five pages, extracts and
resolves events with the pipeline's own functions, and compares the timeline with
`benchmarks/events_gold.toml`: precision and recall of timeline rows (same date and precision,
an accepted type, a shared participant) and, for matched rows, how many of the articles that
tell the event are among its sources. Every row is listed, matched or not.
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newsline.sample_site import serve_sample_site  # noqa: E402
from transforms.clean import clean_page  # noqa: E402
from transforms.extract import extract_mentions  # noqa: E402
from transforms.models import ArticleRef, CleanedArticle, TimelineEvent  # noqa: E402
from transforms.resolve import publishable, resolve  # noqa: E402
from transforms.sentences import split_sentences  # noqa: E402


@dataclass(frozen=True)
class GoldEvent:
    what: str
    date: date
    precision: str
    types: tuple[str, ...]
    participants: frozenset[str]
    articles: frozenset[str]


def load_gold() -> list[GoldEvent]:
    data = tomllib.loads((Path(__file__).parent / "events_gold.toml").read_text(encoding="utf-8"))
    return [GoldEvent(e["what"], date.fromisoformat(e["date"]), e["precision"], tuple(e["types"]),
                      frozenset(e["participants"]), frozenset(e["articles"])) for e in data["event"]]


def system_timeline() -> tuple[list[TimelineEvent], dict[str, set[str]]]:
    """The timeline, and for each event the seed ids of the articles it cites."""
    with serve_sample_site() as site, httpx.Client() as client:
        mentions, refs, seed_of = [], {}, {}
        for article in site.articles:
            url = site.base_url + article.path
            cleaned = clean_page(client.get(url).content, url)
            assert isinstance(cleaned, CleanedArticle), cleaned
            article_id = cleaned.article_id
            seed_of[article_id] = article.article_id
            mentions += extract_mentions(article_id, cleaned.text, split_sentences(cleaned.text),
                                         cleaned.published_at.date())
            refs[article_id] = ArticleRef(article_id, url, cleaned.published_at, cleaned.published_at)
    by_id = {m.mention_id: m for m in mentions}
    events = [e for e in resolve(mentions, refs) if publishable(e, by_id)]  # what the timeline shows
    cited = {e.event_id: {seed_of[by_id[m].article_id] for m in e.mention_ids} for e in events}
    return events, cited


def matches(event: TimelineEvent, gold: GoldEvent) -> bool:
    return (event.event_date == gold.date and event.date_precision == gold.precision
            and event.event_type in gold.types
            and (not gold.participants or bool(gold.participants & set(event.participants))))


def main() -> None:
    gold = load_gold()
    events, cited = system_timeline()
    unmatched_gold = list(gold)
    found_sources = expected_sources = 0
    print(f"{'':3} {'date':10} {'prec':7} {'type':11} title / gold")
    for event in events:
        hit = next((g for g in unmatched_gold if matches(event, g)), None)
        mark = "ok " if hit else "FP "
        print(f"{mark} {event.event_date} {event.date_precision:7} {event.event_type:11} {event.title}")
        if hit:
            unmatched_gold.remove(hit)
            found_sources += len(hit.articles & cited[event.event_id])
            expected_sources += len(hit.articles)
            print(f"{'':39} = {hit.what}; sources {sorted(cited[event.event_id])} of {sorted(hit.articles)}")
    for missed in unmatched_gold:
        print(f"FN  {missed.date} {missed.precision:7} {'/'.join(missed.types):11} {missed.what}")
    true_positives = len(gold) - len(unmatched_gold)
    precision = true_positives / len(events) if events else 0.0
    recall = true_positives / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"\ntimeline rows: {len(events)}, gold events: {len(gold)}, matched: {true_positives}")
    print(f"precision {precision:.3f}  recall {recall:.3f}  F1 {f1:.3f}")
    print(f"source completeness of matched rows: {found_sources}/{expected_sources} articles")


if __name__ == "__main__":
    main()
