"""Event anchors: a phrase that dates what it tells by an event the text named before.

"Following the summit, X said …", "During the talks, Y signed …", "Ahead of the meeting …": a
sentence with no time expression of its own is often dated only by an event it refers back
to. An anchor is a temporal preposition and a definite noun phrase of an event noun ("after
the negotiations", "before the start of the funeral"), or such a phrase as the opening
subject of its sentence ("The meeting lasted an hour."). Its antecedent is the latest earlier
naming of an event of the same kind whose sentence holds a time expression the parse links to
it (the expression lies inside the event noun's phrase, or both hang on the same verb); the
anchor takes that date. "during"/"at" are the event's own day; "after"/"before" keep the
event's date with the relation recorded (news tells what came right before or after), "on the
eve of" is the day before. Vocabulary (prepositions, event nouns, modifiers) is data:
`transforms/data/event_anchors.toml`.

Anchors are not TIMEX3 expressions (TimeML annotates "the summit" as an event and its time
by a link), so `transforms.temporal.tag` never returns them; extraction adds them to the
tagger's dates (`with_anchors`) and `newsline timex --event-anchors` can report them.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from spacy.tokens import Doc, Token

from transforms import counted_anchors, nlp
from transforms.models import EventAnchor, Period, Sentence, TimeExpression
from transforms.sentences import split_sentences
from transforms.temporal import day_value, period_of

_DATA = Path(__file__).parent / "data" / "event_anchors.toml"
_WORD = re.compile(r"\w[\w’'-]*")
_POSSESSIVE = ("'s", "’s", "'", "’")
_FINEST_FIRST = ("day", "week", "month", "season", "quarter", "year")


@dataclass(frozen=True)
class _Vocabulary:
    relations_by_first: dict[str, list[tuple[tuple[str, ...], str]]]  # first word -> (preposition, relation)
    determiners: frozenset[str]
    sentence_initial: frozenset[str]
    immediacy: frozenset[str]
    other_occurrence: frozenset[str]
    parts: frozenset[str]
    max_modifiers: int
    precisions: frozenset[str]  # the precisions an antecedent's date may have
    kind_of: dict[str, str]  # written form of an event noun -> kind of event
    named_by: dict[str, str]  # also the verb forms: what may name an antecedent
    refers_to: dict[str, frozenset[str]]  # kind of an anchor -> kinds its antecedent may be


@cache
def vocabulary() -> _Vocabulary:
    data = tomllib.loads(_DATA.read_text(encoding="utf-8"))
    phrase = data["phrase"]
    return _Vocabulary(
        relations_by_first=_by_first_word(data["relations"]),
        determiners=frozenset(phrase["determiners"]),
        sentence_initial=frozenset(phrase["sentence_initial"]),
        immediacy=frozenset(phrase["immediacy"]),
        other_occurrence=frozenset(phrase["other_occurrence"]),
        parts=frozenset(phrase["parts"]),
        max_modifiers=int(phrase["max_modifiers"]),
        precisions=frozenset(_FINEST_FIRST[:_FINEST_FIRST.index(phrase["coarsest_precision"]) + 1]),
        kind_of={form: kind for kind, forms in data["events"].items() for form in forms},
        named_by={form: kind for section in ("antecedent_verbs", "events")
                  for kind, forms in data[section].items() for form in forms},
        refers_to={kind: frozenset([kind, *data["also_refers_to"].get(kind, [])]) for kind in data["events"]},
    )


def _by_first_word(relations: dict[str, str]) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    grouped: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, relation in relations.items():
        grouped.setdefault(words.split()[0], []).append((tuple(words.split()), relation))
    return grouped


@dataclass(frozen=True)
class _Phrase:
    """An anchor phrase found in the text, before its antecedent is known."""

    start: int
    end: int
    noun_start: int  # the event noun's offset
    kind: str
    relation: str


class _Words:
    """A sentence's words with offsets; `joined(i)`: word i+1 follows word i across blanks only."""

    def __init__(self, sentence: Sentence) -> None:
        self.matches = list(_WORD.finditer(sentence.text))
        self.lower = [m.group().casefold() for m in self.matches]
        self.text = sentence.text
        self.offset = sentence.start

    def joined(self, i: int) -> bool:
        return i + 1 < len(self.matches) and not self.text[self.matches[i].end():self.matches[i + 1].start()].strip()

    def start(self, i: int) -> int:
        return self.offset + self.matches[i].start()

    def end(self, i: int) -> int:
        return self.offset + self.matches[i].end()


