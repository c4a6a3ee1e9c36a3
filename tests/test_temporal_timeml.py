"""TimeML conventions of the temporal tagger on sentences written for these tests: periods
under discussion, days of the month, vague durations and extents without the article."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.temporal import period_of, tag

WEDNESDAY = date(2024, 6, 12)


def only(text: str, dct: date = WEDNESDAY, timeml: bool = False) -> tuple[str, str, str]:
    """The single expression tagged in `text`: (extent, type, value)."""
    (found,) = tag(text, dct, timeml=timeml)
    return found.text, found.type, found.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Earlier in the week, the mayor opened a bridge.", ("the week", "DATE", "2024-W24")),
        ("Traffic was light during the week.", ("the week", "DATE", "2024-W24")),
        ("The board will vote later in the day.", ("the day", "DATE", "2024-06-12")),
        ("Growth slowed throughout the year.", ("the year", "DATE", "2024")),
        # a bare unit after a preposition of extent (over/within/on/through/for) likewise
        ("Petrol prices climbed over the week.", ("the week", "DATE", "2024-W24")),
        ("The garrison will leave within the month.", ("the month", "DATE", "2024-06")),
        ("Two barges ran aground on the day.", ("the day", "DATE", "2024-06-12")),
        ("The pumps worked through the night.", ("the night", "DATE", "2024-06-12")),
        ("Ticket sales for the month doubled.", ("the month", "DATE", "2024-06")),
        ("The museum shut for the day.", ("the day", "DATE", "2024-06-12")),
    ],
)
def test_the_period_under_discussion_is_the_dcts(text: str, expected: tuple) -> None:
    assert only(text) == expected


def test_the_period_under_discussion_follows_the_last_mentioned_date() -> None:
    text = "The fair opened on March 4, 2023. Later in the day, a storm closed it."
    assert [(t.text, t.value) for t in tag(text, WEDNESDAY)] == [
        ("March 4, 2023", "2023-03-04"),
        ("the day", "2023-03-04"),
    ]


def test_a_year_mentioned_before_does_not_anchor_a_week() -> None:
    text = "The plant was built in 1990. Earlier in the week, it was sold."
    assert [t.value for t in tag(text, WEDNESDAY)] == ["1990", "2024-W24"]


def test_in_the_morning_is_a_part_of_the_reference_day() -> None:
    assert only("The shop was robbed in the morning.") == ("the morning", "DATE", "2024-06-12")
    assert only("The shop was robbed in the morning.", timeml=True) == (
        "the morning", "TIME", "2024-06-12TMO",
    )  # fmt: skip


def test_the_week_of_a_named_day_is_not_the_period_under_discussion() -> None:
    assert only("Rain fell during the week of May 6.") == ("the week of May 6", "DATE", "2024-W19")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The ferry sailed on the 3rd.", "2024-06-03"),
        ("The ferry sailed on the 20th.", "2024-05-20"),  # past, and the 20th is still to come
        ("The ferry will sail on the 20th.", "2024-06-20"),
        ("The ferry will sail on the 3rd.", "2024-07-03"),  # future, and the 3rd has gone by
    ],
)
def test_a_day_of_the_month_alone(text: str, value: str) -> None:
    assert only(text)[2] == value


def test_a_day_of_the_month_follows_the_month_just_mentioned() -> None:
    text = "The strike began on 2 February 2023. On the 9th, the unions signed a deal."
    assert [t.value for t in tag(text, WEDNESDAY)] == ["2023-02-02", "2023-02-09"]


def test_an_ordinal_before_a_noun_is_no_date() -> None:
    assert tag("The office is on the 4th floor.", WEDNESDAY) == []


@pytest.mark.parametrize(
    "text", ["The repairs will take some time.", "It has been some time since the last train."]
)
def test_some_time_is_a_vague_duration(text: str) -> None:
    assert only(text) == ("some time", "DURATION", "PXX")


def test_some_time_before_a_date_is_not_a_duration() -> None:
    assert all(t.value != "PXX" for t in tag("The bridge will reopen some time in May.", WEDNESDAY))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rents rose over the last three years.", ("last three years", "DURATION", "P3Y")),
        ("The next few days will be hot.", ("next few days", "DURATION", "PXD")),
        ("Prices will climb in the coming months.", ("coming months", "DATE", "FUTURE_REF")),
    ],
)
def test_no_article_in_a_span_counted_from_now(text: str, expected: tuple) -> None:
    assert only(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Divers found six wrecks in the past four years.", ("past four years", "P4Y")),
        ("The port will grow in the next two years.", ("next two years", "P2Y")),
    ],
)
def test_a_span_counted_from_now_after_in_is_a_duration(text: str, expected: tuple) -> None:
    found = only(text)
    assert (found[0], found[2]) == expected


def test_a_weekend_is_its_week_on_the_timeline_and_a_weekend_in_timeml() -> None:
    text = "The market was closed over the weekend."
    assert only(text) == ("the weekend", "DATE", "2024-W23")
    assert only(text, timeml=True) == ("the weekend", "DATE", "2024-W23-WE")


@pytest.mark.parametrize(
    "text", ["The amnesty will last 30 days.", "The repairs are expected to last 30 days."]
)
def test_the_verb_last_is_not_part_of_a_duration(text: str) -> None:
    assert only(text) == ("30 days", "DURATION", "P30D")


def test_the_adjective_last_is_part_of_a_duration() -> None:
    assert only("Rain fell in the last 30 days.") == ("last 30 days", "DURATION", "P30D")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Updated 3.7.2024", "2024-07-03"),  # dotted: day.month.year
        ("Filed 07/03/2024", "2024-07-03"),  # slashed: month/day/year
        ("Filed 23/05/2024", "2024-05-23"),  # a first number above 12 is the day
    ],
)
def test_numeric_dates(text: str, value: str) -> None:
    assert only(text)[2] == value


def test_a_clock_time_after_a_numeric_date_is_on_that_day() -> None:
    found = tag("Updated 3.7.2024 - 09:15", WEDNESDAY)
    assert [(t.text, t.value) for t in found] == [
        ("3.7.2024", "2024-07-03"),
        ("09:15", "2024-07-03T09:15"),
    ]


def test_the_quarter_under_discussion() -> None:
    assert only("In the quarter, the bakery sold more bread.") == ("the quarter", "DATE", "2024-Q1")
    text = "The fourth quarter of 2022 was hard. For the quarter, the bakery lost money."
    assert [t.value for t in tag(text, WEDNESDAY)] == ["2022-Q4", "2022-Q4"]


def test_for_the_year_is_the_year_under_discussion() -> None:
    assert only("For the year, the bakery expects a profit.") == ("the year", "DATE", "2024")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The choir rehearses twice a week.", ("twice a week", "SET", "P1W")),
        ("The ferry runs three times a day.", ("three times a day", "SET", "P1D")),
    ],
)
def test_frequencies_are_sets(text: str, expected: tuple) -> None:
    assert only(text) == expected


def test_the_past_hour_is_a_duration() -> None:
    assert only("The river rose a metre in the past hour.") == ("past hour", "DURATION", "PT1H")


def test_a_long_time_is_not_tagged() -> None:  # AQUAINT's annotators leave it out
    assert tag("The lift has been broken for a long time.", WEDNESDAY) == []


def test_the_end_of_the_decade() -> None:
    assert only("The line will open by the end of the decade.")[2] == "202X"


def test_the_following_weekday_counts_from_the_day_under_discussion() -> None:
    text = "The race was planned for 3 May 2023. It was moved to the following Friday."
    assert [t.value for t in tag(text, WEDNESDAY)] == ["2023-05-03", "2023-05-05"]


def test_a_clock_time_in_local_time_on_a_weekday_is_on_that_day() -> None:
    found = tag("The polls closed at 8 p.m. local time on Sunday.", WEDNESDAY)
    assert [t.value for t in found] == ["2024-06-09T20:00", "2024-06-09"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The fair ran on 3-4 May 2023.", [("3", "2023-05-03"), ("4 May 2023", "2023-05-04")]),
        ("Storms hit on 3 and 4 May 2023.", [("3", "2023-05-03"), ("4 May 2023", "2023-05-04")]),
    ],
)
def test_a_range_of_days_before_the_month(text: str, expected: list) -> None:
    assert [(t.text, t.value) for t in tag(text, WEDNESDAY)] == expected


def test_a_count_before_a_date_is_no_earlier_day() -> None:
    assert [t.text for t in tag("The score was 10 to 5 May 2023.", WEDNESDAY)] == ["5 May 2023"]


@pytest.mark.parametrize(
    "text", ["The deal was saved at the last minute.", "On the last day of the fair, it rained."]
)
def test_the_last_minute_or_day_of_something_is_no_duration(text: str) -> None:
    assert tag(text, WEDNESDAY) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The mill has been shut since last April.", "2023-04"),  # written in June 2024
        ("The mill closed last November.", "2023-11"),
        ("The mill closed in April.", "2024-04"),
    ],
)
def test_last_and_a_month_name_is_the_year_befores(text: str, value: str) -> None:
    assert only(text)[2] == value


def test_minutes_or_hours_later_is_the_day_under_discussion() -> None:
    text = "The dam burst on 2 May 2023. Hours later, the valley flooded."
    assert [(t.text, t.value) for t in tag(text, WEDNESDAY)] == [
        ("2 May 2023", "2023-05-02"),
        ("Hours later", "2023-05-02"),
    ]
    assert only("The reply came minutes later.", timeml=True) == (
        "minutes later", "DURATION", "PTXM",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Exports grew in 2019's second quarter.", "2019-Q2"),
        ("Exports grew in last year's second quarter.", "2023-Q2"),
    ],
)
def test_a_quarter_of_the_year_named_before_it(text: str, value: str) -> None:
    assert tag(text, WEDNESDAY)[-1].value == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("The choir sings on Palm Sunday 2023.", "2023-04-02"),
        ("The shops shut on Good Friday 2023.", "2023-04-07"),
        ("The parade is on Easter Monday 2023.", "2023-04-10"),
    ],
)
def test_feasts_counted_from_easter(text: str, value: str) -> None:
    assert only(text)[2] == value


def values_of(text: str, dct: date = WEDNESDAY, timeml: bool = False) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tag(text, dct, timeml=timeml)]


def test_year_earlier_is_the_period_under_discussion_a_year_before() -> None:
    text = "Orders grew in the second quarter, against a drop in the year-earlier quarter."
    assert values_of(text) == [("the second quarter", "2024-Q2"), ("the year-earlier quarter", "2023-Q2")]
    text = "In May the mill shipped more steel than in the year-ago month."
    assert values_of(text) == [("May", "2024-05"), ("the year-ago month", "2023-05")]
    assert values_of("Prices stayed below year-earlier levels.") == [("year-earlier", "2023")]


def test_the_latest_quarter_is_the_one_reported_on_and_the_current_one_the_dcts() -> None:
    assert values_of("The bakery lost money in the latest quarter.") == [("the latest quarter", "2024-Q1")]
    assert values_of("The bakery expects a profit in the current quarter.") == [("the current quarter", "2024-Q2")]


def test_a_fiscal_year_is_one_expression_and_timeml_writes_it_fy() -> None:
    assert values_of("Its budget for fiscal 2025 is larger.") == [("fiscal 2025", "2025")]
    assert values_of("Its budget for fiscal 2025 is larger.", timeml=True) == [("fiscal 2025", "FY2025")]


# --- a bare calendar unit after over/within/through/for/during/on: the period under discussion


def test_a_bare_unit_after_a_preposition_follows_the_last_mentioned_date() -> None:
    text = "The levee failed on 3 March 2023. Over the week, crews rebuilt it."
    assert [(t.text, t.value) for t in tag(text, WEDNESDAY)] == [
        ("3 March 2023", "2023-03-03"),
        ("the week", "2023-W09"),
    ]


def test_a_unit_with_a_clause_of_its_own_is_another_period() -> None:
    found = only("On the day the levee failed, the mayor was abroad.")
    assert found == ("the day", "DATE", "XXXX-XX-XX")
    assert period_of(found[2]) is None  # it dates nothing


def test_a_unit_named_by_what_follows_is_not_the_period_under_discussion() -> None:
    assert only("Ticket sales for the week ended Friday doubled.") == ("Friday", "DATE", "2024-06-07")
    assert tag("The band rehearsed in the week before the show.", WEDNESDAY) == []
