from __future__ import annotations

from datetime import UTC, date, datetime

from transforms.models import ArticleRef, EventMention, Period
from transforms.resolve import make_title, periods_overlap, resolve


def mention(mention_id: str, article: str, event_type: str, when: date | None, precision: str | None = "day",
            participants: tuple[str, ...] = (), locations: tuple[str, ...] = ()) -> EventMention:
    return EventMention(
        mention_id=mention_id, article_id=article, sentence_index=0, sentence_start=0, sentence_end=10,
        sentence_text="…", event_type=event_type, trigger=event_type, trigger_start=int(mention_id[-1]),
        participants=participants, locations=locations, time_text="x" if when else None,
        time_value=when.isoformat() if when else None, event_date=when,
        date_precision=precision if when else None,
    )


ARTICLES = {
    name: ArticleRef(name, f"https://news.example/{name}", datetime(2025, 8, day, 12, tzinfo=UTC),
                     datetime(2025, 8, 25, tzinfo=UTC))
    for name, day in {"a": 12, "b": 16, "c": 20, "d": 18}.items()
}
SUMMIT = date(2025, 8, 15)


def test_one_event_told_by_several_articles_is_one_row_dated_when_it_happened() -> None:
    events = resolve(
        [
            mention("m1", "a", "meeting", SUMMIT, participants=("Vladimir Putin", "Donald Trump")),
            mention("m2", "c", "summit", SUMMIT, participants=("Donald Trump", "Vladimir Putin"), locations=("Alaska",)),
            mention("m3", "b", "summit", None, locations=("Alaska",)),
            mention("m4", "d", "meeting", date(2025, 8, 18), participants=("Volodymyr Zelensky", "Donald Trump")),
        ],
        ARTICLES,
    )
    assert [(e.event_date, e.event_type) for e in events] == [(SUMMIT, "summit"), (date(2025, 8, 18), "meeting")]
    summit = events[0]
    assert summit.mention_ids == ("m1", "m2", "m3")
    assert summit.inherited_mention_ids == ("m3",)
    assert summit.participants[:2] == ("Donald Trump", "Vladimir Putin") or set(summit.participants) == {"Donald Trump", "Vladimir Putin"}
    assert summit.locations == ("Alaska",)


def test_an_undated_mention_never_takes_the_publication_day() -> None:
    events = resolve([mention("m1", "b", "ceasefire", None, participants=("Donald Trump",))], ARTICLES)
    assert events == []


def test_undated_mention_does_not_join_an_event_it_shares_nothing_with() -> None:
    events = resolve(
        [
            mention("m1", "a", "strike", SUMMIT, participants=("Russia",), locations=("Kharkiv",)),
            mention("m2", "b", "strike", None, participants=("Ukraine",), locations=("Kursk",)),
        ],
        ARTICLES,
    )
    assert [e.mention_ids for e in events] == [("m1",)]


def test_a_month_holds_its_days_and_the_finest_date_wins() -> None:
    events = resolve(
        [
            mention("m1", "a", "invasion", date(2022, 2, 1), "month", participants=("Vladimir Putin",)),
            mention("m2", "b", "invasion", date(2022, 2, 24), "day", participants=("Vladimir Putin", "Russia")),
        ],
        ARTICLES,
    )
    assert [(e.event_date, e.date_precision, len(e.mention_ids)) for e in events] == [(date(2022, 2, 24), "day", 2)]


def test_different_days_or_types_stay_apart() -> None:
    events = resolve(
        [
            mention("m1", "a", "strike", date(2025, 8, 14), participants=("Russia",)),
            mention("m2", "b", "strike", date(2025, 8, 15), participants=("Russia",)),
            mention("m3", "c", "ceasefire", date(2025, 8, 15), participants=("Russia",)),
        ],
        ARTICLES,
    )
    assert len(events) == 3


def test_event_ids_are_stable_and_survive_new_mentions() -> None:
    first = resolve([mention("m1", "a", "summit", SUMMIT, participants=("Donald Trump",))], ARTICLES)
    again = resolve([mention("m1", "a", "summit", SUMMIT, participants=("Donald Trump",))], ARTICLES)
    assert first[0].event_id == again[0].event_id
    grown = resolve(
        [mention("m0", "c", "summit", SUMMIT, participants=("Donald Trump",)),
         mention("m1", "a", "summit", SUMMIT, participants=("Donald Trump",))],
        ARTICLES,
        previous={first[0].event_id: frozenset({"m1"})},
    )
    assert grown[0].event_id == first[0].event_id
    assert grown[0].mention_ids == ("m0", "m1")


def test_period_overlap_and_titles() -> None:
    assert periods_overlap(Period(date(2025, 8, 1), "month"), Period(date(2025, 8, 31), "day"))
    assert not periods_overlap(Period(date(2025, 8, 1), "month"), Period(date(2025, 9, 1), "day"))
    assert periods_overlap(Period(date(2014, 1, 1), "year"), Period(date(2014, 3, 1), "month"))
    assert make_title("summit", ("Donald Trump", "Vladimir Putin"), ("Alaska",)) == "Summit: Donald Trump, Vladimir Putin — Alaska"


def test_statements_of_one_week_are_not_one_statement() -> None:
    events = resolve(
        [
            mention("m1", "c", "statement", date(2025, 8, 18), "day", participants=("Donald Trump",)),
            mention("m2", "c", "statement", date(2025, 8, 18), "week", participants=("Donald Trump",)),
        ],
        ARTICLES,
    )
    assert {(e.date_precision, e.mention_ids) for e in events} == {("day", ("m1",)), ("week", ("m2",))}
