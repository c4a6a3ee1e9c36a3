from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from transforms.event_types import family
from transforms.models import ArticleRef, EventMention, Period
from transforms.resolve import (
    candidate_windows, make_title, periods_overlap, publishable, resolve, resolve_incremental,
)


def mention(mention_id: str, article: str, event_type: str, when: date | None, precision: str | None = "day",
            participants: tuple[str, ...] = (), locations: tuple[str, ...] = (), *, status: str = "happened",
            basis: str | None = None, sentence: str = "They talked.", trigger_at: int | None = None) -> EventMention:
    return EventMention(
        mention_id=mention_id, article_id=article, sentence_index=0, sentence_start=0,
        sentence_end=len(sentence), sentence_text=sentence, event_type=event_type, trigger=event_type,
        trigger_start=int(mention_id[-1]) if trigger_at is None else trigger_at,
        participants=participants, locations=locations, time_text="x" if when else None,
        time_value=when.isoformat() if when else None, event_date=when,
        date_precision=precision if when else None, status=status, date_basis=basis,
    )


def article(name: str, day: int, month: int = 8) -> ArticleRef:
    return ArticleRef(name, f"https://news.example/{name}", datetime(2025, month, day, 12, tzinfo=UTC),
                      datetime(2025, 8, 30, tzinfo=UTC))


ARTICLES = {name: article(name, day) for name, day in
            {"a": 16, "b": 17, "c": 20, "d": 19, "e": 11, "f": 9, "g": 22}.items()}
SUMMIT = date(2025, 8, 15)
LEADERS = ("Ada Quill", "Boris Vell")


def test_one_event_told_by_several_articles_is_one_row_dated_when_it_happened() -> None:
    events = resolve(
        [
            mention("m1", "a", "meeting", SUMMIT, participants=LEADERS),
            mention("m2", "c", "summit", SUMMIT, participants=LEADERS[::-1], locations=("Lakeview",)),
            mention("m3", "b", "summit", None, locations=("Lakeview",)),
            mention("m4", "d", "meeting", date(2025, 8, 18), participants=("Cora Dunn", "Ada Quill")),
        ],
        ARTICLES,
    )
    assert [(e.event_date, e.event_type) for e in events] == [(SUMMIT, "summit"), (date(2025, 8, 18), "meeting")]
    summit = events[0]
    assert summit.mention_ids == ("m1", "m2", "m3")
    assert summit.inherited_mention_ids == ("m3",)
    assert set(summit.participants) == set(LEADERS)
    assert summit.locations == ("Lakeview",)
    assert {m.mention_id: m.role for m in summit.members} == {"m1": "own", "m2": "own", "m3": "inherited"}


def test_an_undated_mention_never_takes_the_publication_day() -> None:
    assert resolve([mention("m1", "b", "ceasefire", None, participants=("Ada Quill",))], ARTICLES) == []


def test_undated_mention_does_not_join_an_event_it_shares_nothing_with() -> None:
    events = resolve(
        [
            mention("m1", "a", "strike", SUMMIT, participants=("Freedonia",), locations=("Lakeview",)),
            mention("m2", "b", "strike", None, participants=("Sylvania",), locations=("Hillport",)),
        ],
        ARTICLES,
    )
    assert [e.mention_ids for e in events] == [("m1",)]


def test_a_month_holds_its_days_and_the_finest_date_wins() -> None:
    events = resolve(
        [
            mention("m1", "a", "invasion", date(2022, 2, 1), "month", participants=("Boris Vell",)),
            mention("m2", "b", "invasion", date(2022, 2, 24), "day", participants=("Boris Vell", "Russia")),
        ],
        ARTICLES,
    )
    assert [(e.event_date, e.date_precision, len(e.mention_ids)) for e in events] == [(date(2022, 2, 24), "day", 2)]


def test_different_days_or_types_stay_apart() -> None:
    events = resolve(
        [
            mention("m1", "a", "strike", date(2025, 8, 14), participants=("Freedonia",), basis="explicit"),
            mention("m2", "b", "strike", date(2025, 8, 15), participants=("Freedonia",), basis="explicit"),
            mention("m3", "c", "ceasefire", date(2025, 8, 15), participants=("Freedonia",)),
        ],
        ARTICLES,
    )
    assert len(events) == 3


