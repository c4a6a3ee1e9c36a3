"""An event that lasts (an offensive), told as going on at publication without a date of its
own, is dated to the month of publication; sentences written for these tests."""

from __future__ import annotations

from datetime import date

from transforms import domain_pack
from transforms.extract import extract_mentions
from transforms.sentences import split_sentences

_ON = date(2025, 6, 18)
# two opening sentences, so that what follows is beyond the lede (where the day's news is dated)
_LEDE = "Diplomats met in Vienna on Tuesday. The talks ended without a statement. "


def mentions_of(body: str, published_on: date = _ON):
    text = _LEDE + body
    return [m for m in extract_mentions("a1", text, split_sentences(text), published_on)
            if m.sentence_start >= len(_LEDE)]


def test_ongoing_modifier_dates_an_offensive_to_the_month_of_publication() -> None:
    (m,) = mentions_of("Russia's ongoing offensive near Lyman is draining Ukrainian reserves.")
    assert (m.event_type, m.event_date, m.date_precision) == ("offensive", date(2025, 6, 1), "month")
    assert (m.status, m.date_basis, m.time_text) == ("ongoing", "relative", "ongoing")
    assert m.participants == ("Russia",)


def test_present_progressive_is_going_on() -> None:
    (m,) = mentions_of("Russian troops are pushing into Kostiantynivka from two sides.")
    assert (m.event_date, m.date_precision, m.status) == (date(2025, 6, 1), "month", "ongoing")
    assert m.time_text == "are pushing"
    assert "Kostiantynivka" in " ".join(m.locations)


def test_present_perfect_breakthrough_is_this_months_news() -> None:
    (m,) = mentions_of("Russian forces have broken through the Ukrainian line south of Pokrovsk.")
    assert (m.event_type, m.event_date, m.date_precision) == ("offensive", date(2025, 6, 1), "month")
    assert m.time_text == "have broken"


def test_a_participle_of_the_same_act_is_one_mention_with_its_head() -> None:
    found = mentions_of("Russian units have broken through near Toretsk, advancing towards Kostiantynivka.")
    assert len(found) == 1
    (m,) = found
    assert m.trigger == "advancing" and m.time_text == "have broken"
    assert m.event_date == date(2025, 6, 1)


def test_a_dated_offensive_keeps_its_own_date() -> None:
    (m,) = mentions_of("Russian troops pushed into Kupiansk on Sunday.")
    assert (m.event_date, m.date_precision) == (date(2025, 6, 15), "day")


def test_a_past_offensive_without_a_date_is_not_dated_to_the_present() -> None:
    assert mentions_of("Russian troops pushed into Kupiansk after heavy fighting.") == []


def test_a_planned_or_possible_offensive_is_not_going_on() -> None:
    assert mentions_of("Russian troops could push into Sumy if the front collapses.") == []
    assert mentions_of("Russia will launch an offensive on Zaporizhzhia, analysts warn.") == []


def test_beyond_the_lede_an_undated_sentence_gives_only_current_events() -> None:
    # the summit is neither dated nor going on; the offensive is going on
    found = mentions_of("As Putin met Trump in Alaska, Russian troops were advancing while Russia's forces "
                        "are pushing into Siversk.")
    assert [m.event_type for m in found] == ["offensive"]
    assert found[0].time_text == "are pushing"


def test_only_lasting_types_are_dated_by_their_present() -> None:
    # a strike in the present is no lasting state: without a date it is not on the timeline
    assert mentions_of("Russian drones are striking Odesa's port.") == []
    types = {t.name for t in domain_pack.load().types if t.continuing}
    assert types == {"offensive"}


def test_prefilter_reads_present_cues_of_lasting_types_only() -> None:
    from transforms.extract import _may_tell_current_state

    assert _may_tell_current_state(["russia", "keeps", "advancing"])
    assert _may_tell_current_state(["the", "army", "advances"])
    assert not _may_tell_current_state(["troops", "advanced", "on", "the", "town"])
    assert not _may_tell_current_state(["the", "summit", "is", "over"])


def test_a_headings_first_word_names_nobody() -> None:
    found = mentions_of("Frontline advances in Zaporizhzhia and new goals\nRussian troops are pushing into Huliaipole.")
    assert [m.participants for m in found] == [("Russia",)]
    assert all("Frontline" not in m.participants for m in found)


def test_advancing_a_thing_is_no_offensive() -> None:
    assert "offensive" not in [m.event_type for m in mentions_of("Zelensky advances his peace plan in Kyiv this week.")]
    (m,) = mentions_of("Russian troops advanced ten kilometres near Pokrovsk on Sunday.")
    assert (m.event_type, m.event_date) == ("offensive", date(2025, 6, 15))
