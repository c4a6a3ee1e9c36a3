"""Who takes part in an event and where it happens, read off the trigger's dependents.

Participants: the subject of the trigger's clause (the agent of a passive), its objects, the
objects of "with"/"between"/"against" and, for a noun, its possessor and name modifiers ("Putin's
visit", "the Trump–Putin summit", "a Russian strike") — each with its conjuncts ("X and Y met").
Places: the entities of locative phrases ("in Geneva", "on Kyiv") and a place-name object
("struck Kharkiv"). Names go through the gazetteer (aliases, titles in office, demonyms,
metonyms, GeoNames); a name it does not know is kept in its normalised form.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from datetime import date

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from transforms import domain_pack, gazetteer
from transforms.described_persons import described_person, is_age
from transforms.triggers import Trigger, is_reference

_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_OBJECT_DEPS = {"dobj", "iobj", "attr", "dative"}
_NOUN_MODIFIER_DEPS = {"poss", "compound", "amod", "nmod"}
# "the Geneva talks" (the parser may take the name for an adjective); a possessor is a party
_SITE_MODIFIER_DEPS = {"compound", "nmod", "amod"}
# where a demonym modifies a noun ("Russian troops"; the parser may make "Thai" a name modifier)
_DEMONYM_DEPS = {"amod", "compound", "nmod"}
_PARTNER_PREPOSITIONS = {"with", "between", "against", "by", "of", "from", "to", "alongside"}
# who is with the actor: "met … alongside X", "held talks in the capital with X"
_COMPANY_PREPOSITIONS = {"with", "alongside"}
_LOCATIVE_PREPOSITIONS = {"in", "at", "on", "near", "into", "across", "over", "outside", "around", "inside", "to",
                          "from", "toward", "towards", "through", "off", "along"}
_ACTOR_ENTITIES = {"PERSON", "ORG", "GPE", "NORP"}
_PLACE_ENTITIES = {"GPE", "LOC", "FAC"}
_LOCATIVE_LABELS = _PLACE_ENTITIES | {"ORG", "PROPN"}  # what NER calls a site in a locative phrase
_PRONOUNS = {"he", "she", "his", "her"}
_CLOSING = set(".!?:;\"”’'»)…")  # what closes a sentence of prose (a heading ends without it)
# subject pronouns that stand for the previous sentence's subject: persons, or anything else
_PERSON_PRONOUNS, _OTHER_PRONOUNS = {"he", "she"}, {"it", "they"}
_PLURAL_PRONOUNS = {"they", "we"}
_TIME_ENTITIES = {"DATE", "TIME"}
_DATELINE_TOKENS, _DASHES = 12, {"-", "–", "—", "--"}
_DATELINE_LETTERS = 5  # an all-capital word this long that nobody listed is a dateline's place
# a sentence whose longer words outside names are nearly all capitalised is a headline
_HEADLINE_SHARE, _HEADLINE_WORDS = 0.8, 3
# words that follow a name without being part of it ("Putin Monday", "Orban March 3")
_CALENDAR_WORDS = frozenset(w.casefold() for w in (*calendar.day_name, *calendar.month_name[1:], *calendar.month_abbr[1:]))
_PHRASE_TOKENS = 8  # a longer noun phrase holds clauses of its own: only its head's left part counts
_MAX_PHRASE_DEPTH = 3  # nested prepositional phrases between an event noun and its clause


@dataclass(frozen=True)
class Roles:
    participants: tuple[str, ...]
    locations: tuple[str, ...]
    # the clause's subject (or the noun's possessor) is a person or an institution speaking
    speaker_is_person: bool = False
    institutions: tuple[str, ...] = ()  # the participants that are institutions speaking
    subjects: tuple[str, ...] = ()  # the participants the clause's subject names

    def without_institutions(self) -> Roles:
        """The parties of what a report tells: the country an institution speaks for, not the
        institution ("the Defence Ministry said its troops took the town")."""
        return Roles(tuple(p for p in self.participants if p not in self.institutions), self.locations,
                     self.speaker_is_person, subjects=tuple(p for p in self.subjects if p not in self.institutions))


def roles_of(trigger: Trigger, on: date, text_before: str,
             previous: Callable[[], Doc | None] = lambda: None, times: Sequence[tuple[int, int]] = ()) -> Roles:
    """Participants and places of a trigger. A subject pronoun ("he", "she", "it", "they")
    stands for the subject of the previous sentence's main clause (`previous`, parsed) when that
    subject agrees with it (a person for "he"/"she", no person for "it"; `previous` parses it on
    demand); else "he"/"she" is the
    person `text_before` (the article up to the sentence) named last. Surnames become the full
    name used before. `times`: the (start, end) offsets in the sentence of its time expressions,
    which name no party ("an Easter truce"); nor do the pack's calendar feasts."""
    actors: list[str] = []
    places: list[str] = []
    institutions: list[str] = []
    subjects, named_by_subjects = {s.i for s in _subjects(trigger.clause)}, []
    for token, locative in _role_tokens(trigger, on):
        named_before = len(actors)
        for head in _with_conjuncts(token):
            if head.dep_ in _SUBJECT_DEPS and (described := described_person(head, previous, on, text_before)):
                actors += described  # "the president said": the person named just before
                continue
            if _is_calendar_word(head, times) or _is_event_name(head):
                continue
            if head.tag_ in {"WP", "WDT"} and head.head.dep_ == "relcl":
                head = head.head.head  # "Putin, who entered …": the relative clause's antecedent
            antecedents = (_antecedents(head, previous, on, text_before) if head.dep_ in _SUBJECT_DEPS
                           else _pair_named_before(head, on, text_before) if _is_pair(head) else [])
            if antecedents:
                actors += antecedents
                continue
            if head.lower_ in _PRONOUNS:
                actors += _last_person(text_before + head.doc.text[:head.idx], on)
                continue
            if trigger.event_type.statement and head.dep_ in _SUBJECT_DEPS and _is_institution(head):
                names = _institution_names(head, on, text_before)  # "the Defence Ministry said"
                actors, institutions = actors + names, institutions + names[:1]
                continue
            actor, place = _name_of(head, on, locative, text_before) if _may_name(head, on) else (None, None)
            if actor:
                actors.append(actor)
            if place:
                places.append(place)
        named_by_subjects += actors[named_before:] if token.i in subjects else []
    actors = _without_abbreviations(list(dict.fromkeys(actors)))
    return Roles(tuple(actors), tuple(dict.fromkeys(p for p in places if p not in actors)),
                 _speaker_is_person(trigger, on), tuple(institutions),
                 tuple(dict.fromkeys(a for a in named_by_subjects if a in actors)))


