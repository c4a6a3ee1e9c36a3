"""One spelling per place for resolution, and which places are towns.

Outlets transliterate a place differently ("-Sheik" and "-Sheikh", a dropped silent letter, a
doubled consonant, a hyphen for a space, accents): extraction keeps a spelling the gazetteer does
not list as it was written, and resolution would take the two for two places. A spelling the
gazetteer lists is kept as extraction gave it; one it does not list takes the canonical name
of the only listed place with the same spelling skeleton (letters folded to ASCII and lower case,
without the silent "h", doubled letters single, nothing but letters). Where two listed places
share a skeleton, or the skeleton is short, the spelling is left as written.

Participants the domain pack does not know as actors are respelled the same way, except that
a spelling the gazetteer lists takes the canonical name extraction gives the place as a
location (a participant keeps the text's spelling: "Kiev" there is "Kyiv" here).

A town is a GeoNames place that is not a country: two mentions naming only different towns tell
different events, whatever else they share.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache, lru_cache

from transforms import gazetteer
from transforms.geonames_table import skeleton

_MIN_SKELETON = 5  # shorter skeletons ("doa") stand for too many spellings


@cache
def _places() -> tuple[dict[str, str], frozenset[str]]:
    """Skeleton → the one listed place name it stands for; and the towns."""
    spellings, countries = gazetteer.geonames()
    names = set(spellings.values())
    by_skeleton: dict[str, set[str]] = defaultdict(set)
    for name in names:
        by_skeleton[skeleton(name)].add(name)
    unique = {key: next(iter(found)) for key, found in by_skeleton.items()
              if len(found) == 1 and len(key) >= _MIN_SKELETON}
    return unique, frozenset(names - countries)


@lru_cache(maxsize=65536)
def place_spelling(name: str) -> str:
    """The spelling resolution compares a place by (see the module's doc)."""
    if gazetteer.place_name(name) is not None:
        return name  # a listed spelling, as extraction gave it
    return _places()[0].get(skeleton(name), name)


@lru_cache(maxsize=65536)
def participant_spelling(name: str) -> str:
    """A participant as resolution compares it: an actor the domain pack knows as written, any
    other name as a place (one outlet's participant is another's place): a spelling the
    gazetteer lists under the canonical name extraction gives the place as a location, any
    other as `place_spelling` respells it."""
    if name in gazetteer.load().kinds:
        return name
    return gazetteer.place_name(name) or place_spelling(name)


@lru_cache(maxsize=65536)
def is_town(name: str) -> bool:
    return name in _places()[1]
