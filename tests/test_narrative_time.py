"""News narrative keeps the reference time: an undated event told in the simple past right
after a sentence whose events are dated to a day happened on that day, a weak date that
resolution weighs below the text's own dates; sentences written for these tests."""

from __future__ import annotations

from datetime import date

from transforms.event_dating import choose_date, evidence_of
from transforms.extract import extract_mentions
from transforms.models import EventMention
from transforms.sentences import split_sentences

_ON = date(2025, 3, 6)  # a Thursday
# two opening sentences, so that what follows is beyond the lede
_LEDE = "Peace efforts continued this week.\nOfficials spoke to reporters in Brussels.\n"
_DATED = "Donald Trump called Volodymyr Zelensky on Tuesday."


def mentions_of(body: str) -> list[EventMention]:
    text = _LEDE + body
    return [m for m in extract_mentions("a1", text, split_sentences(text), _ON)
            if m.sentence_start >= len(_LEDE)]


def _second(body: str) -> list[EventMention]:
    return [m for m in mentions_of(body) if m.sentence_index == 3]


def test_simple_past_after_a_dated_sentence_keeps_its_day() -> None:
    (m,) = _second(f"{_DATED} Donald Trump then called Vladimir Putin.")
    assert (m.event_type, m.event_date, m.date_precision) == ("call", date(2025, 3, 4), "day")
    assert (m.status, m.date_basis, m.time_text) == ("happened", "narrative", "")
    assert "Vladimir Putin" in m.participants


def test_the_next_paragraph_keeps_the_day_too() -> None:
    (m,) = _second(f"{_DATED}\nDonald Trump met Vladimir Putin in Alaska.")
    assert (m.event_type, m.event_date, m.date_basis) == ("meeting", date(2025, 3, 4), "narrative")


def test_past_perfect_is_earlier_and_stays_undated() -> None:
    assert _second(f"{_DATED} Donald Trump had met Vladimir Putin in Alaska.") == []


def test_a_plan_takes_no_narrative_day() -> None:
    assert [m.event_date for m in _second(f"{_DATED} Donald Trump will meet Vladimir Putin in Alaska.")
            if m.event_date is not None] == []


def test_a_negated_event_takes_no_narrative_day() -> None:
    assert [m.event_date for m in _second(f"{_DATED} Donald Trump did not meet Vladimir Putin.")
            if m.event_date is not None] == []


def test_a_subordinate_clause_takes_no_narrative_day() -> None:
    assert _second(f"{_DATED} Officials said Donald Trump met Vladimir Putin in Alaska.") == []


def test_an_undated_sentence_before_keeps_nothing() -> None:
    assert mentions_of("The weather was cold. Donald Trump met Vladimir Putin in Alaska.") == []


def test_a_participle_takes_the_tense_of_its_clause() -> None:
    body = "Russian missiles struck Kharkiv on Tuesday. Ukraine retaliated, launching drones at Belgorod."
    (m,) = _second(body)
    assert (m.event_type, m.event_date, m.date_basis) == ("strike", date(2025, 3, 4), "narrative")


def _mention(article_id: str, basis: str) -> EventMention:
    return EventMention(mention_id=f"m-{article_id}", article_id=article_id, sentence_index=0, sentence_start=0,
                        sentence_end=1, sentence_text="", event_type="meeting", trigger="met", trigger_start=0,
                        participants=(), locations=(), time_text="", time_value=None,
                        event_date=date(2025, 3, 3) if basis == "explicit" else date(2025, 3, 4),
                        date_precision="day", status="happened", date_basis=basis)


def test_narrative_days_of_several_articles_do_not_outvote_an_explicit_day() -> None:
    written = date(2025, 3, 6)
    evidence = [evidence_of(_mention(a, "narrative"), written) for a in ("a", "b", "c")]
    evidence.append(evidence_of(_mention("d", "explicit"), written))
    assert {e.cue for e in evidence[:3]} == {"narrative day"}
    assert choose_date(evidence).period.start == date(2025, 3, 3)
