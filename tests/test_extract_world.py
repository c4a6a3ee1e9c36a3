"""Extraction beyond the Russia–Ukraine war: emergency rule, protests, appointments, rulers
fleeing, armed groups of other conflicts (sentences written for these tests)."""

from __future__ import annotations

from datetime import date

from transforms.extract import extract_mentions
from transforms.sentences import split_sentences

_PUBLISHED = date(2025, 3, 12)  # a Wednesday


def mentions_of(text: str, published_on: date = _PUBLISHED):
    return extract_mentions("w1", text, split_sentences(text), published_on)


def kinds(text: str) -> list[tuple[str, date | None]]:
    return [(m.event_type, m.event_date) for m in mentions_of(text)]


def test_a_curfew_is_emergency_rule() -> None:
    assert kinds("The army imposed a curfew on the capital on Monday after days of unrest.") == [
        ("martial_law", date(2025, 3, 10))]


def test_crowds_taking_to_the_streets_are_one_protest() -> None:
    assert kinds("Thousands of demonstrators took to the streets of Dhaka on Sunday.") == [
        ("protest", date(2025, 3, 9))]


def test_a_march_is_a_protest_but_the_month_is_not() -> None:
    assert kinds("A protest march through the city centre was held on Saturday.") == [("protest", date(2025, 3, 8))]
    assert kinds("Opposition supporters marched on parliament on Tuesday.") == [("protest", date(2025, 3, 11))]
    assert [k for k, _ in kinds("M23 rebels seized Goma on March 3, officials said.")] == ["capture"]


def test_an_office_given_is_an_appointment() -> None:
    appointed = mentions_of("The president appointed Ahmed Karimi as prime minister on Monday.")
    assert [(m.event_type, m.event_date, m.participants) for m in appointed] == [
        ("appointment", date(2025, 3, 10), ("Ahmed Karimi",))]
    assert kinds("Mirza Haddad was sworn in as prime minister on Friday.") == [("appointment", date(2025, 3, 7))]
    assert kinds("Mirza Haddad was named prime minister on Friday.") == [("appointment", date(2025, 3, 7))]


def test_naming_an_operation_is_no_appointment() -> None:
    assert "appointment" not in [k for k, _ in kinds(
        "The army said its campaign, named Operation Dawn, hit nine sites on Wednesday.")]


def test_a_ruler_fleeing_the_country_is_removed_civilians_fleeing_are_not() -> None:
    fled = [m for m in mentions_of("Prime Minister Lena Varga fled the country on Monday.")]
    assert [(m.event_type, m.event_date, m.participants) for m in fled] == [
        ("resignation", date(2025, 3, 10), ("Lena Varga",))]
    assert kinds("More than 20,000 civilians fled the country on Monday.") == []


def test_armed_groups_of_other_conflicts_are_known_actors() -> None:
    taken = mentions_of("HTS fighters captured Aleppo on Saturday.")
    assert [(m.event_type, m.participants, m.locations) for m in taken] == [
        ("capture", ("Hayat Tahrir al-Sham",), ("Aleppo",))]
    assert mentions_of("The Taleban seized Kabul on Sunday.")[0].participants == ("Taliban",)


def test_a_date_that_spells_out_a_groups_abbreviation_dates_nothing() -> None:
    swept = mentions_of("On the morning of 27 January, March 23 (M23) rebels swept into Goma.")
    assert [(m.event_type, m.event_date, m.participants, m.locations) for m in swept] == [
        ("capture", date(2025, 1, 27), ("M23",), ("Goma",))]


def test_a_vote_that_enacts_an_act_is_that_act() -> None:
    impeached = mentions_of("Borduria's parliament voted to impeach President Karl Ostrom on Saturday.")
    assert [(m.event_type, m.event_date, m.participants) for m in impeached] == [
        ("impeachment", date(2025, 3, 8), ("Borduria", "Karl Ostrom"))]
    assert kinds("Lawmakers voted on Wednesday to lift martial law.") == [("martial_law", date(2025, 3, 12))]
    assert kinds("The senate voted on Tuesday to end the state of emergency.") == [("martial_law", date(2025, 3, 11))]
    assert kinds("On Saturday, the parliament held a vote to impeach the prime minister.") == [
        ("impeachment", date(2025, 3, 8))]


def test_a_vote_on_a_law_stays_a_vote() -> None:
    assert kinds("The parliament voted to approve the new constitution on Monday.") == [("election", date(2025, 3, 10))]


def test_the_owner_of_a_body_that_acts_takes_part() -> None:
    downed = mentions_of("Pakistan's forces shot down five aircraft on Wednesday.")
    assert [(m.event_type, m.participants) for m in downed] == [("strike", ("Pakistan",))]


def test_a_stance_on_an_event_is_a_statement_not_the_event() -> None:
    condemned = mentions_of("Foreign Minister Anna Berg condemned the strike on Tuesday.")
    assert [(m.event_type, m.event_date, m.participants) for m in condemned] == [
        ("statement", date(2025, 3, 11), ("Anna Berg",))]
    assert kinds("Chile condemned the strike on the port on Tuesday.") == []  # a country's stance: no statement
    assert kinds("Senator Jane Doe welcomed the ceasefire on Monday.") == [("statement", date(2025, 3, 10))]


def test_a_family_name_written_first_is_the_full_name_used_before() -> None:
    text = "President Han Do-jin declared martial law on Tuesday. Parliament voted to impeach Han on Saturday."
    impeachment = [m for m in mentions_of(text) if m.event_type == "impeachment"]
    assert [m.participants[-1] for m in impeachment] == ["Han Do-jin"]


def test_a_surname_keeps_all_the_given_names_used_before() -> None:
    text = ("Prime Minister Muhammad Tariq Qadri convened a meeting on Saturday. "
            "Qadri met the army chiefs on Sunday.")
    assert [m.participants for m in mentions_of(text)] == [("Muhammad Tariq Qadri",), ("Muhammad Tariq Qadri",)]


def test_titles_and_function_words_before_a_name_are_no_given_names() -> None:
    text = ("Chief of Staff Pavel Rudin spoke on Monday. Yet Rudin visited the front on Tuesday. "
            "Rudin met Zelensky on Wednesday.")
    assert {p for m in mentions_of(text) for p in m.participants if "Rudin" in p} == {"Pavel Rudin"}
