"""Dated event mentions from an article's sentences.

1. A cheap prefilter keeps the sentences that hold a written form of a trigger lemma of the
   domain pack and a time expression (or the article's first sentences, its lede); only those
   are parsed (spaCy, `transforms.nlp`), which keeps extraction as cheap as cleaning.
2. Triggers by lemma and syntax (`transforms.triggers`); a noun trigger and the verb trigger of
   the same family that governs it ("met for talks") are one mention, named by the more
   specific type.
3. The date of a mention is the time expression the parse attaches to its trigger: walking up
   from the expression's head, the first trigger (or a trigger's support verb) met owns it,
   without crossing into a reporting verb's clause ("Zelensky said on Monday that Russia struck
   Kharkiv" dates the statement, not the strike). An expression attached to no trigger dates the
   syntactically nearest non-statement trigger that is not a point of reference ("since the
   invasion"). Of several, the most precise wins. A time phrase right after an event noun's
   phrase dates that noun. An event still undated takes the date of the dated report whose news
   it is, of the occasion it happened at (or, for an occasion, of what happened at it), of the
   dated verb its gerund follows ("after speaking with"), or, in the lede's headline present,
   of the day of publication.
4. Participants and places (`transforms.participants`), status (`transforms.mention_status`).
   Statements are events only with a person speaking and a date of their own; photo captions
   give nothing.
"""

from __future__ import annotations

import calendar
import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Token

from transforms import domain_pack, event_anchors, gazetteer, nlp, temporal
from transforms.mention_status import status_of
from transforms.models import DateBasis, EventMention, Period, Sentence, TimeExpression
from transforms.participants import Roles, has_two_parties, opens_with_dateline, roles_of
from transforms.triggers import Trigger, find_triggers, is_reference

