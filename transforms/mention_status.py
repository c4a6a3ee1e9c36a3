"""What a mention says of its event as of publication: happened, ongoing, planned, negated or
hypothetical — read off the parse with the domain pack's cue lists.

Where the cues are looked for: the trigger's own modifiers ("no ceasefire", "the planned
summit", "a possible deal"), the auxiliaries and negation of its clause ("will meet", "did not
meet", "could strike", "are advancing"), a condition on the clause ("if they meet"), and the
verbs that govern it up its head chain ("cancelled the summit", "wants to meet", "is due to
meet", "called off the talks"), stopping at a reporting verb: what is reported keeps its own
status, and its "would" is the future of the past ("said they would meet" → planned).
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Token

from transforms import domain_pack, tense
from transforms.domain_pack import StatusCues
from transforms.models import EventStatus
from transforms.triggers import Trigger

_MAX_GOVERNORS = 4
_FINITE_TAGS = {"VBD", "VBZ", "VBP", "MD"}
_PURPOSE_DEPS = {"acl", "advcl", "relcl"}
# what may stand before a headline's "to" (its subject: names, nouns, their modifiers); a
# preposition, adverb or finite verb there makes the "to" an ordinary infinitive ("in order to")
_HEADLINE_SUBJECT_POS = {"PROPN", "NOUN", "ADJ", "PUNCT", "CCONJ", "DET", "PART", "NUM", "VERB"}
# Edges up which a governing verb rules what it governs.
_GOVERNED_DEPS = {"dobj", "nsubjpass", "xcomp", "pobj", "prep", "attr", "oprd", "acomp", "pcomp"}


def status_of(trigger: Trigger, event_date: date | None, published_on: date,
              after_publication: bool = False) -> EventStatus:
    """`after_publication`: the event's time expression says it comes after the article's day
    where its date cannot ("later this month": `rest_of_period`)."""
    cues = domain_pack.load().cues
    governors, reported, obliged, by_infinitive = _governors(trigger.clause, cues)
    local = [trigger.token, trigger.clause]
    modifiers = {c.lower_ for t in local for c in t.children if c.dep_ in {"amod", "det", "compound", "nummod"}}
    auxiliaries = {c.lower_ for c in tense.auxiliaries(trigger.clause)}  # a conjunct shares its head's
    # a governing verb's modal rules what it governs ("would be to win a ceasefire")
    governing_aux = {c.lower_ for g in governors for c in g.children if c.dep_ == "aux"}
    modal = governing_aux & cues.modals
    negated = any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ in cues.negations)
                  for t in local for c in t.children)
    if trigger.clause.i != trigger.token.i:
        governors.insert(0, trigger.clause)  # "the summit was cancelled": its support verb
    # "agreed to meet" plans the meeting; "agreed a plan" is the plan agreed
    governing = {_phrasal_lemma(g) for g in governors
                 if g.lemma_.casefold() not in cues.infinitive_planners or g.i in by_infinitive}
    if negated or governing & cues.negating_governors or modifiers & cues.negating_modifiers:
        return "negated"
    if _in_a_proposal(trigger, governors, cues):
        return "hypothetical"
    modal |= auxiliaries & cues.modals
    if reported and modal <= {"would"} and modal:
        return "planned"
    conditional = any(c.dep_ == "mark" and c.lower_ in cues.conditions for c in trigger.clause.children)
    if (modal or conditional or obliged or governing & cues.wishing_governors or modifiers & cues.hypothetical_modifiers
            or _is_purpose(trigger.clause)):
        return "hypothetical"
    # "will provide intelligence for strikes": a governing verb's future is the event's
    if ((auxiliaries | governing_aux) & cues.future_auxiliaries or governing & cues.planning_governors
            or _headline_future(trigger.token)
            or modifiers & cues.planned_modifiers or after_publication
            or (event_date is not None and event_date > published_on)):
        return "planned"
    progressive = trigger.clause.tag_ == "VBG" and auxiliaries & {"is", "are", "'re", "am"}
    if progressive or governing & cues.ongoing_governors or modifiers & cues.ongoing_modifiers:
        return "ongoing"
    return "happened"


def _in_a_proposal(trigger: Trigger, governors: list[Token], cues: StatusCues) -> bool:
    """An event a proposal tells ("the plan would see a ceasefire", "a proposal for a swap",
    "the draft includes an exchange"): a noun of the pack's `proposals` governs it, or is the
    subject of a verb that does. What a plan holds has not happened, even when a report tells
    the plan (its "would" is no future of the past there)."""
    for governor in dict.fromkeys([trigger.clause, *governors]):
        if governor.i == trigger.token.i:
            continue  # the plan itself ("presented a peace plan") is no proposal's content
        if governor.pos_ in {"NOUN", "PROPN"} and governor.lemma_.casefold() in cues.proposals:
            return True
        if governor.pos_ in {"VERB", "AUX"} and any(c.dep_ in {"nsubj", "nsubjpass"} and c.lemma_.casefold() in cues.proposals
                                                   for c in governor.children):
            return True
    return False


def _is_purpose(clause: Token) -> bool:
    """An infinitive that tells an aim, not a happening: a noun's ("a plan to free the
    hostages") or a clause's ("fired missiles to hit the port"), or a conjunct of one."""
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    infinitive = clause.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
    return infinitive and clause.dep_ in _PURPOSE_DEPS


