"""Who a definite description of a person that is a clause's subject stands for.

News refers back to the person it named by office or age ("the president said", "the
79-year-old arrived"): such a subject, with no name, possessor, country or "of" phrase of its
own, stands for the person named last, when that reading is unambiguous — the description's
office is one the pack lists for exactly one of the persons named just before, or just one
person is named in the previous sentence and in the sentence up to the subject.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from spacy.tokens import Doc, Token

from transforms import domain_pack, gazetteer

_WINDOW = 400  # characters before the subject searched for the persons it may stand for
_NAMING_DEPS = {"poss", "compound", "amod", "nmod", "appos"}
_NAME_ENTITIES = {"PERSON", "ORG", "GPE", "LOC", "FAC"}
_PERSON_LABELS = {"PERSON", "ORG"}
_PARTY_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj"}


def described_person(subject: Token, previous: Callable[[], Doc | None], on: date, text_before: str) -> list[str]:
    """The person a definite description subject stands for, as a one-name list, else []."""
    if not _is_bare_description(subject):
        return []
    named = _persons_named(text_before + subject.doc.text[:subject.idx], on)
    agreeing = [p for p in dict.fromkeys(named) if subject.lemma_.casefold() in _office_words(p, on)]
    if len(agreeing) == 1:
        return agreeing
    near = _by_surname(_persons_near(subject, previous, on))
    if len(near) != 1 or named and _surname(named[-1]) not in near:
        return []
    return named[-1:] or list(near.values())


def _is_bare_description(token: Token) -> bool:
    """ "the president", "the Republican leader", "the 79-year-old": a subject headed by a
    noun of office (or an age) with the definite article, nothing in it naming anyone."""
    if token.tag_ in {"NNS", "NNPS"} or not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
        return False
    if token.lemma_.casefold() not in domain_pack.load().person_titles and not is_age(token):
        return False
    return not any(c.dep_ == "prep" or c.dep_ in _NAMING_DEPS and _names_someone(c) for c in token.children)


def is_age(token: Token) -> bool:
    """ "the 79-year-old": an age standing for a person."""
    return token.lower_ == "old" and any(c.lemma_ == "year" and any(g.dep_ == "nummod" for g in c.children)
                                         for c in token.children)


def _names_someone(modifier: Token) -> bool:
    """A modifier that names a party or place itself ("the Kenyan president", "Trump's envoy")."""
    return (modifier.dep_ == "poss" or modifier.pos_ == "PROPN" and modifier.ent_type_ != "NORP"
            or modifier.ent_type_ in _NAME_ENTITIES or gazetteer.country_of_demonym(modifier.text) is not None)


def _persons_named(text: str, on: date) -> list[str]:
    """The known persons `text`'s last characters name, in order (quotations left out)."""
    return [m.name for m in gazetteer.find_actors(gazetteer.mask_quotations(text[-_WINDOW:]), on)
            if gazetteer.is_person(m.name)]


def _office_words(person: str, on: date) -> frozenset[str]:
    """The words of the offices the pack lists `person` holding on that day."""
    roles = gazetteer.load().roles_by_title
    return frozenset(w for title, held in roles.items() for r in held
                     if r.actor == person and r.valid_from <= on < r.valid_until for w in title.split())


def _persons_near(subject: Token, previous: Callable[[], Doc | None], on: date) -> set[str]:
    """The persons the previous sentence and this one up to the subject name: those the pack
    knows, and those the NER takes for persons or organisations the pack does not know (the NER
    often takes a surname alone for an organisation), or leaves unlabelled as a party."""
    earlier = previous()
    spans = [*(earlier.ents if earlier is not None else ()), *(e for e in subject.doc.ents if e.end <= subject.i)]
    names = {p for e in spans if e.label_ in _PERSON_LABELS for p in [_person_of(e.text, on)] if p}
    names |= {p for t in _unlabelled_names(earlier, subject) for p in [_person_of(t.text, on)] if p}
    text = (earlier.text + " " if earlier is not None else "") + subject.doc.text[:subject.idx]
    return names | set(_persons_named(text, on))


def _unlabelled_names(earlier: Doc | None, subject: Token) -> list[Token]:
    """Proper nouns the NER left unlabelled as a clause's subject or object, before the subject."""
    tokens = [*(earlier or ()), *subject.doc[:subject.i]]
    return [t for t in tokens if t.pos_ == "PROPN" and not t.ent_type_ and t.dep_ in _PARTY_DEPS]


def _by_surname(names: set[str]) -> dict[str, str]:
    """Names by their last word ("Ruto" and "William Ruto" are one person), each the longest."""
    out: dict[str, str] = {}
    for name in sorted(names, key=len):
        out[_surname(name)] = name
    return out


def _surname(name: str) -> str:
    return name.split()[-1].casefold()


def _person_of(text: str, on: date) -> str | None:
    """The known person a name stands for (a surname of a known person's full name included),
    else the name as written (a person nobody listed); None for a known non-person."""
    known = gazetteer.actor_name(gazetteer.normalise_name(text), on)
    if known is not None:
        return known if gazetteer.is_person(known) else None
    found = [m.name for m in gazetteer.find_actors(text, on) if gazetteer.is_person(m.name)]
    return found[-1] if found else gazetteer.normalise_name(text)
