"""When an event happened, chosen by the weight of the evidence its mentions give.

Every mention with a date of its own is evidence, weighed by how it dates (an explicit day
beats a relative weekday, which beats a week, a month …; a relative cue that lands on the
article's own publication day counts least). A happened or ongoing mention dated after its own
article is no evidence: news does not report what has not happened yet. A preview's date
(`planned`) is the plan's: it dates the event only while no report of it dates it, or when the
reports date it only coarsely and the plan's day lies inside; a preview dated on its own
article's day says nothing of when (that is where a dateline lands). Each
article counts once per date, so one article repeating a weak date does not outvote others.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from transforms.models import EventDate, EventMention, Period, Precision
from transforms.resolution_rules import rules

# How long each period is, in days or in months (periods of months start on a month's first).
_LENGTH_DAYS: dict[Precision, int] = {"day": 1, "week": 7}
_LENGTH_MONTHS: dict[Precision, int] = {"month": 1, "season": 3, "quarter": 3, "year": 12}
# Dates on the article's own day: where a dateline, or a cue not about the event, lands.
_PUBLICATION_DAY = ("publication-day cue", "publication-day date")
PRECISION_RANK: dict[Precision, int] = {
    p: rank for rank, p in enumerate(("day", "week", "month", "season", "quarter", "year"))}


def period_end(period: Period) -> date:
    """The first day after the period."""
    return _end(period.start, period.precision)


@cache
def _end(start: date, precision: Precision) -> date:  # keyed by a tuple: hashed in C, not by the dataclass
    if precision in _LENGTH_DAYS:
        return start + timedelta(days=_LENGTH_DAYS[precision])
    months = start.month - 1 + _LENGTH_MONTHS[precision]
    return date(start.year + months // 12, months % 12 + 1, 1)


def periods_overlap(a: Period, b: Period) -> bool:
    """True when one period holds the other (a day in its month, a month in its year)."""
    coarse, fine = (a, b) if PRECISION_RANK[a.precision] >= PRECISION_RANK[b.precision] else (b, a)
    return coarse.start <= fine.start < period_end(coarse)


@dataclass(frozen=True)
class DateEvidence:
    mention_id: str
    article_id: str
    period: Period
    cue: str  # a key of the rules' date weights
    weight: float
    planned: bool
    written_on: date  # the day its article appeared

    @property
    def weak(self) -> bool:
        """A plan's date or a publication-day cue: it may join an event dated otherwise."""
        return self.planned or self.cue in _PUBLICATION_DAY


def evidence_of(mention: EventMention, written_on: date) -> DateEvidence | None:
    """What a mention's own date says of its event's date, or None when it says nothing."""
    if mention.event_date is None or mention.date_precision is None:
        return None
    if mention.status in ("negated", "hypothetical"):
        return None
    planned = mention.status == "planned"
    if not planned and mention.event_date > written_on:
        return None
    cue = _cue(mention, written_on)
    if planned and cue in _PUBLICATION_DAY:
        return None  # a plan is for later: its article's own day is a dateline, not the plan's
    return DateEvidence(mention.mention_id, mention.article_id,
                        Period(mention.event_date, mention.date_precision), cue,
                        rules().date_weight[cue], planned, written_on)


def _cue(mention: EventMention, written_on: date) -> str:
    if mention.date_precision != "day":
        return mention.date_precision
    if mention.event_date == written_on:
        return "publication-day date" if mention.date_basis == "explicit" else "publication-day cue"
    if mention.date_basis == "explicit":
        return "explicit day"
    return "relative day" if mention.date_basis == "relative" else "day"


@dataclass(frozen=True)
class Dating:
    period: Period
    basis: str  # "reported" or "planned"
    dates: tuple[EventDate, ...]  # the chosen date first, then the others by weight
    reason: str


