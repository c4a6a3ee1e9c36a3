"""Event anchors: sentences dated by an event the text told before (own sentences)."""

from __future__ import annotations

import io
import json
from datetime import date

from transforms.event_anchors import anchors, find_phrases, with_anchors
from transforms.extract import extract_mentions
from transforms.sentences import split_sentences
from transforms.temporal import tag
from transforms.timex_command import run_timex

DAY = date(2024, 3, 14)  # a Thursday


def anchored(text: str, on: date = DAY) -> dict[str, tuple[str, str]]:
    return {a.text: (a.value, a.relation) for a in anchors(text, tag(text, on))}


def test_during_the_summit_takes_the_day_of_the_summit_told_before() -> None:
    text = ("Leaders of six nations gathered for a summit in Oslo on Tuesday. "
            "During the summit, the ministers signed a fisheries accord.")
    assert anchored(text) == {"During the summit": ("2024-03-12", "same")}


def test_after_and_ahead_of_keep_the_event_date_with_their_relation() -> None:
    text = ("The two delegations held talks in Vienna on Monday. "
            "Following the negotiations, the envoy flew home. "
            "Ahead of the talks, protesters had gathered outside.")
    assert anchored(text) == {"Following the negotiations": ("2024-03-11", "after"),
                              "Ahead of the talks": ("2024-03-11", "before")}


def test_on_the_eve_of_is_the_day_before() -> None:
    text = "The vote was held on March 3. On the eve of the election, the party held a rally."
    assert anchored(text) == {"On the eve of the election": ("2024-03-02", "eve")}


def test_immediacy_word_is_part_of_the_anchor() -> None:
    text = "The governors met in Denver on Wednesday. Shortly after the meeting, two of them resigned."
    assert anchored(text) == {"Shortly after the meeting": ("2024-03-13", "after")}


def test_a_part_of_the_event_reads_through_to_the_event() -> None:
    text = ("The state funeral was held in the capital on Saturday. "
            "Minutes before the start of the funeral, the president arrived.")
    assert anchored(text) == {"Minutes before the start of the funeral": ("2024-03-09", "before")}


def test_a_definite_subject_refers_back_to_the_dated_event() -> None:
    text = "The union and the owners met in Leeds on Monday. The meeting lasted six hours."
    assert anchored(text) == {"The meeting": ("2024-03-11", "same")}


def test_another_occurrence_is_no_anchor() -> None:
    text = "The ministers met in Rome on Monday. After the next meeting, a deal may follow."
    assert anchored(text) == {}
    assert [p.start for p in find_phrases(text)] == []


def test_a_sentence_with_its_own_date_keeps_it() -> None:
    text = "The summit opened in Lima on Monday. After the summit on Wednesday, the leaders left."
    assert anchored(text) == {}


def test_the_date_must_belong_to_the_event_not_to_the_report() -> None:
    # "Tuesday" dates the saying, not the visit
    text = "A visit by the king is planned, an aide said on Tuesday. During his visit, he will open a bridge."
    assert anchored(text) == {}


def test_a_date_of_a_relative_clause_does_not_date_the_event_it_follows() -> None:
    text = ("Rebels claimed the attack, which recalled the floods of 1998. "
            "After the attack, the border was closed.")
    assert anchored(text) == {}


def test_an_event_of_another_kind_is_no_antecedent() -> None:
    text = "The storm hit the coast on Friday. After the summit, aid was promised."
    assert anchored(text) == {}


def test_with_anchors_keeps_the_tagger_expressions_and_adds_the_anchor() -> None:
    text = "The leaders held a summit in Oslo on Tuesday. During the summit, they signed an accord."
    found = with_anchors(text, tag(text, DAY))
    assert [(t.text, t.value) for t in found] == [("Tuesday", "2024-03-12"), ("During the summit", "2024-03-12")]


def test_extraction_dates_the_anchored_mention() -> None:
    text = ("The presidents of Chile and Peru held talks in Lima on Tuesday. "
            "During the talks, Chile and Peru signed a border agreement.")
    mentions = extract_mentions("a1", text, split_sentences(text), DAY)
    agreement = [m for m in mentions if m.sentence_index == 1 and m.trigger == "signed"]
    assert len(agreement) == 1
    assert agreement[0].event_date == date(2024, 3, 12)
    assert agreement[0].time_text == "During the talks"


def test_timex_command_reports_anchors_only_when_asked() -> None:
    line = json.dumps({"text": "The board met on Monday. After the meeting, the chairman quit.",
                       "dct": DAY.isoformat()}) + "\n"
    plain, anchored_out = io.StringIO(), io.StringIO()
    run_timex(io.StringIO(line), plain, io.StringIO())
    run_timex(io.StringIO(line), anchored_out, io.StringIO(), event_anchors=True)
    assert [r["type"] for r in json.loads(plain.getvalue())] == ["DATE"]
    assert [(r["type"], r["value"], r["relation"]) for r in json.loads(anchored_out.getvalue())[1:]] == [
        ("ANCHOR", "2024-03-11", "after")]


def test_an_event_dated_only_by_its_year_is_background_not_an_antecedent() -> None:
    text = "The trade summit of 2019 was held in Chile. During the summit, the ministers met."
    assert anchored(text) == {}


def test_a_story_that_moved_on_to_another_day_leaves_the_event_ambiguous() -> None:
    text = ("Two villages were hit in a raid on Monday. Early on Tuesday, rockets fell on the port. "
            "A school was damaged during the attack.")
    assert anchored(text) == {}


def test_a_day_within_the_event_week_keeps_the_story_on_it() -> None:
    text = ("The minister began a visit to Japan this week. He toured a factory on Tuesday. "
            "During his visit, he signed a trade pact.")
    assert anchored(text) == {"During his visit": ("2024-W11", "same")}


def test_a_meeting_may_refer_back_to_the_visit_it_was_part_of() -> None:
    text = "The premier paid a visit to Warsaw on Monday. After the meeting, both sides praised the ties."
    assert anchored(text) == {"After the meeting": ("2024-03-11", "after")}


def test_the_command_line_reports_anchors_unless_told_not_to() -> None:
    from typer.testing import CliRunner

    from newsline.cli import app

    line = json.dumps({"text": "The envoys held talks on Monday. Ahead of the talks, the border shut.",
                       "dct": DAY.isoformat()}) + "\n"
    for flags in ([], ["--event-anchors"]):
        result = CliRunner().invoke(app, ["timex", *flags], input=line)
        assert result.exit_code == 0
        assert [(r["type"], r["value"]) for r in json.loads(result.stdout)] == [
            ("DATE", "2024-03-11"), ("ANCHOR", "2024-03-11")]
    result = CliRunner().invoke(app, ["timex", "--no-event-anchors"], input=line)
    assert [r["type"] for r in json.loads(result.stdout)] == ["DATE"]
