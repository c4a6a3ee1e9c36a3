"""Newsline's temporal tagger: find time expressions in English news text and normalise them.

Why hand-written: no maintained pure-Python library tags *and* normalises time expressions the
TimeML way. `dateparser.search_dates` tags "we" or "three and a" as dates and fills a missing day
from the base date (silently inventing precision); HeidelTime and SUTime need Java. So the
grammar below is a small set of compiled regular expressions (one per kind of expression) and the
calendar arithmetic is delegated to `python-dateutil`.

How it works: every rule proposes candidate spans; candidates are visited left to right, longest
first, and the first one whose resolver accepts it wins (so "Monday, Oct. 26" beats "Monday").
Resolution happens in document order so that anaphoric expressions ("the next day", "later that
year") can anchor on the last date the text mentioned. Relative expressions are otherwise
anchored on the document creation time (DCT); past or future comes from the tense of the verb
that governs the expression in a dependency parse (`transforms/tense.py`), and the parse is made
only for sentences where the tense changes the value (found by a first pass that reads no tense,
then parsed in one batch, or taken from the caller's parse); in reported speech the reporting
verb's date is the reference. With no verb, a month name is the occurrence nearest to the DCT and a
weekday the past one (news reports what happened), unless it is the day after the DCT.
Word lists and tables live in `transforms/data/temporal.toml`.

Documented choices:
- A weekday equal to the DCT's weekday is the DCT itself ("on Monday" in a Monday article).
- "last April" is the April of the year before the DCT's, also after April (a month gone by
  this year is written bare, "in April").
- A possessive weekday names an event ("Wednesday's ruling"): past, unless announced ahead
  ("ahead of Friday's meeting", "will attend Friday's summit").
- "Friday night", "the next morning": the part of the day is in the extent, the value is the day
  (events are dated to the day); `tag(..., timeml=True)` gives TimeML's 1998-08-21TNI instead.
  Likewise a weekend is its ISO week (2025-W33), TimeML's 2025-W33-WE with `timeml`.
- "earlier in the week", "later in the day", "in the morning": TimeML's "the week" (the week
  under discussion: the last mentioned date's, if it is that precise, else the DCT's); "on the
  15th" is that day of the month under discussion.
- Extents follow TimeBank: no "on"/"in", no "earlier"/"later" before "this month", but "early",
  "late", "mid-", "the end of" and "more than"/"almost" are included; no article before a span
  counted from now ("past three years", "coming months").
- "the start of the year" keeps the year's value (`2025`): the boundary words are part of the
  extent but never add precision.
- "overnight" is the night that ended on the morning of publication, dated on the DCT's day.
- "within weeks" / bare plural units ("for years", "Hours before ...") are vague durations (PXW,
  PXY, PTXH); "the coming weeks (and months)" is FUTURE_REF, "recent months" PAST_REF.
- "today" is always the DCT: the tagger cannot tell that a quote was spoken the day before.
- Not tagged rather than guessed: adjectival "future" ("future borders"), an unqualified
  "Independence Day" (Ukraine's or the US'?), "May"/"March" without a date context.
- Half-years (2025-H1), decades (199X) and centuries (19XX) are tagged, but `period_of` gives
  them no period: the timeline has no such precision.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal, TypeVar

from dateutil.easter import EASTER_ORTHODOX, easter
from dateutil.relativedelta import MO, TH, relativedelta

from spacy.tokens import Doc

from transforms import nlp
from transforms import tense as tense_of
from transforms.models import Period, TimeExpression
from transforms.sentences import split_sentences

TimexType = Literal["DATE", "TIME", "DURATION", "SET"]
Tense = Literal["past", "future"]
T = TypeVar("T")

# --- vocabulary ---------------------------------------------------------------------------------

VOCABULARY = tense_of.VOCABULARY  # the word lists of transforms/data/temporal.toml
MONTH_NUMBERS: dict[str, int] = VOCABULARY["months"]
WEEKDAY_NUMBERS: dict[str, int] = VOCABULARY["weekdays"]
SMALL_NUMBERS: dict[str, int] = VOCABULARY["small_numbers"]
TENS: dict[str, int] = VOCABULARY["tens"]
VAGUE_QUANTITIES: tuple[str, ...] = tuple(VOCABULARY["vague"]["quantities"])
SEASON_CODES: dict[str, str] = VOCABULARY["seasons"]
SEASON_START_MONTHS: dict[str, int] = VOCABULARY["season_start_months"]
PART_OF_DAY_CODES: dict[str, str] = VOCABULARY["parts_of_day"]
# "Friday night", "the next morning", "tonight": the part of the day is in the extent; the value
# is the day, unless the caller asks for TimeML's values (a TIME valued 1998-08-21TNI).
PARTS_OF_DAY = tuple(PART_OF_DAY_CODES)
# unit word -> (TIMEX3 designator, multiplier, is a time-of-day unit)
UNITS: dict[str, tuple[str, int, bool]] = {
    unit: (designator, multiplier, is_time)
    for unit, (designator, multiplier, is_time) in VOCABULARY["units"].items()
}
DAY_WORD_OFFSETS: dict[str, int] = VOCABULARY["day_word_offsets"]
# prepositions after which a bare "the week", "the month" ... is the period under discussion
PERIOD_PREPOSITIONS: tuple[str, ...] = tuple(VOCABULARY["period_under_discussion"]["prepositions"])
# the value of a calendar unit TimeML tags but the text does not place ("the day he was elected")
UNKNOWN_PERIOD = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX", "quarter": "XXXX-QX",
                  "year": "XXXX"}
SET_ADVERBS: dict[str, str] = VOCABULARY["set_adverbs"]

# --- regular-expression building blocks (all rules are compiled case-insensitively; names of
# months and weekdays are matched case-sensitively so that "may" or "march on" are not dates) ---

MONTH = (
    r"(?-i:(?P<month>Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|"
    r"June?|July?|Aug(?:ust|\.)?|Sep(?:t\.|tember|\.)?|Sept|Oct(?:ober|\.)?|Nov(?:ember|\.)?|"
    r"Dec(?:ember|\.)?))"
)
FULL_MONTH = (
    r"(?-i:(?P<month>January|February|March|April|May|June|July|August|September|October|"
    r"November|December))"
)
WEEKDAY = r"(?-i:(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))"
YEAR = r"(?P<year>1[6-9]\d\d|20\d\d)(?![\d,.]\d)"
DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_DIGIT_WORDS = "one|two|three|four|five|six|seven|eight|nine"
_TEEN_WORDS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
NUMBER = (
    r"(?P<num>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?(?:\s+1/2)?|"
    rf"(?:{'|'.join(TENS)})(?:[-\s](?:{_DIGIT_WORDS}))?|{_TEEN_WORDS}|{_DIGIT_WORDS}|"
    r"a\s+dozen|a\s+hundred|a\s+couple\s+of|couple\s+of|a\s+pair\s+of|a\s+few|few|several|"
    r"many|dozens\s+of|hundreds\s+of|an|a)"
)
UNIT = r"(?P<unit>second|minute|hour|day|week|fortnight|month|year|decade|century|centurie)s?"
PLURAL_UNIT = r"(?P<unit>second|minute|hour|day|week|month|year|decade|centurie)s"
HALF = r"[-\s]+and[-\s]+a[-\s]+half"
WORD_END = r"(?![\w-])"

# --- resolution context ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Resolved:
    """What a rule resolved a candidate span to."""

    type: TimexType
    value: str


@dataclass
class Context:
    """Document-level state shared by the resolvers: DCT, sentences, parses, mentioned dates."""

    text: str
    dct: date
    sentences: list[tuple[int, int]]  # spans of `transforms.sentences.split_sentences`
    parses: list[tuple[int, Doc]] = field(default_factory=list)  # (offset in text, parse)
    parse: bool = True  # False: read no tense, parse nothing (see `tag`)
    wanted: list[tuple[int, int]] | None = None  # with parse=False: where a tense was asked for
    anchor: Period | None = None  # the last date the text mentioned, for "the next day"
    anchor_end: int = -1  # where the expression that gave the anchor ends
    days: dict[tuple[int, int], date] = field(default_factory=dict)  # span -> day it names
    timeml: bool = False  # TimeML's finer day-level values (1998-08-21TNI) rather than the day

    def sentence_bounds(self, position: int) -> tuple[int, int]:
        """The span of the sentence `position` lies in (or, between two, the one before)."""
        index = max(0, bisect_right(self.sentences, (position, len(self.text))) - 1)
        return self.sentences[index] if self.sentences else (0, len(self.text))

    def given_parse(self, start: int, end: int) -> tuple[int, Doc] | None:
        for offset, doc in self.parses:
            if offset <= start and end <= offset + _length(doc):
                return offset, doc
        return None

    def sentence_around(self, start: int, end: int) -> tuple[int, int]:
        """The `split_sentences` sentence holding [start, end), exactly (so a caller's parse of
        its sentences is the one made here), widened if the expression crosses its edge."""
        sentence_start, sentence_end = self.sentence_bounds(start)
        return min(sentence_start, start), max(sentence_end, end)

    def unparsed_sentences(self, expressions: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
        """The spans of the sentences of these expressions that no parse covers, in text order."""
        return sorted({self.sentence_around(*span) for span in expressions if not self.given_parse(*span)})

    def parse_sentences(self, expressions: list[tuple[int, int]]) -> None:
        """Parse, in one batch, the sentences of these expressions that no parse covers."""
        needed = self.unparsed_sentences(expressions)
        docs = nlp.parse_syntax_many([self.text[start:end] for start, end in needed])
        self.parses += [(start, doc) for (start, _), doc in zip(needed, docs)]

    def parse_covering(self, start: int, end: int) -> tuple[int, Doc]:
        """A parse of the text around [start, end): one handed in or made ahead, else its
        sentence's own, parsed now (only sentences whose tense decides a date get here)."""
        found = self.given_parse(start, end)
        if found is not None:
            return found
        sentence_start, sentence_end = self.sentence_around(start, end)
        parsed = (sentence_start, nlp.parse_syntax(self.text[sentence_start:sentence_end]))
        self.parses.append(parsed)
        return parsed

    def reading(self, start: int, end: int) -> tense_of.Reading:
        if not self.parse:
            if self.wanted is not None:
                self.wanted.append((start, end))
            return tense_of.Reading(None)
        return tense_of.read(*self.parse_covering(start, end), start, end)

    def restricted(self, start: int, end: int) -> bool:
        """Whether a clause of its own restricts the noun of text[start:end] (`tense.restricted`);
        False without parsing, where the sentence is noted as wanted."""
        if not self.parse:
            if self.wanted is not None:
                self.wanted.append((start, end))
            return False
        offset, doc = self.parse_covering(start, end)
        return tense_of.restricted(doc, start - offset, end - offset)

    def tense(self, start: int, end: int) -> Tense | None:
        """Past or future as the governing verb says; a present or a modal reads as the future
        (a date named in the present tense is mostly an arrangement: "the summit opens in
        October")."""
        tense = self.reading(start, end).tense
        return None if tense is None else "past" if tense == "past" else "future"

    def by_tense(self, start: int, end: int, compute: Callable[[Tense | None], T]) -> T:
        """`compute` for the expression's tense, parsing only when the tense changes the result."""
        options = {tense: compute(tense) for tense in (None, "past", "future")}
        if len(set(options.values())) == 1:
            return options[None]
        return options[self.tense(start, end)]

    def reported_day(self, reading: tense_of.Reading) -> date | None:
        """The day of the reporting verb's own time expression, if one was resolved already."""
        if reading.reference is None:
            return None
        ref_start, ref_end = reading.reference
        for (start, end), day in self.days.items():
            if start <= ref_start and ref_end <= end:
                return day
        return None

    def reference_day(self) -> date:
        """The day anaphoric expressions count from: the last mentioned day, else the DCT."""
        if self.anchor is not None and self.anchor.precision == "day":
            return self.anchor.start
        return self.dct


