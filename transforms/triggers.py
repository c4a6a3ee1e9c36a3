"""Event triggers in a parsed sentence, by lemma and syntax (the domain pack's lists).

A trigger is a verb of an event type ("met", "struck"), a noun of one ("summit", "strikes"), a
noun that needs its dependent ("phone call", "exchange of prisoners") or a verb with its
dependent ("took control", "stepped down", "spoke by phone", "took Pokrovsk"). A noun trigger
that is the object or subject of a support verb ("held talks", "launched an offensive", "the
summit took place") is told by that verb: the verb is its `clause` — where its tense, negation
and date are read — and its subject takes part.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Token

from transforms import domain_pack, gazetteer
from transforms.domain_pack import EventType

_VERB_TAGS = {"VERB"}
_NOUN_TAGS = {"NOUN", "PROPN"}
# Dependents through which a verb's pattern object or a noun's required dependent is reached.
_OBJECT_DEPS = {"dobj", "prt", "prep", "attr", "oprd", "pobj", "compound", "amod", "nmod", "poss", "npadvmod", "advmod",
                "nsubjpass"}
# An object that counts what it is of ("dozens of prisoners", "the first of 90 detainees") is
# read through its "of" phrase.
_COUNTED_DEPS = {"dobj", "nsubjpass"}
# A noun trigger in one of these positions is told by its head verb.
_SUPPORTED_DEPS = {"dobj", "nsubjpass", "attr", "oprd"}
_PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})
_MEASURE_ENTITIES = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL"})
# Names and dates are never triggers ("Summit County", "Strike Force", "on March 3").
_NAME_ENTITIES = {"PERSON", "GPE", "NORP", "ORG", "DATE"}


@dataclass(frozen=True)
class Trigger:
    token: Token  # the word that tells the event
    event_type: EventType
    clause: Token  # the verb whose tense, negation and date are the event's

    @property
    def is_verbal(self) -> bool:
        return self.token.pos_ in _VERB_TAGS


def find_triggers(doc: Doc) -> list[Trigger]:
    """Triggers of a sentence in text order; one per word, of the most specific type."""
    pack = domain_pack.load()
    types, lemmas = pack.types, pack.trigger_lemmas
    found = []
    for token in doc:
        if token.ent_type_ in _NAME_ENTITIES and token.pos_ == "PROPN" or token.lemma_.casefold() not in lemmas:
            continue
        event_type = next((t for t in types if _tells(token, t)), None)
        if event_type:
            clause = _counted(token).head if _under_verb(token, event_type) else _clause_of(token)
            found.append(Trigger(token, event_type, clause))
    return found


def _tells(token: Token, t: EventType) -> bool:
    lemma = token.lemma_.casefold()
    if token.pos_ in _VERB_TAGS:
        if lemma in t.person_subject and not _has_person_subject(token):
            return False
        if any(lemma in p.verbs and _matches(token, p) for p in t.patterns):
            return True
        if lemma in t.needs_parties and _has_infinitive(token):
            return True  # "X and Y agreed to suspend tariffs": two sides agreeing to act (checked later)
        if lemma in t.verbs:
            if lemma in t.without_object and _has_thing_object(token):
                return False
            return lemma not in t.needs_object or _has_named_object(token)
        return False
    if token.pos_ in _NOUN_TAGS:
        if lemma in t.plural_only and token.tag_ not in {"NNS", "NNPS"}:
            return False
        told = (lemma in t.nouns or any(lemma in nw.nouns and _has_object(token, nw.dependents, frozenset())
                                        for nw in t.nouns_with) or _under_verb(token, t))
        return told and not _in_idiom(token, t) and not _modified_away(token, t)
    return False


def _under_verb(token: Token, t: EventType) -> bool:
    """ "the war broke out", "a missile hit the block", "thousands of protesters gathered": a
    noun that tells the event only as the subject or object (or what the subject counts) of one
    of the type's verbs; that verb is then the event's clause."""
    if token.pos_ not in _NOUN_TAGS:
        return False
    position = _counted(token)
    head = position.head
    return (position.dep_ in _SUPPORTED_DEPS | {"nsubj"} and head.pos_ in {"VERB", "AUX"}
            and any(token.lemma_.casefold() in nw.nouns and head.lemma_.casefold() in nw.dependents
                    for nw in t.nouns_under))


def _counted(token: Token) -> Token:
    """The phrase that counts a noun ("thousands of protesters", "dozens of drones": a number,
    or a bare plural without a determiner), else the noun."""
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.i != head.i:
        count = head.head
        if count.pos_ == "NUM" or count.tag_ == "NNS" and not any(c.dep_ in {"det", "poss"} for c in count.children):
            return count
    return token


def _modified_away(token: Token, t: EventType) -> bool:
    """ "an aerial assault": a modifier that makes the noun another type's."""
    return bool(t.not_with) and any(c.dep_ in {"amod", "compound"} and c.lemma_.casefold() in t.not_with
                                    for c in token.children)


