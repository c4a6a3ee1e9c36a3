"""Status cues read off the parse (`transforms.mention_status`); sentences written for these tests."""

from __future__ import annotations

from datetime import date

from transforms.extract import extract_mentions
from transforms.sentences import split_sentences

_LEDE = "Envoys met on Monday. Nothing was announced. "
_ON = date(2025, 4, 22)


def statuses(body: str) -> list[tuple[str, str]]:
    text = _LEDE + body
    return [(m.event_type, m.status) for m in extract_mentions("a1", text, split_sentences(text), _ON)
            if m.sentence_start >= len(_LEDE)]


def test_expected_to_plans_its_infinitive() -> None:
    assert statuses("The envoy is expected to hold talks with Sisi this week.") == [("talks", "planned")]


def test_expected_in_a_relative_clause_plans_too() -> None:
    assert statuses("The envoy is due in Cairo this week, where he is expected to hold talks with Sisi.") == [
        ("talks", "planned")]


def test_expect_that_reports_what_it_governs() -> None:
    assert statuses("Officials expect that the envoy held talks with Sisi this week.") == [("talks", "happened")]