Resolver = Callable[[re.Match[str], Context], Resolved | None]


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    resolve: Resolver


# --- value formatting -----------------------------------------------------------------------------


def day_value(day: date) -> str:
    return day.isoformat()


def part_of_day_value(day: date, part: str | None, ctx: Context) -> Resolved:
    """A day, or with `ctx.timeml` a part of it as TIMEX3 writes it: 1998-01-20TEV, a TIME."""
    code = PART_OF_DAY_CODES.get((part or "").lower())
    if code is None or not ctx.timeml:
        return Resolved("DATE", day_value(day))
    return Resolved("TIME", f"{day_value(day)}T{code}")


def month_value(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def week_value(day: date) -> str:
    iso_year, iso_week, _ = day.isocalendar()
    return f"{iso_year:04d}-W{iso_week:02d}"


def season_value(year: int, code: str) -> str:
    return f"{year:04d}-{code}"


# A fraction of a unit is written in the next smaller one: 3.5 years = P3Y6M, 1.5 minutes PT1M30S.
SMALLER_UNIT = {
    "year": ("month", 12), "week": ("day", 7), "day": ("hour", 24),
    "hour": ("minute", 60), "minute": ("second", 60),
}  # fmt: skip


def iso_duration(parts: Sequence[tuple[float, str]]) -> str:
    """A TIMEX3 duration of several units, largest first: [(2, "year"), (3, "month")] = P2Y3M;
    time units go after the T (P1DT12H)."""
    date_part, time_part = "", ""
    for amount, unit in parts:
        designator, multiplier, is_time = UNITS[unit]
        written = f"{amount * multiplier:g}{designator}"
        if is_time:
            time_part += written
        else:
            date_part += written
    return "P" + date_part + (f"T{time_part}" if time_part else "")


def duration_value(quantity: float | None, unit: str) -> str:
    """TIMEX3 duration such as P3Y6M, PT24H or PXW (X = unspecified quantity)."""
    designator, _, is_time = UNITS[unit]
    if quantity is None:
        return f"{'PT' if is_time else 'P'}X{designator}"
    whole, fraction = int(quantity), quantity - int(quantity)
    smaller = SMALLER_UNIT.get(unit)
    if unit == "hour" and quantity == SMALLER_UNIT["day"][1]:
        return "P1D"  # TimeML writes a day's worth of hours as the day ("24 hours" = P1D)
    if fraction and smaller and (fraction * smaller[1]).is_integer():
        parts = [(whole, unit)] if whole else []
        return iso_duration([*parts, (fraction * smaller[1], smaller[0])])
    return iso_duration([(quantity, unit)])


def parse_quantity(words: str) -> float | None:
    """Number words or digits to a number; None for vague quantities ("several", "a few")."""
    normalised = re.sub(r"\s+", " ", words.lower().strip()).replace(",", "")
    if normalised in VAGUE_QUANTITIES:
        return None
    if normalised.endswith(" 1/2"):
        return float(normalised[:-4]) + 0.5
    if re.fullmatch(r"\d+(?:\.\d+)?", normalised):
        return float(normalised)
    if normalised in SMALL_NUMBERS:
        return float(SMALL_NUMBERS[normalised])
    parts = re.split(r"[-\s]", normalised)
    if parts[0] in TENS:
        return float(TENS[parts[0]] + (SMALL_NUMBERS.get(parts[1], 0) if len(parts) > 1 else 0))
    return None


def unit_key(unit: str) -> str:
    return unit.lower().rstrip("s") if unit.lower() != "centuries" else "century"


# --- calendar helpers -----------------------------------------------------------------------------


def month_number(name: str) -> int:
    return MONTH_NUMBERS[name.lower()[:3]]


def year_for_month(dct: date, month: int, tense: Tense | None) -> int:
    """The year of a bare month name: the latest one not after the DCT's month in past context,
    the earliest one not before it in future context, else the nearest one."""
    if tense == "past":
        return dct.year - 1 if month > dct.month else dct.year
    if tense == "future":
        return dct.year + 1 if month < dct.month else dct.year
    return min(
        (dct.year, dct.year - 1, dct.year + 1),
        key=lambda year: abs((year - dct.year) * 12 + month - dct.month),
    )


def nearest_occurrence(candidates: list[date], dct: date, tense: Tense | None) -> date:
    """Of a yearly date's occurrences around the DCT, the one the tense points to (if it lies
    within the year), else the nearest one."""
    if tense == "past":
        past = [c for c in candidates if c <= dct]
        if past and (dct - max(past)).days < 300:
            return max(past)
    if tense == "future":
        future = [c for c in candidates if c >= dct]
        if future and (min(future) - dct).days < 300:
            return min(future)
    return min(candidates, key=lambda c: abs((c - dct).days))


def year_for_day(dct: date, month: int, day: int, tense: Tense | None) -> int | None:
    """The year of a month-day written without one."""
    candidates = []
    for year in (dct.year - 1, dct.year, dct.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            continue
    return nearest_occurrence(candidates, dct, tense).year if candidates else None


def weekday_date(dct: date, weekday: int, relation: str | None, tense: Tense | None) -> date:
    """The date a weekday name refers to, relative to the DCT."""
    days_back = (dct.weekday() - weekday) % 7
    days_ahead = (weekday - dct.weekday()) % 7
    previous = dct - timedelta(days=days_back or 7)
    following = dct + timedelta(days=days_ahead or 7)
    if relation == "last":
        return previous
    if relation == "next":
        return following
    if relation == "this":
        return dct + timedelta(days=days_ahead)
    if weekday == dct.weekday():
        return dct  # news: "on Monday" in a Monday article is that very day
    if tense is None:  # no verb to go by: news reports the past, unless the day is tomorrow
        return following if (following - dct).days == 1 else previous
    return following if tense == "future" else previous


def season_of(day: date) -> tuple[int, str]:
    """The meteorological season containing a day, as (year of its first day, code)."""
    if day.month == 12:
        return day.year, "WI"
    if day.month < 3:
        return day.year - 1, "WI"
    code = {3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU"}.get(day.month, "FA")
    return day.year, code


def season_year(dct: date, code: str, relation: str | None, tense: Tense | None) -> int:
    current_year, current_code = season_of(dct)
    current_start = date(current_year, SEASON_START_MONTHS[current_code], 1)
    this_one = date(dct.year, SEASON_START_MONTHS[code], 1)
    if code == "WI" and dct.month < 3:
        this_one = date(dct.year - 1, 12, 1)
    if relation == "last":
        return this_one.year if this_one < current_start else this_one.year - 1
    if relation == "next":
        return this_one.year if this_one > current_start else this_one.year + 1
    # a bare "the winter" told inside the winter is that winter, in either tense
    if tense == "past":
        return this_one.year if this_one <= current_start else this_one.year - 1
    if tense == "future":
        return this_one.year if this_one >= current_start else this_one.year + 1
    return this_one.year


def shift(dct: date, unit: str, amount: int) -> date:
    return dct + relativedelta(**{f"{unit}s": amount})


def period_value(day: date, unit: str) -> str:
    """The TIMEX3 value of the calendar `unit` containing `day`."""
    if unit == "day":
        return day_value(day)
    if unit in ("week", "weekend"):
        return week_value(day) + ("-WE" if unit == "weekend" else "")
    if unit == "month":
        return month_value(day.year, day.month)
    if unit == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    if unit == "decade":
        return f"{day.year // 10:03d}X"
    if unit == "century":
        return f"{day.year // 100:02d}XX"
    return f"{day.year:04d}"


# --- resolvers (one per rule) ---------------------------------------------------------------------


def group(match: re.Match[str], name: str) -> str | None:
    """A named group, None if the rule's pattern lacks it or it did not take part."""
    return match.groupdict().get(name)


def resolve_iso_date(match: re.Match[str], ctx: Context) -> Resolved | None:
    try:
        day = date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
    if match["hh"]:
        return Resolved("TIME", f"{day_value(day)}T{match['hh']}:{match['mm']}")
    return Resolved("DATE", day_value(day))


def resolve_month_day(match: re.Match[str], ctx: Context) -> Resolved | None:
    month = month_number(match["month"])
    day = int(match["day"])
    year = (
        int(match["year"])
        if group(match, "year")
        else ctx.by_tense(
            match.start(), match.end(), lambda tense: year_for_day(ctx.dct, month, day, tense)
        )
    )
    if year is None:
        return None
    try:
        return Resolved("DATE", day_value(date(year, month, day)))
    except ValueError:
        return None


MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}")


def resolve_day_before_range(match: re.Match[str], ctx: Context) -> Resolved | None:
    """The "5" of "5-6 March" or "5 and 6 March": an earlier day of the month named after it
    (the month's year as the second day's would be)."""
    day, last = int(match["day"]), int(match["day2"])
    if not day < last:
        return None
    month = month_number(match["month"])
    year = int(match["year"]) if group(match, "year") else ctx.by_tense(
        match.start(), match.end("month"), lambda tense: year_for_day(ctx.dct, month, last, tense)
    )
    try:
        return Resolved("DATE", day_value(date(year, month, day))) if year else None
    except ValueError:
        return None


def resolve_coordinated_day(match: re.Match[str], ctx: Context) -> Resolved | None:
    """The "16" of "Aug. 15-16" or "April 24 and 25": a later day of the month just named."""
    anchor = ctx.anchor
    if anchor is None or anchor.precision != "day" or ctx.anchor_end != match.start("link"):
        return None
    day = int(match["day"])
    if day <= anchor.start.day or COUNTED_NOUN_AFTER.match(ctx.text, match.end()):
        return None  # not a later day, or a count ("Aug. 15 to 16 drones")
    if MONTH_AFTER.match(ctx.text, match.end()):
        return None  # the day of a "6 March" of its own ("5 and 6 March")
    try:
        return Resolved("DATE", day_value(anchor.start.replace(day=day)))
    except ValueError:
        return None


def resolve_numeric_date(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "2.6.2025" is day.month.year (the dotted form is European); "10/13/1997" is month/day,
    unless its first number cannot be a month ("13/10/1997")."""
    first, second = int(match["first"]), int(match["second"])
    day, month = (first, second) if match["sep"] == "." or first > 12 else (second, first)
    try:
        return Resolved("DATE", day_value(date(int(match["year"]), month, day)))
    except ValueError:
        return None


def resolve_month_year(match: re.Match[str], ctx: Context) -> Resolved | None:
    return Resolved("DATE", month_value(int(match["year"]), month_number(match["month"])))


def resolve_month_relative_year(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "February this year", "April next year"."""
    step = {"this": 0, "next": 1, "last": -1}[match["rel"].lower()]
    return Resolved("DATE", month_value(ctx.dct.year + step, month_number(match["month"])))


PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|since|by|until|till|from|to|through|during|before|after|of|early|late|mid|last|"
    r"next|this|that|every|each|between|and|or|on|around|for|the)[-\s]+$",
    re.IGNORECASE,
)


def resolve_bare_month(match: re.Match[str], ctx: Context) -> Resolved | None:
    name = match["month"]
    relation = (group(match, "rel") or "").lower()
    before = ctx.text[max(0, match.start() - 12) : match.start()]
    if name in ("May", "March") and not relation and not PREPOSITION_BEFORE.search(before):
        return None  # the modal verb / the verb or noun "march", capitalised at a sentence start
    month = month_number(name)
    if relation == "last":  # news writes a month gone by this year bare ("in April"), so
        year = ctx.dct.year - 1  # "last April" is the year before's, whatever the DCT's month
    elif relation == "next":
        year = ctx.dct.year if month > ctx.dct.month else ctx.dct.year + 1
    elif relation == "this":
        year = ctx.dct.year
    else:
        year = ctx.by_tense(
            match.start(), match.end(), lambda tense: year_for_month(ctx.dct, month, tense)
        )
    return Resolved("DATE", month_value(year, month))


YEAR_CONTEXT_BEFORE = re.compile(
    r"(?:\b(?:in|since|by|until|till|from|to|through|during|before|after|of|the|early|late|"
    r"mid|fiscal|year|years|circa|between|into|spring|summer|autumn|fall|winter|"
    r"January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|[a-z]+'s|[a-z]+’s)\.?|[(,–—-]|"
    r"\b(?:1[6-9]\d\d|20\d\d)\s+(?:and|or|to))[-\s]*$",  # "in 2014 and 2015 talks"
    re.IGNORECASE,
)
COUNTED_NOUN_AFTER = re.compile(
    r"\s*(?:%|per\s*cent|percent|[a-z]+s\b|people|men|women|km|kg|sq|square|feet|metres|meters)",
    re.IGNORECASE,
)


ZONE_AFTER = re.compile(r"\s*(?-i:GMT|UTC)\b")


def looks_like_year(text: str, start: int, end: int) -> bool:
    """A four-digit number is a year unless it reads as a count ("2000 troops", "$1999")."""
    before = text[max(0, start - 16) : start]
    if re.search(r"[$€£#]\s*$|\d[.,]?\s*$|(?-i:\b[A-Z]{2,}[-\s]?)$", before):
        return False  # an amount, or a model number ("RTX 2060", "Su-2025")
    if ZONE_AFTER.match(text, end):
        return False  # a clock time: "at 1600 GMT"
    if YEAR_CONTEXT_BEFORE.search(before):
        return True
    return not COUNTED_NOUN_AFTER.match(text, end)


FISCAL_BEFORE = re.compile(r"\bfiscal\s+(?:year\s+)?$", re.IGNORECASE)


def resolve_year(match: re.Match[str], ctx: Context) -> Resolved | None:
    """A year; "fiscal 1990" is TimeML's FY1990 (with `timeml`; else the calendar year, the
    timeline's nearest period)."""
    if not looks_like_year(ctx.text, match.start("year"), match.end("year")):
        return None
    fiscal = FISCAL_BEFORE.search(ctx.text, max(0, match.start() - 16), match.start())
    return Resolved("DATE", f"FY{match['year']}" if fiscal and ctx.timeml else match["year"])


def resolve_decade(match: re.Match[str], ctx: Context) -> Resolved | None:
    if group(match, "short"):
        century = "19" if int(match["short"]) > (ctx.dct.year % 100) // 10 else "20"
        return Resolved("DATE", f"{century}{match['short']}X")
    return Resolved("DATE", f"{match['decade'][:3]}X")


def resolve_season(match: re.Match[str], ctx: Context) -> Resolved | None:
    relation = relation_word(match)
    code = SEASON_CODES[match["season"].lower()]
    if group(match, "year"):
        return Resolved("DATE", season_value(int(match["year"]), code))
    if relation is None and not group(match, "the"):
        return None  # a bare "fall" or "spring" is usually a verb or a noun
    if relation is None and re.match(r"\s+of\b", ctx.text[match.end() :]):
        return None  # "the fall of Berlin"
    year = ctx.by_tense(
        match.start(), match.end(), lambda tense: season_year(ctx.dct, code, relation, tense)
    )
    return Resolved("DATE", season_value(year, code))


YEAR_OWNING_BEFORE = re.compile(
    rf"(?:{YEAR}|\b(?P<rel>last|this|next)\s+year)['’]s\s+(?:the\s+)?$", re.IGNORECASE
)


def resolve_quarter(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "the third quarter", "third-quarter profit", "Q3 2025": a quarter of the year written,
    else of the DCT's year, or of the year before when the quarter has not begun yet and the
    verb is past ("fourth-quarter sales fell", written in February)."""
    if group(match, "quarter"):
        quarter = int(match["quarter"])
    else:
        ordinal = match["ord"].lower()
        quarter = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}.get(
            ordinal, 4
        )
    owner = YEAR_OWNING_BEFORE.search(ctx.text, max(0, match.start() - 20), match.start())
    if group(match, "year"):
        year = int(match["year"])
    elif owner:  # "1988's third quarter", "last year's fourth quarter"
        step = {"last": -1, "next": 1}.get((owner["rel"] or "").lower(), 0)
        year = int(owner["year"]) if owner["year"] else ctx.dct.year + step
    else:
        later = quarter > (ctx.dct.month - 1) // 3 + 1
        year = ctx.by_tense(
            match.start(), match.end(),
            lambda tense: ctx.dct.year - 1 if later and tense == "past" else ctx.dct.year,
        )  # fmt: skip
    return Resolved("DATE", f"{year:04d}-Q{quarter}")


ORDINAL_CENTURIES = {
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "twenty-first": 21, "twenty first": 21,
}  # fmt: skip


def resolve_century(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "the 20th century" is 1900-1999, written 19XX like the decades' 199X."""
    ordinal = match["ordinal"].lower()
    number = int(ordinal) if ordinal.isdigit() else ORDINAL_CENTURIES[ordinal]
    return Resolved("DATE", f"{number - 1:02d}XX")


def resolve_half_year(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "the first half of 2025" is 2025-H1 (TIMEX3 has no precision level for it); a bare
    "the second half" or "1988's second half" is of the year that owns it, else of the DCT's
    year, or of the year before when that half has not begun and the verb is past (as for
    quarters)."""
    half = 1 if match["ord"].lower() == "first" else 2
    owner = YEAR_OWNING_BEFORE.search(ctx.text, max(0, match.start() - 20), match.start())
    if group(match, "year") or group(match, "rel"):
        step = {"this": 0, "next": 1, "last": -1}.get((group(match, "rel") or "").lower(), 0)
        year = int(match["year"]) if group(match, "year") else ctx.dct.year + step
    elif owner:  # "1988's second half", "last year's first half"
        step = {"last": -1, "next": 1}.get((owner["rel"] or "").lower(), 0)
        year = int(owner["year"]) if owner["year"] else ctx.dct.year + step
    elif "of" in match.group(0).lower().split():  # "the first half of the year"
        year = ctx.dct.year
    else:
        later = half == 2 and ctx.dct.month <= 6
        year = ctx.by_tense(
            match.start(), match.end(),
            lambda tense: ctx.dct.year - 1 if later and tense == "past" else ctx.dct.year,
        )  # fmt: skip
    return Resolved("DATE", f"{year:04d}-H{half}")


def resolve_half_code(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "H1 2025": the first half of 2025 (2025-H1), as "Q3 2025" is a quarter."""
    return Resolved("DATE", f"{match['year']}-H{match['half']}")


def resolve_fiscal_code(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "FY2024", "FY24": the fiscal year by its calendar year (TimeML's FY2024 with `timeml`);
    two digits are the year of the DCT's century nearest to the DCT."""
    digits = match["fy"]
    if len(digits) == 2:
        candidates = [century + int(digits) for century in (ctx.dct.year // 100 * 100 - 100,
                                                            ctx.dct.year // 100 * 100,
                                                            ctx.dct.year // 100 * 100 + 100)]
        year = min(candidates, key=lambda y: abs(y - ctx.dct.year))
    else:
        year = int(digits)
    return Resolved("DATE", f"FY{year:04d}" if ctx.timeml else f"{year:04d}")


def resolve_week_of(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "the week of March 6" is the ISO week containing that day."""
    day = resolve_month_day(match, ctx)
    return Resolved("DATE", week_value(date.fromisoformat(day.value))) if day else None


def resolve_relative_period(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "last week", "this month", "earlier this year", "next quarter", "the past year"; "the
    current fiscal year" is the year (TimeML's FY1990 with `timeml`)."""
    relation = "past" if " " in match["rel"] else match["rel"].lower()  # "this past week"
    unit = match["unit"].lower()
    if group(match, "fiscal"):
        return fiscal_year(match, ctx, relation) if unit == "year" else None
    if group(match, "the") and (relation == "past" or relation == "last" and spanned(match, ctx)):
        return Resolved("DURATION", duration_value(1, unit)) if unit in UNITS else None
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(relation, 0)
    if unit == "weekend":
        saturday = ctx.dct + relativedelta(weekday=5)
        if ctx.dct.weekday() < 5 and step == 0 and ctx.tense(match.start(), match.end()) == "past":
            step = -1  # "this weekend" in a past-tense sentence written on a weekday
        return Resolved("DATE", weekend_value(saturday + timedelta(weeks=step), ctx))
    if unit == "quarter":
        return Resolved("DATE", period_value(shift(ctx.dct, "month", 3 * step), "quarter"))
    if unit in ("decade", "century"):
        years = 10 if unit == "decade" else 100
        return Resolved("DATE", period_value(shift(ctx.dct, "year", years * step), unit))
    return Resolved("DATE", period_value(shift(ctx.dct, unit, step), unit))


def fiscal_year(match: re.Match[str], ctx: Context, relation: str) -> Resolved:
    """ "last fiscal year", "the current fiscal year": the year named by its calendar year."""
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(relation, 0)
    year = ctx.dct.year + step
    return Resolved("DATE", f"FY{year:04d}" if ctx.timeml else f"{year:04d}")


def resolve_period_boundary(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "the end of the year", "the start of the month": the period itself, no invented day."""
    return Resolved("DATE", period_value(ctx.dct, match["unit"].lower()))


def resolve_unit_end(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "by year-end", "at month end": the period whose end it is; an end told in the past tense
    has passed, so it is the previous one (the current year or month has not ended yet)."""
    unit = match["unit"].lower()
    ended = ctx.by_tense(match.start(), match.end(), lambda tense: tense == "past")
    step = (3, "month") if unit == "quarter" else (1, unit)
    return Resolved("DATE", period_value(shift(ctx.dct, step[1], -step[0]) if ended else ctx.dct, unit))


# "USA Today", "Russia Today": a capitalised "Today" after a capitalised word names something.
NAME_BEFORE_TODAY = re.compile(r"\b[A-Z][\w.&-]*\s+$")


def resolve_day_word(match: re.Match[str], ctx: Context) -> Resolved | None:
    if match["word"] == "Today" and NAME_BEFORE_TODAY.search(ctx.text, max(0, match.start() - 30), match.start()):
        sentence_start, _ = ctx.sentence_bounds(match.start())
        if ctx.text[sentence_start:match.start()].strip():
            return None
    word = re.sub(r"\s+", " ", match["word"].lower())
    if word == "last" and match["part"].lower() != "night":
        return None  # "last evening" is rare; "last morning" is no time expression
    part = group(match, "part") or ("night" if word == "tonight" else None)
    return part_of_day_value(ctx.dct + timedelta(days=DAY_WORD_OFFSETS[word]), part, ctx)


def relation_word(match: re.Match[str]) -> str | None:
    """The "last"/"this"/"next" before an expression, "past" read as "last", "coming" as "next"."""
    relation = (group(match, "rel") or "").lower()
    if " " in relation:  # "this past Sunday"
        return "last"
    return {"past": "last", "coming": "next"}.get(relation, relation) or None


POSSESSIVE_AFTER = re.compile(r"['’]s\b")
AHEAD_BEFORE = re.compile(r"\b(?:ahead\s+of|before|until|for|upcoming)\s+$", re.IGNORECASE)


def possessive_weekday_tense(ctx: Context, start: int, end: int, told_from: int) -> Tense:
    """ "Wednesday's ruling" names an event: a conditional or reported verb says little about
    it ("they would look for ways around Wednesday's ruling"), so it is past unless the words
    just before the expression (which starts at `told_from`) point ahead ("ahead of Friday's
    meeting") or the verb is a plain future ("Trump will attend Friday's summit")."""
    if AHEAD_BEFORE.search(ctx.text, max(0, told_from - 16), told_from):
        return "future"
    return "future" if ctx.reading(start, end).tense == "future" else "past"


def weekday_in_context(ctx: Context, weekday: int, start: int, end: int, told_from: int | None = None) -> date:
    """A bare weekday: the DCT if it is the DCT's weekday, else the one before or after the
    reference time as the governing verb's tense says; the reference is the DCT, or in
    reported speech the day the reporting verb is dated with ("said on Monday that talks
    would start on Friday": the Friday after that Monday). The DCT's own weekday is the DCT
    unless a reporting verb dated another day governs it ("said Monday that he met the envoy on
    Wednesday", written on a Wednesday: the Wednesday before that Monday)."""
    if POSSESSIVE_AFTER.match(ctx.text, end):
        if weekday == ctx.dct.weekday():
            return ctx.dct
        tense = possessive_weekday_tense(ctx, start, end, start if told_from is None else told_from)
        return weekday_date(ctx.dct, weekday, None, tense)
    reading = ctx.reading(start, end)
    reference = ctx.reported_day(reading) or ctx.dct
    tense: Tense | None = None if reading.tense is None else (
        "past" if reading.tense == "past" else "future"
    )
    return weekday_date(reference, weekday, None, tense)


def resolve_weekday(match: re.Match[str], ctx: Context) -> Resolved | None:
    relation = relation_word(match)
    weekday = WEEKDAY_NUMBERS[match["weekday"].lower()]
    around = (group(match, "around") or "").lower()
    if around:  # "the following Tuesday": the first one after the day under discussion
        direction = "next" if around == "following" else "last"
        day = weekday_date(ctx.reference_day(), weekday, direction, None)
    elif relation is not None:
        day = weekday_date(ctx.dct, weekday, relation, None)
    else:
        day = weekday_in_context(ctx, weekday, match.start("weekday"), match.end("weekday"))
    return part_of_day_value(day, group(match, "part"), ctx)


def clock_time(match: re.Match[str]) -> str | None:
    hour = int(match["hour"])
    minute = int(match["minute"] or 0)
    meridiem = (group(match, "ampm") or "").lower()
    if meridiem.startswith("p") and hour < 12:
        hour += 12
    elif meridiem.startswith("a") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def clock_day(match: re.Match[str], ctx: Context) -> date:
    """The day of a clock time: a weekday or day word next to it, else the last mentioned day."""
    if group(match, "weekday"):
        weekday = WEEKDAY_NUMBERS[match["weekday"].lower()]
        return weekday_in_context(ctx, weekday, match.start("weekday"), match.end("weekday"))
    if group(match, "dayword"):
        return ctx.dct + timedelta(days=DAY_WORD_OFFSETS[match["dayword"].lower()])
    return date_named_after(match.end(), ctx) or ctx.reference_day()


ON_AFTER = re.compile(r"\s+local\s+time,?\s+(?:on\s+)?|,?\s+on\s+")
WEEKDAY_AFTER_ON = re.compile(rf"{WEEKDAY}\b")


def date_named_after(position: int, ctx: Context) -> date | None:
    """The day of a date written just after a clock time ("9 a.m. on March 3"): TimeML tags
    the two apart, but the time is on that day."""
    on = ON_AFTER.match(ctx.text, position)
    if on is None:
        return None
    written = MONTH_DAY_RULE.pattern.match(ctx.text, on.end())
    if written is None:
        weekday = WEEKDAY_AFTER_ON.match(ctx.text, on.end())
        return weekday and weekday_in_context(
            ctx, WEEKDAY_NUMBERS[weekday["weekday"].lower()], weekday.start(), weekday.end()
        )
    resolved = resolve_month_day(written, ctx)
    return date.fromisoformat(resolved.value) if resolved else None


def resolve_clock(match: re.Match[str], ctx: Context) -> Resolved | None:
    clock = clock_time(match)
    if clock is None:
        return None
    return Resolved("TIME", f"{day_value(clock_day(match, ctx))}T{clock}")


def resolve_named_time(match: re.Match[str], ctx: Context) -> Resolved | None:
    clock = {"noon": "12:00", "midday": "12:00", "midnight": "24:00"}[match["name"].lower()]
    return Resolved("TIME", f"{day_value(clock_day(match, ctx))}T{clock}")


RATE_BEFORE = re.compile(
    r"(?:\d|(?:second|minute|hour|day|week|month|year)s?|times|once|twice|per|dollars|cents)\s+$",
    re.IGNORECASE,
)


RATE_AFTER = re.compile(r"\s+(?:a|an|per|each)\s+(?:day|night|week|month|year)\b", re.IGNORECASE)


def resolve_duration(match: re.Match[str], ctx: Context) -> Resolved | None:
    number = match["num"]
    unit = unit_key(match["unit"])
    if number.lower() in ("a", "an"):
        if unit == "second":
            return None  # "a second Belarus", "a second term"
        before = ctx.text[max(0, match.start() - 12) : match.start()]
        if RATE_BEFORE.search(before):
            return None  # a rate ("24 hours a day", "twice a year"), not an amount of time
    if match["unit"][0].isupper() and not number[0].isupper():
        return None  # a title such as "60 Minutes"
    if RATE_AFTER.match(ctx.text, match.end()):
        return None  # the amount of a rate ("eight hours a day"), not a stretch of time
    quantity = parse_quantity(number)
    if quantity is not None and (group(match, "half1") or group(match, "half2")):
        quantity += 0.5
    return Resolved("DURATION", duration_value(quantity, unit))


UNIT_ORDER = tuple(UNITS)[::-1]  # largest first, for mixed durations


def resolve_mixed_duration(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "two years and three months" = P2Y3M, "an hour and 20 minutes" = PT1H20M: counted
    amounts of a unit and a smaller one."""
    first, second = parse_quantity(match["num"]), parse_quantity(match["num2"])
    units = unit_key(match["unit"]), unit_key(match["unit2"])
    if first is None or second is None or UNIT_ORDER.index(units[0]) >= UNIT_ORDER.index(units[1]):
        return None
    return Resolved("DURATION", iso_duration([(first, units[0]), (second, units[1])]))


def resolve_half_duration(match: re.Match[str], ctx: Context) -> Resolved | None:
    return Resolved("DURATION", duration_value(0.5, unit_key(match["unit"])))


def resolve_span_and_a_half(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "the past year and a half" = P1Y6M: a span counted from now, never the calendar year."""
    return Resolved("DURATION", duration_value(1.5, unit_key(match["unit"])))


def resolve_quantity(match: re.Match[str], ctx: Context) -> Resolved | None:
    """A counted unit: a duration ("three years"), a date before the DCT ("11 years ago") or a
    date counted from the last mentioned one ("two days later")."""
    after = (group(match, "after") or "").lower()
    if after == "ago":
        return resolve_ago(match, ctx)
    if after and ctx.timeml:
        return resolve_duration(match, ctx)  # TimeML: "a day earlier" is the amount of time
    if after:
        return resolve_offset_from_anchor(match, ctx) or resolve_duration(match, ctx)
    counted_back = SPAN_FROM_NOW.match(match.group(0))  # "in the past (next) four years": no date
    in_future = not counted_back and IN_BEFORE.search(
        ctx.text, max(0, match.start() - 4), match.start()
    ) and ctx.tense(match.start(), match.end()) == "future"
    if in_future:
        return resolve_from_now(match, ctx) or resolve_duration(match, ctx)
    return resolve_duration(match, ctx)


IN_BEFORE = re.compile(r"\bin\s+$", re.IGNORECASE)
SPAN_FROM_NOW = re.compile(r"(?:the\s+)?(?:past|last|previous|first|next|following|coming)\s", re.I)


def resolve_from_now(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "will meet in two weeks": the date that far after the DCT, at the unit's granularity."""
    count = calendar_count(match)
    if count is None:
        return None
    amount, unit = count
    return Resolved("DATE", period_value(shift(ctx.dct, unit, amount), unit))


def calendar_count(match: re.Match[str]) -> tuple[int, str] | None:
    """A whole number of days, weeks, months or years, the units a date can be counted in."""
    unit = unit_key(match["unit"])
    quantity = parse_quantity(match["num"])
    if (
        quantity is None
        or not quantity.is_integer()
        or unit not in ("day", "week", "month", "year")
    ):
        return None
    return int(quantity), unit


SENTENCE_START_BEFORE = re.compile(r"(?:^|[.!?][\"”’)]*\s+|\n\s*)[\"“‘(]*$")
DETERMINER_BEFORE = re.compile(
    r"\b(?:the|these|those|their|its|his|her|our|my|your|early|small|wee)\s+$", re.I
)
RELATIVE_AFTER = re.compile(r"\s+(?:before|after|that|following|leading|ahead)\b", re.I)


def resolve_vague_duration(match: re.Match[str], ctx: Context) -> Resolved | None:
    if group(match, "after"):
        return Resolved("DATE", "PAST_REF")  # "years ago"
    if group(match, "later") and not ctx.timeml and UNITS[unit_key(match["unit"])][2]:
        return Resolved("DATE", day_value(ctx.reference_day()))  # "minutes later": that day
    before = ctx.text[max(0, match.start() - 12) : match.start()]
    if match["unit"][0].isupper() and not SENTENCE_START_BEFORE.search(before):
        return None  # a capitalised unit inside a sentence is a title ("60 Minutes")
    if RATE_AFTER.match(ctx.text, match.end()):
        return None  # the unit of a rate ("hours a day")
    after = ctx.text[match.end() : match.end() + 12]
    if DETERMINER_BEFORE.search(before) and not RELATIVE_AFTER.match(after):
        return None  # "the years of war" names a period; "the weeks before the shooting" is a time
    return Resolved("DURATION", duration_value(None, unit_key(match["unit"])))


def resolve_ago(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "11 years ago" -> the year eleven years before the DCT, at the unit's granularity ("two
    weeks ago" is a week; with `ctx.timeml` a day, as TimeML annotates it)."""
    unit = unit_key(match["unit"])
    quantity = parse_quantity(match["num"]) if group(match, "num") else None
    if quantity is None or not quantity.is_integer():
        return Resolved("DATE", "PAST_REF")
    if unit in ("second", "minute", "hour"):
        return Resolved("DATE", "PAST_REF")
    if unit in ("decade", "century"):
        quantity, unit = quantity * UNITS[unit][1], "year"
    day = shift(ctx.dct, unit, -int(quantity))
    return Resolved("DATE", period_value(day, "day" if unit == "week" and ctx.timeml else unit))


def resolve_offset_from_anchor(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "two days later", "a week earlier": counted from the last mentioned day. With no date
    mentioned before, from the DCT as "ago" counts: at the unit's granularity ("a year earlier"
    is a year, "a week earlier" a week; with `ctx.timeml` the offset is a DURATION anyway)."""
    count = calendar_count(match)
    if count is None:
        return None
    amount, unit = count
    sign = 1 if match["after"].lower() == "later" else -1
    anchor = ctx.anchor
    if anchor is None and unit != "day":
        return Resolved("DATE", period_value(shift(ctx.dct, unit, sign * amount), unit))
    if unit == "day" or anchor.precision == "day":
        return Resolved("DATE", day_value(shift(ctx.reference_day(), unit, sign * amount)))
    return Resolved("DATE", period_value(shift(anchor.start, unit, sign * amount), unit))


def resolve_anaphoric(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "the next day", "the previous week", "that year", "later that month": counted from the
    last mentioned date (the last mentioned day for day units), else from the DCT."""
    relation = "same" if group(match, "that") else match["rel"].lower()
    unit = match["unit"].lower()
    calendar_unit = "day" if unit in PARTS_OF_DAY else unit
    if calendar_unit != "day" and relation == "same" and ctx.anchor is None:
        return None  # "that year" with nothing mentioned before it
    step = {"next": 1, "following": 1, "previous": -1, "preceding": -1, "prior": -1}.get(
        relation, 0
    )
    if calendar_unit == "day":
        base = ctx.reference_day()
    else:
        base = ctx.anchor.start if ctx.anchor is not None else ctx.dct
    if calendar_unit == "day":
        return part_of_day_value(shift(base, "day", step), unit, ctx)
    return Resolved("DATE", period_value(shift(base, calendar_unit, step), calendar_unit))


def resolve_day_around_anchor(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "the day before", "the day after": one day from the last mentioned day."""
    step = 1 if match["dir"].lower() == "after" else -1
    return Resolved("DATE", day_value(ctx.reference_day() + timedelta(days=step)))


def resolve_day_around_weekday(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "the day before last Tuesday": one day from that weekday (the expression's own "before"
    says nothing of the weekday's direction: "the day before Monday's vote")."""
    relation = relation_word(match)
    weekday = WEEKDAY_NUMBERS[match["weekday"].lower()]
    if relation is None:
        day = weekday_in_context(ctx, weekday, match.start("weekday"), match.end("weekday"), match.start())
    else:
        day = weekday_date(ctx.dct, weekday, relation, None)
    step = 1 if match["dir"].lower() == "after" else -1
    return Resolved("DATE", day_value(day + timedelta(days=step)))


def weekend_value(saturday: date, ctx: Context) -> str:
    """A weekend is its ISO week on the timeline (a week is its finest precision there); with
    `ctx.timeml`, TimeML's weekend of that week (2025-W33-WE)."""
    return period_value(saturday, "weekend" if ctx.timeml else "week")


def resolve_the_weekend(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "over the weekend": the weekend just past in past context, else the coming one."""
    saturday = ctx.dct + relativedelta(weekday=5)
    if ctx.dct.weekday() < 5 and ctx.tense(match.start(), match.end()) != "future":
        saturday -= timedelta(weeks=1)  # a weekday's "the weekend" is the one just past
    return Resolved("DATE", weekend_value(saturday, ctx))


def anchor_within(ctx: Context, unit: str) -> date:
    """The day a calendar `unit` around the time under discussion is found from: the last
    mentioned date if it is at least as precise as the unit, else the DCT."""
    finer = {"day": ("day",), "week": ("day", "week"), "month": ("day", "week", "month")}
    anchor = ctx.anchor
    allowed = finer.get(unit, ("day", "week", "month", "season", "quarter", "year"))
    return anchor.start if anchor is not None and anchor.precision in allowed else ctx.dct


def resolve_within_period(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "earlier in the week", "later in the day", "during/over/within the year", "on the day",
    "in the morning": TimeML tags "the week" and values it as the week under discussion (the
    last mentioned date's, or the DCT's); a part of the day is the reference day's. A clause of
    its own ("during the week he spent in Kyiv") makes it another period: tagged, no value."""
    unit = match["unit"].lower()
    preposition = (group(match, "prep") or "").lower()
    if preposition == "in" and unit not in PARTS_OF_DAY and unit != "quarter":
        return None  # "in the week", "in the year": rarely the period itself
    if unit in PARTS_OF_DAY and preposition == "for":
        return None  # "stayed for the night"
    if ctx.restricted(match.start("timex"), match.end("timex")):
        return Resolved("DATE", UNKNOWN_PERIOD.get(unit, UNKNOWN_PERIOD["day"]))
    if unit in PARTS_OF_DAY:
        return part_of_day_value(ctx.reference_day(), unit, ctx)
    if unit == "quarter":
        return Resolved("DATE", period_value(quarter_under_discussion(ctx), "quarter"))
    day = ctx.reference_day() if unit == "day" else anchor_within(ctx, unit)
    return Resolved("DATE", period_value(day, unit))


def resolve_year_earlier(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "the year-earlier quarter", "the year-ago period", "year-earlier levels": the period
    under discussion one year before, as precise as it is (a quarter, a month), else a year."""
    unit = (group(match, "unit") or "period").lower()
    anchor = ctx.anchor
    if unit == "quarter":
        day, precision = quarter_under_discussion(ctx), "quarter"
    elif unit == "period" and anchor is not None and anchor.precision in ("month", "quarter"):
        day, precision = anchor.start, anchor.precision
    else:
        day = anchor.start if anchor is not None else ctx.dct
        precision = unit if unit in ("month", "week") else "year"
    return Resolved("DATE", period_value(shift(day, "year", -1), precision))


def resolve_latest_quarter(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "the latest quarter" is the quarter under discussion (the one a company reports on);
    "the current quarter" the DCT's."""
    current = match["which"].lower() == "current"
    return Resolved("DATE", period_value(ctx.dct if current else quarter_under_discussion(ctx), "quarter"))


def quarter_under_discussion(ctx: Context) -> date:
    """ "in the quarter": the quarter last mentioned (or that of a date mentioned), else the
    last quarter that ended before the DCT (the one a company reports on)."""
    anchor = ctx.anchor
    if anchor is not None and anchor.precision in ("day", "week", "month", "quarter"):
        return anchor.start
    return shift(ctx.dct, "month", -3)


def resolve_day_of_month(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "on the 15th": that day of the month under discussion (the last mentioned month or
    day), else of the DCT's month, or of the month before (past tense, a day still to come)
    or after (future tense, a day gone by)."""
    day = int(match["day"])
    anchor = ctx.anchor
    if anchor is not None and anchor.precision in ("day", "month"):
        base, step = anchor.start, 0
    else:
        base = ctx.dct
        step = ctx.by_tense(
            match.start("timex"), match.end("timex"),
            lambda tense: -1 if tense == "past" and day > base.day
            else 1 if tense == "future" and day < base.day else 0,
        )  # fmt: skip
    month = shift(base.replace(day=1), "month", step)
    try:
        return Resolved("DATE", day_value(month.replace(day=day)))
    except ValueError:
        return None


def resolve_unit_long(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "day-long" is one day; "decades-long" an unspecified number of decades."""
    quantity = None if group(match, "plural") else 1.0
    return Resolved("DURATION", duration_value(quantity, match["unit"].lower()))


def resolve_o_clock(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "eight o'clock", "9 o'clock Sunday": that hour (TimeML writes it without a.m./p.m.)."""
    words = match["hour"].lower()
    hour = int(words) if words.isdigit() else SMALL_NUMBERS[words]
    return Resolved("TIME", f"{day_value(clock_day(match, ctx))}T{hour:02d}:00")


def resolve_hour_of_part_of_day(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "4 in the morning" is 04:00, "8 in the evening" 20:00."""
    hour = int(match["hour"]) % 12
    if match["part"].lower() != "morning":
        hour += 12
    return Resolved("TIME", f"{day_value(ctx.reference_day())}T{hour:02d}:00")


def resolve_vague_period(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "for some time": a duration of unknown quantity and unit."""
    return Resolved("DURATION", "PXX")


def resolve_reference(value: str) -> Resolver:
    return lambda match, ctx: Resolved("DATE", value)


OVERNIGHT_INTO = re.compile(rf"\s+(?:into|to)\s+{WEEKDAY}\b")


def resolve_overnight(match: re.Match[str], ctx: Context) -> Resolved | None:
    """The night that ends on the DCT, on the weekday it runs into ("overnight into Monday":
    that Monday, the day a timeline dates a night's strikes by), or in reported speech on the
    day of the report ("strikes overnight hit the city, officials said Wednesday")."""
    into = OVERNIGHT_INTO.match(ctx.text, match.end())
    if into is not None:
        weekday = WEEKDAY_NUMBERS[into["weekday"].lower()]
        day = weekday_in_context(ctx, weekday, into.start("weekday"), into.end("weekday"))
        return Resolved("DATE", day_value(day))
    return Resolved("DATE", day_value(reported_weekday(ctx, match.start(), match.end()) or ctx.dct))


def reported_weekday(ctx: Context, start: int, end: int) -> date | None:
    """The day of the weekday a reporting verb governing text[start:end] is dated with, also
    when the report follows the expression (the text is resolved in order)."""
    reading = ctx.reading(start, end)
    if reading.reference is None:
        return None
    ref_start, ref_end = reading.reference
    weekday = WEEKDAY_NUMBERS.get(ctx.text[ref_start:ref_end].lower())
    if weekday is None:
        return ctx.reported_day(reading)
    return weekday_in_context(ctx, weekday, ref_start, ref_end)


def resolve_set_adverb(match: re.Match[str], ctx: Context) -> Resolved | None:
    return Resolved("SET", SET_ADVERBS[match["adverb"].lower()])


def resolve_frequency(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "twice a week", "three times a year": a SET of the unit (TimeML keeps the count in an
    attribute, not in the value)."""
    return Resolved("SET", duration_value(1, match["unit"].lower()))


SPAN_PREPOSITION_BEFORE = re.compile(r"\b(?:in|over|during|within|for)\s+$", re.IGNORECASE)


def spanned(match: re.Match[str], ctx: Context) -> bool:
    """Whether a preposition of extent governs the match ("over the last week")."""
    return bool(SPAN_PREPOSITION_BEFORE.search(ctx.text, max(0, match.start() - 10), match.start()))


def resolve_past_unit(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "the past hour", "in the last day": one unit up to now, a duration ("at the last minute",
    "on the last day" are no durations)."""
    if match["rel"].lower() == "last" and not spanned(match, ctx):
        return None
    return Resolved("DURATION", duration_value(1, match["unit"].lower()))


DAY_JUDGEMENTS = "|".join(VOCABULARY["day_of_an_event"]["adjectives"])


def resolve_day_of_an_event(match: re.Match[str], ctx: Context) -> Resolved | None:
    """ "a historic day for the league": the day the sentence is about."""
    return Resolved("DATE", day_value(ctx.reference_day()))


def resolve_every(match: re.Match[str], ctx: Context) -> Resolved | None:
    if group(match, "weekday"):
        return Resolved("SET", f"XXXX-WXX-{WEEKDAY_NUMBERS[match['weekday'].lower()] + 1}")
    word = match["unit"].lower()
    if word in PART_OF_DAY_CODES:
        return Resolved("SET", f"XXXX-XX-XXT{PART_OF_DAY_CODES[word]}")
    quantity = parse_quantity(match["num"]) if group(match, "num") else 1
    return Resolved("SET", duration_value(quantity, unit_key(word))) if quantity else None


FIXED_HOLIDAYS: dict[str, tuple[int, int]] = {
    name: (month, day) for name, (month, day) in VOCABULARY["fixed_holidays"].items()
}


EASTER_OFFSETS: dict[str, int] = VOCABULARY["easter_offsets"]


def holiday_date(name: str, year: int) -> date:
    key = re.sub(r"[\s'’]+", " ", name.lower()).strip()
    if key.startswith("thanksgiving"):
        return date(year, 11, 1) + relativedelta(weekday=TH(+4))
    if key.startswith("election day"):  # the Tuesday after the first Monday of November
        return date(year, 11, 1) + relativedelta(weekday=MO(+1)) + timedelta(days=1)
    if key.startswith("orthodox easter"):
        return easter(year, EASTER_ORTHODOX)
    if key in EASTER_OFFSETS:  # "Palm Sunday", "Good Friday": days from Easter Sunday
        return easter(year) + timedelta(days=EASTER_OFFSETS[key])
    if key.startswith("easter"):
        return easter(year)
    month, day = next(when for start, when in FIXED_HOLIDAYS.items() if key.startswith(start))
    return date(year, month, day)


def independence_day_of(text: str, start: int) -> str | None:
    """Whose Independence Day: Ukraine's (24 August) or the United States' (4 July), as the
    words before it say; unqualified, it is left untagged rather than guessed."""
    before = text[max(0, start - 24) : start]
    if re.search(r"Ukrain", before):
        return "Ukrainian Independence Day"
    if re.search(r"\b(?:America|American|U\.S\.|US)\b", before):
        return "US Independence Day"
    return None


def holiday_value(name: str, day: date, ctx: Context) -> str:
    """A holiday's day; "Easter week" its ISO week; "Easter weekend" the weekend that holds it,
    just precedes a Monday holiday or follows another one (a weekend is its week on the
    timeline, TimeML's -WE with `timeml`)."""
    period = name.lower().rsplit(None, 1)[-1]
    if period == "weekend":
        back = {0: 2, 6: 1}.get(day.weekday())  # a Monday or Sunday holiday: the days before
        saturday = day - timedelta(days=back) if back else day + timedelta(days=5 - day.weekday())
        return weekend_value(saturday, ctx)
    return week_value(day) if period == "week" else day_value(day)


def resolve_holiday(match: re.Match[str], ctx: Context) -> Resolved | None:
    name = match["holiday"]
    if name.startswith("Independence"):
        name = independence_day_of(ctx.text, match.start("holiday"))
        if name is None:
            return None
    if group(match, "year"):
        return Resolved("DATE", holiday_value(name, holiday_date(name, int(match["year"])), ctx))
    relation = (group(match, "rel") or "").lower()
    tense = "past" if relation == "last" else "future" if relation == "next" else None
    years = (ctx.dct.year - 1, ctx.dct.year, ctx.dct.year + 1)
    dates = [holiday_date(name, year) for year in years]
    chosen = (
        nearest_occurrence(dates, ctx.dct, tense)
        if tense
        else ctx.by_tense(
            match.start(), match.end(), lambda t: nearest_occurrence(dates, ctx.dct, t)
        )
    )
    return Resolved("DATE", holiday_value(name, chosen, ctx))


# --- rules ----------------------------------------------------------------------------------------


def rule(name: str, pattern: str, resolver: Resolver) -> Rule:
    return Rule(name, re.compile(pattern, re.IGNORECASE), resolver)


HOLIDAY = (
    r"(?-i:(?P<holiday>(?:Christmas(?:\s+(?:Day|Eve))?|New\s+Year[’']s(?:\s+(?:Day|Eve))?|"
    r"Thanksgiving(?:\s+Day)?|Election\s+Day|(?:Orthodox\s+)?Easter(?:\s+(?:Sunday|Monday|week))?|"
    r"Palm\s+Sunday|Good\s+Friday|"
    r"Independence\s+Day|Victory\s+Day|Halloween|Valentine[’']s\s+Day)(?:\s+weekend)?))\b"
)
# "will last 72 hours", "expected to last weeks": the verb "last" is no part of the expression.
VERB_LAST = "".join(rf"(?<!\b{word}\s)" for word in VOCABULARY["tense"]["before_verb_last"])
RELATIVE_UNIT = r"(?P<unit>week(?:end)?|month|year|quarter|decade|century)"
TIME_ZONE = r"(?:\s+(?-i:[ECMP][SD]T|GMT|UTC|BST|CET|CEST|EEST|MSK))?"
# "eight o'clock": the number words of the hours of a clock face
CLOCK_HOUR_WORDS = "|".join(
    w for w, n in SMALL_NUMBERS.items() if 1 <= n <= 12 and w not in ("a", "an") and " " not in w
)
DAY_AFTER_CLOCK = (
    rf"(?:,?\s+(?:on\s+)?(?:{WEEKDAY}|(?P<dayword>today|tonight|yesterday|tomorrow)))?"
)

RULES: tuple[Rule, ...] = (
    rule(
        "iso-date",
        r"\b(?P<y>\d{4})(?P<sep>[-/])(?P<m>[01]\d)(?P=sep)(?P<d>[0-3]\d)"
        r"(?:T(?P<hh>[0-2]\d):(?P<mm>[0-5]\d))?\b",
        resolve_iso_date,
    ),
    rule(
        "month-day",
        rf"\b(?:{WEEKDAY.replace('weekday', 'wd1')},?\s+)?{MONTH}\s+{DAY}\b" rf"(?:,?\s+{YEAR}\b)?",
        resolve_month_day,  # "Monday, Oct. 26": the explicit date wins over the weekday
    ),
    rule(
        "day-month",
        rf"\b(?:{WEEKDAY.replace('weekday', 'wd1')},?\s+)?(?:the\s+)?{DAY}\s+(?:of\s+)?{MONTH}"
        rf"(?:,?\s+{YEAR}\b)?",
        resolve_month_day,
    ),
    rule(
        "day-before-range",
        r"(?<![\d.,/])\b(?P<timex>(?P<day>[0-3]?\d))(?:st|nd|rd|th)?(?=\s*(?:[-–]|and|or|to)\s*"
        rf"(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTH}(?:,?\s+{YEAR}\b)?)",
        resolve_day_before_range,
    ),
    rule(
        "coordinated-day",
        r"(?P<link>\s*[-–]\s*|\s+(?:and|or|to|through)\s+)(?P<timex>(?P<day>[0-3]?\d))\b"
        r"(?![,.:]?\d|\s*%)",
        resolve_coordinated_day,
    ),
    rule(
        "numeric-date",
        r"(?<![\d./])(?P<first>[0-3]?\d)(?P<sep>[./])(?P<second>[0-3]?\d)(?P=sep)"
        r"(?P<year>1[6-9]\d\d|20\d\d)(?![\d./]\d)",
        resolve_numeric_date,
    ),
    rule("month-year", rf"\b{MONTH}(?:,?\s+|\s+of\s+){YEAR}\b", resolve_month_year),
    rule(
        "month-relative-year",
        rf"\b{MONTH}\s+(?:of\s+)?(?P<rel>this|next|last)\s+year\b",
        resolve_month_relative_year,
    ),
    rule("bare-month", rf"\b(?:(?P<rel>last|next|this)\s+)?{FULL_MONTH}\b", resolve_bare_month),
    rule("year", rf"(?<![\w$€£.,/])(?<!\d[-–]){YEAR}\b(?![-–]\d)", resolve_year),
    rule(
        "decade",
        r"(?<![\w$])(?:(?P<decade>1[6-9]\d0|20\d0)|['’](?P<short>\d)0)(?:'s|’s|s)\b",
        resolve_decade,
    ),
    rule(
        "season",
        r"\b(?:(?P<rel>last|this|next|past|coming)\s+|(?P<the>the)\s+(?:(?:early|late)\s+)?)?"
        rf"(?P<season>spring|summer|fall|autumn|winter)\b(?:\s+(?:of\s+)?{YEAR}\b)?",
        resolve_season,
    ),
    rule(
        "quarter",
        r"\b(?:the\s+)?(?P<ord>first|second|third|fourth|final|1st|2nd|3rd|4th)[-\s]quarter\b"
        rf"(?:\s+(?:of\s+)?{YEAR}\b)?",
        resolve_quarter,
    ),
    rule("quarter-code", rf"\b(?-i:Q(?P<quarter>[1-4]))\b(?:\s+{YEAR}\b)?", resolve_quarter),
    rule("half-code", rf"\b(?-i:H(?P<half>[12]))\s+{YEAR}\b", resolve_half_code),
    rule("fiscal-code", r"\b(?-i:FY)\s?(?P<fy>\d{4}|\d\d)\b(?![-/.]\d)", resolve_fiscal_code),
    rule(
        "year-earlier",
        r"\b(?:the\s+)?year-(?:earlier|ago)(?:\s+(?P<unit>quarter|period|month|week|year)s?)?\b",
        resolve_year_earlier,
    ),
    rule(
        "latest-quarter",
        r"\bthe\s+(?P<which>latest|most\s+recent|current|just[-\s]ended)\s+quarter\b",
        resolve_latest_quarter,
    ),
    rule(
        "century",
        r"\b(?:the\s+)?(?P<ordinal>1[5-9]|2[01]|fifteenth|sixteenth|seventeenth|eighteenth|"
        r"nineteenth|twentieth|twenty[-\s]first)(?:st|nd|rd|th)?\s+century\b",
        resolve_century,
    ),
    rule(
        "half-year",
        rf"\b(?:the\s+)?(?P<ord>first|second)\s+half\s+of\s+(?:{YEAR}\b|(?P<rel>this|next|last)"
        r"\s+year\b|the\s+year\b)",
        resolve_half_year,
    ),
    rule(
        # "the first half", "second-half sales": of the year under discussion, as quarters are;
        # "the first half of the match" is none
        "bare-half-year",
        r"(?:\bthe\s+|(?<=['’]s\s)|\b(?=(?:first|second)-half\b))(?P<ord>first|second)[-\s]half\b"
        r"(?!\s+of\b)(?![-'’]\w)",
        resolve_half_year,
    ),
    rule(
        "week-of",
        rf"\bthe\s+week\s+of\s+{MONTH}\s+{DAY}\b(?:,?\s+{YEAR}\b)?",
        resolve_week_of,
    ),
    rule(
        "relative-period",
        r"\b(?:(?:early|late)\s+)?(?:(?P<the>the)\s+)?"
        rf"(?P<rel>this\s+past|last|this|next|past|previous|coming|current)\s+(?P<fiscal>fiscal\s+)?"
        rf"{RELATIVE_UNIT}\b",
        resolve_relative_period,
    ),
    rule(
        "period-boundary",
        r"\b(?:the\s+)?(?:start|beginning|end|middle|close|rest|turn)\s+of\s+(?:the|this)\s+"
        r"(?P<unit>year|month|week|decade|century)\b",
        resolve_period_boundary,
    ),
    rule("unit-end", r"\b(?P<unit>year|month|quarter)[-\s]end\b", resolve_unit_end),
    rule(
        "day-word",
        r"\b(?P<word>today|tonight|yesterday|tomorrow|the\s+day\s+before\s+yesterday|"
        r"the\s+day\s+after\s+tomorrow)\b(?:\s+(?P<part>morning|afternoon|evening|night))?",
        resolve_day_word,
    ),
    rule(
        "day-part",
        r"\b(?P<word>this|last)\s+(?P<part>morning|afternoon|evening|night)\b",
        resolve_day_word,
    ),
    rule(
        "weekday",
        rf"\b(?:(?P<rel>this\s+past|last|this|next|past|coming)\s+|"
        rf"the\s+(?P<around>following|previous|preceding)\s+)?{WEEKDAY}\b"
        r"(?:\s+(?P<part>morning|afternoon|evening|night)\b)?",
        resolve_weekday,
    ),
    rule(
        "clock",
        r"\b(?P<hour>[01]?\d|2[0-3])(?::(?P<minute>[0-5]\d))?\s*"
        rf"(?P<ampm>a\.m\.?|p\.m\.?|am\b|pm\b){TIME_ZONE}{DAY_AFTER_CLOCK}",
        resolve_clock,
    ),
    rule(
        # "at 1600 GMT": a four-digit clock time, told with its time zone; not the conversion
        # of a time told just before it ("10:35 a.m. (0735 GMT)")
        "clock-military",
        rf"(?<![\d.,:$(])(?<!\(\s)\b(?P<hour>[01]\d|2[0-3])(?P<minute>[0-5]\d)"
        rf"(?=\s*(?-i:GMT|UTC)\b){TIME_ZONE}{DAY_AFTER_CLOCK}",
        resolve_clock,
    ),
    rule(
        "clock-24h",
        rf"\b(?P<hour>[01]\d|2[0-3]):(?P<minute>[0-5]\d){TIME_ZONE}(?!:?\d)",
        resolve_clock,
    ),
    rule(
        "named-time",
        rf"(?<!high\s)\b(?-i:(?P<name>noon|midday|midnight))\b{DAY_AFTER_CLOCK}",
        resolve_named_time,
    ),
    rule(
        "quantity",
        rf"\b(?:(?:the\s+)?(?:past|{VERB_LAST}last|next|first|previous|following)\s+)?"
        rf"{NUMBER}(?P<half1>{HALF})?(?:\s+(?:more|other|additional|further))?[-\s]+"
        rf"{UNIT}(?P<half2>{HALF})?{WORD_END}(?:[-\s]long\b)?"
        r"(?:\s+(?P<after>ago|later|earlier)\b)?",
        resolve_quantity,
    ),
    rule(
        "mixed-duration",
        rf"\b{NUMBER}[-\s]+{UNIT}(?:,\s*|\s+and\s+)"
        rf"{NUMBER.replace('<num>', '<num2>')}[-\s]+{UNIT.replace('<unit>', '<unit2>')}{WORD_END}",
        resolve_mixed_duration,
    ),
    rule("half-duration", rf"\bhalf(?:\s+an?\s+|[-\s]){UNIT}\b", resolve_half_duration),
    rule(
        "span-and-a-half",
        rf"\b(?:the\s+)?(?:past|last|next|coming)\s+{UNIT}\s+and\s+a\s+half\b(?!\s+of\b)",
        resolve_span_and_a_half,
    ),
    rule(
        "vague-duration",
        rf"\b{PLURAL_UNIT}\b(?![-\s](?:old|long)\b)(?:\s+(?P<after>ago)\b|"
        r"(?P<later>\s+(?:later|earlier)\b))?",
        resolve_vague_duration,
    ),
    rule(
        "some-time",
        r"(?<!\bat\s)\bsome\s+time\b(?!\s+(?:in|on|next|last|this|before|after|later|soon|"
        r"around|between|during|ago)\b)",
        resolve_vague_period,
    ),
    rule(
        "long-ago",
        r"\b(?:(?:a\s+)?long(?:\s+time)?|some\s+time|a\s+while)\s+ago\b",
        resolve_reference("PAST_REF"),
    ),
    rule(
        "anaphoric",
        r"\b(?:(?:later|earlier)\s+)?(?:the\s+(?P<rel>next|following|previous|preceding|prior|same)|"
        r"(?P<that>that)(?:\s+(?:same|very))?)\s+"
        r"(?P<unit>day|morning|afternoon|evening|night|week|month|year)\b",
        resolve_anaphoric,
    ),
    rule(
        "day-around",
        r"\bthe\s+day\s+(?P<dir>before|after)(?=\s*(?:[,.;:!?)]|$))",
        resolve_day_around_anchor,
    ),
    rule(
        "day-around-weekday",
        rf"\b(?:the\s+)?day\s+(?P<dir>before|after)\s+(?:(?P<rel>last|next|this)\s+)?{WEEKDAY}",
        resolve_day_around_weekday,
    ),
    rule("weekend", r"\bthe\s+weekend\b", resolve_the_weekend),
    rule(
        "within-period",
        rf"\b(?:(?:earlier|later)\s+in|(?P<prep>in|{'|'.join(PERIOD_PREPOSITIONS)}))\s+(?P<timex>the\s+"
        r"(?P<unit>day|week|month|quarter|year|morning|afternoon|evening|night))\b"
        r"(?!\s+(?:of|before|after|that|when|in\s+which|following|leading|ahead|since|to|"
        r"ended|ending|\d)\b)(?![-'’])",
        resolve_within_period,
    ),
    rule(
        "day-of-month",
        r"(?<=\bon\s)(?P<timex>the\s+(?P<day>[1-3]?\d)(?:st|nd|rd|th))\b"
        r"(?=\s*(?:[,.;:!?)]|$|\s+(?:and|or|at|when|with|in|as|after|before)\b))",
        resolve_day_of_month,
    ),
    rule(
        "unit-long",
        r"\b(?P<unit>day|week|month|year|decade)(?P<plural>s)?-long\b",
        resolve_unit_long,
    ),
    rule(
        "o-clock",
        rf"\b(?P<hour>1[0-2]|[1-9]|{CLOCK_HOUR_WORDS})\s+o['’]clock\b(?!\s+in\s+the\b){DAY_AFTER_CLOCK}",
        resolve_o_clock,
    ),
    rule(
        "hour-of-part-of-day",
        r"\b(?P<hour>1[0-2]|[1-9])\s+(?:o['’]clock\s+)?in\s+the\s+"
        r"(?P<part>morning|afternoon|evening)\b",
        resolve_hour_of_part_of_day,
    ),
    rule(
        "present-ref",
        r"\b(?:now|nowadays|these\s+days|at\s+present|the\s+present|"
        r"(?<=for\s)the\s+moment|(?<=at\s)the\s+moment|this\s+(?:[a-z]+\s+)?moment)\b",
        resolve_reference("PRESENT_REF"),
    ),
    rule(
        "past-ref",
        r"\b(?:recent\s+(?:days|weeks|months|years)|the\s+past(?=[\s,.;])(?!\s+(?:\w+\s+)?"
        r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?|few|several|\d)))\b",
        resolve_reference("PAST_REF"),
    ),
    rule(
        "future-ref",
        # "future" as a noun only: "Ukraine's future orientation" is no time expression
        r"\b(?:(?:the\s+)?(?:near\s+|distant\s+)?future(?=\s*(?:[,.;:!?)]|$|of\b|for\b|in\b))|"
        r"the\s+(?:near\s+|distant\s+)?future|the\s+(?:coming|next)\s+(?:days|weeks|months|"
        r"years)(?:\s+and\s+(?:days|weeks|months|years))?|the\s+years\s+(?:ahead|to\s+come))\b",
        resolve_reference("FUTURE_REF"),
    ),
    rule("overnight", r"\bovernight\b", resolve_overnight),
    rule(
        "set-adverb",
        rf"\b(?P<adverb>{'|'.join(SET_ADVERBS)})\b",
        resolve_set_adverb,
    ),  # fmt: skip
    rule(
        "frequency",
        rf"\b(?:once|twice|{NUMBER}\s+times)\s+(?:a|an|per|each)\s+"
        r"(?P<unit>day|week|month|year|hour|minute)\b",
        resolve_frequency,
    ),
    rule(
        "past-unit",
        r"\bthe\s+(?P<rel>past|last)\s+(?P<unit>second|minute|hour|day)\b"
        r"(?!\s+(?:of|before|when|that|and)\b)",
        resolve_past_unit,
    ),
    rule(
        "every",
        rf"\b(?:every|each)\s+(?:{WEEKDAY}|(?:(?P<num>{NUMBER.replace('(?P<num>', '(?:')})\s+)?"
        r"(?P<unit>day|week|month|year|morning|evening|night)(?(num)s|))\b",
        resolve_every,
    ),
    rule(
        "day-of-an-event",
        rf"\b(?:a|an|this)\s+(?:(?:very|truly|really)\s+)?(?:{DAY_JUDGEMENTS})\s+"
        r"(?P<timex>day)(?=\s+for\b)",
        resolve_day_of_an_event,
    ),
    rule(
        "holiday",
        rf"\b(?:(?P<rel>last|next|this)\s+)?{HOLIDAY}(?:,?\s+{YEAR}\b)?",
        resolve_holiday,
    ),
)


# Words that widen an accepted expression to the left without changing its value: they belong
# to the expression in TimeML ("the end of 2025", "more than four decades ago", "mid-August").
BOUNDARY_BEFORE = re.compile(
    r"(?:\b(?:the\s+)?(?:start|beginning|end|middle|close|turn)\s+of\s+(?:the\s+)?|"
    r"\b(?:early|late|mid)[-\s]|\bmid-|\bfiscal\s+(?:year\s+)?)$",
    re.IGNORECASE,
)
APPROXIMATION_BEFORE = re.compile(
    r"\b(?:more\s+than|less\s+than|at\s+least|at\s+most|almost|up\s+to)\s+$",
    re.IGNORECASE,
)


def widen_left(text: str, start: int, end: int, resolved: Resolved, floor: int) -> int:
    """The start of the expression once its leading modifiers are included."""
    before = text[max(floor, start - 40) : start]
    if resolved.type == "DURATION" or text[start:end].lower().endswith(" ago"):
        pattern = APPROXIMATION_BEFORE
    elif resolved.type == "DATE" and not re.fullmatch(r"\d{4}-\d\d-\d\d", resolved.value):
        pattern = BOUNDARY_BEFORE  # a single day has no "early" or "end of"
    else:
        return start
    found = pattern.search(before)
    return start - len(found.group(0)) if found else start


# TimeML leaves the article out of a duration or a vague reference counted from now ("the past
# three years", "the coming months"): only "past three years" is the expression.
ARTICLE_OF_RELATIVE_SPAN = re.compile(
    r"the\s+(?=(?:past|last|next|coming|previous|following)\s)", re.IGNORECASE
)


def drop_article(text: str, start: int, resolved: Resolved) -> int:
    if resolved.type != "DURATION" and not resolved.value.endswith("_REF"):
        return start
    found = ARTICLE_OF_RELATIVE_SPAN.match(text, start)
    return found.end() if found else start


# --- public API -----------------------------------------------------------------------------------


# Every rule's match contains a word starting with one of the keywords of its classes (or a
# digit). Running each rule only in windows around its own keywords skips most of a news text
# and makes tagging several times faster.
KEYWORD_CLASSES: dict[str, str] = {
    "digit": r"\d",
    "month": r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec",
    "weekday": r"mon|tue|wed|thu|fri|sat|sun",
    "unit": r"second|minute|hour|day|week|fortnight|month|year|decade|centur|quarter",
    "part": r"morning|afternoon|evening|night|tonight|overnight|noon|midday|midnight",
    "day": r"today|tonight|yesterday|tomorrow",
    "season": r"spring|summer|fall|autumn|winter",
    "reference": r"now|future|past|present|recent|moment|time|ago|these\s+days",
    "set": "|".join([*SET_ADVERBS, "every", "each"]),
    "holiday": r"christmas|new\s+year|thanksgiving|election|easter|independence|victory|palm|"
    r"good\s+friday|"
    r"halloween|valentine",
    "code": r"q[1-4]|h[12]|fy",
    "half": r"half",
    "clock": r"o['’]clock",
}
# Matched in the lower-cased text (twice as fast as ignoring case); IGNORECASE only for a text
# whose lower case changes its length (and so its offsets).
KEYWORDS: dict[str, re.Pattern[str]] = {
    name: re.compile(words if name == "digit" else rf"\b(?:{words})")
    for name, words in KEYWORD_CLASSES.items()
}
KEYWORDS_ANY_CASE = {name: re.compile(k.pattern, re.IGNORECASE) for name, k in KEYWORDS.items()}
# The keyword classes of each rule: a match of the rule always holds one of them.
RULE_KEYWORDS: dict[str, tuple[str, ...]] = {
    "iso-date": ("digit",), "numeric-date": ("digit",), "month-day": ("month",),
    "day-month": ("month",), "coordinated-day": ("digit",), "day-before-range": ("month",),
    "month-year": ("month",), "month-relative-year": ("month",),
    "bare-month": ("month",), "year": ("digit",), "decade": ("digit",), "season": ("season",),
    "quarter": ("unit",), "quarter-code": ("code",), "half-code": ("code",), "fiscal-code": ("code",), "year-earlier": ("unit",),
    "latest-quarter": ("unit",), "century": ("unit",),
    "half-year": ("unit", "digit"), "bare-half-year": ("half",), "week-of": ("month",), "relative-period": ("unit",),
    "period-boundary": ("unit",), "unit-end": ("unit",), "day-word": ("day",), "day-part": ("part",),
    "weekday": ("weekday",), "clock": ("digit",), "clock-military": ("digit",), "clock-24h": ("digit",),
    "named-time": ("part",), "quantity": ("unit",), "mixed-duration": ("unit",),
    "half-duration": ("unit",), "span-and-a-half": ("unit",), "vague-duration": ("unit",), "some-time": ("reference",),
    "long-ago": ("reference",), "anaphoric": ("unit", "part"), "day-around": ("unit",),
    "day-around-weekday": ("weekday",), "weekend": ("unit",),
    "within-period": ("unit", "part"), "day-of-month": ("digit",), "unit-long": ("unit",),
    "hour-of-part-of-day": ("digit",), "o-clock": ("clock",), "present-ref": ("reference", "unit"),
    "past-ref": ("reference",), "future-ref": ("reference", "unit"), "overnight": ("part",),
    "set-adverb": ("set",), "every": ("set",), "frequency": ("unit",), "past-unit": ("unit",),
    "day-of-an-event": ("unit",), "holiday": ("holiday",),
}  # fmt: skip
assert set(RULE_KEYWORDS) == {current.name for current in RULES}, "a rule without keywords"
(MONTH_DAY_RULE,) = [current for current in RULES if current.name == "month-day"]
WINDOW_MARGIN = 40  # longer than the text any rule matches on either side of its keyword


def keyword_windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """For each keyword class, merged spans of text around its keywords, widened to whitespace
    so that no word is cut."""
    lowered = text.lower()
    keywords = KEYWORDS if len(lowered) == len(text) else KEYWORDS_ANY_CASE
    if keywords is KEYWORDS_ANY_CASE:
        lowered = text
    return {name: windows_around(pattern, lowered) for name, pattern in keywords.items()}


def windows_around(keyword: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    windows: list[tuple[int, int]] = []
    for found in keyword.finditer(text):
        start = text.rfind(" ", 0, max(0, found.start() - WINDOW_MARGIN)) + 1
        end = text.find(" ", found.end() + WINDOW_MARGIN)
        end = len(text) if end < 0 else end
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(windows[-1][1], end))
        else:
            windows.append((start, end))
    return windows


def rule_windows(
    windows: dict[str, list[tuple[int, int]]], classes: tuple[str, ...]
) -> list[tuple[int, int]]:
    """The merged windows of several keyword classes."""
    spans = sorted(span for name in classes for span in windows.get(name, ()))
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def tag(
    text: str,
    dct: date,
    *,
    parsed: Doc | Sequence[tuple[int, Doc]] | None = None,
    timeml: bool = False,
    parse: bool = True,
) -> list[TimeExpression]:
    """Every time expression in `text`, normalised against the document creation time `dct`.

    Offsets index into `text`; the result is sorted by start and free of overlaps.

    `parsed` shares a parse made elsewhere (spaCy `Doc`s, tags and dependencies are all that is
    read): (offset, Doc) pairs for parsed pieces of the text (offset = where the piece starts
    in `text`), or one Doc of the whole text. Sentences whose tense decides a date and that no
    given parse covers are parsed here, one `transforms.sentences.split_sentences` sentence at
    a time; so parses of those same sentences (what extraction holds) give exactly the result
    of `tag(text, dct)`. A Doc of the whole text is read as it is (spaCy may parse a sentence a
    little differently inside a longer text).

    `parse=False` never parses: the extents are those of `tag(text, dct)`, and so is every value
    that does not depend on a verb's tense; where the tense would decide, the expression is read
    as with no verb (a bare weekday is the one before the DCT, "in two weeks" a duration). It
    is for choosing the sentences to parse before the real tagging, which then gets their parse.

    `timeml` gives the finer values TimeML annotates where they differ from the day or week a
    timeline uses: parts of day ("Friday night" = 1998-08-21TNI, a TIME) and weeks ago counted
    to the day ("two weeks ago" = 1998-01-06, not 1998-W02).
    """
    if isinstance(dct, datetime):  # a publication timestamp: its own (local) calendar day
        dct = dct.date()
    given = [(0, parsed)] if isinstance(parsed, Doc) else list(parsed or ())
    for offset, doc in given:
        if text[offset : offset + len(doc.text)] != doc.text:
            raise ValueError(f"parsed: the Doc at offset {offset} is not that part of the text")
    found, spans, unparsed, wanted = reading_without_parse(text, dct, timeml)
    if not parse:
        return list(unparsed)
    ctx = Context(text, dct, list(spans), given, timeml=timeml)
    ctx.parse_sentences(list(wanted))  # the sentences whose tense decides, in one batch
    return resolve_all(list(found), ctx)


def sentences_to_parse(text: str, dct: date, parsed: Sequence[tuple[int, Doc]] = ()) -> list[tuple[int, int]]:
    """The (start, end) spans `tag(text, dct, parsed=parsed)` would parse in its one batch: the
    sentences whose tense decides a date and that no given parse covers. A caller tagging many
    texts parses them all in one batch (`nlp.parse_syntax_many`) and hands them in with
    `parsed` after its own parses, which gives the same result."""
    _, spans, _, wanted = reading_without_parse(text, dct, False)
    return Context(text, dct, list(spans), list(parsed)).unparsed_sentences(wanted)


@lru_cache(maxsize=256)
def reading_without_parse(text: str, dct: date, timeml: bool) -> tuple[tuple, tuple, tuple, tuple]:
    """The rules' candidates, the sentence spans, `tag(..., parse=False)` and the spans whose
    tense was asked for: made once per text, shared by the pass that chooses what to parse
    and the tagging that then reads those parses (extraction tags each text twice)."""
    found = candidates(text)
    spans = [(sentence.start, sentence.end) for sentence in split_sentences(text)]
    probe = Context(text, dct, spans, parse=False, wanted=[], timeml=timeml)
    unparsed = resolve_all(found, probe)
    return tuple(found), tuple(spans), tuple(unparsed), tuple(probe.wanted)


def _length(doc: Doc) -> int:
    """len(doc.text), without joining the tokens' text."""
    return doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0


Candidate = tuple[tuple[int, int, int], re.Match[str]]  # (start, -end, rule index), match


def candidates(text: str) -> list[Candidate]:
    """Every rule's matches near a keyword, left to right, longest first, in rule order."""
    windows = keyword_windows(text)
    return sorted(
        {
            (match.start(), -match.end(), order): match
            for order, current in enumerate(RULES)
            for window_start, window_end in rule_windows(windows, RULE_KEYWORDS[current.name])
            for match in current.pattern.finditer(text, window_start, window_end)
        }.items()
    )


# A direct quotation (“…”, "…", ``…''), never across a paragraph.
QUOTATION = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"|``(?:(?!'')[^\n])*''")


def quotation_spans(text: str) -> list[tuple[int, int]]:
    return [found.span() for found in QUOTATION.finditer(text)] if QUOTATION_MARKS & set(text) else []


QUOTATION_MARKS = frozenset("“\"`")


def resolve_all(candidates: list[Candidate], ctx: Context) -> list[TimeExpression]:
    """The first candidate a resolver accepts at each place, in document order (so anaphora
    see the dates mentioned before them). A date inside a quotation is the speaker's time: it
    anchors the anaphora of the quotation, never those of the narrative after it ("… Putin's
    words yesterday were a ploy," the minister says. The day before, …: the day before the
    DCT's report, not before that yesterday)."""
    text = ctx.text
    found: list[TimeExpression] = []
    taken_until = 0
    quotations = quotation_spans(text)
    last: dict[bool, tuple[Period | None, int]] = {False: (None, -1), True: (None, -1)}
    for (start, negative_end, order), match in candidates:
        if start < taken_until:
            continue
        quoted = any(q_start <= start < q_end for q_start, q_end in quotations)
        ctx.anchor, ctx.anchor_end = last[quoted]  # outside a quotation: the narrative's last date
        resolved = RULES[order].resolve(match, ctx)
        if resolved is None:
            continue
        end = -negative_end
        if "timex" in match.re.groupindex:  # the rule matched context before the expression
            start = match.start("timex")
        start = widen_left(text, start, end, resolved, taken_until)
        start = drop_article(text, start, resolved)
        found.append(TimeExpression(start, end, text[start:end], resolved.type, resolved.value))
        taken_until = end
        period = period_of(resolved.value)
        if period is not None:
            last[True] = (period, end)
            if not quoted:
                last[False] = (period, end)
            if period.precision == "day":
                ctx.days[(start, end)] = period.start
    return found


PERIOD_PATTERNS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], Period]], ...] = (
    (
        re.compile(r"(\d{4})-(\d\d)-(\d\d)(?:T.*)?"),
        lambda m: Period(date(int(m[1]), int(m[2]), int(m[3])), "day"),
    ),
    (
        re.compile(r"(\d{4})-W(\d{1,2})(?:-WE)?"),
        lambda m: Period(date.fromisocalendar(int(m[1]), int(m[2]), 1), "week"),
    ),
    (re.compile(r"(\d{4})-(\d\d)"), lambda m: Period(date(int(m[1]), int(m[2]), 1), "month")),
    (
        re.compile(r"(\d{4})-(SP|SU|FA|WI)"),
        lambda m: Period(date(int(m[1]), SEASON_START_MONTHS[m[2]], 1), "season"),
    ),
    (
        re.compile(r"(\d{4})-Q([1-4])"),
        lambda m: Period(date(int(m[1]), 3 * int(m[2]) - 2, 1), "quarter"),
    ),
    (re.compile(r"(\d{4})"), lambda m: Period(date(int(m[1]), 1, 1), "year")),
)


def period_of(value: str) -> Period | None:
    """The calendar period a TIMEX3 value denotes, or None for anything coarser than a year,
    durations, sets and references (PAST_REF ...). Times keep their day."""
    for pattern, build in PERIOD_PATTERNS:
        match = pattern.fullmatch(value)
        if match:
            try:
                return build(match)
            except ValueError:  # an impossible date such as 2025-02-30 or week 54
                return None
    return None
