"""Counted anchors: "<duration> after/before/since <event>" dates the event from the clause's
time (own sentences)."""

from __future__ import annotations

import io
import json
from datetime import date

from transforms.event_anchors import anchors, with_anchors
from transforms.temporal import tag
from transforms.timex_command import run_timex

DAY = date(2024, 3, 14)  # a Thursday


def counted(text: str, on: date = DAY) -> dict[str, str]:
    return {a.text: a.value for a in anchors(text, tag(text, on), dct=on)}


def test_a_dated_clause_dates_the_event_told_after_the_duration() -> None:
    assert counted("Tuesday's vote came two days after the coalition collapsed.") == {
        "the coalition collapsed": "2024-03-10"}
    assert counted("The fire broke out on Monday, a day after the storm hit the coast.") == {
        "the storm hit the coast": "2024-03-10"}


def test_a_present_or_present_perfect_clause_counts_from_the_article_date() -> None:
    assert counted("The army has retaken the port, six months after rebels seized it.") == {
        "rebels seized it": "2023-09"}
    assert counted("The new offensive comes a week after the envoys met in Geneva.") == {
        "the envoys met in Geneva": "2024-W10"}
    assert counted("It has been two years since the dam burst.") == {"the dam burst": "2022"}


def test_the_object_of_the_relation_word_is_dated_too() -> None:
    assert counted("The ferry service resumes today, three weeks after the flood.") == {
        "the flood": "2024-W08"}


def test_before_looks_ahead_of_the_clause_time() -> None:
    assert counted("The deal was signed on Monday, two days before the deadline expired.") == {
        "the deadline expired": "2024-03-13"}


def test_no_anchor_without_a_time_for_the_clause() -> None:
    assert counted("The truce collapsed three days after it was signed.") == {}
    assert counted("The ministers will meet a week before the summit opens.") == {}


def test_no_anchor_when_the_event_told_has_its_own_date_or_the_duration_is_vague() -> None:
    assert counted("The strike began on Monday, two days after talks broke down on Saturday.") == {}
    assert counted("The strike has lasted weeks after talks broke down.") == {}


def test_a_unit_finer_than_the_clause_time_gives_no_anchor() -> None:
    assert counted("Output fell in March, two days after the plant closed.") == {}


def test_anchors_are_no_time_expressions_but_reach_the_opt_in_stream() -> None:
    text = "The new offensive comes a week after the envoys met in Geneva."
    assert [t.text for t in tag(text, DAY)] == ["a week"]
    assert [t.value for t in with_anchors(text, tag(text, DAY), dct=DAY)] == ["P1W", "2024-W10"]
    out = io.StringIO()
    run_timex(io.StringIO(json.dumps({"text": text, "dct": DAY.isoformat()}) + "\n"), out,
              event_anchors=True)
    records = json.loads(out.getvalue())
    assert [(r["type"], r["value"]) for r in records] == [("DURATION", "P1W"), ("ANCHOR", "2024-W10")]


def test_a_duration_before_an_event_anchor_moves_its_date() -> None:
    text = ("Leaders of six nations gathered for a summit in Oslo on Tuesday. "
            "Two days after the summit, the ministers signed a fisheries accord. "
            "A week before the summit, protesters had marched.")
    assert {a.text: (a.value, a.relation) for a in anchors(text, tag(text, DAY), dct=DAY)} == {
        "after the summit": ("2024-03-14", "after"), "before the summit": ("2024-W10", "before")}


def test_words_of_immediacy_and_vague_hours_keep_the_clause_day() -> None:
    assert counted("The envoys met in Rome on Tuesday, shortly before the talks opened.") == {
        "the talks opened": "2024-03-12"}
    assert counted("Protesters gathered today moments before the start of the parade.") == {
        "the start of the parade": "2024-03-14"}
    assert counted("The strike began on Monday, hours after talks broke down.") == {
        "talks broke down": "2024-03-11"}
    assert counted("The strike began hours after talks broke down.") == {}


def test_a_present_perfect_state_for_a_counted_duration_began_that_long_ago() -> None:
    assert counted("For over a year, the rebels have besieged the port.") == {"besieged": "2023"}
    assert counted("The rebels have been shelling the town for three months.") == {"shelling": "2023-12"}
    assert counted("The rebels shelled the town for three months.") == {}
    assert counted("The rebels have shelled the town three times in two months.") == {}


def test_a_state_in_a_relative_clause_dates_nothing() -> None:
    assert counted("The army took the port, which rebels have held for two years.") == {}


def test_the_day_after_counts_one_day() -> None:
    assert counted("The ferry resumed on Monday, the day after the storm hit.") == {"the storm hit": "2024-03-10"}
    text = ("Leaders of six nations gathered for a summit in Oslo on Tuesday. "
            "The day after the summit, the ministers signed a fisheries accord.")
    assert {a.text: a.value for a in anchors(text, tag(text, DAY), dct=DAY)} == {
        "after the summit": "2024-03-13"}