def choose_date(evidence: Sequence[DateEvidence]) -> Dating | None:
    """The best-supported date: reports before plans; then the most weight, counting coarser
    evidence that holds a date as partial support for it; then the finer, then the earlier."""
    reported = [e for e in evidence if not e.planned]
    planned = [e for e in evidence if e.planned]
    pool, basis = (reported, "reported") if reported else (planned, "planned")
    if not pool:
        return None
    if len(evidence) == 1:
        only = evidence[0]
        return Dating(only.period, basis, (_event_date(only.period, (only.weight, (only.mention_id,)), True, basis),),
                      f"{basis} date {only.period.start} ({only.period.precision}) from 1 mention, {only.cue}, "
                      f"weight {only.weight:g}")
    scored = _scores(pool)
    ranked = sorted(scored, key=lambda p: (-scored[p][0], PRECISION_RANK[p.precision], p.start))
    best = ranked[0]
    dates = [_event_date(p, scored[p], p == best, basis) for p in ranked]
    if reported and planned:
        confirmed = _confirmed_plan(best, reported, planned)
        if confirmed is not None:
            return confirmed
        dates += [_event_date(p, s, False, "planned") for p, s in _scores(planned).items()]
    weight, supporters = scored[best]
    cues = sorted({e.cue for e in pool if e.period == best})  # the supporters are those dated `best`
    reason = (f"{basis} date {best.start} ({best.precision}) from {len(supporters)} mention(s), "
              f"{', '.join(cues) or 'coarser dates'}, weight {weight:g}")
    if len(ranked) > 1:
        runner_up = ranked[1]
        reason += f"; over {runner_up.start} ({runner_up.precision}), weight {scored[runner_up][0]:g}"
    return Dating(best, basis, tuple(dates), reason)


def _confirmed_plan(best: Period, reported: list[DateEvidence], planned: list[DateEvidence]) -> Dating | None:
    """The announced date, when reports date the event only coarsely ("in January") and the
    plan's finer date lies inside that period, before any report appeared: the reports confirm
    the plan was kept, and the plan says which day."""
    first_report = min(e.written_on for e in reported)
    inside = [e for e in planned if PRECISION_RANK[e.period.precision] < PRECISION_RANK[best.precision]
              and periods_overlap(e.period, best) and e.period.start <= first_report]
    if not inside:
        return None
    plans = _scores(inside)
    chosen = min(plans, key=lambda p: (-plans[p][0], PRECISION_RANK[p.precision], p.start))
    reports = _scores(reported)
    dates = [_event_date(chosen, plans[chosen], True, "planned")]
    dates += [_event_date(p, s, False, "reported") for p, s in reports.items()]
    dates += [_event_date(p, s, False, "planned") for p, s in _scores(planned).items() if p != chosen]
    reason = (f"planned date {chosen.start} ({chosen.precision}) from {len(plans[chosen][1])} mention(s), "
              f"confirmed by reports dating it {best.start} ({best.precision}), weight {reports[best][0]:g}")
    return Dating(chosen, "planned", tuple(dates), reason)


def _scores(pool: Iterable[DateEvidence]) -> dict[Period, tuple[float, tuple[str, ...]]]:
    """Per date: its support (each article counted once per date, at its best weight) and the
    mentions that give it."""
    by_period: dict[Period, list[DateEvidence]] = defaultdict(list)
    best: dict[Period, dict[str, float]] = defaultdict(dict)  # per period, each article's best weight
    for e in pool:
        by_period[e.period].append(e)
        weights = best[e.period]
        if e.weight > weights.get(e.article_id, 0.0):
            weights[e.article_id] = e.weight
        else:
            weights.setdefault(e.article_id, 0.0)
    share = rules().coarse_support
    rank = {p: PRECISION_RANK[p.precision] for p in by_period}
    scored = {}
    for period, own in by_period.items():
        support = dict(best[period])
        for other in by_period:
            if rank[other] > rank[period] and periods_overlap(other, period):
                for article_id, weight in best[other].items():
                    weight *= share
                    if weight > support.get(article_id, 0.0):
                        support[article_id] = weight
                    else:
                        support.setdefault(article_id, 0.0)
        scored[period] = (sum(support.values()), tuple(sorted(e.mention_id for e in own)))
    return scored


def _event_date(period: Period, score: tuple[float, tuple[str, ...]], chosen: bool, basis: str) -> EventDate:
    return EventDate(period.start, period.precision, round(score[0], 3), score[1], chosen, basis)

