"""Counted anchors: the event a clause tells after "<duration> after/before".

"The talks resumed two days after the ceasefire collapsed": the ceasefire's collapse has no
date of its own, but it lies two days before the time of the clause the phrase modifies. That
time is a date the parse links to the modifying verb ("Wednesday's call came a day after …"),
else, for a verb in the present or the present perfect ("comes a week after …", "has retaken
the town, eight months after …"), the article's date; a simple past with no date of its own
says nothing of when, and gives no anchor. The anchor covers what follows the relation word
(the event it dates) and takes that time shifted by the duration, as precise as the duration's
unit ("a week after" a week, "eight months after" a month; under a day: the day itself).

TimeML annotates the duration ("two days", a DURATION) and links the events to it; the date
computed here is no TIMEX3, so like the event anchors it is reported only as an anchor
(`transforms.event_anchors.anchors`, `newsline timex --event-anchors`). The relation words are
data: `[counted]` in `transforms/data/event_anchors.toml`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from functools import cache, lru_cache
from pathlib import Path

from dateutil.relativedelta import relativedelta
from spacy.tokens import Doc, Token

from transforms.models import EventAnchor, Period, Sentence, TimeExpression
from transforms.temporal import day_value, month_value, period_of, week_value
from transforms.tense import auxiliaries, governing_verb, is_verb

_DATA = Path(__file__).parent / "data" / "event_anchors.toml"
# A counted duration's value: one number and one calendar unit ("P2D", "P8M", "PT3H").
_COUNTED = re.compile(r"P(?P<time>T)?(?P<amount>\d+)(?P<unit>[YMWDHS])")
_CALENDAR_UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day"}
_TIME_UNITS = {"H": "hour", "M": "minute", "S": "second"}


@cache
def _vocabulary() -> dict:
    return tomllib.loads(_DATA.read_text(encoding="utf-8"))


@cache
def _directions() -> dict[str, int]:
    """relation word -> +1 (the event lies later than the clause's time) or -1 (earlier)."""
    return {word: 1 if where == "later" else -1 for word, where in _vocabulary()["counted"].items()}


@cache
def _relation_pattern() -> re.Pattern[str]:
    return re.compile(rf"\s+(?P<word>{'|'.join(map(re.escape, _directions()))})\b", re.IGNORECASE)


@cache
def _immediacy_pattern() -> re.Pattern[str]:
    words = _vocabulary()["phrase"]["immediacy"]
    return re.compile(rf"\b(?:{'|'.join(map(re.escape, words))})\b", re.IGNORECASE)


def counted(value: str) -> tuple[int, str] | None:
    """(amount, unit) of a duration of one counted unit: P2D (2, day), PT3H (3, hour)."""
    match = _COUNTED.fullmatch(value)
    if match is None:
        return None
    units = _TIME_UNITS if match["time"] else _CALENDAR_UNITS
    return int(match["amount"]), units[match["unit"]]


def shifted(reference: Period, amount: int, unit: str) -> str | None:
    """The reference time moved by `amount` units (negative: back), as precise as the unit;
    None when the reference is coarser than the unit."""
    fine_enough = {"day": ("day",), "week": ("day", "week"), "month": ("day", "week", "month"),
                   "year": ("day", "week", "month", "year")}
    if unit in ("hour", "minute", "second"):
        return day_value(reference.start) if reference.precision == "day" else None
    if reference.precision not in fine_enough[unit]:
        return None
    moved = reference.start + relativedelta(**{f"{unit}s": amount})
    if unit == "day":
        return day_value(moved)
    if unit == "week":
        return week_value(moved)
    return month_value(moved.year, moved.month) if unit == "month" else f"{moved.year:04d}"


def anchors(text: str, timexes: Sequence[TimeExpression], dct: date | None,
            sentences: Sequence[Sentence], doc_of: Callable[[Sentence], Doc]) -> list[EventAnchor]:
    """The counted anchors of the text: for each counted duration (or word of immediacy:
    "moments before", "shortly after", the same day) followed by a relation word, the event
    told after it, dated from the time of the clause the phrase modifies."""
    found = []
    for duration, amount_unit, relation, sentence in _relations(text, timexes, sentences):
        direction = _directions()[relation["word"].lower()]
        anchor = _anchor(text, duration, relation.start("word"), sentence, doc_of(sentence),
                         timexes, dct, (direction * amount_unit[0], amount_unit[1]))
        if anchor is not None:
            found.append(anchor)
    return found


def _relations(text: str, timexes: Sequence[TimeExpression], sentences: Sequence[Sentence],
               ) -> Iterator[tuple[TimeExpression, tuple[int, str], re.Match[str], Sentence]]:
    """Each counted duration followed by a relation word in its sentence: (duration, its
    amount and unit, the relation's match, the sentence)."""
    relation_after = _relation_pattern()
    for duration in counts(text, timexes):
        amount_unit = _offset_of(duration)
        relation = relation_after.match(text, duration.end) if amount_unit else None
        if relation is None:
            continue
        sentence = next((s for s in sentences if s.start <= duration.start < s.end), None)
        if sentence is not None and relation.end() <= sentence.end:
            yield duration, amount_unit, relation, sentence


def since_anchors(text: str, timexes: Sequence[TimeExpression], dct: date | None,
                  sentences: Sequence[Sentence], doc_of: Callable[[Sentence], Doc]) -> list[EventAnchor]:
    """ "For over a year, the army has besieged the town": a state told in the present perfect
    "for" a counted duration began that long before the article's date; the anchor is the
    verb (the event), dated to its beginning at the duration unit's precision."""
    found = []
    for duration, amount_unit, sentence in _for_durations(text, timexes, dct, sentences):
        doc = doc_of(sentence)
        head = _head(doc, duration.start - sentence.start, duration.end - sentence.start)
        if head is None or head.dep_ != "pobj" or head.head.lower_ != "for":
            continue
        verb = governing_verb(head.head)
        value = shifted(Period(dct, "day"), -amount_unit[0], amount_unit[1])
        if verb is not None and _present_perfect(verb) and not _describes_a_noun(verb) and value is not None:
            start = sentence.start + verb.idx
            found.append(EventAnchor(start, start + len(verb), verb.text, value, "same", duration.start))
    return found


def _for_durations(text: str, timexes: Sequence[TimeExpression], dct: date | None, sentences: Sequence[Sentence],
                   ) -> Iterator[tuple[TimeExpression, tuple[int, str], Sentence]]:
    """Each duration of calendar units that "for" precedes in its sentence, with the DCT to
    count back from: (duration, its amount and unit, the sentence)."""
    for duration in timexes:
        amount_unit = counted(duration.value) if duration.type == "DURATION" and dct else None
        if amount_unit is None or amount_unit[1] not in _CALENDAR_UNITS.values():
            continue
        sentence = next((s for s in sentences if s.start <= duration.start < s.end), None)
        if sentence is not None and "for" in text[sentence.start:duration.start].casefold().split():
            yield duration, amount_unit, sentence  # without "for" before it, no need to parse


def sentences_read(text: str, timexes: Sequence[TimeExpression], dct: date | None,
                   sentences: Sequence[Sentence]) -> list[Sentence]:
    """The sentences whose parse `anchors` and `since_anchors` read, in text order, each once
    (for parsing them ahead, in a batch)."""
    read = [s for *_, s in _relations(text, timexes, sentences)]
    read += [s for *_, s in _for_durations(text, timexes, dct, sentences)]
    return sorted({s.start: s for s in read}.values(), key=lambda s: s.start)


def _describes_a_noun(verb: Token) -> bool:
    """A relative clause ("the hostages it has held for 15 months") tells a state of its noun,
    and the sentence's event is another: its beginning dates nothing there."""
    return any(t.dep_ in ("relcl", "acl") for t in (verb, *verb.ancestors))


def _present_perfect(verb: Token) -> bool:
    """ "has retaken", "have been besieging": has/have and a past participle, or been + -ing."""
    helpers = auxiliaries(verb)
    perfect = any(h.lower_ in ("has", "have") and h.tag_ in ("VBZ", "VBP") for h in helpers)
    return perfect and (verb.tag_ == "VBN" or verb.tag_ == "VBG" and any(h.lower_ == "been" for h in helpers))


def _offset_of(duration: TimeExpression) -> tuple[int, str] | None:
    """The duration's (amount, unit); a vague one under a day ("hours after") is the same day."""
    if duration.type != "DURATION":
        return None
    if re.fullmatch(r"PTX[HMS]", duration.value):
        return 0, "hour"
    return counted(duration.value)


_ONE_UNIT = re.compile(r"\bthe\s+(?P<unit>day|week|month|year)\b", re.IGNORECASE)


def counts(text: str, timexes: Sequence[TimeExpression]) -> list[TimeExpression]:
    """What may count the distance to an event: the tagger's durations, "the day"/"the week"
    ("the day after the vote": one day), and the words of immediacy ("just", "moments",
    "shortly": the same day), the last two as durations of their own outside the tagger's
    expressions."""
    words = _counting_words(text)
    return [*timexes, *(w for w in words if not any(t.start < w.end and w.start < t.end for t in timexes))]


@lru_cache(maxsize=256)
def _counting_words(text: str) -> tuple[TimeExpression, ...]:
    """The words of immediacy and "the day"/"the week" of a text, as durations (read once a
    text: choosing the sentences to parse ahead and finding the anchors both count)."""
    words = [TimeExpression(m.start(), m.end(), m.group(), "DURATION", "PT0H")
             for m in _immediacy_pattern().finditer(text)]
    words += [TimeExpression(m.start(), m.end(), m.group(), "DURATION", f"P1{m['unit'][0].upper()}")
              for m in _ONE_UNIT.finditer(text)]
    return tuple(words)


def _anchor(text: str, duration: TimeExpression, word_at: int, sentence: Sentence, doc: Doc,
            timexes: Sequence[TimeExpression], dct: date | None,
            offset: tuple[int, str]) -> EventAnchor | None:
    """The anchor of the phrase opened by the relation word at `word_at` (text offset)."""
    word = next((t for t in doc if sentence.start + t.idx == word_at), None)
    if word is None:
        return None
    told, verb = _told_and_verb(word)
    if not told or verb is None:
        return None
    start, end = sentence.start + told[0].idx, sentence.start + told[-1].idx + len(told[-1])
    if any(start <= t.start < end for t in timexes):
        return None  # the event told has a date of its own
    others = [t for t in timexes if sentence.start <= t.start < sentence.end and t is not duration
              and not start <= t.start < end]
    reference = _clause_time(doc, verb, others, sentence.start, dct)
    value = shifted(reference, *offset) if reference is not None else None
    if value is None:
        return None
    return EventAnchor(start, end, text[start:end], value, "same", duration.start)


def _told_and_verb(word: Token) -> tuple[list[Token], Token | None]:
    """The words of the event the relation word introduces (a clause it marks: "after the
    talks failed"; or its object: "after the vote", "ahead of the vote"), and the verb the
    phrase modifies."""
    if word.dep_ == "mark":  # the relation word opens a clause: its verb is the event told
        return [t for t in word.head.subtree if t.i > word.i], governing_verb(word.head)
    told = [t for t in word.subtree if t.i > word.i]
    if told and told[0].lower_ == "of" and told[0].head.i == word.i:
        told = told[1:]
    return told, governing_verb(word)


def _clause_time(doc: Doc, verb: Token, dated: Sequence[TimeExpression], offset: int,
                 dct: date | None) -> Period | None:
    """The time of the clause of `verb`: the one date the parse links to it, else the DCT for a
    present or a present perfect; None when unknown."""
    linked = {t.value for t in dated if (head := _head(doc, t.start - offset, t.end - offset)) is not None
              and _verb_above(head) is not None and _verb_above(head).i == verb.i}
    periods = {p for value in linked if (p := period_of(value)) is not None}
    if len(periods) == 1:
        return periods.pop()
    if periods or dct is None or not _told_as_now(verb):
        return None
    return Period(dct, "day")


def _told_as_now(verb: Token) -> bool:
    """A simple present ("comes") or a present perfect ("has retaken"): the article's time."""
    helpers = auxiliaries(verb)
    if any(h.tag_ in ("MD", "VBD") or h.lower_ in ("will", "shall") for h in helpers):
        return False
    if verb.tag_ in ("VBZ", "VBP") and not helpers:
        return True
    return verb.tag_ == "VBN" and any(h.dep_ == "aux" and h.tag_ in ("VBZ", "VBP") for h in helpers)


def _verb_above(token: Token) -> Token | None:
    """The verb at or above `token` (a date on a noun phrase: the verb above the phrase)."""
    return token if is_verb(token) else governing_verb(token)


def _head(doc: Doc, start: int, end: int) -> Token | None:
    inside = [t for t in doc if start <= t.idx < end]
    return next((t for t in inside if not (start <= t.head.idx < end) or t.head.i == t.i), None)