def test_an_explicit_day_outvotes_a_relative_weekday_and_the_other_date_stays_visible() -> None:
    events = resolve(
        [
            mention("m1", "a", "summit", SUMMIT, participants=LEADERS, locations=("Lakeview",), basis="explicit"),
            mention("m2", "b", "summit", date(2025, 8, 14), participants=LEADERS, locations=("Lakeview",),
                    basis="relative"),
        ],
        ARTICLES,
    )
    # Two days, both told by one article each: the two are one event only if one date is weak,
    # and neither is: they stay two events, each dated by its own evidence.
    assert [e.event_date for e in events] == [date(2025, 8, 14), SUMMIT]
    merged = resolve(
        [
            mention("m1", "a", "summit", SUMMIT, participants=LEADERS, locations=("Lakeview",), basis="explicit"),
            mention("m2", "b", "summit", SUMMIT, "month", participants=LEADERS, locations=("Lakeview",)),
            mention("m3", "c", "summit", date(2025, 8, 20), participants=LEADERS, locations=("Lakeview",),
                    basis="relative"),
        ],
        ARTICLES,
    )
    assert len(merged) == 1
    event = merged[0]
    assert (event.event_date, event.date_precision) == (SUMMIT, "day")
    assert event.dates[0].chosen and event.dates[0].mention_ids == ("m1",)
    others = {(d.event_date, d.date_precision): d.mention_ids for d in event.dates[1:]}
    assert others == {(date(2025, 8, 20), "day"): ("m3",), (SUMMIT, "month"): ("m2",)}
    assert "explicit day" in event.date_reason


def test_a_cue_on_the_articles_own_day_does_not_outvote_reports_of_another_day() -> None:
    """Two outlets date the talks on the 15th; a third, published on the 20th, says "today"
    while recalling them: the event keeps the 15th, and the weak date joins it."""
    events = resolve(
        [
            mention("m1", "a", "talks", SUMMIT, participants=LEADERS, basis="explicit"),
            mention("m2", "b", "talks", SUMMIT, participants=LEADERS, basis="relative"),
            mention("m3", "c", "talks", date(2025, 8, 20), participants=LEADERS, basis="relative"),
        ],
        ARTICLES,
    )
    assert [(e.event_date, e.mention_ids) for e in events] == [(SUMMIT, ("m1", "m2", "m3"))]
    reasons = {m.mention_id: m.reason for m in events[0].members}
    assert reasons["m3"].startswith("weakly dated 2025-08-20 (publication-day cue)")


def test_a_preview_is_planned_and_becomes_the_happened_event_keeping_its_id() -> None:
    preview = mention("m1", "e", "summit", SUMMIT, participants=LEADERS, locations=("Lakeview",),
                      status="planned", basis="relative")
    planned = resolve([preview], ARTICLES)
    assert [(e.status, e.event_date, e.first_announced_at) for e in planned] == [
        ("planned", SUMMIT, ARTICLES["e"].published_at)]
    report = mention("m2", "a", "summit", SUMMIT, participants=LEADERS, locations=("Lakeview",), basis="relative")
    changes = resolve_incremental(planned, {"m1": preview}, [report], ARTICLES)
    assert changes.removed_ids == frozenset()
    [happened] = changes.events
    assert (happened.event_id, happened.status, happened.event_date) == (planned[0].event_id, "happened", SUMMIT)
    assert happened.first_announced_at == ARTICLES["e"].published_at


def test_an_announced_date_is_the_plans_not_the_events() -> None:
    """Announced for the 13th, held on the 15th: the reports date it, the plan stays visible."""
    events = resolve(
        [
            mention("m1", "f", "summit", date(2025, 8, 13), participants=LEADERS, locations=("Lakeview",),
                    status="planned", basis="explicit"),
            mention("m2", "a", "summit", SUMMIT, participants=LEADERS, locations=("Lakeview",), basis="relative"),
        ],
        ARTICLES,
    )
    [event] = events
    assert (event.status, event.event_date) == ("happened", SUMMIT)
    assert [(d.event_date, d.basis, d.chosen) for d in event.dates] == [
        (SUMMIT, "reported", True), (date(2025, 8, 13), "planned", False)]


def test_a_report_without_a_date_takes_the_plans_date_only_if_it_came_after_it() -> None:
    plan = mention("m1", "f", "summit", SUMMIT, participants=LEADERS, locations=("Lakeview",), status="planned")
    after = mention("m2", "a", "summit", None, participants=LEADERS, locations=("Lakeview",))
    before = mention("m3", "e", "summit", None, participants=LEADERS, locations=("Lakeview",))
    [reported] = resolve([plan, after], ARTICLES)
    assert (reported.status, reported.event_date) == ("happened", SUMMIT)
    [too_early] = resolve([plan, before], ARTICLES)
    assert too_early.status == "planned"


def test_a_happened_event_is_never_dated_after_the_article_reporting_it() -> None:
    events = resolve([mention("m1", "e", "strike", SUMMIT, participants=("Freedonia",), locations=("Hillport",))],
                     ARTICLES)
    assert events == []


def test_negated_and_hypothetical_mentions_are_evidence_only() -> None:
    plan = mention("m1", "f", "summit", SUMMIT, participants=LEADERS, locations=("Lakeview",), status="planned")
    called_off = mention("m2", "e", "summit", SUMMIT, participants=LEADERS, locations=("Lakeview",), status="negated",
                         sentence="The planned summit in Lakeview was called off.", trigger_at=12)
    [event] = resolve([plan, called_off], ARTICLES)
    assert event.status == "planned"
    assert event.mention_ids == ("m1",)
    assert {m.mention_id: m.role for m in event.members} == {"m1": "own", "m2": "evidence"}
    assert resolve([called_off], ARTICLES) == []


