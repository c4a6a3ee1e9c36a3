"""One timeline event per real-world event, from mentions across articles.

The Alaska summit told by four outlets is one event dated the day it happened: mentions merge
when their types are compatible, their dates denote the same day (or one period holds the
other) and they share an actor or a place. A mention without a date of its own joins the event
it names ("the Alaska summit") but never takes the publication day as its date.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from transforms.event_types import TYPE_PRIORITY, family
from transforms.models import ArticleRef, EventMention, Period, Precision, TimelineEvent

_PERIOD_LENGTH: dict[Precision, relativedelta] = {
    "day": relativedelta(days=1),
    "week": relativedelta(weeks=1),
    "month": relativedelta(months=1),
    "season": relativedelta(months=3),
    "quarter": relativedelta(months=3),
    "year": relativedelta(years=1),
}
_PRECISION_RANK: dict[Precision, int] = {p: rank for rank, p in enumerate(_PERIOD_LENGTH)}
# Countries take part in nearly every event of this war: sharing only one is no evidence that
# two undated and dated mentions are the same event.
_BACKGROUND_ACTORS = {"Russia", "Ukraine", "United States"}
# An undated mention refers to an event at most this long after its article appeared ("the
# upcoming summit"); events before it are fair game at any distance ("the 2014 annexation").
_FORWARD_REFERENCE = timedelta(days=31)
_DEFINITE = re.compile(r"\bthe\s+(?:[\w'’-]+\s+){0,2}$", re.IGNORECASE)


def period_end(period: Period) -> date:
    return period.start + _PERIOD_LENGTH[period.precision]


def periods_overlap(a: Period, b: Period) -> bool:
    """True when one period holds the other (a day in its month, a month in its year)."""
    coarse, fine = sorted((a, b), key=lambda p: -_PRECISION_RANK[p.precision])
    return coarse.start <= fine.start < period_end(coarse)


@dataclass
class _Cluster:
    family: str
    mentions: list[EventMention] = field(default_factory=list)
    inherited: list[EventMention] = field(default_factory=list)

    @property
    def period(self) -> Period:
        """The finest date its mentions give; the most told one among equally fine dates."""
        periods = Counter(Period(m.event_date, m.date_precision) for m in self.mentions)
        return max(periods, key=lambda p: (_PRECISION_RANK[p.precision] * -1, periods[p], p.start))

    def entities(self) -> tuple[set[str], set[str]]:
        """Who took part and where, as the mentions that date the event tell it."""
        return ({p for m in self.mentions for p in m.participants},
                {loc for m in self.mentions for loc in m.locations})


def resolve(
    mentions: Sequence[EventMention],
    articles: Mapping[str, ArticleRef],
    previous: Mapping[str, frozenset[str]] | None = None,
) -> list[TimelineEvent]:
    """Timeline events from all mentions. `previous` (event_id → mention ids, as last published)
    lets an event keep its id when new mentions join it."""
    dated = sorted((m for m in mentions if m.event_date is not None), key=_mention_order)
    undated = sorted((m for m in mentions if m.event_date is None), key=_mention_order)

    clusters: list[_Cluster] = []
    for mention in dated:
        home = next((c for c in clusters if _same_dated_event(c, mention)), None)
        if home is None:
            home = _Cluster(family(mention.event_type))
            clusters.append(home)
        home.mentions.append(mention)

    for mention in undated:
        home = _event_named_by(clusters, mention, articles[mention.article_id])
        if home is not None:
            home.inherited.append(mention)

    return _with_stable_ids([_to_event(c) for c in clusters], previous or {})


def _mention_order(mention: EventMention) -> tuple:
    return (mention.event_date or date.min, mention.article_id, mention.trigger_start)


def _same_dated_event(cluster: _Cluster, mention: EventMention) -> bool:
    if cluster.family != family(mention.event_type):
        return False
    period = cluster.period
    mention_period = Period(mention.event_date, mention.date_precision)
    if not periods_overlap(period, mention_period):
        return False
    people, places = cluster.entities()
    if not (people or places) or not (mention.participants or mention.locations):
        return True
    if period != mention_period:
        if cluster.family == "statement":
            return False  # one person says many things in a week: only the same day is the same
        # "Earlier this month … at the White House" need not be the White House meeting of the
        # 18th: a date inside a coarser one is the same event only if mostly the same people met.
        ours, theirs = people - _BACKGROUND_ACTORS, set(mention.participants) - _BACKGROUND_ACTORS
        if ours or theirs:
            return len(ours & theirs) / len(ours | theirs) >= 0.5
    return bool(people & set(mention.participants) or places & set(mention.locations))


def _is_definite(mention: EventMention) -> bool:
    """"the Alaska summit", "the summit", "the upcoming Putin-Trump summit": a known event."""
    before = mention.sentence_text[:mention.trigger_start - mention.sentence_start]
    return bool(_DEFINITE.search(before))


def _event_named_by(clusters: list[_Cluster], mention: EventMention, article: ArticleRef) -> _Cluster | None:
    """The dated event an undated mention names, if it names one clearly: a shared place, two
    shared people, or one shared person and a definite reference ("the summit")."""
    if mention.event_type == "statement":
        return None
    written = (article.published_at or article.fetched_at).date()
    candidates = []
    for cluster in clusters:
        if cluster.family != family(mention.event_type) or cluster.period.start > written + _FORWARD_REFERENCE:
            continue
        people, places = cluster.entities()
        shared_places = places & set(mention.locations)
        shared_people = (people & set(mention.participants)) - _BACKGROUND_ACTORS
        if shared_places or len(shared_people) >= 2 or (shared_people and _is_definite(mention)):
            same_type = any(m.event_type == mention.event_type for m in cluster.mentions)
            distance = abs((cluster.period.start - written).days)
            candidates.append(((same_type, len(shared_places), len(shared_people), -distance), cluster))
    return max(candidates, key=lambda c: c[0], default=(None, None))[1]


def _ranked(values: list[str]) -> tuple[str, ...]:
    """Most told first; people and organisations before the countries that are in every story."""
    counts = Counter(values)
    return tuple(sorted(counts, key=lambda v: (v in _BACKGROUND_ACTORS, -counts[v], values.index(v))))


def _to_event(cluster: _Cluster) -> TimelineEvent:
    everyone = cluster.mentions + cluster.inherited
    event_type = min((m.event_type for m in cluster.mentions), key=TYPE_PRIORITY.__getitem__)
    # Mentions that only refer to the event ("before the summit") say little about who was there.
    participants = _ranked([p for m in cluster.mentions for p in m.participants])
    locations = _ranked([loc for m in cluster.mentions for loc in m.locations])
    period = cluster.period
    return TimelineEvent(
        event_id="",
        event_date=period.start,
        date_precision=period.precision,
        event_type=event_type,
        title=make_title(event_type, participants, locations),
        participants=participants,
        locations=locations,
        mention_ids=tuple(sorted(m.mention_id for m in everyone)),
        inherited_mention_ids=tuple(sorted(m.mention_id for m in cluster.inherited)),
    )


def make_title(event_type: str, participants: Sequence[str], locations: Sequence[str]) -> str:
    """A short headline: "Summit: Donald Trump, Vladimir Putin — Alaska"."""
    title = event_type.capitalize()
    named = [p for p in participants if p not in _BACKGROUND_ACTORS] or list(participants)
    if named:
        title += ": " + ", ".join(named[:3])
    if locations:
        title += " — " + locations[0]
    return title


def _with_stable_ids(events: list[TimelineEvent], previous: Mapping[str, frozenset[str]]) -> list[TimelineEvent]:
    """Keep the id of the previously published event sharing most mentions; else derive one
    from the event's earliest-sorting mention, which does not change across runs."""
    overlaps = sorted(
        ((len(set(e.mention_ids) & old), old_id, index)
         for index, e in enumerate(events) for old_id, old in previous.items()
         if set(e.mention_ids) & old),
        reverse=True,
    )
    chosen: dict[int, str] = {}
    for _, old_id, index in overlaps:
        if index not in chosen and old_id not in chosen.values():
            chosen[index] = old_id
    result = []
    for index, event in enumerate(events):
        event_id = chosen.get(index) or "ev_" + hashlib.sha256(event.mention_ids[0].encode()).hexdigest()[:12]
        result.append(replace(event, event_id=event_id))
    return sorted(result, key=lambda e: (e.event_date, e.event_type, e.event_id))