def _in_idiom(token: Token, t: EventType) -> bool:
    """ "in advance of": a bare trigger noun in one of the type's fixed prepositional phrases."""
    return ((token.head.lower_, token.lemma_.casefold()) in t.idioms and token.dep_ == "pobj"
            and not any(c.dep_ in {"det", "poss"} for c in token.children))


def _dependents(token: Token) -> list[tuple[Token, str]]:
    """A word's dependents with their relations; a passive verb coordinated without a subject of
    its own ("were held … and released") has its first conjunct's subject as its passive one."""
    children = [(c, c.dep_) for c in token.children]
    passive = any(dep == "auxpass" for _, dep in children)
    if token.dep_ == "conj" and passive and not any(dep in {"nsubj", "nsubjpass"} for _, dep in children):
        children += [(c, "nsubjpass") for c in token.head.children if c.dep_ in {"nsubj", "nsubjpass"}]
    return children


def _matches(verb: Token, pattern: Pattern) -> bool:
    """The verb has the pattern's dependent: an object or particle of its list, an object of
    its entity labels, or (with `prepositions`) such an entity in one of those phrases; not
    with a prepositional object among its `not_objects` ("returned to power")."""
    if any(g.dep_ == "pobj" and g.lemma_.casefold() in pattern.not_objects
           for c, _ in _dependents(verb) if c.dep_ == "prep" for g in c.children):
        return False
    if pattern.prepositions:
        return any(c.dep_ == "prep" and c.lower_ in pattern.prepositions and not _is_time_phrase(c)
                   and any(g.dep_ == "pobj" and _is_entity(g, pattern.object_entities) for g in c.children)
                   for c, _ in _dependents(verb))
    return _has_object(verb, pattern.objects, pattern.object_entities)


def _has_object(token: Token, lemmas: frozenset[str], entities: frozenset[str]) -> bool:
    for child, dep in _dependents(token):
        if dep not in _OBJECT_DEPS or dep == "prep" and (_is_time_phrase(child) or _is_measure_phrase(child)):
            continue  # "called Ruto on Monday", "fell to $60": a date's or an amount's preposition is no
            # particle of the verb
        if child.lemma_.casefold() in lemmas or child.lower_ in lemmas or (entities and child.dep_ == "dobj"
                                                                          and _is_entity(child, entities)):
            return True
        if child.dep_ == "prep" and any(g.lemma_.casefold() in lemmas for g in child.children if g.dep_ == "pobj"):
            return True
        if dep in _COUNTED_DEPS and any(g.lemma_.casefold() in lemmas for c in child.children
                                               if c.dep_ == "prep" and c.lower_ == "of"
                                               for g in c.children if g.dep_ == "pobj"):
            return True
    return False


def _has_infinitive(verb: Token) -> bool:
    """ "agreed to suspend": a verb with a to-infinitive complement."""
    return any(c.dep_ == "xcomp" and c.pos_ == "VERB" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children)
               for c in verb.children)


def _is_time_phrase(preposition: Token) -> bool:
    """ "on Monday", "in March": a prepositional phrase whose objects are all times."""
    objects = [g for g in preposition.children if g.dep_ == "pobj"]
    return bool(objects) and all(g.ent_type_ in {"DATE", "TIME"} for g in objects)


def _is_measure_phrase(preposition: Token) -> bool:
    """ "to $60", "by 3%": a prepositional phrase whose objects are all amounts."""
    objects = [g for g in preposition.children if g.dep_ == "pobj"]
    return bool(objects) and all(g.ent_type_ in _MEASURE_ENTITIES for g in objects)