def test_incremental_resolution_agrees_with_the_full_one_and_keeps_ids() -> None:
    history = [
        mention("m1", "a", "summit", SUMMIT, participants=LEADERS, locations=("Lakeview",), basis="explicit"),
        mention("m2", "b", "strike", date(2025, 8, 16), participants=("Freedonia",), locations=("Hillport",)),
    ]
    new = [
        mention("m3", "c", "summit", SUMMIT, participants=LEADERS, basis="explicit"),
        mention("m4", "d", "strike", date(2025, 8, 18), participants=("Freedonia",), locations=("Hillport",)),
    ]
    before = resolve(history, ARTICLES)
    changes = resolve_incremental(before, {m.mention_id: m for m in history}, new, ARTICLES)
    assert {e.event_id: e.mention_ids for e in changes.events} == {
        before[0].event_id: ("m1", "m3"), resolve(new[1:], ARTICLES)[0].event_id: ("m4",)}
    full = resolve(history + new, ARTICLES, previous={e.event_id: frozenset(e.mention_ids) for e in before})
    assert sorted(e.mention_ids for e in full) == [("m1", "m3"), ("m2",), ("m4",)]
    assert before[0].event_id in {e.event_id for e in full}


def test_withdrawn_mentions_leave_their_event_and_an_undated_event_is_removed() -> None:
    history = [mention("m1", "a", "summit", SUMMIT, participants=LEADERS),
               mention("m2", "b", "summit", None, participants=LEADERS)]
    before = resolve(history, ARTICLES)
    changes = resolve_incremental(before, {m.mention_id: m for m in history}, [], ARTICLES, withdrawn=["m1"])
    assert changes.events == ()
    assert changes.removed_ids == {before[0].event_id}


def test_candidate_windows_cover_the_dates_new_mentions_could_join() -> None:
    new = [mention("m1", "a", "summit", SUMMIT, participants=("Ada Quill",)),
           mention("m2", "b", "meeting", date(2025, 8, 17), "week", participants=("Ada Quill",)),
           mention("m3", "c", "strike", None, locations=("Hillport",)),
           mention("m4", "d", "strike", date(2025, 8, 18)),
           mention("m5", "b", "statement", date(2025, 8, 17), participants=("Ada Quill",))]
    windows = {(w.family, w.kind, w.name, w.first, w.last) for w in candidate_windows(new, ARTICLES)}
    talks, strikes, said = family("summit"), family("strike"), family("statement")
    assert windows == {
        # its own day and week; the weakly dated events within the soft window; events naming nobody
        (talks, "named", "Ada Quill", SUMMIT, SUMMIT),
        (talks, "named", "Ada Quill", date(2025, 8, 17), date(2025, 8, 23)),
        (talks, "weak", "Ada Quill", date(2025, 8, 1), date(2025, 8, 29)),
        (talks, "nameless", "", SUMMIT, SUMMIT),
        (talks, "nameless", "", date(2025, 8, 17), date(2025, 8, 23)),
        # a mention naming nobody may be any event of its date
        (strikes, "any", "", date(2025, 8, 18), date(2025, 8, 18)),
        # statements are the same only on the same day
        (said, "named", "Ada Quill", date(2025, 8, 17), date(2025, 8, 17)),
        (said, "nameless", "", date(2025, 8, 17), date(2025, 8, 17)),
        # undated: the events nearest its article that share its place
        (strikes, "nearest", "Hillport", date(2024, 7, 16), date(2025, 9, 20)),
        # the few events of its period it could join by a name a sentence spells (not statements;
        # a mention naming nobody has them all already)
        (talks, "few", "", SUMMIT, SUMMIT),
        (talks, "few", "", date(2025, 8, 17), date(2025, 8, 23)),
    }
    [nearest] = [w for w in candidate_windows(new, ARTICLES) if w.kind == "nearest"]
    assert (nearest.around, nearest.nearest) == (date(2025, 8, 20), 4)


def test_event_ids_are_stable_and_survive_new_mentions() -> None:
    first = resolve([mention("m1", "a", "summit", SUMMIT, participants=("Ada Quill",))], ARTICLES)
    again = resolve([mention("m1", "a", "summit", SUMMIT, participants=("Ada Quill",))], ARTICLES)
    assert first[0].event_id == again[0].event_id
    grown = resolve(
        [mention("m0", "c", "summit", SUMMIT, participants=("Ada Quill",)),
         mention("m1", "a", "summit", SUMMIT, participants=("Ada Quill",))],
        ARTICLES,
        previous={first[0].event_id: frozenset({"m1"})},
    )
    assert grown[0].event_id == first[0].event_id
    assert grown[0].mention_ids == ("m0", "m1")