def _noun_phrase(words: _Words, i: int, vocab: _Vocabulary) -> tuple[int, str] | None:
    """(index of the event noun, its kind) of a definite phrase opening at word i."""
    j = _after_determiner(words, i, vocab)
    if j is None:
        return None
    for k in range(j, min(j + vocab.max_modifiers + 1, len(words.lower))):
        word = words.lower[k]
        if word in vocab.other_occurrence or word in vocab.determiners:
            return None
        if word in vocab.parts and k + 1 < len(words.lower) and words.lower[k + 1] == "of" and words.joined(k):
            return _noun_phrase(words, k + 2, vocab) if words.joined(k + 1) else None
        last = not words.joined(k) or words.lower[k + 1] not in vocab.kind_of
        if word in vocab.kind_of and last:
            return k, vocab.kind_of[word]
        if not words.joined(k):
            return None
    return None


def _after_determiner(words: _Words, i: int, vocab: _Vocabulary) -> int | None:
    """The word after the determiner (or the possessive name: "Pope Francis' funeral")."""
    if i >= len(words.lower):
        return None
    if words.lower[i] in vocab.determiners:
        return i + 1 if words.joined(i) else None
    k = i
    while k < len(words.lower) and words.matches[k].group()[:1].isupper() and k - i < 3:
        if words.lower[k].endswith(_POSSESSIVE):
            return k + 1 if words.joined(k) else None
        if not words.joined(k):
            return None
        k += 1
    return None


def find_phrases(text: str, sentences: Sequence[Sentence] | None = None) -> list[_Phrase]:
    """Every anchor phrase of the text, in text order (no parse, no antecedents)."""
    vocab = vocabulary()
    found = []
    for sentence in sentences if sentences is not None else split_sentences(text):
        words = _Words(sentence)
        taken = -1
        for i in range(len(words.lower)):
            phrase = _phrase_at(words, i, vocab) if i > taken else None
            if phrase is not None:
                found.append(phrase[0])
                taken = phrase[1]
    return found


def _phrase_at(words: _Words, i: int, vocab: _Vocabulary) -> tuple[_Phrase, int] | None:
    """The anchor phrase opening at word i and the index of its last word."""
    if i == 0 and words.lower[0] in vocab.sentence_initial:
        noun = _noun_phrase(words, 0, vocab)
        return (_Phrase(words.start(0), words.end(noun[0]), words.start(noun[0]), noun[1], "same"), noun[0]) if noun else None
    for preposition, relation in vocab.relations_by_first.get(words.lower[i], ()):
        n = len(preposition)
        if tuple(words.lower[i:i + n]) != preposition or not all(words.joined(k) for k in range(i, i + n)):
            continue
        noun = _noun_phrase(words, i + n, vocab)
        if noun is None:
            return None
        first = i - 1 if i > 0 and words.lower[i - 1] in vocab.immediacy and words.joined(i - 1) else i
        return _Phrase(words.start(first), words.end(noun[0]), words.start(noun[0]), noun[1], relation), noun[0]
    return None


def anchors(text: str, timexes: Sequence[TimeExpression],
            parsed: Sequence[tuple[int, Doc]] = (), dct: date | None = None) -> list[EventAnchor]:
    """The anchor phrases of sentences without a date of their own, each with the date of the
    event it refers back to (a phrase whose antecedent is not found dated is left out), and
    the counted anchors ("a day after <event>", `transforms.counted_anchors`; `dct` dates a
    clause told in the present). `parsed`: (offset, Doc) parses of sentences of the text made
    already (others are parsed here when an antecedent needs them)."""
    sentences = split_sentences(text)
    docs = _Docs(text, sentences, parsed)
    found = _referring_anchors(text, timexes, sentences, docs)
    counted = [*counted_anchors.anchors(text, timexes, dct, sentences, docs.of),
               *counted_anchors.since_anchors(text, timexes, dct, sentences, docs.of)]
    return sorted([*found, *(a for a in counted if not any(a.start < f.end and f.start < a.end for f in found))],
                  key=lambda a: a.start)


