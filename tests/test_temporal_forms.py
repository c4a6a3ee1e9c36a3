"""Written forms of dates the tagger had not met: month abbreviations without a dot, numeric
dates with a day past the 19th, ISO dates with slashes, half-year and fiscal-year codes (own
sentences)."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.temporal import tag

DCT = date(2025, 10, 15)


def found(text: str, timeml: bool = False) -> list[tuple[str, str]]:
    return [(t.text, t.value) for t in tag(text, DCT, timeml=timeml)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The pier reopened Sep 22.", [("Sep 22", "2025-09-22")]),
        ("The fair opens Mar 4, 2026.", [("Mar 4, 2026", "2026-03-04")]),
        ("The lease was signed on 9/27/2024.", [("9/27/2024", "2024-09-27")]),
        ("The lease was signed on 27/9/2024.", [("27/9/2024", "2024-09-27")]),
        ("The lease was signed on 2024/09/27.", [("2024/09/27", "2024-09-27")]),
        ("Margins improved in H2 2024.", [("H2 2024", "2024-H2")]),
        ("The budget for FY2026 is tight.", [("FY2026", "2026")]),
        ("The budget for FY26 is tight.", [("FY26", "2026")]),
    ],
)
def test_written_forms(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


def test_codes_that_are_no_dates_are_left_alone() -> None:
    assert found("The clinic tested for H1N1 and met Mar Roxas.") == []
    assert found("The month 31/31/2024 does not exist.") == []


def test_timeml_writes_a_fiscal_code_fy() -> None:
    assert found("The budget for FY26 is tight.", timeml=True) == [("FY26", "FY2026")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Coupons are paid quarterly.", [("quarterly", "SET", "P3M")]),
        ("The newsletter appears fortnightly.", [("fortnightly", "SET", "P2W")]),
        ("The ferry sails every 3 days.", [("every 3 days", "SET", "P3D")]),
        ("The council meets every two weeks.", [("every two weeks", "SET", "P2W")]),
        ("The council meets every week.", [("every week", "SET", "P1W")]),
    ],
)
def test_sets(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert [(t.text, t.type, t.value) for t in tag(text, DCT)] == expected


def test_a_four_digit_clock_time_with_its_zone_is_a_time_not_a_year() -> None:
    assert found("The shelling stopped at 1600 GMT.") == [("1600 GMT", "2025-10-15T16:00")]
    assert found("The truce began at 0600 UTC on Sunday.") == [("0600 UTC on Sunday", "2025-10-12T06:00")]
    # a conversion in brackets of the time just told is not a second expression
    assert found("The truce began at 9 a.m. (0600 GMT).") == [("9 a.m.", "2025-10-15T09:00")]
    assert found("The fort was built in 1600.") == [("1600", "1600")]


def test_the_day_after_local_time_is_the_day_of_the_clock_time() -> None:
    assert found("The raid began at 4 a.m. local time Sunday.") == [
        ("4 a.m.", "2025-10-12T04:00"), ("Sunday", "2025-10-12")]


def test_o_clock_is_that_hour_of_the_day_it_is_told_on() -> None:
    assert found("The polls closed at eight o'clock.") == [("eight o'clock", "2025-10-15T08:00")]
    assert found("The polls closed at 9 o'clock Sunday.") == [("9 o'clock Sunday", "2025-10-12T09:00")]