def test_period_overlap_and_titles() -> None:
    assert periods_overlap(Period(date(2025, 8, 1), "month"), Period(date(2025, 8, 31), "day"))
    assert not periods_overlap(Period(date(2025, 8, 1), "month"), Period(date(2025, 9, 1), "day"))
    assert periods_overlap(Period(date(2014, 1, 1), "year"), Period(date(2014, 3, 1), "month"))
    assert make_title("summit", LEADERS, ("Lakeview",)) == "Summit: Ada Quill, Boris Vell — Lakeview"
    # Countries are background: a headline names the people first.
    assert make_title("talks", ("Austria", "Ada Quill"), ()) == "Talks: Ada Quill"


def test_statements_of_one_week_are_not_one_statement() -> None:
    events = resolve(
        [
            mention("m1", "c", "statement", date(2025, 8, 18), "day", participants=("Ada Quill",)),
            mention("m2", "c", "statement", date(2025, 8, 18), "week", participants=("Ada Quill",)),
        ],
        ARTICLES,
    )
    assert {(e.date_precision, e.mention_ids) for e in events} == {("day", ("m1",)), ("week", ("m2",))}


def test_a_name_told_as_a_place_by_one_outlet_and_as_a_participant_by_another_is_shared() -> None:
    events = resolve(
        [
            mention("m1", "a", "strike", date(2025, 8, 10), participants=("Freedonia",), basis="explicit"),
            mention("m2", "b", "strike", date(2025, 8, 10), participants=("Red Brigade",), locations=("Freedonia",),
                    basis="explicit"),
        ],
        ARTICLES,
    )
    assert [e.mention_ids for e in events] == [("m1", "m2")]


def test_one_article_telling_one_kind_of_event_on_one_day_tells_one_event() -> None:
    """The truce is named by its place in one sentence and by its mediators in the next."""
    events = resolve(
        [
            mention("m1", "c", "ceasefire", date(2025, 8, 10), locations=("Hillport",), basis="relative"),
            mention("m2", "c", "ceasefire", date(2025, 8, 10), participants=("Sylvania", "Ada Quill"),
                    basis="relative"),
            mention("m3", "c", "statement", date(2025, 8, 10), participants=("Ada Quill",), basis="relative"),
            mention("m4", "c", "statement", date(2025, 8, 10), participants=("Cora Dunn",), basis="relative"),
        ],
        ARTICLES,
    )
    assert sorted(e.mention_ids for e in events) == [("m1", "m2"), ("m3",), ("m4",)]
    truce = next(e for e in events if e.event_type == "ceasefire")
    assert "same article" in {m.mention_id: m.reason for m in truce.members}["m2"]


def test_events_that_grow_into_one_are_merged_whatever_came_first() -> None:
    """The first report names the organisation, the second the person: both are the same
    visit, as a third report naming both shows."""
    day = date(2025, 8, 12)
    events = resolve(
        [
            mention("m1", "a", "summit", day, participants=("Union of Ports",), basis="explicit"),
            mention("m2", "b", "visit", day, participants=("Ada Quill",), locations=("Hillport",), basis="explicit"),
            mention("m3", "c", "summit", day, participants=("Ada Quill", "Union of Ports"), basis="explicit"),
        ],
        ARTICLES,
    )
    assert [e.mention_ids for e in events] == [("m1", "m2", "m3")]
    assert "merged" in " ".join(m.reason for m in events[0].members)


def test_a_date_on_the_articles_own_day_yields_to_an_explicit_one_and_joins_it() -> None:
    """An article of the 16th dated the talks on its own day (a dateline); two others give the 15th."""
    events = resolve(
        [
            mention("m1", "a", "talks", date(2025, 8, 16), participants=LEADERS, basis="explicit"),
            mention("m2", "b", "talks", SUMMIT, participants=LEADERS, basis="explicit"),
        ],
        ARTICLES,
    )
    assert [(e.event_date, e.mention_ids) for e in events] == [(SUMMIT, ("m1", "m2"))]
    assert [(d.event_date, d.chosen) for d in events[0].dates] == [(SUMMIT, True), (date(2025, 8, 16), False)]


def test_reports_that_date_an_event_only_by_its_month_take_the_announced_day() -> None:
    plan = mention("m1", "f", "inauguration", date(2025, 8, 13), participants=("Ada Quill",), status="planned",
                   basis="explicit")
    report = mention("m2", "g", "inauguration", date(2025, 8, 1), "month", participants=("Ada Quill",),
                     basis="explicit")
    [event] = resolve([plan, report], ARTICLES)
    assert (event.status, event.event_date, event.date_precision) == ("happened", date(2025, 8, 13), "day")
    assert {(d.event_date, d.date_precision, d.basis, d.chosen) for d in event.dates} == {
        (date(2025, 8, 13), "day", "planned", True), (date(2025, 8, 1), "month", "reported", False)}
    # A plan for after the first report is not what the report tells.
    late = mention("m1", "f", "inauguration", date(2025, 8, 25), participants=("Ada Quill",), status="planned",
                   basis="explicit")
    [event] = resolve([late, report], ARTICLES)
    assert (event.event_date, event.date_precision) == (date(2025, 8, 1), "month")


