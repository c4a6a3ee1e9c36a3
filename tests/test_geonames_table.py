"""The GeoNames table shipped in the repo is what the installed package gives."""

from transforms import domain_pack, geonames_table


def test_shipped_table_matches_the_installed_package():
    minimum = domain_pack.load().min_city_population
    shipped = geonames_table.places(minimum)
    built = geonames_table.from_package(minimum)
    assert shipped == built
    assert shipped[0]["Kiev"] == "Kyiv" and "Ukraine" in shipped[1]


def test_table_is_read_only_when_built_for_the_same_minimum(tmp_path):
    table = tmp_path / "places.tsv"
    table.write_text(geonames_table._header(15000) + "\nplace\tNorthwick\tNorthwyck\tNordwick\ncountry\tFreedonia\tFredonia\n",
                     encoding="utf-8")
    names, countries = geonames_table.places(15000, table)
    assert names == {"Northwyck": "Northwick", "Nordwick": "Northwick", "Fredonia": "Freedonia"}
    assert countries == frozenset({"Freedonia"})
    # a table built for another minimum population is not used: the package is read instead
    names, _ = geonames_table.places(50000, table)
    assert "Northwyck" not in names and names["Paris"] == "Paris"


def test_a_place_is_shown_by_a_plain_spelling_of_its_name():
    # GeoNames' own name when it is plain ASCII
    assert geonames_table.readable_name("Northwick", ["Nordwick"]) == "Northwick"
    # a marked transliteration: the plain alternate that spells it, closest in length
    assert geonames_table.readable_name("Qalʻat Ḩaşīn", ["Qalat Hasin", "Kala Hassin", "Qalat Hasin Town"]) == "Qalat Hasin"
    # no plain alternate spells it: the name with its marks folded away
    assert geonames_table.readable_name("Tūrān", ["Touraine"]) == "Turan"


def test_shipped_places_are_shown_without_transliteration_marks():
    names, _ = geonames_table.places(domain_pack.load().min_city_population)
    assert all(name.isascii() for name in set(names.values()))
    assert names["Rafah"] == "Rafah" and names["Tulkarm"] == "Tulkarm"
