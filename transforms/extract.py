"""Dated event mentions from an article's sentences.

A mention is a trigger word of a known event type (summit, strike, ceasefire …) in a sentence,
with the actors and places of its clause and the time expression that dates it. Rules, not a
model: the domain is narrow, and every decision has to be explainable from the sentence.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from transforms import gazetteer, temporal
from transforms.event_types import EVENT_TYPES, TYPE_PRIORITY, family
from transforms.models import EventMention, Period, Sentence, TimeExpression

# Trigger words of each event type (see `event_types` for the order that names a mention).
EVENT_TRIGGERS: dict[str, str] = {
    "summit": r"summits?",
    "ceasefire": r"cease-?fires?|truces?",
    "annexation": r"annex(?:ed|es|ing|ation)?",
    "invasion": r"invasions?|invaded|invades?|invading|special military operation",
    "offensive": r"(?:counter-?)?offensives?",
    "strike": r"(?:air|drone|missile) ?strikes?|strikes|barrages?|bombings?|bombardments?|shelling|attacks",
    "sanctions": r"sanctions|secondary tariffs",
    "agreement": r"agreements?|accords?|treaty|armistice|peace deal|deal|framework|signing",
    "call": r"phone call|call with|calls? with|spoke by (?:tele)?phone|(?:tele)?phone conversation",
    "talks": r"(?:peace )?talks|negotiations",
    "meeting": r"meetings?|met with|meets with|hosted|received",
    "statement": r"said|told reporters|announced|declared|vowed|warned|insisted|stated|reiterated|stressed",
}
assert tuple(EVENT_TRIGGERS) == EVENT_TYPES, "every event type needs its triggers, in priority order"
_TRIGGER = re.compile(
    "|".join(rf"(?P<{t}>(?<![\w-])(?:{p})(?![\w-]))" for t, p in EVENT_TRIGGERS.items()),
    re.IGNORECASE,
)

# What makes a trigger hypothetical, wished for, denied or generic — not one event that
# happened or is set. Each kind of cue reaches as far as it governs:
# a modal, to the end of its clause ("it would open a bridgehead for a wider Russian offensive")…
_MODAL_SCOPE = (r"\b(?:would|could|might|should|must|if|whether|never|ha(?:ve|s|d) to|needs? to)\b"
                r"(?:(?!\bthat\b)[^.,;])*$")
# …a verb of wanting, its object ("seeking a ceasefire"; not "seeking weak points to exploit
# ahead of Friday's meeting", nor "hoped that his own offensive")…
_WISH_SCOPE = (r"\b(?:reach|ready|seek|seeking|want|wants|wanted|hope|hoping|hoped|plan|plans|try)\b"
               r"\s+(?:(?!that\b)[\w'’-]+\s+){0,3}$")
# …a modifier, its noun ("a lasting peace deal", "no ceasefire", "past agreements").
_MODIFIER_SCOPE = (r"\b(?:possible|potential|any|no|lasting|permanent|temporary|such an?|future|new|"
                   r"next|further|another|proposed|renewed|bad|land-for-ceasefire|past)\s+(?:[\w'’-]+\s+){0,2}$")
_IRREALIS = re.compile("|".join((_MODAL_SCOPE, _WISH_SCOPE, _MODIFIER_SCOPE)), re.IGNORECASE)
# A date further than this from its trigger belongs to something else in a long sentence.
_MAX_DATE_DISTANCE = 80
# Statements are everywhere; only a statement with its own date close by is an event.
_STATEMENT_DATE_DISTANCE = 30
# A clause break: "…summit in Alaska and then, on Monday, received…" holds two events.
_CLAUSE_BREAK = re.compile(r",?\s+and then\b|;|\s[—–]\s|—|\bwhile\b|\bbut\b")
# A clause that goes on with the first clause's subject: "… and then, on Monday, received …".
_COORDINATED = re.compile(r"^,?\s*(?:and then|then)\b")
_HOSTING_VERBS = {"hosted", "received"}
_SAME_EVENT_SPAN = 60
_SPEAKER_REACH = 60  # characters between a speaker's name and the reporting verb
# Between a date and the noun it dates: "the July 25 call", "an Oct. 21 cabinet meeting".
_MODIFIER_GAP = re.compile(r"^(?:['’]s)?\s+(?:[\w-]+\s+){0,2}$")
# "“…,” he said": a quotation, then the pronoun and the verb — and nothing else before them.
_QUOTE_THEN_PRONOUN = re.compile(r"^[\W_]*\b(?:he|she)\s+(?:\w+\s+)?$", re.IGNORECASE)
# "the first direct talks since the Alaska summit": a definite event named as a point of
# reference takes its date from elsewhere, not from the clause it is named in.
_BACK_REFERENCE = re.compile(r"\b(?:since|after|before|ahead of|following|until)\s+the\s+(?:[\w'’-]+\s+){0,2}$", re.I)


@dataclass(frozen=True)
class _Trigger:
    event_type: str
    start: int  # in the sentence
    end: int


@dataclass(frozen=True)
class _DatedExpression:
    expression: TimeExpression  # offsets in the article text
    period: Period


def extract_mentions(
    article_id: str, text: str, sentences: Sequence[Sentence], published_on: date
) -> list[EventMention]:
    """Every event mention of an article, dated where the text says when."""
    dated = [
        _DatedExpression(expression, period)
        for expression in temporal.tag(text, published_on)
        if (period := temporal.period_of(expression.value)) is not None
    ]
    mentions = []
    previous_end = 0
    for sentence in sentences:
        in_sentence = [d for d in dated
                       if sentence.start <= d.expression.start and d.expression.end <= sentence.end]
        before = text[previous_end:sentence.start]  # the sentence before, for "he said"
        mentions.extend(_sentence_mentions(article_id, sentence, in_sentence, published_on, before))
        previous_end = sentence.start
    return mentions


def _sentence_mentions(
    article_id: str, sentence: Sentence, dated: list[_DatedExpression], published_on: date,
    sentence_before: str,
) -> list[EventMention]:
    text = sentence.text
    clauses = _clause_spans(text)
    triggers, irrealis = _triggers(text, published_on)
    groups: list[tuple[int, int | None, list[_Trigger]]] = []  # (clause, date, triggers)
    for trigger in triggers:
        clause = _clause_of(clauses, trigger.start)
        when = None if _refers_back(text, trigger) else _dating_expression(
            trigger, clause, _dates_free_for(trigger, dated, triggers + irrealis, text, sentence.start),
            sentence.start)
        if trigger.event_type == "statement" and (
            when is None or _distance(trigger, when, sentence.start) > _STATEMENT_DATE_DISTANCE
        ):
            continue
        key = (clauses.index(clause), dated.index(when) if when else None)
        last = groups[-1] if groups else None
        # Trigger words of one kind close together in a clause, with one date, tell one event
        # ("hosted Putin for a bilateral summit"); further apart, or of different kinds ("an
        # offensive in 2014, which saw Russia annex Crimea"), they tell two.
        if (last and last[:2] == key and family(last[2][-1].event_type) == family(trigger.event_type)
                and trigger.start - last[2][-1].end <= _SAME_EVENT_SPAN):
            last[2].append(trigger)
        else:
            groups.append((*key, [trigger]))

    outside_quotes = gazetteer.mask_quotations(text)
    mentions = []
    for clause_number, when_index, members in groups:
        when = dated[when_index] if when_index is not None else None
        lead = min(members, key=lambda t: TYPE_PRIORITY[t.event_type])
        # Reporting verbs do not end another event's stretch: "when Putin announced the start of
        # the special military operation" — Putin is the invasion's actor too.
        others = [t for t in triggers + irrealis if t not in members and t.event_type != "statement"]
        window = _window(clauses[clause_number], lead, others)
        on = when.period.start if when else published_on
        participants = _participants(outside_quotes, text, window, lead, on)
        if lead.event_type == "statement" and not participants:
            participants = _pronoun_speaker(sentence_before, outside_quotes, lead, on)
        locations = _names(gazetteer.find_places(outside_quotes[window[0]:window[1]]))
        if not participants and (family(lead.event_type) in {"diplomacy", "call", "statement"} or not locations):
            # A meeting with nobody named, a statement by "he", or a deal with neither actor nor
            # place known to the dictionaries is not an event this timeline can tell.
            continue
        mentions.append(
            EventMention(
                mention_id=_mention_id(article_id, sentence.start + lead.start, lead.event_type),
                article_id=article_id,
                sentence_index=sentence.index,
                sentence_start=sentence.start,
                sentence_end=sentence.end,
                sentence_text=text,
                event_type=lead.event_type,
                trigger=text[lead.start:lead.end],
                trigger_start=sentence.start + lead.start,
                participants=participants,
                locations=locations,
                time_text=when.expression.text if when else None,
                time_value=when.expression.value if when else None,
                event_date=when.period.start if when else None,
                date_precision=when.period.precision if when else None,
            )
        )
    return mentions


def _triggers(text: str, published_on: date) -> tuple[list[_Trigger], list[_Trigger]]:
    """Trigger words of a sentence: (those of real events, those of hypothetical ones)."""
    real, hypothetical = [], []
    for match in _TRIGGER.finditer(text):
        trigger = _Trigger(match.lastgroup, match.start(), match.end())
        if _IRREALIS.search(text[:match.start()]):
            hypothetical.append(trigger)
            continue
        received = gazetteer.find_actors(text[match.end():match.end() + 60], published_on)
        if match.group().lower() in _HOSTING_VERBS and not received:
            continue  # "received" is a meeting only when somebody is received
        real.append(trigger)
    return real, hypothetical


def _refers_back(text: str, trigger: _Trigger) -> bool:
    return bool(_BACK_REFERENCE.search(text[max(0, trigger.start - 60):trigger.start]))


def _window(clause: tuple[int, int], lead: _Trigger, others: list[_Trigger]) -> tuple[int, int]:
    """The stretch of a clause that speaks of the lead trigger: other events' triggers bound it
    ("During a meeting with Trump …, he is ready for a trilateral meeting involving Putin")."""
    start = max([t.end for t in others if clause[0] <= t.end <= lead.start], default=clause[0])
    end = min([t.start for t in others if lead.end <= t.start < clause[1]], default=clause[1])
    return start, end


def _clause_spans(text: str) -> list[tuple[int, int]]:
    cuts = [0] + [m.start() for m in _CLAUSE_BREAK.finditer(text)] + [len(text)]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a] or [(0, len(text))]


def _clause_of(clauses: list[tuple[int, int]], offset: int) -> tuple[int, int]:
    return next(c for c in clauses if c[0] <= offset < c[1])


def _dates_free_for(
    trigger: _Trigger, dated: list[_DatedExpression], triggers: list[_Trigger], text: str, sentence_start: int
) -> list[_DatedExpression]:
    """The dates that may date `trigger`: not those that name another event ("invaded … in the
    wake of the September 11, 2001 attacks" — that date is the attacks')."""
    def names_another_event(d: _DatedExpression) -> bool:
        end = d.expression.end - sentence_start
        return any(other != trigger and 0 <= other.start - end <= 25
                   and _MODIFIER_GAP.match(text[end:other.start]) for other in triggers)

    return [d for d in dated if not names_another_event(d)]


def _dating_expression(
    trigger: _Trigger, clause: tuple[int, int], dated: list[_DatedExpression], sentence_start: int
) -> _DatedExpression | None:
    """The date of a trigger: the nearest close-by date of its own clause, else of its sentence."""
    def in_clause(d: _DatedExpression) -> bool:
        return clause[0] <= d.expression.start - sentence_start < clause[1]

    near = [d for d in dated if _distance(trigger, d, sentence_start) <= _MAX_DATE_DISTANCE]
    candidates = [d for d in near if in_clause(d)] or near
    return min(candidates, key=lambda d: _distance(trigger, d, sentence_start), default=None)


def _distance(trigger: _Trigger, when: _DatedExpression, sentence_start: int) -> int:
    start, end = when.expression.start - sentence_start, when.expression.end - sentence_start
    if end <= trigger.start:
        return trigger.start - end
    return max(0, start - trigger.end)


def _participants(
    outside_quotes: str, text: str, window: tuple[int, int], lead: _Trigger, on: date
) -> tuple[str, ...]:
    found = gazetteer.find_actors(outside_quotes[window[0]:window[1]], on)
    if lead.event_type == "statement":
        return _names(_speaker(found, lead, window[0]))
    if window[0] > 0 and _COORDINATED.match(text[window[0]:]) and not any(
        window[0] + a.start < lead.start for a in found
    ):
        # The subject carries over from the sentence's first clause: "Trump hosted Putin … and
        # then, on Monday, received Zelensky" — Trump received Zelensky.
        found = gazetteer.find_actors(outside_quotes[:window[0]], on)[:1] + found
    return _names(found)


def _speaker(found: list[gazetteer.Match], verb: _Trigger, window_start: int) -> list[gazetteer.Match]:
    """Who made a statement: the actor named just before the reporting verb ("the Ukrainian
    president said"), else right after it ("…, said Lavrov"); nobody if the nearest name is
    further away, where it is more likely what the statement is about."""
    verb_start, verb_end = verb.start - window_start, verb.end - window_start
    before = [a for a in found if verb_start - _SPEAKER_REACH <= a.end <= verb_start]
    after = [a for a in found if verb_end <= a.start <= verb_end + 2]
    return before[-1:] or after[:1]


def _pronoun_speaker(sentence_before: str, outside_quotes: str, verb: _Trigger, on: date) -> tuple[str, ...]:
    """ "“…,” he said on Monday": in news style, he is the person the sentence before named last.
    Only that pattern and only a person: no deeper coreference is attempted."""
    if not (outside_quotes[:verb.start].strip() and _QUOTE_THEN_PRONOUN.match(outside_quotes[:verb.start])):
        return ()
    people = [a for a in gazetteer.find_actors(gazetteer.mask_quotations(sentence_before), on)
              if gazetteer.is_person(a.name)]
    return _names(people[-1:])


def _names(matches: list[gazetteer.Match]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.name for m in matches))


def _mention_id(article_id: str, trigger_start: int, event_type: str) -> str:
    return hashlib.sha256(f"{article_id}:{trigger_start}:{event_type}".encode()).hexdigest()[:16]