def test_the_article_announcing_a_plan_does_not_also_report_it_kept() -> None:
    plan = mention("m1", "f", "visit", date(2025, 8, 12), participants=("Ada Quill",), locations=("Hillport",),
                   status="planned", basis="explicit")
    same_article = mention("m2", "f", "visit", None, participants=("Ada Quill",), locations=("Hillport",))
    [event] = resolve([plan, same_article], ARTICLES)
    assert event.status == "planned"
    later_article = mention("m3", "d", "visit", None, participants=("Ada Quill",), locations=("Hillport",))
    [event] = resolve([plan, same_article, later_article], ARTICLES)
    assert (event.status, event.event_date) == ("happened", date(2025, 8, 12))


def test_a_preview_dated_on_its_own_articles_day_gives_no_date() -> None:
    preview = mention("m1", "f", "visit", date(2025, 8, 9), participants=("Ada Quill",), locations=("Hillport",),
                      status="planned", basis="explicit")
    assert resolve([preview], ARTICLES) == []


def test_a_month_told_with_fewer_names_joins_the_day_it_holds() -> None:
    events = resolve(
        [
            mention("m1", "a", "agreement", date(2025, 8, 8), participants=("Ada Quill", "Boris Vell", "Cora Dunn"),
                    locations=("Hillport",), basis="explicit"),
            mention("m2", "g", "agreement", date(2025, 8, 1), "month", participants=("Cora Dunn",)),
            mention("m3", "g", "agreement", date(2025, 8, 1), "month", participants=("Dan Orr",)),
        ],
        ARTICLES,
    )
    assert sorted(e.mention_ids for e in events) == [("m1", "m2"), ("m3",)]


def test_a_place_one_sentence_spells_joins_the_week_to_the_day_it_holds() -> None:
    events = resolve(
        [
            mention("m1", "a", "meeting", date(2025, 8, 10), participants=("Freedonia", "Sylvania"),
                    basis="relative", sentence="Envoys of Freedonia met Sylvanian officials in Lakeview on Sunday."),
            mention("m2", "g", "talks", date(2025, 8, 4), "week", participants=("Cora Dunn",),
                    locations=("Lakeview",), sentence="Cora Dunn took part in the talks in Lakeview last week."),
        ],
        ARTICLES,
    )
    assert [(e.event_date, e.date_precision, e.mention_ids) for e in events] == [
        (date(2025, 8, 10), "day", ("m1", "m2"))]
    assert "spelled in a sentence" in {m.mention_id: m.reason for m in events[0].members}["m2"]


def test_a_named_tag_both_sentences_spell_makes_one_plan_of_one_day() -> None:
    day = date(2025, 8, 4)
    events = resolve(
        [
            mention("m1", "a", "peace_plan", day, participants=("Ada Quill",), basis="explicit",
                    sentence="Ada Quill laid out her 12-point plan on August 4."),
            mention("m2", "g", "peace_plan", day, locations=("Hillport",), basis="explicit",
                    sentence="The 12-point proposal was presented in Hillport on August 4."),
            mention("m3", "c", "peace_plan", day, locations=("Dunmore",), basis="explicit",
                    sentence="A separate proposal was presented in Dunmore on August 4."),
        ],
        ARTICLES,
    )
    assert sorted(e.mention_ids for e in events) == [("m1", "m2"), ("m3",)]


def test_a_person_spelled_in_passing_does_not_join_a_month_to_a_day() -> None:
    events = resolve(
        [
            mention("m1", "a", "agreement", date(2025, 8, 8), participants=("Freedonia", "Sylvania"),
                    basis="explicit", sentence="Freedonia and Sylvania signed a truce deal brokered by Ada Quill."),
            mention("m2", "g", "agreement", date(2025, 8, 1), "month", participants=("Ada Quill",),
                    sentence="Ada Quill also signed a trade pact with Ruritania in August."),
        ],
        ARTICLES,
    )
    assert len(events) == 2


def test_a_report_never_dates_its_event_after_the_article_telling_it_happened() -> None:
    # Article "e" (11 August) tells of a deal "this year"; a deal of 18 August is another one.
    events = resolve(
        [
            mention("m1", "g", "agreement", date(2025, 8, 18), participants=("Freedonia", "Sylvania"),
                    locations=("Hillport",), basis="explicit"),
            mention("m2", "e", "agreement", date(2025, 1, 1), "year", participants=("Freedonia",),
                    locations=("Hillport",), basis="relative"),
        ],
        ARTICLES,
    )
    assert sorted((e.event_date, e.date_precision) for e in events) == [
        (date(2025, 1, 1), "year"), (date(2025, 8, 18), "day")]


def _one_trigger(article: str, event_type: str, sentence: str, trigger: str,
                 dated: list[tuple[date, str]], names: tuple[str, ...]) -> list:
    """The events of mentions extraction made of one trigger word, one per (date, basis)."""
    at = sentence.index(trigger)
    return resolve([mention(f"m{n}", article, event_type, day, participants=names, basis=basis,
                            sentence=sentence, trigger_at=at) for n, (day, basis) in enumerate(dated, 1)], ARTICLES)


