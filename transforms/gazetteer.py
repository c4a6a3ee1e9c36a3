"""Dictionaries of actors and places (shipped in `transforms/data/`), matched in text.

Hand-written matching because the domain needs what general NER lacks: canonical names
("Zelenskiy" and "the Ukrainian president" are one person), titles bound to terms of office, and
capitals that stand for governments.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

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
    roles_by_title: dict[str, tuple[_Role, ...]]
    place_pattern: re.Pattern[str]
    place_by_alias: dict[str, str]
    metonym_of: dict[str, str]  # place name → the actor it stands for outside locative phrases


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
    data = resources.files("transforms.data")
    actors = tomllib.loads(data.joinpath("actors.toml").read_text(encoding="utf-8"))
    places = tomllib.loads(data.joinpath("places.toml").read_text(encoding="utf-8"))

    actor_by_alias = {alias: a["name"] for a in actors["actor"] for alias in a["aliases"]}
    roles: dict[str, list[_Role]] = {}
    for role in actors.get("role", []):
        for title in role["titles"]:
            roles.setdefault(_key(title), []).append(
                _Role(role["actor"], date.fromisoformat(role["from"]), date.fromisoformat(role["until"]))
            )
    titles = frozenset(t for role in actors.get("role", []) for t in role["titles"])
    actor_pattern = re.compile(_alternation([*actor_by_alias, *titles], ignore_case=titles))
    place_by_alias = {alias: p["name"] for p in places["place"] for alias in p["aliases"]}
    metonym_of = {p["name"]: p["metonym_of"] for p in places["place"] if "metonym_of" in p}
    return Gazetteer(
        actor_pattern=actor_pattern,
        actor_by_alias=actor_by_alias,
        persons=frozenset(a["name"] for a in actors["actor"] if a.get("kind", "person") == "person"),
        roles_by_title={k: tuple(v) for k, v in roles.items()},
        place_pattern=re.compile(_alternation(list(place_by_alias))),
        place_by_alias=place_by_alias,
        metonym_of=metonym_of,
    )


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
    """Actors named in `text`; titles resolve to whoever held the office `on` that day."""
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


def find_places(text: str) -> list[Match]:
    gazetteer = load()
    return [
        place for place in _place_matches(text)
        if place.name not in gazetteer.metonym_of or _is_locative(text, place.start)
    ]


def _place_matches(text: str) -> list[Match]:
    gazetteer = load()
    return [Match(m.start(), m.end(), gazetteer.place_by_alias[m.group()])
            for m in gazetteer.place_pattern.finditer(text)]


def _is_locative(text: str, start: int) -> bool:
    return bool(_LOCATIVE.search(text[max(0, start - 30):start]))
