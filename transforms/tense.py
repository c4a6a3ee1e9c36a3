"""Tense and aspect of the clause a time expression belongs to, read from a dependency parse.

A relative date ("on Friday", "in October") points back or ahead depending on the verb that
governs it: the verb is found by walking up the parse from the expression's head token, and its
tense comes from its part-of-speech tag and its auxiliaries, never from a list of cue words:
- past: a past-tense verb or auxiliary (VBD), the present perfect (has/have + VBN) and a bare
  past participle ("the envoy killed Friday");
- future: the auxiliaries will/shall, "going to" + verb (an infinitive complement of a
  progressive), the present progressive ("is meeting on Friday");
- modal: any other modal auxiliary (would, could, may ...): ahead, but not asserted;
- present: the simple present and the present passive ("is scheduled for Friday");
- an infinitive ("agreed to meet on Friday") follows its governing verb: ahead of a present or
  future one, unknown after a past one (the meeting may or may not have taken place yet).

Reported speech: when the governing verb is the complement of another verb ("said on Monday
that talks would start on Friday"), the inner date is counted from the time the reporting verb
is dated with, so the reading also gives that time expression's character span.

The parse is spaCy's (`transforms/nlp.py`); this module only reads it.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib.resources import files
from typing import Literal

from spacy.tokens import Doc, Token

# The temporal tagger's vocabulary (this module's words and temporal.py's tables).
VOCABULARY = tomllib.loads(
    (files("transforms") / "data" / "temporal.toml").read_text(encoding="utf-8")
)
Tense = Literal["past", "present", "future", "modal"]
# The modal auxiliaries of the plain future; the others (would, could, may ...) are "modal":
# ahead of the reference time, but not a statement that the event will take place.
FUTURE_MODALS = frozenset(VOCABULARY["tense"]["future_modals"])

PRESENT_TAGS = frozenset({"VBZ", "VBP"})
# A preposition that only looks back: "since January" is before the reference time, whatever
# the tense of the clause ("his sixth meeting since January").
PAST_PREPOSITIONS = frozenset(VOCABULARY["tense"]["past_prepositions"])
CLAUSE_COMPLEMENT = frozenset({"ccomp"})  # the clause a reporting verb introduces
# Words on the way up from the expression that put it ahead of its clause's time, whatever the
# tense ("arrived ahead of talks on Thursday", "the upcoming vote on Sunday").
PROSPECTIVE_WORDS = frozenset(VOCABULARY["tense"]["prospective_words"])
# Prepositions of a deadline: ahead when the clause is in the present or the present perfect
# ("has been given until Tuesday", "must decide by Friday").
DEADLINE_PREPOSITIONS = frozenset(VOCABULARY["tense"]["deadline_prepositions"])
BEGINNING_PARTICIPLES = frozenset(VOCABULARY["tense"]["beginning_participles"])


@dataclass(frozen=True)
class Reading:
    """The tense of an expression's clause and, in reported speech, where the reporting verb's
    own time expression is (character offsets in the tagged text)."""

    tense: Tense | None
    reference: tuple[int, int] | None = None


def is_verb(token: Token) -> bool:
    return token.tag_.startswith("VB") or token.tag_ == "MD"


def governing_verb(token: Token) -> Token | None:
    """The nearest verb group above `token` in the parse (itself excluded) that has a tense: a
    gerund or present participle without auxiliaries ("after launching an offensive in
    August") has none and passes the question to the verb above it. None if there is none."""
    current = token
    while current.head.i != current.i:
        current = current.head
        if is_verb(current) and (current.tag_ != "VBG" or auxiliaries(current)):
            return current
    return None


def auxiliaries(verb: Token) -> list[Token]:
    """The verb's auxiliaries; a conjunct verb with neither auxiliaries nor a subject of its own
    shares its head's ("will meet and sign": "sign" is a future too)."""
    own = [child for child in verb.children if child.dep_ in ("aux", "auxpass")]
    if own or verb.dep_ != "conj" or not is_verb(verb.head) or verb.tag_ in ("VBD", "VBZ", "VBP"):
        return own
    if any(child.dep_ in ("nsubj", "nsubjpass", "expl") for child in verb.children):
        return own
    return auxiliaries(verb.head)


def verb_tense(verb: Token) -> Tense | None:
    """Tense of one verb group from its tags: see the module docstring."""
    helpers = auxiliaries(verb)
    modals = [helper.lower_ for helper in helpers if helper.tag_ == "MD"]
    if modals:
        return "future" if modals[0] in FUTURE_MODALS else "modal"
    to_infinitive = any(helper.tag_ == "TO" for helper in helpers)
    infinitive = to_infinitive or (verb.tag_ == "VB" and not helpers)
    if verb.head.i == verb.i and (to_infinitive or infinitive and headline_infinitive(verb)):
        return "future"  # a headline's infinitive: "Leaders to meet on Monday"
    if infinitive and verb.dep_ == "xcomp" and is_verb(verb.head):
        return infinitive_tense(verb.head)
    if infinitive and not is_verb(verb.head):
        return infinitive_of_phrase(verb)
    if infinitive and not to_infinitive and verb.head.i != verb.i:
        return verb_tense(verb.head)  # a bare verb shares its head's auxiliaries ("will inspect X and repaint it")
    if any(helper.tag_ in ("VBD", "VBN") for helper in helpers) or verb.tag_ == "VBD":
        return "past"  # a past auxiliary, or "been" of a perfect
    if verb.tag_ == "VBN":
        if not helpers or any(helper.dep_ == "aux" for helper in helpers):
            return "past"  # a bare participle or a present perfect
        return "present"  # present passive
    if verb.tag_ == "VBG" and any(helper.tag_ in PRESENT_TAGS for helper in helpers):
        return "future"  # the present progressive of arrangements
    if verb.tag_ in PRESENT_TAGS:
        return "present"
    return None


def infinitive_tense(head: Token) -> Tense | None:
    """An infinitive's time lies after its governing verb's: ahead of a present or a future,
    unknown after a past. "going to" is the progressive future itself."""
    if head.tag_ == "VBG" and any(helper.tag_ in PRESENT_TAGS for helper in auxiliaries(head)):
        return "future"
    tense = verb_tense(head)
    return None if tense in ("past", None) else "modal" if tense == "modal" else "future"


def infinitive_of_phrase(verb: Token) -> Tense | None:
    """An infinitive under an adjective or a noun ("are due to begin", "plans to meet"): after
    the time of the verb above the phrase; with no verb above (a headline), ahead."""
    above = governing_verb(verb)
    return "future" if above is None else infinitive_tense(above)


def in_present(verb: Token) -> bool:
    """A present or present perfect verb group (the time it speaks from is now)."""
    return verb.tag_ in PRESENT_TAGS or any(h.tag_ in PRESENT_TAGS for h in auxiliaries(verb))


def prospective_path(head: Token, verb: Token) -> bool:
    """Whether a word between the expression and its verb looks ahead: "ahead of", "upcoming",
    or a noun's participle of beginning ("a truce starting on Sunday": not yet begun)."""
    current = head
    while current.i != verb.i and current.head.i != current.i:
        current = current.head
        if current.lower_ in PROSPECTIVE_WORDS or any(
            child.dep_ == "amod" and child.lower_ in PROSPECTIVE_WORDS for child in current.children
        ):
            return True
        if current.dep_ == "acl" and current.lower_ in BEGINNING_PARTICIPLES:
            return True
    return False


def time_of(verb: Token, offset: int) -> tuple[int, int] | None:
    """The character span of a proper-noun time expression the verb is dated with ("said on
    Monday", "said Monday"), or None."""
    for child in [*verb.children, *fronted_modifiers(verb)]:
        candidates = [child] if child.dep_ == "npadvmod" else []
        if child.dep_ == "prep":
            candidates = [c for c in child.children if c.dep_ == "pobj"]
        for candidate in candidates:
            if candidate.tag_ == "NNP":
                return offset + candidate.idx, offset + candidate.idx + len(candidate.text)
    return None


def fronted_modifiers(verb: Token) -> list[Token]:
    """Modifiers the parser hung on a reported clause that stand between the reporting verb and
    that clause's subject ("said Monday it would ..."): they date the reporting, not the
    report."""
    found = []
    for clause in verb.children:
        if clause.dep_ not in CLAUSE_COMPLEMENT:
            continue
        subjects = [c.i for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
        if any(c.dep_ == "mark" for c in clause.children):
            continue  # "said that on Monday ...": what follows "that" is the report's
        if subjects:
            found += [
                c for c in clause.children
                if c.dep_ in ("npadvmod", "prep") and verb.i < c.i < min(subjects)
            ]  # fmt: skip
    return found


def reporting_verb_of(verb: Token, head: Token) -> Token:
    """The verb an expression belongs to: the reporting verb when the expression is one of the
    reported clause's fronted modifiers (see `fronted_modifiers`), else `verb` itself."""
    if verb.dep_ in CLAUSE_COMPLEMENT and is_verb(verb.head):
        modifier = head
        while modifier.head.i != verb.i and modifier.head.i != modifier.i:
            modifier = modifier.head
        if modifier in fronted_modifiers(verb.head):
            return verb.head
    return verb


def tokens_in(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens lying wholly inside doc.text[start:end] (found by the span, not a scan, so a
    Doc of a whole article costs no more than one of a sentence)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    return [token for token in span if start <= token.idx and token.idx + len(token) <= end]


# How a time word hangs on the rest of its noun phrase ("Tuesday" in "until 9 a.m. Tuesday").
PHRASE_INTERNAL = frozenset({"npadvmod", "compound", "nummod", "appos", "nmod"})


def preposition_of(head: Token) -> str:
    """The preposition (lower case) governing the noun phrase the expression's head is part
    of: its own head's, or that of the phrase it modifies ("until 9 a.m. Tuesday")."""
    current = head
    while current.dep_ in PHRASE_INTERNAL and not is_verb(current.head) and current.head.i != current.i:
        current = current.head
    return current.head.lower_ if current.dep_ == "pobj" or current is head else ""


def read(offset: int, doc: Doc, start: int, end: int) -> Reading:
    """The reading of the expression at text[start:end]; `doc` parses the text from `offset`."""
    inside = tokens_in(doc, start - offset, end - offset)
    if not inside:
        return Reading(None)
    heads = [token for token in inside if not (start - offset <= token.head.idx < end - offset)]
    head = heads[0] if heads else inside[0]
    preposition = preposition_of(head)
    if preposition in PAST_PREPOSITIONS:
        return Reading("past")
    verb = governing_verb(head)
    if verb is None:
        return Reading("future" if headline_infinitive(head) else None)
    verb = reporting_verb_of(verb, head)
    reference = None
    if verb.dep_ in CLAUSE_COMPLEMENT and is_verb(verb.head):
        reference = time_of(verb.head, offset)
    if prospective_path(head, verb):
        return Reading("future", reference)
    if preposition in DEADLINE_PREPOSITIONS and in_present(verb):
        return Reading("future", reference)
    if gerund_complement_between(head, verb):
        return Reading(infinitive_tense(verb), reference)
    return Reading(verb_tense(verb), reference)


FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


def headline_infinitive(token: Token) -> bool:
    """Whether the token's sentence is a headline told by an infinitive, the headline's future
    ("Leaders to meet on Monday"), whatever the parse made of its verb (a hyphenated "co-chair"
    is often tagged an adjective): no finite verb, and a "to" the parse makes an auxiliary."""
    sentence = token.sent
    if any(t.tag_ in FINITE_TAGS for t in sentence):
        return False
    return any(t.dep_ == "aux" and t.lower_ == "to" for t in sentence)


def gerund_complement_between(head: Token, verb: Token) -> bool:
    """Whether the expression belongs to a bare gerund complement of `verb` ("proposed holding
    a summit in August"): like an infinitive's, its time lies after the verb's."""
    current = head
    while current.head.i != current.i and current.head.i != verb.i:
        current = current.head
    return current.dep_ == "xcomp" and current.tag_ == "VBG" and not auxiliaries(current)


# How a clause restricts a noun: "the day he was elected", "the week that followed".
RESTRICTING_CLAUSES = frozenset({"relcl", "acl"})


def restricted(doc: Doc, start: int, end: int) -> bool:
    """Whether a noun of doc.text[start:end] has a clause of its own: it names the period of
    that clause's event, not the period under discussion."""
    return any(child.dep_ in RESTRICTING_CLAUSES for token in tokens_in(doc, start, end)
               for child in token.children)