def test_one_trigger_given_a_dateline_and_a_weekday_is_one_event_dated_by_the_weekday() -> None:
    events = _one_trigger("a", "strike", "Pinewood, 16 August: Freedonia shelled the harbour of Lakeview on Thursday.",
                          "shelled", [(date(2025, 8, 16), "explicit"), (date(2025, 8, 14), "relative")], ("Freedonia",))
    assert [(e.event_date, e.mention_ids) for e in events] == [(date(2025, 8, 14), ("m1", "m2"))]
    assert any("same trigger" in m.reason for m in events[0].members)


def test_one_trigger_over_a_range_of_two_days_is_one_event_from_its_first_day() -> None:
    events = _one_trigger("b", "strike", "Freedonian guns shelled Lakeview on 12-13 August.", "shelled",
                          [(date(2025, 8, 12), "explicit"), (date(2025, 8, 13), "explicit")], ("Freedonia",))
    assert [e.event_date for e in events] == [date(2025, 8, 12)]


def test_one_trigger_listing_dates_apart_tells_an_event_for_each() -> None:
    dates = [date(2025, 8, 2), date(2025, 8, 9), date(2025, 8, 15)]
    sentence = "The two envoys held rounds of talks in Lakeview on 2 August, 9 August and 15 August."
    events = _one_trigger("c", "talks", sentence, "talks", [(day, "explicit") for day in dates], LEADERS)
    assert [e.event_date for e in events] == dates


def test_a_month_naming_only_countries_joins_the_day_it_holds_when_both_name_as_many() -> None:
    day = date(2025, 8, 6)
    events = resolve(
        [
            mention("m1", "a", "strike", day, participants=("Red Hand",), locations=("Chile",), basis="explicit"),
            mention("m2", "g", "strike", date(2025, 8, 1), "month", participants=("Chile", "Peru")),
        ],
        ARTICLES,
    )
    assert [(e.event_date, e.date_precision, e.mention_ids) for e in events] == [(day, "day", ("m1", "m2"))]


def test_a_month_naming_a_person_does_not_join_a_day_through_a_country_alone() -> None:
    day = date(2025, 8, 6)
    events = resolve(
        [
            mention("m1", "a", "strike", day, participants=("Red Hand",), locations=("Chile",), basis="explicit"),
            mention("m2", "g", "strike", date(2025, 8, 1), "month", participants=("Dan Orr", "Chile")),
        ],
        ARTICLES,
    )
    assert sorted(e.mention_ids for e in events) == [("m1",), ("m2",)]


def _lede(mention_id: str, article_name: str, when: date, **names) -> EventMention:
    """A mention extraction dated by the lede's headline present: its article's day, no words."""
    return replace(mention(mention_id, article_name, "capture", when, basis="relative", **names), time_text="")


def test_one_article_dating_an_event_by_no_words_does_not_publish_it() -> None:
    lede = _lede("m1", "a", date(2025, 8, 16), participants=("Red Hand",), locations=("Hillport",))
    [event] = resolve([lede], ARTICLES)
    assert (event.status, event.event_date) == ("happened", date(2025, 8, 16))
    assert not publishable(event, {"m1": lede})


def test_a_lede_dated_event_is_published_when_words_or_a_second_article_date_it() -> None:
    lede = _lede("m1", "a", date(2025, 8, 16), participants=("Red Hand",), locations=("Hillport",))
    worded = mention("m2", "a", "capture", date(2025, 8, 16), participants=("Red Hand",), locations=("Hillport",),
                     basis="relative", trigger_at=40)
    second = mention("m3", "b", "capture", None, participants=("Red Hand",), locations=("Hillport",))
    for others in ([worded], [second]):
        table = {m.mention_id: m for m in [lede, *others]}
        [event] = resolve(list(table.values()), ARTICLES)
        assert event.mention_ids == tuple(sorted(table))
        assert publishable(event, table)


def test_an_event_naming_no_one_and_nowhere_is_not_published_until_a_mention_names_it() -> None:
    nameless = mention("m1", "a", "prisoner_exchange", date(2025, 8, 12), basis="explicit",
                       sentence="The last swap took place on 12 August.")
    [event] = resolve([nameless], ARTICLES)
    assert (event.status, event.participants, event.locations) == ("happened", (), ())
    assert not publishable(event, {"m1": nameless})
    named = mention("m2", "b", "prisoner_exchange", date(2025, 8, 12), participants=("Red Hand",),
                    basis="explicit", sentence="Red Hand swapped prisoners on 12 August.")
    table = {"m1": nameless, "m2": named}
    [event] = resolve(list(table.values()), ARTICLES)
    assert event.participants == ("Red Hand",)
    assert publishable(event, table)


RAID = "Red Hand jets struck Hillport on Monday."


