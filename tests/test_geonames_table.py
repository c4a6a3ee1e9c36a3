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