# The lede: the first sentences of an article tell its main event, dated or not.
_LEDE_SENTENCES = 2
# …or, past a page's title, byline and time stamp, the sentence a wire dateline opens, if it
# comes among the first sentences
_DATELINE_REACH = 6
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "season": 3, "quarter": 3, "year": 4}
# A date does not date what lies beyond a reporting verb's complement.
_CLAUSE_EDGES = {"ccomp", "parataxis"}
# Subordinate clauses that tell their own event when they have their own subject.
_SUBORDINATE_EDGES = {"advcl", "relcl", "acl"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass", "expl"}
# The headline's present: the simple present of the news of the day ("Rebels capture Goma").
_HEADLINE_TENSES = {"VBZ", "VBP"}
# Where a caption's picture word stands: the sentence's subject or main word.
_CAPTION_DEPS = {"nsubj", "nsubjpass", "ROOT"}
# What a report tells: its complement or its object ("said … that X", "announced the swap").
_REPORTED_DEPS = {"ccomp", "parataxis", "dobj"}
# A trigger in one phrase with a date names a dated event ("the September 11, 2001 attacks").
_NAMING_DEPS = {"appos", "compound", "nmod", "amod"}
_WORD = re.compile(r"[\w’']+")
_MONTHS = frozenset(m.casefold() for m in (*calendar.month_name[1:], *calendar.month_abbr[1:]))
_NAME_WINDOW = 40  # characters around a time expression searched for an actor's name it is part of
# How an act hangs on the vote that enacts it: an infinitive, a purpose clause, a phrase
# ("voted to impeach", "a vote to lift", "voted in favour of impeaching")
_ENACTED_DEPS = {"xcomp", "advcl", "acl", "prep", "pobj", "pcomp"}
_MAX_ENACTING_EDGES = 4
_BRACKETED = re.compile(r"\s*\(([^()]{1,12})\)")
_STATED = re.compile(r"\b(?:1[6-9]|20)\d\d\b|\d{1,2}[/.-]\d{1,2}")


@dataclass(frozen=True)
class _Dated:
    expression: TimeExpression  # offsets in the article text
    period: Period


def extract_mentions(
    article_id: str, text: str, sentences: Sequence[Sentence], published_on: date,
    parsed: Sequence[tuple[Sentence, Doc]] | None = None,
    timed: _Timed | None = None,
) -> list[EventMention]:
    """Every event mention of an article, dated where the text says when. The sentences to
    parse are chosen from where the tagger finds time expressions without parsing; the tagger
    then reads the tense it needs off those same parses. `parsed`: those sentences with their
    parses, when made already (`extract_mentions_many`); `timed`: the tagging, also made."""
    if parsed is None:
        chosen = candidate_sentences(text, sentences, published_on)
        parsed = list(zip(chosen, nlp.parse_many([s.text for s in chosen])))
    given = [(s.start, doc) for s, doc in parsed]
    timed = timed or _Timed(temporal.tag(text, published_on, parsed=given), [])
    found = timed.found
    dated = [_Dated(e, period) for e in found
             if (period := temporal.period_of(e.value)) is not None and not _dates_nothing(text, e)]
    parses = _Parses(sentences, {s.index: doc for s, doc in parsed})
    dated = sorted([*dated, *(_Dated(e, temporal.period_of(e.value)) for e in event_anchors.dates(
        text, found, [*given, *timed.anchor_parses], published_on))], key=lambda d: d.expression.start)
    mentions = []
    for sentence, doc in parsed:
        in_sentence = [d for d in dated if sentence.start <= d.expression.start and d.expression.end <= sentence.end]
        times = [(e.start - sentence.start, e.end - sentence.start) for e in found
                 if sentence.start <= e.start < sentence.end]
        # beyond the lede, a sentence without a date tells only what is going on at publication
        current_only = not in_sentence and not _in_lede(sentence)
        mentions += _sentence_mentions(article_id, text, sentence, doc, in_sentence, published_on, parses,
                                       times, current_only)
    return mentions


def extract_mentions_many(
    articles: Sequence[tuple[str, str, Sequence[Sentence], date]],
) -> list[list[EventMention]]:
    """`extract_mentions` of each (article id, text, sentences, publication day), with the
    candidate sentences of all the articles parsed in one batch (spaCy is much faster on a batch
    of many sentences than on an article's few), and so the other sentences the tagger and the
    counted anchors read (`_timed_many`)."""
    chosen = [candidate_sentences(text, sentences, on) for _, text, sentences, on in articles]
    docs = iter(nlp.parse_many([s.text for sentences in chosen for s in sentences]))
    parsed = [[(s, next(docs)) for s in sentences] for sentences in chosen]
    timed = _timed_many(articles, [[(s.start, doc) for s, doc in pairs] for pairs in parsed])
    return [extract_mentions(*article, parsed=pairs, timed=t) for article, pairs, t in zip(articles, parsed, timed)]


@dataclass(frozen=True)
class _Timed:
    """An article's tagged time expressions, and the parses of the sentences its counted
    anchors read beyond the candidates' (`event_anchors.sentences_to_parse`), made ahead."""
    found: list[TimeExpression]
    anchor_parses: list[tuple[int, Doc]]


def _timed_many(articles: Sequence[tuple[str, str, Sequence[Sentence], date]],
                given: list[list[tuple[int, Doc]]]) -> list[_Timed]:
    """Each article tagged with its parses `given`; the sentences the tagger and then the
    counted anchors would parse one article at a time are parsed in one batch each, over all
    the articles (the same parses, handed in after the given ones: the same results)."""
    texts = [(text, on) for _, text, _, on in articles]
    spans = [temporal.sentences_to_parse(text, on, parses) for (text, on), parses in zip(texts, given)]
    tagger = _syntax_parses_many([[(a, text[a:b]) for a, b in s] for (text, _), s in zip(texts, spans)])
    found = [temporal.tag(text, on, parsed=[*parses, *more]) for (text, on), parses, more in zip(texts, given, tagger)]
    wanted = [event_anchors.sentences_to_parse(text, timexes, parses, on)
              for (text, on), timexes, parses in zip(texts, found, given)]
    anchor_parses = _syntax_parses_many([[(s.start, s.text) for s in w] for w in wanted])
    return [_Timed(f, a) for f, a in zip(found, anchor_parses)]


def _syntax_parses_many(pieces: list[list[tuple[int, str]]]) -> list[list[tuple[int, Doc]]]:
    """Syntax-only parses of each article's (offset, text) pieces, made in one batch."""
    docs = iter(nlp.parse_syntax_many([piece for article in pieces for _, piece in article]))
    return [[(offset, next(docs)) for offset, _ in article] for article in pieces]


def candidate_sentences(text: str, sentences: Sequence[Sentence], published_on: date) -> list[Sentence]:
    """The sentences worth parsing: the lede's and those with a time expression, if they hold a
    written form of a trigger lemma."""
    found = temporal.tag(text, published_on, parse=False)
    timed = [e.start for e in found if temporal.period_of(e.value) is not None and not _dates_nothing(text, e)]
    return [s for s in sentences if _is_candidate(s, any(s.start <= start < s.end for start in timed))]


def _dates_nothing(text: str, expression: TimeExpression) -> bool:
    """A time expression that dates no event: a page's time stamp, or words of an actor's name
    ("the March 23 Movement")."""
    return _is_timestamp(text, expression) or _in_actor_name(text, expression)


def _in_actor_name(text: str, expression: TimeExpression) -> bool:
    """Inside a known actor's name, or spelling out the abbreviation that follows it in
    brackets ("March 23 (M23) rebels")."""
    start = max(0, expression.start - _NAME_WINDOW)
    window = text[start:expression.end + _NAME_WINDOW]
    abbreviation = _BRACKETED.match(text, expression.end)
    return any(m.start < expression.end - start and expression.start - start < m.end
               for m in gazetteer.find_actors(window, date.min)) or bool(
        abbreviation and gazetteer.actor_name(abbreviation.group(1), date.min))


def _is_timestamp(text: str, expression: TimeExpression) -> bool:
    """A page's time stamp: an expression that opens its line after label words only ("Updated
    …", "date …"); a label must come first ("On Monday" is no time stamp)."""
    words = [w.casefold() for w in _WORD.findall(text[text.rfind("\n", 0, expression.start) + 1:expression.start])]
    cues = domain_pack.load().cues
    return bool(words) and words[0] in cues.timestamp_labels and all(
        w in cues.timestamp_labels or w in cues.timestamp_joiners for w in words)


class _Parses:
    """The article's parsed sentences; a sentence the prefilter skipped is parsed only when a
    pronoun subject asks for it as the previous sentence."""

    def __init__(self, sentences: Sequence[Sentence], docs: dict[int, Doc]) -> None:
        self._sentences = {s.index: s for s in sentences}
        self._docs = docs

    def before(self, sentence: Sentence) -> Callable[[], Doc | None]:
        def previous() -> Doc | None:
            earlier = self._sentences.get(sentence.index - 1)
            if earlier is None:
                return None
            if earlier.index not in self._docs:
                self._docs[earlier.index] = nlp.parse(earlier.text)
            return self._docs[earlier.index]
        return previous


def _in_lede(sentence: Sentence) -> bool:
    """The lede, which tells the article's main event dated or not: its first sentences, or a
    sentence among the first `_DATELINE_REACH` that opens with a wire dateline."""
    return sentence.index < _LEDE_SENTENCES or sentence.index < _DATELINE_REACH and opens_with_dateline(sentence.text)


def _is_candidate(sentence: Sentence, has_date: bool) -> bool:
    """A sentence with a written form of a trigger lemma, and a date, or in the lede, or with
    an event anchor ("two days after the summit"), or telling a lasting event in the present."""
    pack = domain_pack.load()
    words = [w.casefold() for w in _WORD.findall(sentence.text.replace("-", " "))]
    if not any(w in pack.trigger_forms for w in words):
        return False
    return (has_date or _in_lede(sentence) or _may_tell_current_state(words)
            or event_anchors.has_phrase(sentence))


def _may_tell_current_state(words: list[str]) -> bool:
    """A form of a `continuing` type's trigger with a word of the present beside it: an ongoing
    modifier, a present auxiliary, a form of a verb that keeps an event going, or the trigger's
    own third-person -s (over-generating is cheap; the parse decides)."""
    pack = domain_pack.load()
    lasting = [w for w in words if w in pack.continuing_forms]
    return bool(lasting) and (any(w in pack.present_forms for w in words) or any(w.endswith("s") for w in lasting))


def _sentence_mentions(article_id: str, text: str, sentence: Sentence, doc: Doc,
                       dated: list[_Dated], published_on: date, parses: _Parses,
                       times: Sequence[tuple[int, int]] = (), current_only: bool = False) -> list[EventMention]:
    """`current_only`: keep only the events told as going on at publication (`_date_current_state`)."""
    triggers = _stance_statements(_enacted_by_votes(_with_participles_joined(_merged(find_triggers(doc)))))
    if not triggers or _is_caption(doc) or _is_photo_description(doc, dated, sentence, published_on):
        return []
    owned, attached = _owned_dates(doc, triggers, dated, sentence.start)
    if _in_lede(sentence):
        _date_headline_news(triggers, owned, sentence, published_on)
    told = _told_by_reports(triggers, owned, published_on)
    current = _date_current_state([t for t in triggers if t.token.i not in told], owned, sentence, published_on)
    reporters: set[int] = set()  # reports whose news made a mention
    mentions = []

    def roles_at(t: Trigger, on: date) -> Roles:
        return roles_of(t, on, text[:sentence.start], parses.before(sentence), times)

    # the news before the reports: a report whose news is told is that event, not a statement
    for trigger in sorted(triggers, key=lambda t: t.event_type.statement):
        if current_only and trigger.token.i not in current:
            continue
        report = told.get(trigger.token.i)
        dates = _finest(owned.get(trigger.token.i, []) or (owned[report.token.i] if report else [])
                        or _occasion_dates(trigger, triggers, owned))
        if trigger.event_type.statement and (not dates or trigger.token.i in reporters):
            continue  # undated, or a report whose news is the event it reports
        on = dates[0].period.start if dates else published_on
        roles = _told_roles(trigger, triggers, report, on, roles_at, trigger.token.i in attached and _to_the_day(dates))
        if roles is not None:
            mentions += [_mention(article_id, sentence, trigger, when, roles, published_on, len(dates) > 1)
                         for when in dates or [None]]
            if report is not None and _is_own_news(trigger, roles, roles_at(report, on)):
                reporters.add(report.token.i)
    return sorted(mentions, key=lambda m: m.trigger_start)


def _told_roles(trigger: Trigger, triggers: list[Trigger], report: Trigger | None, on: date,
                roles_at: Callable[[Trigger, date], Roles], dated_by_parse: bool) -> Roles | None:
    """The roles that tell the trigger's event (`_is_told`), or None: its own, else those of
    the event told as one moment with it (`_partner_roles`), else, for the complement of a
    report, the reporter's ("X and Y announced that a swap had occurred": who tells it took
    part; who announces a deal, its object, or is quoted may be a mediator)."""
    own = roles = _brokered_roles(trigger, on, roles_at) or roles_at(trigger, on)
    if not _is_told(trigger, roles):
        roles = _partner_roles(trigger, triggers, on, roles_at)
    if (report is not None and trigger.clause.dep_ == "ccomp" and trigger.event_type.family != "strike"
            and (roles is None or not _is_told(trigger, roles))):
        roles = roles_at(report, on).without_institutions()
    if roles is not None and _is_told(trigger, roles):
        return roles
    return own if dated_by_parse and _stands_alone(trigger) else None


def _brokered_roles(trigger: Trigger, on: date, roles_at: Callable[[Trigger, date], Roles]) -> Roles | None:
    """The parties a brokered event (pack flag `brokered`) names itself ("a swap between X and
    Y"), when a third party's verb tells it ("Z announced a swap between X and Y", "Z brokered
    a truce between …"): who announces or brokers it is no side of it. None otherwise (one who
    declares or announces a truce with no parties of its own named is its side)."""
    kind, clause = trigger.event_type, trigger.clause
    if not kind.brokered or trigger.is_verbal or clause.i == trigger.token.i or not _is_third_partys(clause):
        return None
    own = roles_at(Trigger(trigger.token, kind, trigger.token), on)
    return own if len(own.participants) > 1 else None


def _is_third_partys(verb: Token) -> bool:
    """A verb that tells an event through who announces or brokers it (statement verbs, the
    pack's brokering verbs)."""
    pack, lemma = domain_pack.load(), verb.lemma_.casefold()
    return lemma in pack.cues.brokering_verbs or any(t.statement and lemma in t.verbs for t in pack.types)


def _is_own_news(trigger: Trigger, roles: Roles, reporter: Roles) -> bool:
    """Whether a report's news is the reporter's own, so that the report is that event and no
    statement of its own: always, except for a brokered event whose parties do not include the
    one telling it (a mediator announcing a swap between two sides makes an announcement too)."""
    if not trigger.event_type.brokered or not reporter.subjects or not roles.participants:
        return True
    return bool(set(reporter.subjects) & set(roles.participants))


def _to_the_day(dates: list[_Dated]) -> bool:
    """Dated to the day: a type alone with a month or a year ("the November ceasefire") names
    a background event too vaguely to be told apart from others."""
    return bool(dates) and all(d.period.precision == "day" for d in dates)


def _is_told(trigger: Trigger, roles: Roles) -> bool:
    """Whether the sentence names enough of the event for a timeline: a statement needs a
    speaker who is a person; a verb of the type's `needs_parties` two sides in its own clause
    (`has_two_parties`), both named; other types a participant, or a place where
    the type allows it."""
    if trigger.event_type.statement:
        return roles.speaker_is_person and bool(roles.participants)
    if trigger.is_verbal and trigger.token.lemma_.casefold() in trigger.event_type.needs_parties:
        # "Kyiv and Moscow agreed", "X agreed with Y"; one side agreeing is no agreement
        return has_two_parties(trigger.clause) and len(roles.participants) > 1
    if roles.participants:
        return True
    return bool(roles.locations) and not trigger.event_type.needs_participant


def _stands_alone(trigger: Trigger) -> bool:
    """Whether an event that names no party or place is told by its type and the day the parse
    attaches to it ("the truce took effect on Friday", "elections were held on Sunday"): a type
    the pack marks `stands_alone`, and not a verb that needs two parties."""
    kind = trigger.event_type
    return kind.stands_alone and not (trigger.is_verbal and trigger.token.lemma_.casefold() in kind.needs_parties)


def _is_caption(doc: Doc) -> bool:
    """A photo caption ("This picture taken on May 2 shows …", "Trump (L) and Putin (R)")."""
    cues = domain_pack.load().cues
    marked = any(t.lower_ in cues.caption_marks and 0 < t.i < len(doc) - 1 and doc[t.i - 1].text == "("
                 and doc[t.i + 1].text == ")" for t in doc)
    return marked or any(t.lemma_.casefold() in cues.caption_words and t.dep_ in _CAPTION_DEPS for t in doc)


def _is_photo_description(doc: Doc, dated: list[_Dated], sentence: Sentence, published_on: date) -> bool:
    """A photo caption in the wire style: a main clause in the present ("Palestinians inspect
    the site of a strike …") closed by the bare past calendar day the picture was taken ("…,
    Wednesday, Jan. 15, 2025."), a date no preposition introduces. The present tells what the
    picture shows, not news ("smoke rises after a strike on the port on May 6" keeps its event)."""
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.tag_ not in _HEADLINE_TENSES or root.lemma_.casefold() in domain_pack.load().cues.reporting_verbs:
        return False
    for d in dated:
        start, end = d.expression.start - sentence.start, d.expression.end - sentence.start
        head = _expression_head(doc, start, end)
        if (d.period.precision == "day" and d.period.start <= published_on and _STATED.search(d.expression.text)
                and not sentence.text[end:].strip(" .)") and head is not None and head.dep_ != "pobj"):
            return True
    return False


def _told_by_reports(triggers: list[Trigger], owned: dict[int, list[_Dated]],
                     published_on: date) -> dict[int, Trigger]:
    """Undated events a dated report tells ("the ministry said on Friday its forces had taken
    the town"): a past or ongoing event in a reporting verb's complement or object, without a
    date of its own, takes the report's date; the report is then that event's news, not a
    statement of its own. Returns the report telling each such event (by token index)."""
    reports = {t.token.i: t for t in triggers if t.event_type.statement and owned.get(t.token.i)}
    told: dict[int, Trigger] = {}
    for trigger in triggers:
        if trigger.event_type.statement or owned.get(trigger.token.i):
            continue
        report = _report_of(trigger, reports)
        if report is not None and status_of(trigger, None, published_on) in {"happened", "ongoing"}:
            told[trigger.token.i] = report
    return told


def _date_headline_news(triggers: list[Trigger], owned: dict[int, list[_Dated]], sentence: Sentence,
                        published_on: date) -> None:
    """The lede in the headline's present ("Trump and Putin agree to a truce", "Rebels capture
    Goma") or in the present perfect ("Rebels have captured Goma", "Hostages are freed") tells
    the day's news: an undated event told by such a verb, or by a noun that is its object,
    happened on the day of publication (a weak, relative date that resolution lets other
    evidence outvote)."""
    day = Period(published_on, "day")
    for trigger in triggers:
        verb = trigger.clause if trigger.clause.pos_ == "VERB" else trigger.token.head
        if trigger.token.dep_ == "pobj":
            verb = trigger.token.head.head
        if (owned.get(trigger.token.i) or trigger.event_type.statement or is_reference(trigger)
                or not _is_news_present(verb)
                or status_of(trigger, None, published_on) != "happened"):
            continue
        start = sentence.start + verb.idx
        owned[trigger.token.i] = [_Dated(TimeExpression(start, start, "", "DATE", day.start.isoformat()), day)]


def _date_current_state(triggers: list[Trigger], owned: dict[int, list[_Dated]], sentence: Sentence,
                        published_on: date) -> set[int]:
    """An undated event of a `continuing` type told as going on at publication ("the ongoing
    offensive", "forces are advancing on the town", "have broken through the lines") is dated
    to the month of publication, by the words that tell its present (a relative date). Returns
    the triggers so dated."""
    month = Period(published_on.replace(day=1), "month")
    dated = set()
    for trigger in triggers:
        if (not trigger.event_type.continuing or owned.get(trigger.token.i) or is_reference(trigger)
                or status_of(trigger, None, published_on) not in {"happened", "ongoing"}):
            continue
        cue = _current_cue(trigger)
        if cue:
            start, end = sentence.start + cue[0].idx, sentence.start + cue[-1].idx + len(cue[-1])
            text = sentence.text[cue[0].idx:cue[-1].idx + len(cue[-1])]
            owned[trigger.token.i] = [_Dated(TimeExpression(start, end, text, "DATE", month.start.strftime("%Y-%m")), month)]
            dated.add(trigger.token.i)
    return dated


def _current_cue(trigger: Trigger) -> list[Token]:
    """The words that tell a trigger's event as going on now, in text order, or none: an
    ongoing modifier of the trigger ("the ongoing offensive"), or its clause's present."""
    ongoing = domain_pack.load().cues.ongoing_modifiers
    modifier = next((c for c in trigger.token.children if c.dep_ == "amod" and c.lower_ in ongoing), None)
    if modifier is not None:
        return [modifier]
    return _present_of(trigger.clause)


def _present_of(verb: Token) -> list[Token]:
    """The verb and the auxiliaries that make its clause a present ("are advancing", "have
    broken", "advances"), or, for a participle without a subject or auxiliary of its own
    ("…, advancing towards the city"), its head's present."""
    if verb.pos_ not in {"VERB", "AUX"}:
        return []
    auxiliaries = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    if not auxiliaries and verb.tag_ == "VBG" and verb.dep_ in _SUBORDINATE_EDGES | {"conj", "xcomp"} \
            and not any(c.dep_ in _SUBJECT_DEPS for c in verb.children):
        return _present_of(verb.head) if verb.head.i != verb.i else []
    if not auxiliaries:
        return [verb] if verb.tag_ in _HEADLINE_TENSES else []
    present = domain_pack.load().cues.present_auxiliaries
    if verb.tag_ in {"VBG", "VBN"} and all(a.tag_ in _HEADLINE_TENSES and a.lower_ in present for a in auxiliaries):
        return sorted([*auxiliaries, verb], key=lambda t: t.i)
    return []


def _with_participles_joined(triggers: list[Trigger]) -> list[Trigger]:
    """A participle that tells the same kind of act as the clause it hangs on, without a
    subject or auxiliary of its own ("broke through the lines, advancing towards the city"),
    is one happening with it: told by the participle (its place), in the head's clause."""
    by_token = {t.token.i: t for t in triggers}
    out, joined = [], set()
    for trigger in triggers:
        token = trigger.token
        head = by_token.get(token.head.i)
        if (head is not None and token.tag_ == "VBG" and token.dep_ == "advcl" and trigger.clause.i == token.i
                and head.event_type.family == trigger.event_type.family
                and not any(c.dep_ in _SUBJECT_DEPS | {"aux", "auxpass", "mark"} for c in token.children)):
            joined.add(head.token.i)
            trigger = Trigger(token, trigger.event_type, head.clause)
        out.append(trigger)
    return [t for t in out if t.token.i not in joined]


def _is_news_present(verb: Token) -> bool:
    """A verb in the simple present, or a participle whose only auxiliaries are a present "has",
    "have", "is" or "are" (the present perfect, the present passive)."""
    auxiliaries = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    if not auxiliaries:
        return verb.tag_ in _HEADLINE_TENSES
    present = domain_pack.load().cues.present_auxiliaries
    return verb.tag_ == "VBN" and all(a.tag_ in _HEADLINE_TENSES and a.lower_ in present for a in auxiliaries)


def _occasion_dates(trigger: Trigger, triggers: list[Trigger], owned: dict[int, list[_Dated]]) -> list[_Dated]:
    """The dates of the dated event during which an undated one happens ("During the meeting on
    Monday, she said …"): a trigger in an occasion phrase of its clause."""
    occasions = domain_pack.load().cues.occasion_prepositions
    dated = {t.token.i for t in triggers if owned.get(t.token.i)}
    for child in trigger.clause.children:
        if child.dep_ == "prep" and child.lower_ in occasions:
            found = [g.i for g in child.children if g.dep_ == "pobj" and g.i in dated]
            if found:
                return owned[found[0]]
    # the occasion itself, undated, takes the date of what happened at it ("said at a cabinet
    # meeting on Wednesday")
    token = trigger.token
    if token.dep_ == "pobj" and token.head.lower_ in occasions:
        during = next((t for t in triggers if t.clause.i == token.head.head.i and t.token.i in dated), None)
        if during is not None:
            return owned[during.token.i]
    return []


def _report_of(trigger: Trigger, reports: dict[int, Trigger]) -> Trigger | None:
    """The report whose news `trigger` is: the report's complement or object is the trigger's
    clause (or one of its conjuncts) — not an event named deeper inside ("in response to the
    strike")."""
    if trigger.clause.i in reports:
        return reports[trigger.clause.i]  # "announced the swap"
    token = trigger.clause
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    if token.dep_ in _REPORTED_DEPS and token.head.i in reports:
        return reports[token.head.i]
    return None


def _finest(dates: list[_Dated]) -> list[_Dated]:
    """The most precise of a trigger's dates; several distinct ones of that precision are
    several occurrences ("rounds of talks on May 2, June 6 and July 1")."""
    if not dates:
        return []
    best = min(_PRECISION_RANK[d.period.precision] for d in dates)
    finest = [d for d in dates if _PRECISION_RANK[d.period.precision] == best]
    return list({d.period.start: d for d in reversed(finest)}.values())[::-1]


def _merged(triggers: list[Trigger]) -> list[Trigger]:
    """One trigger per happening: a noun trigger governed by a verb trigger of the same family
    ("hosted … for a summit", "met for talks") joins it; the pair is told by the verb and named
    by the more specific of the two."""
    rank = {t.name: i for i, t in enumerate(domain_pack.load().types)}
    verbal = {t.token.i: t for t in triggers if t.is_verbal}
    joined: dict[int, Trigger] = {}  # verb token index → the noun trigger it governs
    for trigger in triggers:
        head = trigger.token.head
        governor = (verbal.get(head.i) or (verbal.get(head.head.i) if head.dep_ == "prep" else None)
                    or verbal.get(trigger.clause.i))  # "thousands of protesters took to the streets"
        if (not trigger.is_verbal and governor is not None
                and governor.event_type.family == trigger.event_type.family and governor.token.i not in joined):
            joined[governor.token.i] = trigger
    out = []
    for trigger in triggers:
        if any(noun is trigger for noun in joined.values()):
            continue
        noun = joined.get(trigger.token.i)
        if noun is not None and (rank[noun.event_type.name] < rank[trigger.event_type.name] or _names_its_verb(noun, trigger)):
            trigger = Trigger(noun.token, noun.event_type, trigger.token)
        out.append(trigger)
    return out


def _names_its_verb(noun: Trigger, verb: Trigger) -> bool:
    """Of one type, the noun names the event with its phrases when it is what the verb tells of
    ("an attack on a market in X killed nine", "were killed in clashes between A and B"): the
    verb's subject or the object of a preposition that is no point of reference; the verb still
    tells its tense and date. A verb's object ("signed a deal") and a report stay the verb's."""
    if noun.event_type is not verb.event_type or noun.event_type.statement:
        return False
    return noun.token.dep_ == "nsubj" or noun.token.dep_ == "pobj" and not is_reference(noun)


def _enacted_by_votes(triggers: list[Trigger]) -> list[Trigger]:
    """ "parliament voted to impeach the president", "held a vote to lift martial law": an act
    that a vote enacts (the pack's `[occasion] enacting`) happened by that vote. The enacted
    trigger is told by the vote's clause (its subject, tense and date); the vote is no event
    of its own beside it."""
    enacting = domain_pack.load().cues.enacting
    by_token = {t.token.i: t for t in triggers}
    votes: set[int] = set()
    out = []
    for trigger in triggers:
        vote = _enacting_vote(trigger, enacting)
        if vote is None or trigger.event_type.statement or by_token.get(vote.i, trigger).event_type.family \
                == trigger.event_type.family:
            out.append(trigger)
            continue
        told_by = by_token[vote.i].clause if vote.i in by_token else vote
        out.append(Trigger(trigger.token, trigger.event_type, told_by))
        votes.add(vote.i)
    return [t for t in out if t.token.i not in votes]


def _stance_statements(triggers: list[Trigger]) -> list[Trigger]:
    """ "X condemned the strike", "Y welcomes the ceasefire": an event that a stance verb
    (`_is_stance`) takes as its object is talked about, not told; the stance is a statement of
    its subject (kept, like any statement, only when dated and spoken by a person)."""
    statement = next(t for t in domain_pack.load().types if t.statement)
    told = {t.token.i for t in triggers}
    out: list[Trigger] = []
    for trigger in triggers:
        stance = _is_stance(trigger)
        if stance is None:
            out.append(trigger)
        elif stance.i not in told:
            out.append(Trigger(stance, statement, stance))
            told.add(stance.i)
    return sorted(out, key=lambda t: t.token.i)


def _is_stance(trigger: Trigger) -> Token | None:
    """The stance verb whose object a non-statement event noun is ("condemned the attack",
    "backs the plan and the truce"), if any."""
    token = trigger.token
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    verb = token.head
    prefixes = domain_pack.load().cues.stance_prefixes
    if (trigger.is_verbal or trigger.event_type.statement or token.dep_ != "dobj" or verb.pos_ != "VERB"
            or trigger.clause.i != trigger.token.i):
        return None
    return verb if verb.lemma_.casefold().startswith(prefixes) else None


def _enacting_vote(trigger: Trigger, enacting: frozenset[str]) -> Token | None:
    """The vote whose infinitive or object phrase tells the trigger's act ("voted to impeach",
    "a vote to lift", "voted in favour of impeaching"), a few edges up from its clause."""
    token = trigger.clause if trigger.clause.i != trigger.token.i else trigger.token
    for _ in range(_MAX_ENACTING_EDGES):
        if token.dep_ not in _ENACTED_DEPS or token.head.i == token.i:
            return None
        token = token.head
        if token.lemma_.casefold() in enacting:
            return token
        held = [c for c in token.children if c.dep_ == "dobj" and c.lemma_.casefold() in enacting]
        if held:
            return held[0]  # "held a vote to impeach": the parser hangs the act on "held"
    return None


def _owned_dates(doc: Doc, triggers: list[Trigger], dated: list[_Dated],
                 offset: int) -> tuple[dict[int, list[_Dated]], set[int]]:
    """trigger token index → the time expressions the parse attaches to it; and the triggers
    whose dates the parse attaches to them or their clause (not the nearest trigger of an
    expression attached to none, nor a date shared by a joined clause)."""
    owner_of = {t.token.i: t.token.i for t in triggers}
    # a coordinated noun shares its clause's date (`_date_coordinated_nouns`), not owns it
    owner_of.update({t.clause.i: t.token.i for t in triggers if t.clause.i not in owner_of and not _coordinated_noun(t)})
    owned: dict[int, list[_Dated]] = {}
    unattached: dict[int, list[_Dated]] = {}
    bounds = domain_pack.load().cues.bound_prepositions
    for d in dated:
        head = _expression_head(doc, d.expression.start - offset, d.expression.end - offset)
        if head is None or d.expression.type == "DATE" and head.dep_ == "pobj" and head.head.lower_ in bounds:
            continue  # "before Saturday", "until Sunday": a bound, not the day of an event (a time
            # of day is: "shortly before noon" is that day)
        named = [c for c in head.children if c.i in owner_of and c.dep_ in _NAMING_DEPS]
        beside = _right_after_event_noun(head, triggers)
        told = _told_clause_trigger(head, triggers)
        if told is None and _spans_a_clause(head):
            continue  # the clause a counted anchor dates tells no event of ours: it dates nothing else
        owner = (owner_of[named[0].i] if named else beside if beside is not None else told if told is not None
                 else _walk_to_owner(head, owner_of))
        if owner is not None and _starts_a_span(head, doc[owner]):
            continue
        if owner is not None:
            owned.setdefault(owner, []).append(d)
            continue
        nearest = _nearest_trigger(head, [t for t in triggers if not t.event_type.statement and not is_reference(t)])
        if nearest is not None:
            unattached.setdefault(nearest, []).append(d)
    _date_relative_clauses(doc, triggers, dated, offset, owned)
    _date_preceding_acts(doc, triggers, dated, offset, owned)
    _date_coordinated_nouns(triggers, owned)
    attached = {i for i, dates in owned.items() if dates}
    # an expression the parse attaches to no trigger dates the nearest one only if nothing else does
    owned = {i: owned.get(i) or unattached.get(i, []) for i in {*owned, *unattached}}
    _date_joined_clauses(triggers, owned)
    return owned, attached


def _date_coordinated_nouns(triggers: list[Trigger], owned: dict[int, list[_Dated]]) -> None:
    """Nouns coordinated under one support verb ("held talks and a meeting on Monday") are told
    by that verb: an undated conjunct takes the date of the dated trigger of the same clause."""
    for trigger in triggers:
        if owned.get(trigger.token.i) or not _coordinated_noun(trigger):
            continue
        partner = next((t for t in triggers if t.clause.i == trigger.clause.i and owned.get(t.token.i)), None)
        if partner is not None:
            owned[trigger.token.i] = owned[partner.token.i]


def _told_clause_trigger(head: Token, triggers: list[Trigger]) -> int | None:
    """A date that spans what it dates: a counted anchor covers the clause or phrase a counted
    "after"/"before" introduces ("a week after X launched strikes on Y", "two days after the
    vote"), and its head is that clause's verb or that event noun. The act told there is its own
    trigger and owns the date; the clause the phrase modifies, whose time it was counted from,
    does not."""
    told = [t for t in triggers if not t.event_type.statement and head.i in {t.token.i, t.clause.i}]
    if told:
        return next((t.token.i for t in told if t.token.i == head.i), told[0].token.i)
    if not _spans_a_clause(head):
        return None
    # a clause whose verb is no trigger tells its act by an event noun of its own ("stormed in
    # a surprise offensive"): the nearest inside it
    inside = {t.i for t in head.subtree}
    return _nearest_trigger(head, [t for t in triggers if t.token.i in inside and not t.event_type.statement
                                   and not is_reference(t)])


def _spans_a_clause(head: Token) -> bool:
    """A date whose head is a verb with its subject: an anchor covering the clause it dates (no
    time expression holds a clause)."""
    return head.pos_ in {"VERB", "AUX"} and any(c.dep_ in _SUBJECT_DEPS for c in head.children)


def _coordinated_noun(trigger: Trigger) -> bool:
    return trigger.token.dep_ == "conj" and not trigger.is_verbal and trigger.clause.i != trigger.token.i


def _starts_a_span(head: Token, owner: Token) -> bool:
    """"have taken 300 villages since the spring": acts told by a verb over a span that a time
    expression starts happened on many days, none of them that one."""
    return (head.dep_ == "pobj" and head.head.lower_ in domain_pack.load().cues.span_starts
            and owner.pos_ in {"VERB", "AUX"})


def _date_joined_clauses(triggers: list[Trigger], owned: dict[int, list[_Dated]]) -> None:
    """Clauses told as one moment share its date: coordinated verbs ("were released and
    returned on Monday") and a clause of simultaneity ("the truce took effect on Sunday as the
    rebels freed three captives"). An undated trigger takes the date of the dated trigger whose
    clause is joined to its own that way; a point of reference ("since …") takes none."""
    joined = domain_pack.load().cues.simultaneous_subordinators
    by_clause = {t.clause.i: t.token.i for t in triggers if owned.get(t.token.i)}
    for trigger in triggers:
        clause = trigger.clause
        if owned.get(trigger.token.i) or is_reference(trigger) or clause.pos_ not in {"VERB", "AUX"}:
            continue
        dated_partner = next((by_clause[i] for i in _joined_to(clause, joined) if i in by_clause), None)
        if dated_partner is not None:
            owned[trigger.token.i] = owned[dated_partner]


def _joined_to(clause: Token, joined: frozenset[str]) -> list[int]:
    """The clauses told as one moment with `clause`: its head or its conjuncts and clauses of
    simultaneity."""
    partners = [c.i for c in clause.children if c.dep_ == "conj" or c.dep_ == "advcl" and _marked(c, joined)]
    if clause.dep_ == "conj" or clause.dep_ == "advcl" and _marked(clause, joined):
        partners.insert(0, clause.head.i)
    return partners


def _partner_roles(trigger: Trigger, triggers: list[Trigger], on: date,
                   roles_at: Callable[[Trigger, date], Roles]) -> Roles | None:
    """The roles of the event told as one moment with a trigger that names nobody itself ("the
    war began when X struck Y"): those of the first trigger of a joined clause."""
    if trigger.event_type.statement or trigger.clause.pos_ not in {"VERB", "AUX"}:
        return None
    joined = domain_pack.load().cues.simultaneous_subordinators
    # …or a "when" clause on its time phrase ("began on Friday, when …")
    clauses = _joined_to(trigger.clause, joined) + [t.i for t in trigger.clause.subtree
                                                    if t.dep_ == "relcl" and _marked(t, joined)]
    partner = next((t for i in clauses for t in triggers if t.clause.i == i and not t.event_type.statement), None)
    return roles_at(partner, on) if partner is not None else None


def _marked(clause: Token, subordinators: frozenset[str]) -> bool:
    # "as" and "while" are marks; the parser makes "when" an adverb of its clause
    return any(c.dep_ in {"mark", "advmod"} and c.lower_ in subordinators for c in clause.children)


def _date_relative_clauses(doc: Doc, triggers: list[Trigger], dated: list[_Dated], offset: int,
                           owned: dict[int, list[_Dated]]) -> None:
    """A relative clause on a date dates its events: "in 2014, which saw Russia annex Crimea"."""
    for d in dated:
        start, end = d.expression.start - offset, d.expression.end - offset
        for token in (t for t in doc if start <= t.idx < end):
            for clause in (c for c in token.children if c.dep_ == "relcl"):
                inside = {t.i for t in clause.subtree}
                for trigger in triggers:
                    if trigger.token.i in inside and not owned.get(trigger.token.i):
                        owned[trigger.token.i] = [d]


def _right_after_event_noun(head: Token, triggers: list[Trigger]) -> int | None:
    """A time phrase that directly follows an event noun's phrase dates that noun, wherever the
    parser attached it ("lost after Russia's invasion of Ukraine in February 2022"): the
    reading of right association, which the small parser often misses."""
    preposition = head.head
    if head.dep_ != "pobj" or preposition.dep_ != "prep" or preposition.i == 0:
        return None
    before = preposition.i - 1
    for trigger in triggers:
        token = trigger.token
        if not trigger.is_verbal and token.right_edge.i == before and preposition.head.i != token.i:
            return token.i
    return None


def _date_preceding_acts(doc: Doc, triggers: list[Trigger], dated: list[_Dated], offset: int,
                         owned: dict[int, list[_Dated]]) -> None:
    """ "X changed course on Friday after speaking with Y", "told reporters on Thursday after
    meeting Z": an act told as a gerund after a verb dated to the day happened that day."""
    same_day = domain_pack.load().cues.same_day_prepositions
    for trigger in triggers:
        token = trigger.token
        if owned.get(token.i) or token.tag_ != "VBG" or token.dep_ != "pcomp" or token.head.lower_ not in same_day:
            continue
        verb = token.head.head
        inside = {t.i for t in token.subtree}
        for d in dated:
            head = _expression_head(doc, d.expression.start - offset, d.expression.end - offset)
            if (head is not None and d.period.precision == "day" and head.i not in inside
                    and verb in (head, *head.ancestors)):
                owned[token.i] = [d]
                break


def _expression_head(doc: Doc, start: int, end: int) -> Token | None:
    inside = [t for t in doc if start <= t.idx < end]
    outside = [t for t in inside if not (start <= t.head.idx < end) or t.head.i == t.i]
    return outside[0] if outside else None


def _walk_to_owner(head: Token, owner_of: dict[int, int]) -> int | None:
    """The trigger that owns a time expression: the first one up the tree. The walk never
    leaves a clause that tells an event of its own ("said … because the war began in 2014"
    dates the war's beginning, not the saying; "the envoy who arrived on Monday said" the
    arrival): the expression is then attached to no trigger."""
    joined = domain_pack.load().cues.simultaneous_subordinators
    token = head
    while token.head.i != token.i:
        edge = token.dep_
        if _is_own_clause(token, owner_of, joined):
            return None
        token = token.head
        if edge in _CLAUSE_EDGES:
            return None  # a reported clause's time is its content's, not the report's
        if token.i in owner_of:
            return owner_of[token.i]
    return None


def _is_own_clause(clause: Token, owner_of: dict[int, int], joined: frozenset[str]) -> bool:
    """A subordinate clause with a subject of its own, not told as the same moment as its head,
    nor a relative clause on an event noun ("the talks, which began on Monday")."""
    if clause.dep_ not in _SUBORDINATE_EDGES or clause.pos_ not in {"VERB", "AUX"}:
        return False
    if clause.dep_ != "advcl" and clause.head.i in owner_of:
        return False
    return any(c.dep_ in _SUBJECT_DEPS for c in clause.children) and not _marked(clause, joined)


def _nearest_trigger(head: Token, triggers: list[Trigger]) -> int | None:
    """The trigger fewest dependency edges away from `head`."""
    path = [t.i for t in (head, *head.ancestors)]

    def edges(trigger: Trigger) -> int:
        other = [t.i for t in (trigger.token, *trigger.token.ancestors)]
        meet = next((i for i in path if i in other), None)  # none when the parse has two roots
        return path.index(meet) + other.index(meet) if meet is not None else len(path) + len(other) + len(head.doc)

    return min(triggers, key=edges).token.i if triggers else None


def _basis(expression: TimeExpression) -> DateBasis:
    """Explicit when the expression writes the calendar date itself (a month name, a year, a
    numeric date); relative when it is resolved against another date ("on Friday", "last week")."""
    words = {w.casefold().rstrip(".") for w in _WORD.findall(expression.text)}
    return "explicit" if words & _MONTHS or _STATED.search(expression.text) else "relative"


def _mention(article_id: str, sentence: Sentence, trigger: Trigger, when: _Dated | None, roles,
             published_on: date, one_of_several: bool) -> EventMention:
    start = sentence.start + trigger.token.idx
    event_date = when.period.start if when else None
    kind = f"{trigger.event_type.name}@{event_date}" if one_of_several else trigger.event_type.name
    return EventMention(
        mention_id=_mention_id(article_id, start, kind),
        article_id=article_id,
        sentence_index=sentence.index,
        sentence_start=sentence.start,
        sentence_end=sentence.end,
        sentence_text=sentence.text,
        event_type=trigger.event_type.name,
        trigger=trigger.token.text,
        trigger_start=start,
        participants=roles.participants,
        locations=roles.locations,
        time_text=when.expression.text if when else None,
        time_value=when.expression.value if when else None,
        event_date=event_date,
        date_precision=when.period.precision if when else None,
        status=status_of(trigger, event_date, published_on, _in_rest_of_period(sentence, when)),
        date_basis=_basis(when.expression) if when else None,
    )


def _in_rest_of_period(sentence: Sentence, when: _Dated | None) -> bool:
    """ "later this month": the rest of the current period, after the article's day."""
    if when is None or not when.expression.text.casefold().startswith("this "):
        return False
    before = sentence.text[:when.expression.start - sentence.start].split()
    return bool(before) and before[-1].casefold() in domain_pack.load().cues.rest_of_period


def _mention_id(article_id: str, trigger_start: int, event_type: str) -> str:
    return hashlib.sha256(f"{article_id}:{trigger_start}:{event_type}".encode()).hexdigest()[:16]