def _referring_anchors(text: str, timexes: Sequence[TimeExpression], sentences: Sequence[Sentence],
                       docs: _Docs) -> list[EventAnchor]:
    """The anchor phrases dated by the event they refer back to."""
    dated = [t for t in timexes if period_of(t.value) is not None]
    precise = [t for t in dated if period_of(t.value).precision in vocabulary().precisions]
    phrases = [p for p in find_phrases(text, sentences) if not _sentence_dated(p, sentences, dated)]
    found: list[EventAnchor] = []
    for phrase in phrases:
        known = [*precise, *_as_expressions(found)]
        value = _antecedent_value(phrase, text, sentences, known, docs)
        if value is None or not _story_stays(value, phrase.start, known):
            continue
        related = _counted_from(text, timexes, phrase, _related(value[0], phrase.relation))
        if related is not None:
            found.append(EventAnchor(phrase.start, phrase.end, text[phrase.start:phrase.end],
                                     related, phrase.relation, value[1]))
    return found


def _counted_from(text: str, timexes: Sequence[TimeExpression], phrase: _Phrase, value: str) -> str | None:
    """The anchor's value once a counted duration just before the phrase is added ("two days
    after the summit": the summit's day + 2); None when the event's date is too coarse for it."""
    duration = next((t for t in counted_anchors.counts(text, timexes) if t.type == "DURATION"
                     and t.end <= phrase.start and not text[t.end:phrase.start].strip()), None)
    amount_unit = counted_anchors.counted(duration.value) if duration is not None else None
    if amount_unit is None or phrase.relation not in ("after", "before"):
        return value
    period = period_of(value)
    step = amount_unit[0] if phrase.relation == "after" else -amount_unit[0]
    return counted_anchors.shifted(period, step, amount_unit[1]) if period is not None else None


def _story_stays(antecedent: tuple[str, int], until: int, dated: Sequence[TimeExpression]) -> bool:
    """No date told between the event's naming and the anchor leads elsewhere: a time the
    story moved on to ("Early Thursday, …") makes "the attack" ambiguous."""
    value, named_at = antecedent
    return all(_compatible(value, t.value) for t in dated if named_at < t.start < until)


def _compatible(a: str, b: str) -> bool:
    """Whether one of two dates lies within the other (a day of the same week, the same day)."""
    first, second = period_of(a), period_of(b)
    if first is None or second is None:
        return True
    return _contains(first, second) or _contains(second, first)


def _contains(outer: Period, inner: Period) -> bool:
    if outer.precision == "day":
        return inner.precision == "day" and inner.start == outer.start
    if outer.precision == "week":
        return inner.start.isocalendar()[:2] == outer.start.isocalendar()[:2]
    if outer.precision == "month":
        return (inner.start.year, inner.start.month) == (outer.start.year, outer.start.month)
    return inner.start.year == outer.start.year


def _sentence_dated(phrase: _Phrase, sentences: Sequence[Sentence], dated: Sequence[TimeExpression]) -> bool:
    sentence = _sentence_of(phrase.start, sentences)
    return any(sentence.start <= t.start < sentence.end for t in dated)


def _sentence_of(position: int, sentences: Sequence[Sentence]) -> Sentence:
    return next(s for s in sentences if s.start <= position < s.end)


def _related(value: str, relation: str) -> str:
    """The anchor's value: the event's date (its day, without a time of day), the day before
    for "on the eve of"."""
    period = period_of(value)
    if period is None or period.precision != "day":
        return value
    return day_value(period.start - timedelta(days=1) if relation == "eve" else period.start)


class _Docs:
    """Parses of the text's sentences, by sentence start; made on demand."""

    def __init__(self, text: str, sentences: Sequence[Sentence], parsed: Sequence[tuple[int, Doc]]) -> None:
        self._docs = {offset: doc for offset, doc in parsed}
        self._sentences = {s.start: s for s in sentences}

    def has(self, sentence: Sentence) -> bool:
        doc = self._docs.get(sentence.start)
        return doc is not None and doc.text == sentence.text

    def of(self, sentence: Sentence) -> Doc:
        if not self.has(sentence):
            self._docs[sentence.start] = nlp.parse_syntax(sentence.text)
        return self._docs[sentence.start]