def _without_abbreviations(actors: list[str]) -> list[str]:
    """ "the National Security Council (NSC)": an abbreviation of another party's name is that party."""
    initials = {"".join(w[0] for w in name.split() if w[0].isupper()) for name in actors if " " in name}
    return [a for a in actors if not (a.isupper() and a in initials)]


def _antecedents(pronoun: Token, parse_previous: Callable[[], Doc | None], on: date, text_before: str) -> list[str]:
    """What a subject pronoun ("he", "it", "they") or a pair description ("the two leaders",
    "both sides") stands for: the names of the previous sentence's main subject (with its
    conjuncts), if they agree with it (a pair wants two names or more); else nothing."""
    word = "pair" if _is_pair(pronoun) else pronoun.lower_
    previous = parse_previous() if word in _PERSON_PRONOUNS | _OTHER_PRONOUNS | {"pair"} else None
    if previous is None:
        return []
    root = next((t for t in previous if t.dep_ == "ROOT"), None)
    subjects = _subjects(root) if root is not None else []
    names = [actor for s in subjects for h in _with_conjuncts(s) if h.lower_ not in _PERSON_PRONOUNS | _OTHER_PRONOUNS
             and _may_name(h, on) for actor in [_name_of(h, on, False, text_before)[0]] if actor]
    names = list(dict.fromkeys(names))
    if not names or word == "pair" and len(names) < 2:
        return []
    plural = len(names) > 1 or subjects[0].tag_ in {"NNS", "NNPS"} or subjects[0].ent_type_ == "NORP"
    if word == "they" and not plural or word in _PERSON_PRONOUNS | {"it"} and len(names) > 1:
        return []
    persons = [gazetteer.is_person(n) or _is_named_person(s) for s in subjects for n in names[:1]]
    if word in _PERSON_PRONOUNS and not all(persons) or word == "it" and any(persons):
        return []
    return names


