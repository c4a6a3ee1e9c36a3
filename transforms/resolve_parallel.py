"""The full re-resolve split across processes by type family.

No event spans two type families: every index and every rule of `resolve.Resolver` is keyed by
family, and within one family the mentions are taken in the same order whether the others are
there or not. So the mentions of each family resolve apart into exactly the events they make
all together; the families are dealt to `workers` parts of about equal size, one part resolved
in this process and each other in a spawned one, and the events put back together (with the
ids the previous run gave them). Where no process can be started (a daemonic worker, a sandbox)
everything is resolved here, in one process, with the same result.
"""

from __future__ import annotations

import multiprocessing
from collections import defaultdict
from dataclasses import fields
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from transforms.event_types import family
from transforms.models import ArticleRef, EventMention, TimelineEvent
from transforms.resolve import resolve, with_stable_ids

# Below this many mentions one process is quicker than starting another (about a second).
SPLIT_FROM = 20_000


def resolve_by_family(
    mentions: Sequence[EventMention],
    articles: Mapping[str, ArticleRef],
    previous: Mapping[str, frozenset[str]] | None = None,
    workers: int = 2,
) -> list[TimelineEvent]:
    """What `resolve` returns, computed on up to `workers` processes (one, for fewer than
    `SPLIT_FROM` mentions)."""
    parts = _parts(mentions, workers if len(mentions) >= SPLIT_FROM else 1)
    if len(parts) < 2:
        return resolve(mentions, articles, previous)
    try:
        with ProcessPoolExecutor(len(parts) - 1, mp_context=multiprocessing.get_context("spawn")) as pool:
            futures = [pool.submit(_resolve_rows, [_row(m) for m in part], _articles_of(part, articles))
                       for part in parts[1:]]
            events = resolve(parts[0], articles)
            for future in futures:
                events += future.result()
    except (AssertionError, OSError, BrokenProcessPool):  # no child process here: one process does it all
        return resolve(mentions, articles, previous)
    return with_stable_ids(events, previous or {})


_FIELDS = tuple(f.name for f in fields(EventMention))


def _row(mention: EventMention) -> tuple:
    return tuple(getattr(mention, name) for name in _FIELDS)


def _resolve_rows(rows: list[tuple], articles: Mapping[str, ArticleRef]) -> list[TimelineEvent]:
    """`resolve` over mentions sent as plain tuples (they pickle many times faster)."""
    return resolve([EventMention(*row) for row in rows], articles)


def _parts(mentions: Sequence[EventMention], workers: int) -> list[list[EventMention]]:
    """The mentions in at most `workers` parts of whole families, the biggest families dealt
    first to the smallest part; each part keeps the mentions' order."""
    by_family: dict[str, list[EventMention]] = defaultdict(list)
    for mention in mentions:
        by_family[family(mention.event_type)].append(mention)
    parts: list[list[str]] = [[] for _ in range(max(1, min(workers, len(by_family))))]
    sizes = [0] * len(parts)
    for name in sorted(by_family, key=lambda f: (-len(by_family[f]), f)):
        smallest = sizes.index(min(sizes))
        parts[smallest].append(name)
        sizes[smallest] += len(by_family[name])
    chosen = [set(names) for names in parts if names]
    return [[m for m in mentions if family(m.event_type) in names] for names in chosen]


def _articles_of(part: Sequence[EventMention], articles: Mapping[str, ArticleRef]) -> dict[str, ArticleRef]:
    return {a: articles[a] for a in {m.article_id for m in part}}
