"""Verb patterns of the pack that need a place in a prepositional phrase; sentences written for
these tests."""

from __future__ import annotations

from datetime import date

from transforms.extract import extract_mentions
from transforms.sentences import split_sentences

_LEDE = "Envoys met on Tuesday. Nothing was announced. "


def types_of(body: str) -> list[str]:
    text = _LEDE + body
    return [m.event_type for m in extract_mentions("a1", text, split_sentences(text), date(2025, 2, 20))
            if m.sentence_start >= len(_LEDE)]


def test_sweeping_into_a_town_is_a_capture() -> None:
    assert types_of("Rebels swept into Bukavu on Sunday.") == ["capture"]
    assert types_of("Tanks rolled into Kherson on Friday.") == ["capture"]


def test_sweeping_into_power_is_no_capture() -> None:
    assert "capture" not in types_of("The party swept into power on Sunday.")


def test_a_time_phrase_is_no_place() -> None:
    assert "capture" not in types_of("The storm rolled into February with heavy snow on Sunday.")


def test_returning_to_power_is_no_visit() -> None:
    assert "visit" not in types_of("The Taliban returned to power on Sunday.")
    assert types_of("Macron arrived in the Algerian capital on Sunday.") == ["visit"]


def test_a_price_falling_to_an_amount_is_no_capture() -> None:
    assert types_of("Brent crude fell 3% to $61.50 a barrel on Monday.") == []
    assert types_of("The town fell to Russian forces on Monday.") == ["capture"]