def _is_entity(token: Token, entities: frozenset[str]) -> bool:
    """A token of one of the entity labels; a place the gazetteer knows counts as a place
    whatever the NER made of it ("entered Bukavu", tagged a person); a known actor does not
    ("Hamas" is no "Hamm")."""
    if token.ent_type_ in entities:
        return True
    if not entities & _PLACE_ENTITIES or token.pos_ != "PROPN" or token.ent_type_ in {"ORG", "NORP"}:
        return False
    name = token.doc[min((c.i for c in token.children if c.dep_ == "compound"), default=token.i):token.i + 1].text
    return gazetteer.place_name(name) is not None and (gazetteer.actor_name(name, date.min) is None
                                                        or gazetteer.is_listed_place(name))


def _has_thing_object(token: Token) -> bool:
    """ "advanced his plan": a direct object that is neither a place nor a counted distance
    ("advanced 10 kilometres")."""
    return any(c.dep_ == "dobj" and c.ent_type_ not in _PLACE_ENTITIES and not any(g.dep_ == "nummod" for g in c.children)
               for c in token.children)


def _has_named_object(token: Token) -> bool:
    """ "received Zelensky" is a meeting; "received support" is not."""
    if any(c.dep_ == "oprd" for c in token.children) and any(c.dep_ == "dobj" for c in token.children):
        return False  # "called it the Reinvestment Fund": naming, not calling
    return any(c.dep_ in {"dobj", "oprd"} and (c.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"} or c.pos_ == "PROPN"
                                               or _is_titled_person(c))
               for c in token.children)


def _has_person_subject(verb: Token) -> bool:
    """ "the president fled the country", "Assad fled", "he fled": the verb's subject (or that
    of the verb it is coordinated with) is a person: a person's name, a noun of office, he/she."""
    while verb.dep_ == "conj" and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in verb.children):
        verb = verb.head
    persons = domain_pack.load().person_titles
    return any(c.dep_ in {"nsubj", "nsubjpass"} and (c.ent_type_ == "PERSON" or c.lower_ in {"he", "she"}
                                                     or c.lemma_.casefold() in persons
                                                     or gazetteer.is_person(gazetteer.actor_name(c.text, date.max) or ""))
               for c in verb.children)


def _is_titled_person(token: Token) -> bool:
    """ "his Chilean counterpart", "Peru's president": a noun of office told with whose it is."""
    return token.lemma_.casefold() in domain_pack.load().person_titles and any(
        c.dep_ in {"amod", "compound", "poss", "nmod"}
        and (c.ent_type_ in {"NORP", "GPE"} or gazetteer.country_of_demonym(c.text) is not None) for c in token.children)


def _clause_of(token: Token) -> Token:
    """The verb that tells a noun trigger: one acting on it ("launched an offensive", "the
    summit was cancelled") or one of occurrence with it as subject ("the talks began")."""
    trigger_token = token
    if token.pos_ not in _NOUN_TAGS:
        return token
    token = _first_conjunct(token)  # "held talks and a meeting": the meeting is held too
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.dep_ == "dobj":
        # "held five hours of talks", "approved a package of sanctions": the measure's verb
        token, head = head.head, head.head.head
    cues, lemma = domain_pack.load().cues, head.lemma_.casefold()
    if token.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in {"VERB", "AUX"} \
            and f"{head.head.lemma_.casefold()} {head.lower_}" in cues.object_verbs:
        return head.head  # "came under attack": the verb with its preposition carries the noun
    if head.pos_ not in {"VERB", "AUX"}:
        return trigger_token
    if (token.dep_ in _SUPPORTED_DEPS and lemma in cues.object_verbs
            or token.dep_ == "nsubj" and lemma in cues.subject_verbs and not _predicated(head)):
        return head
    return trigger_token


def _first_conjunct(token: Token) -> Token:
    """The noun a coordinated noun is a conjunct of: where the coordination stands in its clause."""
    while token.dep_ == "conj" and token.head.pos_ in _NOUN_TAGS and token.head.i != token.i:
        token = token.head
    return token


def _predicated(verb: Token) -> bool:
    """A copula that says what its subject is ("the vote was fair"), not when or where it was."""
    return any(c.dep_ in {"acomp", "attr"} for c in verb.children)


def is_reference(trigger: Trigger) -> bool:
    """ "since the invasion", "after the summit", "ahead of Friday's meeting": an event named as
    a point of reference, whose date is not that of the clause it is named in."""
    token = trigger.token
    if token.dep_ not in {"pobj", "pcomp"}:
        return False
    preposition = token.head
    references = domain_pack.load().cues.reference_prepositions
    return (preposition.lemma_.casefold() in references
            or preposition.head.lemma_.casefold() in references and preposition.dep_ == "prep")
