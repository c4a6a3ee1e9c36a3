"""A pair description that is no subject ("a deal between the two countries") stands for the
last two parties its sentence named; sentences written for these tests."""

from __future__ import annotations

from datetime import date

from transforms.extract import extract_mentions
from transforms.sentences import split_sentences

_LEDE = "Envoys met on Tuesday. Nothing was announced. "


def mention(body: str, on: date = date(2025, 10, 20)):
    text = _LEDE + body
    found = [m for m in extract_mentions("a1", text, split_sentences(text), on) if m.sentence_start >= len(_LEDE)]
    assert len(found) == 1, found
    return found[0]


def test_two_countries_are_the_last_two_countries_named_before() -> None:
    m = mention("Oman mediated between Kenya and Sudan for months, leading to a peace deal between "
                "the two countries in August.")
    assert (m.event_type, m.event_date) == ("agreement", date(2025, 8, 1))
    assert {"Kenya", "Sudan"} <= set(m.participants)


def test_an_armed_group_between_two_countries_is_not_one_of_the_pair() -> None:
    m = mention("Qatar mediated between Kenya, which is accused of arming the M23 rebels, and Sudan, "
                "leading to a peace deal between the two countries in August.")
    assert {"Kenya", "Sudan"} <= set(m.participants)
    assert "M23" not in m.participants


def test_two_sides_are_any_two_parties() -> None:
    m = mention("Egypt hosted Hamas and Israeli negotiators, and a truce between the two sides took effect on Sunday.")
    assert (m.event_type, m.event_date) == ("ceasefire", date(2025, 10, 19))
    assert m.participants == ("Hamas", "Israel")


def test_who_acts_in_an_event_told_in_a_relative_clause_took_part() -> None:
    m = mention("The sudden shift followed a phone call last week in which Macron sounded upbeat about the talks.",
                date(2025, 9, 3))
    assert (m.event_type, m.event_date, m.date_precision) == ("call", date(2025, 8, 25), "week")
    assert m.participants == ("Emmanuel Macron",)


def test_who_acts_at_an_occasion_with_its_subject_attended_it() -> None:
    text = ("On Monday, Macron took part in a summit in Nice on Libya. During the summit, Macron signed a "
            "declaration alongside Italian Prime Minister Giorgia Meloni and King Abdullah II of Jordan.")
    found = extract_mentions("a1", text, split_sentences(text), date(2025, 10, 14))
    summits = [m for m in found if m.event_type == "summit" and m.sentence_index == 1]
    assert len(summits) == 1
    assert {"Emmanuel Macron", "Giorgia Meloni"} <= set(summits[0].participants)