def test_an_undated_mention_of_a_sentence_that_dates_the_event_names_it_too() -> None:
    dated = mention("m1", "a", "strike", date(2025, 8, 11), locations=("Hillport",), basis="relative", sentence=RAID)
    undated = mention("m2", "a", "strike", None, participants=("Red Hand",), sentence=RAID)
    [event] = resolve([dated, undated], ARTICLES)
    assert (event.participants, event.locations) == (("Red Hand",), ("Hillport",))
    assert {m.mention_id: m.role for m in event.members} == {"m1": "own", "m2": "own"}
    assert event.event_date == date(2025, 8, 11)


def test_an_undated_mention_of_another_sentence_or_of_a_sentence_dating_two_events_stays_out() -> None:
    dated = mention("m1", "a", "strike", date(2025, 8, 11), locations=("Hillport",), basis="relative", sentence=RAID)
    elsewhere = replace(mention("m2", "a", "strike", None, participants=("Red Hand",), sentence=RAID),
                        sentence_start=200)
    assert [e.mention_ids for e in resolve([dated, elsewhere], ARTICLES)] == [("m1",)]
    second = mention("m3", "a", "strike", date(2025, 8, 4), locations=("Dunmore",), basis="explicit", sentence=RAID)
    undated = mention("m2", "a", "strike", None, participants=("Red Hand",), sentence=RAID)
    assert sorted(e.mention_ids for e in resolve([dated, second, undated], ARTICLES)) == [("m1",), ("m3",)]


def test_a_sentence_reporting_several_statements_names_none_of_them_by_its_undated_one() -> None:
    said = "Ada Quill said on Monday that Boris Vell had warned them."
    dated = mention("m1", "a", "statement", date(2025, 8, 11), participants=("Ada Quill",), basis="relative",
                    sentence=said)
    undated = mention("m2", "a", "statement", None, participants=("Boris Vell",), sentence=said)
    [event] = resolve([dated, undated], ARTICLES)
    assert (event.mention_ids, event.participants) == (("m1",), ("Ada Quill",))


MARCH_2019 = date(2019, 3, 1)


def _war(mention_id: str, article_name: str, when: date = MARCH_2019, precision: str = "month", **kw) -> EventMention:
    return mention(mention_id, article_name, "invasion", when, precision, basis="explicit", **kw)


def test_the_only_event_of_its_kind_in_a_month_is_named_by_the_countries_a_sentence_spells() -> None:
    told = [_war("m1", "a", participants=("Chile", "Peru"), sentence="Chile invaded Peru in March 2019."),
            _war("m2", "b", participants=("Chile", "Peru"), sentence="Since Chile invaded Peru in March 2019.")]
    recalled = _war("m3", "c", participants=("Ada Quill",),
                    sentence="Peru has lost land since Ada Quill ordered the invasion in March 2019.")
    [event] = resolve([*told, recalled], ARTICLES)
    assert event.mention_ids == ("m1", "m2", "m3")
    assert set(event.participants) == {"Chile", "Peru", "Ada Quill"}


def test_countries_spelled_in_a_sentence_do_not_name_one_of_several_events_nor_a_day_event() -> None:
    sentence = "Peru has lost land since Ada Quill ordered the invasion in March 2019."
    recalled = _war("m3", "c", participants=("Ada Quill",), sentence=sentence)
    two = [_war("m1", "a", participants=("Chile", "Peru")),
           _war("m2", "b", participants=("Bolivia", "Ecuador"))]
    assert sorted(e.mention_ids for e in resolve([*two, recalled], ARTICLES)) == [("m1",), ("m2",), ("m3",)]
    day = [_war("m1", "a", date(2019, 3, 4), "day", participants=("Chile", "Peru"))]
    on_day = _war("m3", "c", date(2019, 3, 4), "day", participants=("Ada Quill",), sentence=sentence)
    assert sorted(e.mention_ids for e in resolve([*day, on_day], ARTICLES)) == [("m1",), ("m3",)]


def test_a_report_dated_by_its_articles_day_retells_the_same_articles_event_of_a_day_before() -> None:
    friday = mention("m1", "a", "strike", date(2025, 8, 15), participants=("Red Hand", "Chile"),
                     locations=("Hillport",), basis="relative", sentence="Red Hand shelled Hillport on Friday.")
    quoted = mention("m2", "a", "strike", date(2025, 8, 16), participants=("Red Hand",), basis="relative",
                     sentence="Red Hand shelled the port today, an officer said.")
    [event] = resolve([friday, quoted], ARTICLES)
    assert (event.mention_ids, event.event_date) == (("m1", "m2"), date(2025, 8, 15))


