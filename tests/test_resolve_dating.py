"""The running tally of a cluster's date support agrees with choosing the date afresh."""

from __future__ import annotations

import random
from datetime import date, timedelta

from transforms.event_dating import DateEvidence, DateTally, choose_date, period_end
from transforms.models import Period
from transforms.resolution_rules import rules

WEIGHTS = rules().date_weight


def evidence(n: int, article: str, period: Period, cue: str, *, planned: bool = False) -> DateEvidence:
    written = period_end(period) + timedelta(days=2)
    return DateEvidence(f"m{n}", article, period, cue, WEIGHTS[cue], planned, written)


def test_a_coarser_report_can_lift_a_day_it_holds_above_the_chosen_one() -> None:
    tally = DateTally()
    chosen, other = Period(date(2025, 8, 15), "day"), Period(date(2025, 9, 2), "day")
    tally.add(evidence(1, "a", chosen, "explicit day"))
    tally.add(evidence(2, "b", other, "explicit day"))
    assert not tally.could_win(chosen, Period(date(2025, 8, 1), "month"))  # August holds only the chosen day
    tally.add(evidence(3, "c", Period(date(2025, 9, 1), "month"), "month"))
    assert tally.could_win(chosen, Period(date(2025, 9, 1), "month"))  # September lifts 2 September past it
    assert choose_date([evidence(1, "a", chosen, "explicit day"), evidence(2, "b", other, "explicit day"),
                        evidence(3, "c", Period(date(2025, 9, 1), "month"), "month")]).period == other


def test_the_tally_never_keeps_a_date_that_choosing_afresh_would_drop() -> None:
    rng = random.Random(11)
    periods = [Period(date(2025, 8, d), "day") for d in (3, 4, 15, 29)] + [
        Period(date(2025, 8, 1), "month"), Period(date(2025, 7, 28), "week"), Period(date(2025, 1, 1), "year")]
    cues = {"day": ("explicit day", "relative day", "day"), "week": ("week",), "month": ("month",), "year": ("year",)}
    for trial in range(200):
        tally, pool, chosen = DateTally(), [], None
        for n in range(rng.randint(2, 9)):
            period = rng.choice(periods)
            e = evidence(n, rng.choice("abcd"), period, rng.choice(cues[period.precision]))
            pool.append(e)
            tally.add(e)
            fresh = choose_date(pool).period
            if chosen is not None and e.period != chosen and not tally.could_win(chosen, e.period):
                assert fresh == chosen, (trial, pool)
            chosen = fresh
