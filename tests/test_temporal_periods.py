"""Durations and holiday periods of the temporal tagger, on sentences written for these tests:
a day's worth of hours, "over the last week" as a stretch of time, rates that are no time
expression, and a holiday weekend."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.temporal import tag

WEDNESDAY = date(2024, 6, 12)


def found(text: str, dct: date = WEDNESDAY, timeml: bool = False) -> list[tuple[str, str, str]]:
    return [(t.text, t.type, t.value) for t in tag(text, dct, timeml=timeml)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Storms battered the coast over the past twenty-four hours.", "P1D"),
        ("The pumps have run for the last 24 hours.", "P1D"),
        ("The ferry crossing took twenty hours.", "PT20H"),
        ("The kettle boils in a minute and a half.", "PT1M30S"),
        ("The hearing lasted three hours and twenty minutes.", "PT3H20M"),
    ],
)
def test_duration_values(text: str, expected: str) -> None:
    ((_, kind, value),) = found(text)
    assert (kind, value) == ("DURATION", expected)


@pytest.mark.parametrize(
    "text",
    [
        "Ticket sales have slowed over the last week.",
        "Two ministers resigned in the last week.",
        "Rainfall doubled during the past week.",
    ],
)
def test_the_last_week_under_a_preposition_of_extent_is_a_duration(text: str) -> None:
    ((_, kind, value),) = found(text)
    assert (kind, value) == ("DURATION", "P1W")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Last week the council approved the budget.", "2024-W23"),
        ("The last week of the festival was rainy.", "2024-W23"),
    ],
)
def test_last_week_as_a_date_stays_the_previous_week(text: str, value: str) -> None:
    ((_, kind, got),) = found(text)
    assert (kind, got) == ("DATE", value)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Nurses staff the ward 24 hours a day.", []),
        ("The plant runs twelve hours a day for two weeks.", [("two weeks", "DURATION", "P2W")]),
        ("Drivers may work hours per week beyond the cap.", []),
    ],
)
def test_the_amount_of_a_rate_is_no_time_expression(text: str, kept: list) -> None:
    assert found(text) == kept


def test_a_holiday_weekend_is_the_weekend_of_the_holiday() -> None:
    # Easter 2024 was Sunday 31 March: its weekend is that of ISO week 13
    text = "Roads were jammed over the Easter weekend."
    assert found(text) == [("Easter weekend", "DATE", "2024-W13")]
    assert found(text, timeml=True) == [("Easter weekend", "DATE", "2024-W13-WE")]


def test_a_thursday_holidays_weekend_is_the_one_after_it() -> None:
    # Thanksgiving 2023 was Thursday 23 November; the weekend after it is that of week 47
    text = "Shoppers crowded the malls over the Thanksgiving weekend."
    assert found(text, date(2023, 12, 1), timeml=True) == [
        ("Thanksgiving weekend", "DATE", "2023-W47-WE")
    ]


def test_a_holiday_naming_a_truce_is_its_day() -> None:
    text = "Both sides observed the Easter truce."
    assert found(text, date(2024, 4, 2)) == [("Easter", "DATE", "2024-03-31")]


def test_a_judged_day_is_the_day_under_discussion() -> None:
    text = "On May 2 the bridge reopened. It was a proud day for the valley."
    assert found(text) == [("May 2", "DATE", "2024-05-02"), ("day", "DATE", "2024-05-02")]
    assert found("This is a sad day for the club.") == [("day", "DATE", "2024-06-12")]


def test_an_unjudged_day_for_something_is_no_time_expression() -> None:
    assert found("It was a long day for the crew.") == []


def test_a_monday_holidays_weekend_is_the_one_before_it() -> None:
    # Christmas 2023 was a Monday: its weekend is Saturday 23 and Sunday 24 December (week 51)
    text = "Airports were busy over the Christmas weekend."
    assert found(text, date(2024, 1, 3), timeml=True) == [
        ("Christmas weekend", "DATE", "2023-W51-WE")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The brewery hopes to open its new hall by year-end.", ("year-end", "DATE", "2024")),
        ("The club's debt stood at four million at year end.", ("year end", "DATE", "2023")),
        ("Rents are due at month-end.", ("month-end", "DATE", "2024-06")),
        ("The fund's cash fell sharply at quarter-end.", ("quarter-end", "DATE", "2024-Q1")),
    ],
)
def test_the_end_of_a_period_is_that_period_and_a_past_one_has_ended(
    text: str, expected: tuple[str, str, str]
) -> None:
    assert found(text) == [expected]


def test_a_span_of_a_unit_and_a_half_counted_from_now_is_one_duration() -> None:
    assert found("The well has been dry for the past year and a half.") == [
        ("past year and a half", "DURATION", "P1Y6M")
    ]
    assert found("Traffic will be diverted for the next hour and a half.") == [
        ("next hour and a half", "DURATION", "PT1H30M")
    ]
    assert found("Fares rose last year and a half of the routes closed.") == [
        ("last year", "DATE", "2023")
    ]


@pytest.mark.parametrize(
    ("text", "dct", "expected"),
    [
        ("The chain's sales grew in the first half.", WEDNESDAY, [("the first half", "DATE", "2024-H1")]),
        ("Margins should widen in the second half.", WEDNESDAY, [("the second half", "DATE", "2024-H2")]),
        # told in the past before the second half has begun: last year's
        ("Exports slumped in the second half.", date(2024, 3, 5), [("the second half", "DATE", "2023-H2")]),
        ("Second-half orders look firm.", WEDNESDAY, [("Second-half", "DATE", "2024-H2")]),
        ("2019's second half was the weakest.", WEDNESDAY,
         [("2019", "DATE", "2019"), ("second half", "DATE", "2019-H2")]),
        ("The home side scored twice in the second half of the match.", WEDNESDAY, []),
    ],
)
def test_a_half_without_its_year_is_of_the_year_under_discussion(
    text: str, dct: date, expected: list[tuple[str, str, str]]
) -> None:
    assert found(text, dct) == expected


def test_a_relative_fiscal_year_is_its_calendar_year_and_timeml_writes_it_fy() -> None:
    assert found("The brewery expects a loss in the current fiscal year.") == [
        ("the current fiscal year", "DATE", "2024")]
    assert found("Its exports doubled last fiscal year.", timeml=True) == [
        ("last fiscal year", "DATE", "FY2023")]
    assert found("Its exports doubled last fiscal quarter.") == []
