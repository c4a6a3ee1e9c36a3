"""Places in resolution: one spelling per place, and towns that keep events apart."""

from __future__ import annotations

from datetime import date

from test_resolve import ARTICLES, mention

from transforms.place_spellings import is_town, place_spelling, skeleton
from transforms.resolve import resolve

DAY = date(2025, 8, 15)


def test_a_transliteration_the_gazetteer_does_not_list_takes_the_listed_spelling() -> None:
    assert skeleton("Bakmut") == skeleton("Bakhmut")
    assert place_spelling("Bakmut") == "Bakhmut"
    assert place_spelling("Kramatorssk") == "Kramatorsk"
    assert place_spelling("Bakhmut") == "Bakhmut"


def test_a_spelling_two_listed_places_share_or_nothing_lists_is_kept_as_written() -> None:
    assert skeleton("Whitney") == skeleton("Witney")
    assert place_spelling("Witnney") == "Witnney"
    assert place_spelling("Quillhaven Pier") == "Quillhaven Pier"
    assert is_town("Bakhmut")
    assert not is_town("Ukraine")
    assert not is_town("Quillhaven Pier")


def test_two_spellings_of_one_town_are_one_place_of_one_event() -> None:
    one = mention("m1", "a", "strike", DAY, participants=("Ada Quill",), locations=("Bakhmut",), basis="explicit")
    other = mention("m2", "b", "strike", DAY, locations=("Bakmut",), basis="explicit")
    [event] = resolve([one, other], ARTICLES)
    assert event.locations == ("Bakhmut",)
    assert set(event.mention_ids) == {"m1", "m2"}


def test_one_article_telling_captures_of_two_towns_on_one_day_tells_two_events() -> None:
    here = mention("m1", "a", "capture", DAY, participants=("Russia",), locations=("Bakhmut",), basis="explicit")
    there = mention("m2", "a", "capture", DAY, participants=("Ukraine",), locations=("Kramatorsk",), basis="explicit")
    events = resolve([here, there], ARTICLES)
    assert sorted(e.locations for e in events) == [("Bakhmut",), ("Kramatorsk",)]


def test_one_article_naming_a_town_once_and_the_country_next_tells_one_event() -> None:
    here = mention("m1", "a", "capture", DAY, participants=("Russia",), locations=("Bakhmut",), basis="explicit")
    vague = mention("m2", "a", "capture", DAY, participants=("Ukraine",), locations=(), basis="explicit")
    [event] = resolve([here, vague], ARTICLES)
    assert set(event.mention_ids) == {"m1", "m2"}


def test_reports_sharing_a_country_but_naming_different_towns_stay_apart() -> None:
    here = mention("m1", "a", "strike", DAY, participants=("Russia",), locations=("Bakhmut",), basis="explicit")
    there = mention("m2", "b", "strike", DAY, participants=("Russia",), locations=("Kramatorsk",), basis="explicit")
    same_town = mention("m3", "c", "strike", DAY, participants=("Russia",), locations=("Bakhmut",), basis="explicit")
    events = resolve([here, there, same_town], ARTICLES)
    assert sorted(sorted(e.mention_ids) for e in events) == [["m1", "m3"], ["m2"]]


def test_well_dated_days_two_weeks_apart_sharing_a_leader_stay_two_events() -> None:
    plan = mention("m1", "a", "agreement", date(2025, 8, 1), participants=("Ada Quill",), basis="explicit")
    signing = mention("m2", "c", "agreement", DAY, participants=("Ada Quill",), basis="relative")
    events = resolve([plan, signing], ARTICLES)
    assert sorted(e.event_date for e in events) == [date(2025, 8, 1), DAY]


def test_an_undated_report_of_the_same_people_in_another_town_does_not_join() -> None:
    talks = mention("m1", "a", "talks", DAY, participants=("Ada Quill", "Boris Vell"), locations=("Bakhmut",),
                    basis="explicit")
    elsewhere = mention("m2", "b", "talks", None, participants=("Ada Quill", "Boris Vell"), locations=("Kramatorsk",))
    same_town = mention("m3", "c", "talks", None, participants=("Ada Quill", "Boris Vell"), locations=("Bakmut",))
    [event] = resolve([talks, elsewhere, same_town], ARTICLES)
    assert event.mention_ids == ("m1", "m3")


def test_a_participant_spelled_as_a_listed_alias_of_a_place_is_that_place() -> None:
    # extraction gives a location its canonical name; a participant keeps the text's spelling
    one = mention("m1", "a", "strike", DAY, participants=("Kiev",), basis="explicit")
    other = mention("m2", "b", "strike", DAY, locations=("Kyiv",), basis="explicit")
    [event] = resolve([one, other], ARTICLES)
    assert (event.mention_ids, event.participants, event.locations) == (("m1", "m2"), ("Kyiv",), ("Kyiv",))