def _pair_named_before(pair: Token, on: date, text_before: str) -> list[str]:
    """What a pair description that is no subject stands for ("a deal between the two
    countries"): the last two parties its sentence named before it (countries, for a pair of
    countries); else nothing."""
    names: list[str] = []
    countries = pair.lemma_.casefold() in domain_pack.load().cues.country_words
    for entity in pair.doc.ents:
        if entity.end <= pair.i and entity.label_ in _ACTOR_ENTITIES and _may_name(entity.root, on):
            name = _name_of(entity.root, on, False, text_before)[0]
            if name and name not in names[-1:] and (not countries or gazetteer.is_country(name)):
                names.append(name)
    last_two = list(dict.fromkeys(reversed(names)))[:2]
    return last_two[::-1] if len(last_two) == 2 else []


@cache
def _event_nouns(pack: domain_pack.DomainPack) -> frozenset[str]:
    return frozenset(n for t in pack.types for n in t.nouns)


def _is_event_name(token: Token) -> bool:
    """An event written as a name ("the Historic Summit") is no party (an "Israeli strike" that
    hits tells its party through its modifier)."""
    return token.pos_ == "PROPN" and token.lemma_.casefold() in _event_nouns(domain_pack.load())


def _is_calendar_word(token: Token, times: Sequence[tuple[int, int]]) -> bool:
    return token.lower_ in domain_pack.load().cues.calendar_feasts or any(
        start <= token.idx < end for start, end in times)


def _is_pair(token: Token) -> bool:
    """ "the two leaders", "both sides": a plural noun counted as a pair (the pack's pair words)."""
    pair_words = domain_pack.load().cues.pair_words
    return token.tag_ == "NNS" and any(c.dep_ in {"nummod", "det", "predet"} and c.lower_ in pair_words
                                       for c in token.children)


def _is_named_person(token: Token) -> bool:
    entity = _entity_of(token)
    return entity is not None and entity.label_ == "PERSON"


