"""The domain pack: what newsline knows about a domain, loaded from TOML files, not code.

A pack is a directory of five files (the default one ships in `transforms/domain/`):
`event_types.toml` (types, families, trigger lemmas and patterns), `cues.toml` (status cue
lists), `actors.toml` (canonical actors, aliases, titles bound to terms of office, background
actors, title words), `places.toml` (regions and sites GeoNames lacks, metonyms) and
`demonyms.toml`. Set `NEWSLINE_DOMAIN_PACK` to a directory of your own to use another pack; a
new conflict is a data change there. The format is documented in the files themselves.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

DEFAULT_PACK = Path(__file__).parent / "domain"
PACK_VARIABLE = "NEWSLINE_DOMAIN_PACK"


@dataclass(frozen=True)
class Pattern:
    """A verb that tells an event together with one of its dependents ("take control")."""

    verbs: frozenset[str]
    objects: frozenset[str] = frozenset()
    object_entities: frozenset[str] = frozenset()
    # with `prepositions`, the entity is the object of one of them instead ("swept into Goma")
    prepositions: frozenset[str] = frozenset()
    not_objects: frozenset[str] = frozenset()  # a prepositional object among these: no match


@dataclass(frozen=True)
class NounWith:
    """Nouns that tell an event only with a dependent among `with` ("phone call")."""

    nouns: frozenset[str]
    dependents: frozenset[str]


@dataclass(frozen=True)
class EventType:
    name: str
    family: str
    description: str
    verbs: frozenset[str]
    nouns: frozenset[str]
    nouns_with: tuple[NounWith, ...]
    # nouns that tell the event only as the subject or object of one of the verbs (`dependents`
    # holds the verb lemmas): "the war broke out", "fighting erupted", "launched a war"
    nouns_under: tuple[NounWith, ...]
    patterns: tuple[Pattern, ...]
    forms: frozenset[str]
    statement: bool = False
    plural_only: frozenset[str] = frozenset()
    needs_object: frozenset[str] = frozenset()
    without_object: frozenset[str] = frozenset()  # verb lemmas that tell it only without a thing as object
    needs_parties: frozenset[str] = frozenset()  # verb lemmas that tell the event only with two parties
    person_subject: frozenset[str] = frozenset()  # verb lemmas that tell the event only with a person subject
    object_is_place: bool = False
    needs_participant: bool = False
    idioms: frozenset[tuple[str, str]] = frozenset()  # (preposition, noun): no event there
    not_with: frozenset[str] = frozenset()  # modifiers that make a noun of this type another's
    stands_alone: bool = False  # told by its type and a day the parse attaches, without a party or place
    continuing: bool = False  # told as going on at publication, it is dated to the publication month
    brokered: bool = False  # made between two sides, often through a third party that announces it


@dataclass(frozen=True)
class StatusCues:
    """Lemmas that make a mention negated, hypothetical, planned or ongoing (see cues.toml)."""

    negations: frozenset[str]
    negating_governors: frozenset[str]
    negating_modifiers: frozenset[str]
    modals: frozenset[str]
    conditions: frozenset[str]
    wishing_governors: frozenset[str]
    hypothetical_modifiers: frozenset[str]
    future_auxiliaries: frozenset[str]
    planning_governors: frozenset[str]
    planned_modifiers: frozenset[str]
    rest_of_period: frozenset[str]
    infinitive_planners: frozenset[str]
    ongoing_governors: frozenset[str]
    ongoing_modifiers: frozenset[str]
    reporting_verbs: frozenset[str]
    reference_prepositions: frozenset[str]
    occasion_prepositions: frozenset[str]
    same_day_prepositions: frozenset[str]
    simultaneous_subordinators: frozenset[str]
    enacting: frozenset[str]
    stance_prefixes: tuple[str, ...]
    bound_prepositions: frozenset[str]
    span_starts: frozenset[str]
    present_auxiliaries: frozenset[str]
    pair_words: frozenset[str]
    country_words: frozenset[str]
    calendar_feasts: frozenset[str]
    caption_words: frozenset[str]
    caption_marks: frozenset[str]
    timestamp_labels: frozenset[str]
    timestamp_joiners: frozenset[str]
    obligations: frozenset[str]
    subject_verbs: frozenset[str]
    object_verbs: frozenset[str]
    brokering_verbs: frozenset[str] = frozenset()
    proposals: frozenset[str] = frozenset()


@dataclass(frozen=True, eq=False)
class DomainPack:
    directory: Path
    types: tuple[EventType, ...]  # most specific first
    cues: StatusCues
    actors: tuple[dict, ...]
    roles: tuple[dict, ...]
    background_actors: frozenset[str]
    title_words: frozenset[str]
    person_titles: frozenset[str]
    institution_titles: frozenset[str]
    places: tuple[dict, ...]
    min_city_population: int
    demonyms: dict[str, str]

    # Derived word sets, made once per pack (hashing the types is costly; the prefilter reads
    # them per word).
    @cached_property
    def trigger_forms(self) -> frozenset[str]:
        return _trigger_forms(self.types)

    @cached_property
    def continuing_forms(self) -> frozenset[str]:
        """The written forms of the trigger lemmas of `continuing` types (not of the nouns that
        tell them only under a verb, "fighting erupted")."""
        return _continuing_forms(self.types)

    @cached_property
    def present_forms(self) -> frozenset[str]:
        """Words that may tell a present: ongoing modifiers, present auxiliaries and the forms of
        the verbs that keep an event going ("continues")."""
        return _present_forms(self.cues)

    @cached_property
    def trigger_lemmas(self) -> frozenset[str]:
        """Every lemma that may head a trigger (a verb, a noun, a pattern's verb)."""
        return _trigger_lemmas(self.types)


def load(directory: str | Path | None = None) -> DomainPack:
    """The pack in `directory`, else in $NEWSLINE_DOMAIN_PACK, else the bundled one."""
    chosen = directory or os.environ.get(PACK_VARIABLE) or DEFAULT_PACK
    return _load(_resolved(str(chosen)))


@cache
def _resolved(directory: str) -> Path:
    return Path(directory).resolve()  # file-system calls: once per name, not on every load()


@cache
def _load(directory: Path) -> DomainPack:
    def read(name: str) -> dict:
        path = directory / name
        if not path.is_file():
            raise FileNotFoundError(f"domain pack {directory}: {name} is missing")
        return tomllib.loads(path.read_text(encoding="utf-8"))

    types, cues, actors, places = (read(f"{n}.toml") for n in ("event_types", "cues", "actors", "places"))
    return DomainPack(
        directory=directory,
        types=tuple(_event_type(t) for t in types["type"]),
        cues=_cues(cues),
        actors=tuple(actors.get("actor", [])),
        roles=tuple(actors.get("role", [])),
        background_actors=frozenset(actors.get("background", {}).get("actors", [])),
        title_words=frozenset(w.casefold() for w in actors.get("titles", {}).get("words", [])),
        person_titles=_words(actors.get("titles", {}).get("persons", [])),
        institution_titles=_words(actors.get("titles", {}).get("institutions", [])),
        places=tuple(places.get("place", [])),
        min_city_population=int(places.get("gazetteer", {}).get("min_population", 15000)),
        demonyms=dict(read("demonyms.toml").get("demonym", {})),
    )


def _words(values) -> frozenset[str]:
    return frozenset(v.casefold() for v in values)


def _event_type(t: dict) -> EventType:
    verbs, patterns = set(), []
    for verb in t.get("verbs", []):
        head, *rest = verb.split()
        if rest:  # a phrasal verb is a verb with its particle: "shoot down"
            patterns.append(Pattern(frozenset({head}), frozenset(rest)))
        else:
            verbs.add(head)
    nouns, nouns_with = set(), []
    for noun in t.get("nouns", []):
        *modifiers, head = noun.split()
        if modifiers:  # "ground operation": the head noun with its modifier
            nouns_with.append(NounWith(frozenset({head}), frozenset(modifiers)))
        else:
            nouns.add(head)
    nouns_with += [NounWith(_words(n["noun"]), _words(n["with"])) for n in t.get("nouns_with", [])]
    patterns += [Pattern(_words(p["verb"]), _words(p.get("object", [])), frozenset(p.get("object_entity", [])),
                         _words(p.get("preposition", [])), _words(p.get("not_object", [])))
                 for p in t.get("patterns", [])]
    return EventType(
        name=t["name"], family=t.get("family", t["name"]), description=t.get("description", ""),
        verbs=frozenset(verbs), nouns=frozenset(nouns), nouns_with=tuple(nouns_with),
        nouns_under=tuple(NounWith(_words(n["noun"]), _words(n["verb"])) for n in t.get("nouns_under", [])),
        patterns=tuple(patterns), forms=_words(t.get("forms", [])), statement=bool(t.get("statement")),
        plural_only=_words(t.get("plural_only", [])), needs_object=_words(t.get("needs_object", [])),
        needs_parties=_words(t.get("needs_parties", [])), without_object=_words(t.get("without_object", [])), person_subject=_words(t.get("person_subject", [])),
        object_is_place=bool(t.get("object_is_place")), needs_participant=bool(t.get("needs_participant")),
        idioms=frozenset(tuple(i.casefold().split(maxsplit=1)) for i in t.get("idioms", [])),
        not_with=_words(t.get("not_with", [])), stands_alone=bool(t.get("stands_alone")),
        continuing=bool(t.get("continuing")), brokered=bool(t.get("brokered")),
    )


def _cues(c: dict) -> StatusCues:
    def words(section: str, key: str) -> frozenset[str]:
        return _words(c.get(section, {}).get(key, []))

    return StatusCues(
        negations=words("negated", "negations"), negating_governors=words("negated", "governors"),
        negating_modifiers=words("negated", "modifiers"), modals=words("hypothetical", "modals"),
        conditions=words("hypothetical", "conditions"), wishing_governors=words("hypothetical", "governors"),
        hypothetical_modifiers=words("hypothetical", "modifiers"),
        future_auxiliaries=words("planned", "auxiliaries"), planning_governors=words("planned", "governors"),
        planned_modifiers=words("planned", "modifiers"), rest_of_period=words("planned", "rest_of_period"),
        infinitive_planners=words("planned", "infinitive_only"),
        ongoing_governors=words("ongoing", "governors"),
        ongoing_modifiers=words("ongoing", "modifiers"), reporting_verbs=words("reporting", "verbs"),
        reference_prepositions=words("reference", "prepositions"),
        occasion_prepositions=words("occasion", "prepositions"), same_day_prepositions=words("reference", "same_day"),
        simultaneous_subordinators=words("occasion", "simultaneous"), enacting=words("occasion", "enacting"),
        stance_prefixes=tuple(sorted(words("stance", "prefixes"))),
        bound_prepositions=words("reference", "bounds"), span_starts=words("reference", "span_starts"),
        present_auxiliaries=words("news", "present_auxiliaries"),
        pair_words=words("anaphora", "pair_words"), country_words=words("anaphora", "country_words"),
        calendar_feasts=words("calendar", "feasts"),
        caption_words=words("captions", "words"), caption_marks=words("captions", "position_marks"),
        timestamp_labels=words("captions", "timestamp_labels"),
        timestamp_joiners=words("captions", "timestamp_joiners"),
        obligations=words("hypothetical", "obligations"), subject_verbs=words("support", "subject_verbs"),
        object_verbs=words("support", "object_verbs"), brokering_verbs=words("support", "brokering_verbs"),
        proposals=words("hypothetical", "proposals"),
    )


@cache
def _trigger_forms(types: tuple[EventType, ...]) -> frozenset[str]:
    """Every written form a trigger lemma may take, for the prefilter (over-generating is cheap)."""
    forms: set[str] = {f for t in types for f in t.forms}
    for lemma in _trigger_lemmas(types):
        forms |= _inflections(lemma)
    return frozenset(forms)


@cache
def _continuing_forms(types: tuple[EventType, ...]) -> frozenset[str]:
    forms: set[str] = set()
    for t in (t for t in types if t.continuing):
        lemmas = {*t.verbs, *t.nouns, *(n for nw in t.nouns_with for n in nw.nouns), *(v for p in t.patterns for v in p.verbs)}
        forms |= set(t.forms) | {f for lemma in lemmas for f in _inflections(lemma)}
    return frozenset(forms)


@cache
def _present_forms(cues: StatusCues) -> frozenset[str]:
    forms = {f for lemma in cues.ongoing_governors for f in _inflections(lemma)}
    return frozenset(forms | cues.ongoing_modifiers | cues.present_auxiliaries)


@cache
def _trigger_lemmas(types: tuple[EventType, ...]) -> frozenset[str]:
    lemmas: set[str] = set()
    for t in types:
        lemmas |= set(t.verbs) | set(t.nouns) | {n for nw in (*t.nouns_with, *t.nouns_under) for n in nw.nouns}
        lemmas |= {v for p in t.patterns for v in p.verbs}
    return frozenset(lemmas)


def _inflections(lemma: str) -> set[str]:
    stem = lemma[:-1] if lemma.endswith("e") and not lemma.endswith("ee") else lemma  # "freeing"
    out = {lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing", lemma + "d"}
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwy" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        out |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}  # "ban" → "banned"
    return out