def _headline_future(token: Token) -> bool:
    """The headline's future, "X to meet Y" / "Leaders to sign deal": a sentence that opens with
    a subject and a "to" before any finite verb; what follows that "to", up to the next finite
    verb ("…, official says"), is planned."""
    doc = token.doc
    to = next((t for t in doc if t.lower_ == "to" and t.dep_ == "aux"), None)
    if to is None or not 0 < to.i < token.i:
        return False
    if any(t.tag_ in _FINITE_TAGS or t.pos_ not in _HEADLINE_SUBJECT_POS for t in doc[:to.i]):
        return False
    return not any(t.tag_ in _FINITE_TAGS for t in doc[to.i:token.i + 1])


def _governors(clause: Token, cues: StatusCues) -> tuple[list[Token], bool, bool, set[int]]:
    """The words that govern a clause (its head chain up to the first reporting verb), whether
    the clause is reported, whether a verb of obligation governs its infinitive, and which
    governors govern it through an infinitive."""
    governors, token, obliged, by_infinitive = [], clause, False, set()
    occasions = domain_pack.load().cues.occasion_prepositions
    while token.dep_ in _GOVERNED_DEPS and token.head.i != token.i and len(governors) < _MAX_GOVERNORS:
        edge, token = token.dep_, token.head
        lemma = token.lemma_.casefold()
        # "is expected to hold talks": a verb of both lists plans its infinitive, reports the rest
        planning = edge == "xcomp" and lemma in cues.planning_governors
        if lemma in cues.reporting_verbs and token.pos_ in {"VERB", "AUX"} and not planning \
                or edge == "pobj" and token.lower_ in occasions:  # "agreed a plan at the summit"
            return governors, False, obliged, by_infinitive
        obliged |= edge == "xcomp" and token.lemma_.casefold() in cues.obligations
        if edge == "xcomp":
            by_infinitive.add(token.i)
        if token.pos_ in {"VERB", "ADJ", "AUX", "NOUN"}:
            governors.append(token)
    reported = token.dep_ in {"ccomp", "parataxis"} and token.head.lemma_.casefold() in cues.reporting_verbs
    return governors, reported, obliged, by_infinitive


def _phrasal_lemma(token: Token) -> str:
    """ "called off" → "call off"; other verbs → their lemma."""
    particle = next((c.lower_ for c in token.children if c.dep_ == "prt"), None)
    lemma = token.lemma_.casefold()
    return f"{lemma} {particle}" if particle else lemma