def _speaker_is_person(trigger: Trigger, on: date) -> bool:
    """ "Zelensky said", "she told", "Putin's speech": a person speaks; "the ministry said",
    "Russia said", an outlet or a country do not make a statement a timeline keeps."""
    clause = trigger.clause
    speakers = _subjects(clause) + [c for c in trigger.token.children if c.dep_ == "poss"]
    speakers += [g for c in clause.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if clause.dep_ in {"relcl", "acl"}:
        speakers.append(clause.head)  # "Putin, who said …", "the plan, confirmed by Ushakov"
    for token in (h for s in speakers for h in _with_conjuncts(s)):
        entity = _entity_of(token)
        text = entity.text if entity is not None else token.text
        phrase = token.doc[token.left_edge.i:token.i + 1].text
        titled = [m.name for m in gazetteer.find_actors(phrase, on)
                  if entity is None or entity.label_ != "PERSON" or m.end == len(phrase)]
        known = gazetteer.actor_name(gazetteer.normalise_name(text), on) or (titled[-1] if titled else None)
        if token.lower_ in _PRONOUNS or token.lemma_.casefold() in domain_pack.load().person_titles or is_age(token):
            return True  # "he said", "the Romanian president said", "a spokesman said", "the 79-year-old said"
        if _is_institution(token):
            return True  # "the Defence Ministry said", "Ukraine's General Staff said"
        if known is not None and gazetteer.is_person(known):
            return True
        if known is None and (entity is not None and entity.label_ == "PERSON" or entity is None
                              and token.pos_ == "PROPN" and not _is_known_place(text)):
            return True  # a person nobody listed, or a name the NER left unlabelled
    return False


def _is_institution(token: Token) -> bool:
    """ "the Defence Ministry", "the Chilean army", "Ukraine's General Staff": a noun of the
    pack's institutions at the head of its phrase (not a modifier: "army chief" is a person),
    named — written as a name or with its country; "the ministry", "his office" refer back."""
    return (token.lemma_.casefold() in domain_pack.load().institution_titles and token.dep_ not in {"compound", "amod"}
            and (token.pos_ == "PROPN" or bool(_owners(token))))


def _owners(token: Token) -> list[Token]:
    """Who an institution belongs to: its possessor, demonym or "of" object (not a pronoun)."""
    owners = [c for c in token.children if c.dep_ == "poss" and c.tag_ != "PRP$"
              or c.dep_ in _DEMONYM_DEPS and gazetteer.country_of_demonym(c.text)]
    return owners + [g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                     for g in c.children if g.dep_ == "pobj" and g.pos_ == "PROPN"]


def _owner_named(token: Token, on: date) -> str | None:
    """Whose a body of the pack's institutions is, when its possessor is named: "South Korea's
    parliament", "Pakistan's forces" (the country or known actor the act belongs to; a name
    nobody listed as written). A town's possessions ("Kharkiv's port") are places, not parties."""
    institutions = domain_pack.load().institution_titles
    if token.lemma_.casefold() not in institutions and token.lower_ not in institutions:
        return None  # ("forces" is listed as written)
    owners = [c for c in token.children if c.dep_ == "poss" and c.tag_ != "PRP$" and _may_name(c, on)
              and not _is_site(_written_name(c)[0], on)]
    return next((name for owner in owners for name in [_country_named(owner, on) or _open_name(owner)] if name), None)


def _open_name(token: Token) -> str | None:
    text, label = _written_name(token)
    return gazetteer.normalise_name(text) if label in _ACTOR_ENTITIES | {"PROPN"} else None


def _institution_names(token: Token, on: date, text_before: str) -> list[str]:
    """The institution as written, without its article ("Russia's Defence Ministry", "Ukrainian
    military"), then the country it speaks for (its possessor or demonym), when named."""
    words = [t for t in token.doc[token.left_edge.i:token.i + 1] if t.dep_ not in {"det", "punct"}]
    name = "".join(t.text_with_ws for t in words).strip().replace("’", "'")
    countries = [_country_named(c, on) for c in _owners(token) if _may_name(c, on)]
    return [name[0].upper() + name[1:], *(c for c in countries if c)]


def _country_named(token: Token, on: date) -> str | None:
    """The country or known actor a possessor, demonym or "of" object names ("Chile's", "Chilean",
    "of Chile"), read off its own words (the NER may make one name of the whole institution)."""
    text = gazetteer.normalise_name(token.doc[token.left_edge.i:token.i + 1].text)
    place = gazetteer.place_name(text)
    return (gazetteer.country_of_demonym(text) or (place if place and gazetteer.is_country(place) else None)
            or gazetteer.actor_name(text, on))


def _role_tokens(trigger: Trigger, on: date) -> list[tuple[Token, bool]]:
    """(token, is it in a locative phrase) for every dependent that may name a participant or
    place: the clause's subject and objects, then the trigger's own modifiers and phrases (a
    place below a country that modifies an event noun is where it happens: "the Doha talks")."""
    out: list[tuple[Token, bool]] = []
    clause, token = trigger.clause, trigger.token
    objects = [c for holder in _object_holders(trigger) for c in holder.children
               if c.dep_ in _OBJECT_DEPS and c.i != token.i]
    # "Kharkiv was struck", "the town was captured": a passive subject is what the verb acts on
    struck = trigger.event_type.object_is_place and trigger.is_verbal
    out += [(s, struck and s.dep_ == "nsubjpass") for s in _subjects(clause)]
    for child in clause.children:
        if child.dep_ == "agent":
            out += [(g, False) for g in child.children if g.dep_ == "pobj"]
    out += [(c, trigger.event_type.object_is_place) for c in objects]
    verb = _governing_verb(token) if clause.i == token.i and not is_reference(trigger) else None
    if verb is not None:
        # "Putin entered the Donbas during an offensive", "he hosted them for the signing of a
        # deal": the actor of the clause the event noun is a phrase of is the event's
        out += [(s, False) for s in _subjects(verb)]
        if token.head.lower_ in domain_pack.load().cues.occasion_prepositions:
            # "during the summit, X signed alongside Y": who acts at an occasion with X attended it
            acts = [verb, *(o for o in verb.children if o.dep_ in _OBJECT_DEPS)]  # the parser may hang it on the object
            out += [(g, False) for act in acts for c in act.children if c.dep_ == "prep" and c.lower_ in _COMPANY_PREPOSITIONS
                    for g in c.children if g.dep_ == "pobj"]
    if clause.dep_ in {"relcl", "acl"} and clause.head.i != token.i:
        out.append((clause.head, False))  # "Putin, who met Trump …"
    # "the summit held in London", "talks hosted by Turkey": the noun's participle tells of it
    described = [c for c in token.children if c.dep_ == "acl" and c.tag_ == "VBN"] if not trigger.is_verbal else []
    out += [(g, False) for d in described for c in d.children if c.dep_ == "agent" for g in c.children
            if g.dep_ == "pobj"]
    # "a call in which Trump emerged optimistic", "the summit at which they signed": who acts
    # during the event took part in it
    out += [(s, False) for r in _occasion_clauses(token) for s in _subjects(r)] if not trigger.is_verbal else []
    holders = {t.i: t for t in (clause, token, *objects, *described)}
    for holder in holders.values():
        for child in holder.children:
            if holder.i == token.i and child.dep_ in _NOUN_MODIFIER_DEPS:
                out.append((child, child.dep_ in _SITE_MODIFIER_DEPS and _is_site(_written_name(child)[0], on)))
            elif child.dep_ == "prep":
                preposition = child.lower_
                # "took control of the town": the object's "of" phrase is the place taken
                place_of = holder.i != clause.i and holder.i != token.i and trigger.event_type.object_is_place
                for pobj in (g for g in child.children if g.dep_ == "pobj"):
                    if preposition in _PARTNER_PREPOSITIONS:
                        out.append((pobj, preposition in {"to", "from"} or place_of and preposition == "of"))
                    if preposition in _LOCATIVE_PREPOSITIONS:
                        out.append((pobj, True))
    out += _company(clause, token)
    return out + (_target_places(clause, token) if trigger.event_type.object_is_place else [])


def _company(clause: Token, token: Token) -> list[tuple[Token, bool]]:
    """Who the event is with when the parser hangs the company phrase on its place or day
    ("held talks in the capital with X", "a summit in Y on Friday alongside Z"): the objects of
    "with"/"alongside" one locative phrase down from the trigger or its clause."""
    places = [g for holder in {clause.i: clause, token.i: token}.values() for c in holder.children
              if c.dep_ == "prep" and c.lower_ in _LOCATIVE_PREPOSITIONS for g in c.children if g.dep_ == "pobj"]
    return [(g, False) for place in places for c in place.children
            if c.dep_ == "prep" and c.lower_ in _COMPANY_PREPOSITIONS for g in c.children if g.dep_ == "pobj"]


def _occasion_clauses(noun: Token) -> list[Token]:
    """The relative clauses of an event noun that tell what happened in it ("in which …",
    "during which …")."""
    inside = domain_pack.load().cues.occasion_prepositions | {"in"}
    return [r for r in noun.children if r.dep_ == "relcl" and any(
        c.dep_ == "prep" and c.lower_ in inside and any(g.tag_ == "WDT" for g in c.children) for c in r.children)]


def _object_holders(trigger: Trigger) -> tuple[Token, ...]:
    """Whose objects take part: the clause's, and a verb trigger's own when another clause
    tells it ("parliament voted to impeach the president": the president is impeached)."""
    if trigger.is_verbal and trigger.clause.i != trigger.token.i:
        return trigger.clause, trigger.token
    return (trigger.clause,)


def _target_places(clause: Token, token: Token) -> list[tuple[Token, bool]]:
    """The place of what an event is aimed at, one phrase down ("an attack on a market in X",
    "fired at a convoy near Y"): a common noun in a locative phrase of the trigger or its clause
    is no name itself, but its own locative phrases tell where the event happened."""
    targets = [g for holder in {clause.i: clause, token.i: token}.values() for c in holder.children
               if c.dep_ == "prep" and c.lower_ in _LOCATIVE_PREPOSITIONS
               for g in c.children if g.dep_ == "pobj" and g.pos_ == "NOUN"]
    return [(g, True) for target in targets for c in target.children
            if c.dep_ == "prep" and c.lower_ in _LOCATIVE_PREPOSITIONS for g in c.children if g.dep_ == "pobj"]


def _governing_verb(token: Token) -> Token | None:
    """The verb whose prepositional phrase holds a noun, through nested "of" phrases ("for the
    signing of a deal")."""
    for _ in range(_MAX_PHRASE_DEPTH):
        if token.dep_ != "pobj" or token.head.dep_ != "prep":
            return None
        token = token.head.head
        if token.pos_ == "VERB":
            return token
        if token.pos_ not in {"NOUN", "PROPN"}:
            return None
    return None


def _subjects(clause: Token) -> list[Token]:
    """The clause's subject, else that of the verb it depends on: "X hosted … and received Y",
    "X is due to visit Y", "X wants to meet Y"."""
    for verb in (clause, *clause.ancestors):
        found = [c for c in verb.children if c.dep_ in _SUBJECT_DEPS]
        if found or verb.dep_ not in {"conj", "xcomp", "advcl", "acomp", "pcomp", "prep", "npadvmod"}:
            return found
    return []


def has_two_parties(clause: Token) -> bool:
    """Whether a clause tells two sides by its own structure: a coordinated or plural subject
    ("X and Y agreed", "the two sides agreed", "they agreed"), or a subject and a "with" object
    ("X agreed with Y"). A party named elsewhere ("agreed to the Z proposal") is no side of it."""
    subjects = _subjects(clause)
    if any(_is_plural(s) or any(c.dep_ == "conj" for c in s.children) for s in subjects):
        return True
    partners = [g for c in clause.children if c.dep_ == "prep" and c.lower_ == "with"
                for g in c.children if g.dep_ == "pobj"]
    return bool(subjects) and bool(partners)


def _is_plural(token: Token) -> bool:
    return token.tag_ in {"NNS", "NNPS"} or token.lower_ in _PLURAL_PRONOUNS


def _is_known_place(text: str) -> bool:
    """A place of the pack's list or a country; a name that is merely also some town is not."""
    place = gazetteer.place_name(text)
    return place is not None and (gazetteer.is_listed_place(text) or gazetteer.is_country(place))


def _with_conjuncts(token: Token) -> list[Token]:
    found, stack = [], [token]
    while stack:
        current = stack.pop()
        found.append(current)
        stack += [c for c in current.children if c.dep_ in {"conj", "appos"}]
        # "X's and Y's", "Trump–Putin": names joined inside one phrase
        stack += [c for c in current.children if c.dep_ == "compound" and c.ent_type_ in _ACTOR_ENTITIES
                  and current.ent_type_ not in _ACTOR_ENTITIES]
        if current.pos_ == "NOUN":  # "the town of Toretsk", "the leaders of France and Germany", "envoys from Chile"
            stack += [g for c in current.children if c.dep_ == "prep" and c.lower_ in {"of", "from"}
                      for g in c.children if g.dep_ == "pobj" and g.pos_ == "PROPN"]
            # "Russian and Ukrainian officials": the first demonym names the noun, the others too
            stack += [g for c in current.children if c.dep_ in _DEMONYM_DEPS and gazetteer.country_of_demonym(c.text)
                      for g in c.children if g.dep_ == "conj" and gazetteer.country_of_demonym(g.text)]
    return found


def _entity_of(token: Token) -> Span | None:
    return next((e for e in token.doc.ents if e.start <= token.i < e.end), None)


def _may_name(token: Token, on: date) -> bool:
    """Whether a token may name an actor or place at all: not a date ("Easter", "Palm Sunday",
    "GMT"), not a photo credit's letter ("(L)"), not a capitalised word of a headline that the
    NER did not take for a name ("Raids Prompt Resignation")."""
    if token.ent_type_ in _TIME_ENTITIES or len(token.text.strip(".")) < 2:
        return False
    if token.i < _dateline_end(token.doc) or token.is_upper and len(token) >= _DATELINE_LETTERS \
            and not gazetteer.actor_name(token.text, on):
        return False  # "PALM BEACH, Florida (Reuters) -": a dateline, not a party
    if token.ent_type_ or token.pos_ != "PROPN":
        return True
    if token.i == 0 and _is_heading(token.doc):
        return bool(gazetteer.actor_name(token.text, on))  # "Battlefield advances in X": a section heading
    words = [t for t in token.doc[1:] if t.is_alpha and len(t) > 3 and not t.ent_type_]
    capitalised = sum(t.text[0].isupper() for t in words)
    headline = len(words) >= _HEADLINE_WORDS and capitalised >= _HEADLINE_SHARE * len(words)
    return not headline or bool(gazetteer.actor_name(token.text, on))


def _is_heading(doc: Doc) -> bool:
    """A heading or subheading: a line that no sentence punctuation closes. Its first word is
    capitalised as every first word is, so capitals there are no sign of a name."""
    last = next((t for t in reversed(doc) if not t.is_space), None)
    return last is not None and last.text[-1] not in _CLOSING


def opens_with_dateline(text: str) -> bool:
    """Whether a sentence opens with a wire dateline ("KYIV, Aug 5 (Reuters) -", "NAIROBI,
    Kenya (AP) —"), read off its words without a parse, as `_dateline_end` does off the parse."""
    words = text.split()[:_DATELINE_TOKENS]
    first = words[0].strip(",:") if words else ""
    return (first.isupper() and first.isalpha() and len(first) >= _DATELINE_LETTERS - 1
            and any(w in _DASHES or w[-1] in "–—" for w in words[1:]))


def _dateline_end(doc) -> int:
    """Where a wire dateline ("KYIV, Ukraine (AP) —") that opens the sentence ends, else 0."""
    first = doc[0]
    if not (first.is_upper and len(first) >= _DATELINE_LETTERS - 1):
        return 0
    return next((t.i + 1 for t in doc[:_DATELINE_TOKENS] if t.text in _DASHES), 0)


def _name_of(token: Token, on: date, locative: bool, text_before: str) -> tuple[str | None, str | None]:
    """(actor, place) a token names, or (None, None)."""
    right = token.right_edge.i if token.right_edge.i - token.left_edge.i < _PHRASE_TOKENS else token.i
    phrase = token.doc[token.left_edge.i:right + 1].text
    found = gazetteer.find_actors(phrase, on)
    titled = [m.name for m in found]
    # a named person is not what a modifier of the name names ("Kremlin spokesman Dmitry
    # Peskov" is Peskov, not the Kremlin's country): only a match that reaches the name counts
    reaching = [m.name for m in found if m.end >= token.idx + len(token.text) - token.doc[token.left_edge.i].idx]
    text, label = _written_name(token)
    if label is None:
        modifier = next((c for c in token.children if c.dep_ in _DEMONYM_DEPS
                         and gazetteer.country_of_demonym(c.text)), None)
        listed = gazetteer.find_places(phrase)
        if locative and listed:  # "the Crimean peninsula"
            return None, listed[-1].name
        if titled:
            return titled[-1], None
        if modifier is not None and locative and _named_place(token):
            return None, None  # "the Ukrainian city of Pokrovsk": the town named is the place
        if modifier is not None:  # "Russian troops", "Israeli forces"
            return gazetteer.country_of_demonym(modifier.text), None
        if token.dep_ in _SUBJECT_DEPS and (owner := _owner_named(token, on)):
            return owner, None  # "South Korea's parliament voted", "the forces of Sudan"
        return gazetteer.country_of_demonym(token.text), None  # "Ukrainian drone attacks"
    if label == "NORP" or gazetteer.country_of_demonym(text):  # whatever the NER calls "Moldovan"
        return (gazetteer.country_of_demonym(text) or gazetteer.actor_name(text, on)
                or _full_name(gazetteer.normalise_name(text), text_before)), None
    if locative and _is_site(text, on):  # the gazetteer's place, whatever the NER calls it
        return None, gazetteer.place_name(text)
    place, actor = gazetteer.place_name(text), gazetteer.actor_name(text, on)
    if locative and label in _LOCATIVE_LABELS and not (actor and not (place and _is_known_place(text))):
        return None, place or gazetteer.normalise_name(text)
    if label == "PROPN" and place and not _is_known_place(text):
        place = None  # an unlabelled name that is also some town is more likely a person
    if label in _PLACE_ENTITIES or (place and gazetteer.is_listed_place(text)) or (label == "PROPN" and place):
        if locative or place and not (actor or gazetteer.is_country(place)):
            return None, place or gazetteer.normalise_name(text)
        # a name the NER takes for a place that nobody lists may be a person named in full before ("Yoon")
        return actor or place or _full_name(gazetteer.normalise_name(text), text_before), None
    known = actor or ((reaching if label == "PERSON" else titled) or [None])[-1]
    if known:
        return known, None
    if _is_bare_title(text):
        return None, None  # "the President", "the Prime Minister": nobody the pack can name
    if label in {"PERSON", "PROPN"}:  # a proper noun the NER left unlabelled is a name too
        return _full_name(gazetteer.normalise_name(text), text_before), None
    if label == "ORG":  # the NER often takes a surname alone for an organisation
        return _full_name(gazetteer.normalise_name(text), text_before), None
    return None, None


def _is_bare_title(text: str) -> bool:
    """A title written without a name ("President", "Foreign Minister"): words of the pack's
    titles and offices only."""
    pack = domain_pack.load()
    words = [w.casefold() for w in re.findall(r"[\w.'’]+", text)]
    return bool(words) and all(w in pack.title_words or w in pack.person_titles for w in words)


def _named_place(token: Token) -> bool:
    """ "the city of Toretsk": a common noun whose "of" phrase names a place."""
    return any(g.dep_ == "pobj" and gazetteer.place_name(_written_name(g)[0]) for c in token.children
               if c.dep_ == "prep" and c.lower_ == "of" for g in c.children)


def _written_name(token: Token) -> tuple[str, str | None]:
    """The name a token is part of and its NER label: its entity, else the proper-noun run a
    name the NER missed ends with ("PROPN"), else the token alone (no label)."""
    entity = _entity_of(token)
    if entity is not None:
        return entity.text, entity.label_
    if token.pos_ == "PROPN":
        left = min((c.i for c in token.children if c.dep_ == "compound" and c.pos_ == "PROPN"), default=token.i)
        return token.doc[left:token.i + 1].text, "PROPN"
    return token.text, None


def _is_site(text: str, on: date) -> bool:
    """A place of the gazetteer below a country that names nobody else (a capital standing for its
    government counts as the place: the pack lists it)."""
    place = gazetteer.place_name(text)
    return place is not None and not gazetteer.is_country(place) and (
        gazetteer.actor_name(text, on) is None or gazetteer.is_listed_place(text))


def _full_name(name: str, text_before: str) -> str:
    """A surname alone ("Orban") is the person the article named in full before ("Viktor Orban",
    its given names kept: "Muhammad Shehbaz Sharif"); a family name written first ("Yoon" after
    "Yoon Suk Yeol", "Kim" after "Kim Jong Un") is that full name."""
    if " " in name:
        return name
    earlier = re.findall(rf"\b((?:[A-Z][\w'’-]+ ){{1,2}}){re.escape(name)}\b", text_before)
    for given in reversed(earlier):
        words = _name_words(given.split(), from_end=True)
        if words:
            return " ".join([*words, name])
    later = re.findall(rf"\b{re.escape(name)}((?: [A-Z][\w'’-]+){{1,2}})", text_before)
    for given in reversed(later):
        words = _name_words(given.split(), from_end=False)
        if words:
            return " ".join([name, *words])
    return name


def _name_words(words: list[str], from_end: bool) -> list[str]:
    """The run of words next to a surname that may be given names: up to the first title
    (the pack's title words, nouns of office and institutions: "Chief of Staff Valery
    Gerasimov"), demonym, calendar word, function word ("Yet Sondland said") or possessive,
    read from the surname outwards."""
    pack = domain_pack.load()
    titles = gazetteer.load().title_words | pack.person_titles | pack.institution_titles
    run: list[str] = []
    for word in (reversed(words) if from_end else words):
        bare = word.strip("'’").casefold()
        if (bare in titles or bare in _CALENDAR_WORDS or bare in STOP_WORDS or gazetteer.country_of_demonym(word)
                or bare.endswith(("'s", "’s"))):
            break
        run.append(word)
    return run[::-1] if from_end else run


def _last_person(text_before: str, on: date) -> list[str]:
    """ "he said": in news style, the person the text named last (known persons only)."""
    people = [m.name for m in gazetteer.find_actors(gazetteer.mask_quotations(text_before[-400:]), on)
              if gazetteer.is_person(m.name)]
    return people[-1:]