def test_an_ongoing_report_another_articles_or_a_countrys_alone_stays_on_its_day() -> None:
    friday = mention("m1", "a", "strike", date(2025, 8, 15), participants=("Red Hand", "Chile"),
                     locations=("Hillport",), basis="relative", sentence="Red Hand shelled Hillport on Friday.")
    ongoing = mention("m2", "a", "strike", date(2025, 8, 16), participants=("Red Hand",), basis="relative",
                      status="ongoing", sentence="Red Hand is shelling the port today.")
    other_paper = mention("m3", "b", "strike", date(2025, 8, 17), participants=("Red Hand",), basis="relative",
                          sentence="Red Hand shelled the port today.")
    country = mention("m4", "a", "strike", date(2025, 8, 16), participants=("Chile",), basis="relative",
                      sentence="Chile was shelled today.", trigger_at=9)
    for later in (ongoing, other_paper, country):
        events = resolve([friday, later], ARTICLES)
        assert sorted(e.mention_ids for e in events) == [("m1",), (later.mention_id,)]


def test_a_week_joins_the_day_whose_pair_each_side_spells() -> None:
    # One outlet names only the caller and spells the other; the other names only the one
    # called and spells the caller: each spells the other's name, so they tell one call.
    day = date(2025, 8, 14)
    events = resolve(
        [
            mention("m1", "a", "call", day, participants=("Boris Vell",),
                    sentence="On 14 August Quill spoke by phone with Vell."),
            mention("m2", "g", "call", date(2025, 8, 11), "week", participants=("Ada Quill",),
                    sentence="Last week Quill held a call after which she said she would meet Vell."),
        ],
        ARTICLES,
    )
    assert [(e.event_date, e.date_precision, e.mention_ids) for e in events] == [(day, "day", ("m1", "m2"))]


def test_a_week_spelling_a_person_only_one_way_stays_apart_from_the_day() -> None:
    day = date(2025, 8, 14)
    events = resolve(
        [
            mention("m1", "a", "call", day, participants=("Boris Vell",), sentence="On 14 August Vell made a call."),
            mention("m2", "g", "call", date(2025, 8, 11), "week", participants=("Ada Quill",),
                    sentence="Last week Quill held a call and then spoke of Vell."),
        ],
        ARTICLES,
    )
    assert [(e.event_date, e.mention_ids) for e in events] == [(date(2025, 8, 11), ("m2",)), (day, ("m1",))]


def test_a_name_told_with_and_without_a_given_name_is_one_participant_under_the_spelling_most_told() -> None:
    day = date(2025, 8, 14)
    events = resolve(
        [
            mention("m1", "a", "meeting", day, participants=("Ada Quill", "Boris Vell")),
            mention("m2", "g", "meeting", day, participants=("Ada Mira Quill", "Boris Vell")),
            mention("m3", "d", "meeting", day, participants=("Ada Quill", "Dora Vell")),
        ],
        ARTICLES,
    )
    assert [(e.participants, e.title) for e in events] == [
        (("Ada Quill", "Boris Vell", "Dora Vell"), "Meeting: Ada Quill, Boris Vell, Dora Vell")]


def test_a_surname_two_people_share_stays_as_told() -> None:
    day = date(2025, 8, 14)
    events = resolve(
        [
            mention("m1", "a", "meeting", day, participants=("Boris Vell", "Dora Vell")),
            mention("m2", "g", "meeting", day, participants=("Vell", "Dora Vell")),
        ],
        ARTICLES,
    )
    assert [e.participants for e in events] == [("Dora Vell", "Boris Vell", "Vell")]


_RELEASE = "It came with the release of captives held for a year."


def _definite_release(mention_id: str, art: str, people: tuple[str, ...]) -> EventMention:
    return mention(mention_id, art, "hostage_release", None, participants=people, sentence=_RELEASE,
                   trigger_at=_RELEASE.index("release"))


def test_a_definite_reference_sharing_only_a_country_names_the_one_such_event_of_the_day_before() -> None:
    events = resolve(
        [
            mention("m1", "a", "hostage_release", date(2025, 8, 16), participants=("Norway", "Red Hand")),
            _definite_release("m2", "b", ("Norway", "Sweden")),
        ],
        ARTICLES,
    )
    assert [(e.mention_ids, e.inherited_mention_ids) for e in events] == [(("m1", "m2"), ("m2",))]


def test_a_definite_reference_sharing_only_a_country_with_two_events_of_that_day_joins_neither() -> None:
    events = resolve(
        [
            mention("m1", "a", "hostage_release", date(2025, 8, 16), participants=("Norway", "Red Hand"),
                    locations=("Bergen",)),
            mention("m3", "d", "hostage_release", date(2025, 8, 16), participants=("Norway", "Blue Lake"),
                    locations=("Stavanger",)),
            _definite_release("m2", "b", ("Norway", "Sweden")),
        ],
        ARTICLES,
    )
    assert sorted(e.mention_ids for e in events) == [("m1",), ("m3",)]


def test_a_definite_reference_sharing_only_a_country_does_not_reach_back_a_week() -> None:
    events = resolve(
        [
            mention("m1", "a", "hostage_release", date(2025, 8, 10), participants=("Norway", "Red Hand")),
            _definite_release("m2", "b", ("Norway", "Sweden")),
        ],
        ARTICLES,
    )
    assert [e.mention_ids for e in events] == [("m1",)]
