from __future__ import annotations

from datetime import date

from transforms.extract import extract_mentions
from transforms.gazetteer import find_actors, find_places, mask_quotations
from transforms.sentences import split_sentences


def mentions_of(text: str, published_on: date):
    return extract_mentions("a1", text, split_sentences(text), published_on)


def test_two_events_in_one_sentence_get_their_own_dates_people_and_places() -> None:
    text = ("Last Friday, President Donald Trump hosted Vladimir Putin for a bilateral summit in Alaska and "
            "then, on Monday, received Volodymyr Zelensky and a half-dozen European heads of state at the White House.")
    summit, meeting = mentions_of(text, date(2025, 8, 20))
    assert (summit.event_type, summit.event_date, summit.date_precision) == ("summit", date(2025, 8, 15), "day")
    assert summit.participants == ("Donald Trump", "Vladimir Putin") and summit.locations == ("Alaska",)
    assert (meeting.event_type, meeting.event_date) == ("meeting", date(2025, 8, 18))
    # Trump is the subject of both clauses.
    assert meeting.participants == ("Donald Trump", "Volodymyr Zelensky", "European leaders")
    assert meeting.locations == ("White House",)
    assert text[summit.trigger_start:summit.trigger_start + len(summit.trigger)] == "summit"


def test_a_preview_dates_the_coming_meeting() -> None:
    text = "Russia is seeking weak points to exploit ahead of Friday’s meeting with US President Donald Trump."
    (meeting,) = mentions_of(text, date(2025, 8, 12))
    assert (meeting.event_type, meeting.event_date) == ("meeting", date(2025, 8, 15))
    assert "Donald Trump" in meeting.participants


def test_titles_name_whoever_held_the_office_then() -> None:
    assert [m.name for m in find_actors("the Ukrainian president said", date(2025, 8, 18))] == ["Volodymyr Zelensky"]
    assert [m.name for m in find_actors("the US president said", date(2023, 5, 1))] == ["Joe Biden"]
    assert [m.name for m in find_actors("US President Donald Trump", date(2025, 8, 12))] == ["Donald Trump", "Donald Trump"]


def test_capitals_are_places_only_after_a_locative() -> None:
    assert [m.name for m in find_places("the next meeting could be held in Moscow")] == ["Moscow"]
    assert find_places("Moscow insists on its demands") == []
    assert [m.name for m in find_actors("Moscow insists on its demands", date(2025, 8, 1))] == ["Russia"]


def test_people_inside_quotations_do_not_take_part() -> None:
    text = "“We’re going to work with Ukraine,” he said on Monday."
    assert mask_quotations(text).strip().startswith("he said")
    assert mentions_of(text, date(2025, 8, 18)) == []  # no named speaker: not an event we can tell


def test_hypothetical_and_denied_events_are_not_events() -> None:
    text = ("Trump is keen on a lasting peace deal and, like Putin, has rejected a temporary ceasefire. "
            "Putin's only reason to engage would be to win a ceasefire that could end the war.")
    assert mentions_of(text, date(2025, 8, 18)) == []


def test_dates_keep_their_precision() -> None:
    text = "Having never been punished, such as when it annexed Crimea in 2014, Moscow would have little incentive."
    (annexation,) = mentions_of(text, date(2025, 8, 16))
    assert (annexation.event_type, annexation.event_date, annexation.date_precision) == ("annexation", date(2014, 1, 1), "year")
    assert annexation.locations == ("Crimea",)


def test_a_date_far_away_in_a_long_sentence_does_not_date_the_event() -> None:
    text = ("Hours before meeting Russia’s leader Vladimir Putin in Alaska, Donald Trump said he wanted to see a "
            "ceasefire in Ukraine and was “not going to be happy” if it wasn’t agreed today.")
    (meeting,) = [m for m in mentions_of(text, date(2025, 8, 16)) if m.event_type == "meeting"]
    assert meeting.event_date is None
    assert {"Vladimir Putin", "Donald Trump"} <= set(meeting.participants) and meeting.locations == ("Alaska",)


def test_a_wish_about_a_real_event_does_not_unmake_it() -> None:
    text = ("Zelensky had hoped that his own offensive last summer to take a big chunk of Russian territory "
            "would provide the leverage to force Russia to the table.")
    (offensive,) = mentions_of(text, date(2025, 3, 15))
    assert (offensive.event_type, offensive.event_date, offensive.date_precision) == ("offensive", date(2024, 6, 1), "season")
    assert offensive.participants[0] == "Volodymyr Zelensky"


def test_events_with_no_known_actor_or_place_are_left_out() -> None:
    text = "Coty acquired a 51% stake in the cosmetics brand, a deal announced on Monday."
    assert mentions_of(text, date(2019, 11, 20)) == []


def test_an_obligation_is_not_an_event() -> None:
    text = "The president said on Tuesday that China is going to have to make a deal with Washington."
    assert [m.event_type for m in mentions_of(text, date(2019, 11, 20))] == []


def test_he_said_is_the_person_named_just_before() -> None:
    text = ("It was the latest attempt by Trump to bring the war in Ukraine to a close. "
            "“While difficult, peace is within reach,” he said, on Monday.")
    (statement,) = mentions_of(text, date(2025, 8, 20))
    assert (statement.event_type, statement.participants, statement.event_date) == (
        "statement", ("Donald Trump",), date(2025, 8, 18))


def test_he_said_with_no_person_before_is_no_event() -> None:
    text = "Russia rejected the plan. “It is over,” he said on Monday."
    assert mentions_of(text, date(2025, 8, 20)) == []


def test_a_date_that_names_another_event_does_not_date_this_one() -> None:
    text = ("Roughly 13,000 US troops remain in Afghanistan, 18 years after Washington invaded the "
            "country in the wake of the September 11, 2001 attacks.")
    invasions = [m for m in mentions_of(text, date(2019, 11, 20)) if m.event_type == "invasion"]
    assert [m.event_date for m in invasions] in ([], [None])
