"""Past or future of a bare weekday as the parse of its clause says, on sentences written for
these tests (the DCT is a Wednesday)."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.temporal import tag

WEDNESDAY = date(2024, 6, 12)
LAST = {"Monday": "2024-06-10", "Friday": "2024-06-07", "Sunday": "2024-06-09"}
NEXT = {"Friday": "2024-06-14", "Sunday": "2024-06-16", "Tuesday": "2024-06-18"}


def values(text: str) -> list[str]:
    return [t.value for t in tag(text, WEDNESDAY)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The festival is due to open on Friday.", NEXT["Friday"]),
        ("Repairs due to start Friday", NEXT["Friday"]),  # a headline: no verb above
        ("The two teams are set to play on Sunday.", NEXT["Sunday"]),
        ("Officials arrived in Oslo ahead of talks on Friday.", NEXT["Friday"]),
        ("The upcoming final on Sunday is sold out.", NEXT["Sunday"]),
        ("The tenants have been given until Tuesday to leave.", NEXT["Tuesday"]),
        ("The council must decide by Friday.", NEXT["Friday"]),
        # the deadline preposition governs the whole phrase, the weekday hangs on the clock time
        ("The tenants have been given until 10 a.m. Tuesday to leave.", NEXT["Tuesday"] + "T10:00"),
        ("The bank has until noon Friday to reply.", NEXT["Friday"] + "T12:00"),
        # a gerund complement lies after its verb, as an infinitive does
        ("The mayor proposes holding the vote on Friday.", NEXT["Friday"]),
    ],
)
def test_clauses_that_look_ahead(text: str, value: str) -> None:
    assert values(text) == [value]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The guests stayed until Sunday.", LAST["Sunday"]),  # a past deadline is past
        ("The choir sang in the square on Friday to raise money.", LAST["Friday"]),
        ("The club agreed to sell the ground on Monday.", LAST["Monday"]),
    ],
)
def test_clauses_that_look_back(text: str, value: str) -> None:
    assert values(text) == [value]


def test_reported_speech_counts_from_the_reporting_day() -> None:
    text = "The mayor said on Monday that the market would reopen on Sunday."
    assert values(text) == [LAST["Monday"], NEXT["Sunday"]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The council said Monday it will close the pool.", [LAST["Monday"]]),
        ("The airline said Monday it would fly on Friday.", [LAST["Monday"], NEXT["Friday"]]),
        ("Police said Sunday the road was open again.", [LAST["Sunday"]]),
    ],
)
def test_a_day_between_the_reporting_verb_and_the_reported_subject_dates_the_report(
    text: str, expected: list[str]
) -> None:
    assert values(text) == expected


def test_a_day_after_that_belongs_to_the_reported_clause() -> None:
    assert values("The coach said that on Friday the team would rest.") == [NEXT["Friday"]]


def test_a_nouns_participle_of_beginning_looks_ahead() -> None:
    assert values("The unions had agreed to a strike starting on Sunday.") == [NEXT["Sunday"]]
    assert values("Storms flooding the town on Sunday closed the road.") == [LAST["Sunday"]]


def test_the_dct_weekday_inside_an_earlier_report_is_the_week_before() -> None:
    # Written on a Wednesday: a past Wednesday told in a Monday statement lies before that Monday.
    text = "The coach said on Monday that the squad had trained on Wednesday."
    assert values(text) == [LAST["Monday"], "2024-06-05"]
    assert values("The squad trained on Wednesday.") == ["2024-06-12"]


def test_overnight_into_a_weekday_is_that_weekday() -> None:
    assert values("Storms battered the island overnight into Monday.") == [LAST["Monday"], LAST["Monday"]]
    assert values("Storms battered the island overnight.") == ["2024-06-12"]


def test_overnight_in_a_report_dated_another_day_is_the_report_day() -> None:
    text = "Hail overnight damaged the vineyards, growers said Monday."
    assert values(text) == [LAST["Monday"], LAST["Monday"]]
    assert values("Hail overnight damaged the vineyards, growers said.") == ["2024-06-12"]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Ferry workers to strike on Friday", NEXT["Friday"]),  # the infinitive is the root
        ("Harbour chiefs to co-host regatta on Sunday", NEXT["Sunday"]),  # "co-host" parsed as no verb
        ("Ferry workers will strike on Friday", NEXT["Friday"]),
        ("The crews will inspect the hull and repaint it on Friday.", NEXT["Friday"]),  # a bare verb's auxiliary
    ],
)
def test_a_headline_in_the_future_looks_ahead(text: str, value: str) -> None:
    assert values(text) == [value]


def test_a_headline_in_the_past_or_present_looks_back() -> None:
    assert values("Ferry workers struck on Friday") == [LAST["Friday"]]
    assert values("Ferry workers walked out on Friday to press for pay") == [LAST["Friday"]]