def _antecedent_value(phrase: _Phrase, text: str, sentences: Sequence[Sentence],
                      dated: Sequence[TimeExpression], docs: _Docs) -> tuple[str, int] | None:
    """(date value, offset of the naming) of the latest earlier naming of an event of the
    phrase's kind that the parse links to a date."""
    named_by, kinds = vocabulary().named_by, vocabulary().refers_to[phrase.kind]
    earlier = [s for s in sentences if s.start <= phrase.start]
    for sentence in reversed(earlier):
        here = [t for t in dated if sentence.start <= t.start < sentence.end]
        if not here:
            continue
        namings = [m for m in _WORD.finditer(sentence.text)
                   if named_by.get(m.group().casefold()) in kinds and sentence.start + m.start() < phrase.start]
        for naming in reversed(namings):
            values = _linked_values(docs.of(sentence), naming.start(), here, sentence.start)
            if len(values) == 1:
                return values.pop(), sentence.start + naming.start()
    return None


def _linked_values(doc: Doc, noun_at: int, dated: Sequence[TimeExpression], offset: int) -> set[str]:
    """The distinct values of the dates the parse links to the noun at `noun_at`."""
    noun = next((t for t in doc if t.idx == noun_at), None)
    if noun is None:
        return set()
    verb = _governing_verb(noun)
    values = set()
    for timex in dated:
        if timex.start - offset <= noun_at < timex.end - offset:
            return {timex.value}  # the naming is itself dated ("Wednesday's meeting", an anchor)
        head = _head(doc, timex.start - offset, timex.end - offset)
        if head is not None and (_governing_verb(head).i == verb.i or _within_phrase(head, noun)):
            values.add(timex.value)
    return values


def _within_phrase(head: Token, noun: Token) -> bool:
    """The date hangs on the noun's phrase, through no verb but a participle on the noun
    ("the summit held in London on Sunday"; not a relative clause's own event)."""
    passed = []
    for token in (head, *head.ancestors):
        if token.i == noun.i:
            return all(v.dep_ == "acl" and v.head.i == noun.i for v in passed)
        if token.tag_.startswith(("VB", "MD")):
            passed.append(token)
    return False


def _head(doc: Doc, start: int, end: int) -> Token | None:
    inside = [t for t in doc if start <= t.idx < end]
    return next((t for t in inside if not (start <= t.head.idx < end) or t.head.i == t.i), None)


def _governing_verb(token: Token) -> Token:
    """The nearest verb at or above `token` (the root when there is none)."""
    for candidate in (token, *token.ancestors):
        if candidate.tag_.startswith(("VB", "MD")):
            return candidate
    return token.sent.root


def _as_expressions(found: Sequence[EventAnchor]) -> list[TimeExpression]:
    return [TimeExpression(a.start, a.end, a.text, "DATE", a.value) for a in found]


def dates(text: str, timexes: Sequence[TimeExpression],
          parsed: Sequence[tuple[int, Doc]] = (), dct: date | None = None) -> list[TimeExpression]:
    """The text's event anchors as dates (TimeExpression records), those overlapping none of
    the tagger's expressions."""
    return [a for a in _as_expressions(anchors(text, timexes, parsed, dct))
            if not any(a.start < t.end and t.start < a.end for t in timexes)]


def sentences_to_parse(text: str, timexes: Sequence[TimeExpression],
                       parsed: Sequence[tuple[int, Doc]] = (), dct: date | None = None) -> list[Sentence]:
    """The sentences `anchors(text, timexes, parsed, dct)` parses for its counted anchors, those
    `parsed` lacks: a caller dating many texts parses them in one batch (`nlp.parse_syntax_many`)
    and hands them in after its own parses, which gives the same anchors. (An anchor referring
    back still parses an antecedent's sentence when it needs one.)"""
    sentences = split_sentences(text)
    docs = _Docs(text, sentences, parsed)
    return [s for s in counted_anchors.sentences_read(text, timexes, dct, sentences) if not docs.has(s)]


def with_anchors(text: str, timexes: Sequence[TimeExpression],
                 parsed: Sequence[tuple[int, Doc]] = (), dct: date | None = None) -> list[TimeExpression]:
    """The tagger's expressions and the text's event anchors as dates, sorted, no overlaps
    (an expression of the tagger wins)."""
    return sorted([*timexes, *dates(text, timexes, parsed, dct)], key=lambda t: t.start)


def has_phrase(sentence: Sentence) -> bool:
    """Whether the sentence holds an anchor phrase (no parse): for choosing sentences to parse."""
    return bool(find_phrases(sentence.text, [Sentence(sentence.index, 0, len(sentence.text), sentence.text)]))
