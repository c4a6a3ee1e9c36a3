from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from transforms import domain_pack
from transforms.extract import extract_mentions
from transforms.gazetteer import (actor_name, country_of_demonym, find_actors, find_places, mask_quotations,
                                  normalise_name, place_name)
from transforms.sentences import split_sentences


def mentions_of(text: str, published_on: date):
    return extract_mentions("a1", text, split_sentences(text), published_on)


def only(text: str, published_on: date, event_type: str | None = None):
    found = [m for m in mentions_of(text, published_on) if event_type in (None, m.event_type)]
    assert len(found) == 1, found
    return found[0]


# --- the sample corpus' phenomena (kept from the rule-based extractor) ---------------------------

def test_two_events_in_one_sentence_get_their_own_dates_people_and_places() -> None:
    text = ("Last Friday, President Donald Trump hosted Vladimir Putin for a bilateral summit in Alaska and "
            "then, on Monday, received Volodymyr Zelensky and a half-dozen European heads of state at the White House.")
    summit, meeting = mentions_of(text, date(2025, 8, 20))
    assert (summit.event_type, summit.event_date, summit.date_precision) == ("summit", date(2025, 8, 15), "day")
    assert summit.participants == ("Donald Trump", "Vladimir Putin") and summit.locations == ("Alaska",)
    assert (meeting.event_type, meeting.event_date) == ("meeting", date(2025, 8, 18))
    # Trump is the subject of both clauses.
    assert meeting.participants == ("Donald Trump", "Volodymyr Zelensky", "European leaders")
    assert meeting.locations == ("White House",)
    assert text[summit.trigger_start:summit.trigger_start + len(summit.trigger)] == "summit"
    assert (summit.status, summit.date_basis) == ("happened", "relative")


def test_a_preview_dates_the_coming_meeting_and_is_planned() -> None:
    text = "Russia is seeking weak points to exploit ahead of Friday’s meeting with US President Donald Trump."
    meeting = only(text, date(2025, 8, 12), "meeting")
    assert (meeting.event_date, meeting.status) == (date(2025, 8, 15), "planned")
    assert "Donald Trump" in meeting.participants


def test_titles_name_whoever_held_the_office_then() -> None:
    assert [m.name for m in find_actors("the Ukrainian president said", date(2025, 8, 18))] == ["Volodymyr Zelensky"]
    assert [m.name for m in find_actors("the US president said", date(2023, 5, 1))] == ["Joe Biden"]
    assert actor_name("the Ukrainian president", date(2025, 3, 1)) == "Volodymyr Zelensky"
    assert actor_name("Zelenskiy", date(2025, 3, 1)) == actor_name("Zelenskyy", date(2025, 3, 1)) == "Volodymyr Zelensky"


def test_capitals_are_places_only_after_a_locative() -> None:
    assert [m.name for m in find_places("the next meeting could be held in Moscow")] == ["Moscow"]
    assert find_places("Moscow insists on its demands") == []
    assert [m.name for m in find_actors("Moscow insists on its demands", date(2025, 8, 1))] == ["Russia"]


def test_people_inside_quotations_do_not_take_part() -> None:
    text = "“We’re going to work with Ukraine,” he said on Monday."
    assert mask_quotations(text).strip().startswith("he said")
    assert mentions_of(text, date(2025, 8, 18)) == []  # no named speaker: not an event we can tell


def test_dates_keep_their_precision_and_basis() -> None:
    text = "Having never been punished, such as when it annexed Crimea in 2014, Moscow would have little incentive."
    annexation = only(text, date(2025, 8, 16), "annexation")
    assert (annexation.event_date, annexation.date_precision, annexation.date_basis) == (date(2014, 1, 1), "year", "explicit")
    assert annexation.locations == ("Crimea",)


def test_a_wish_about_a_real_event_does_not_unmake_it() -> None:
    text = ("Zelensky had hoped that his own offensive last summer to take a big chunk of Russian territory "
            "would provide the leverage to force Russia to the table.")
    offensive = only(text, date(2025, 3, 15), "offensive")
    assert (offensive.event_date, offensive.date_precision, offensive.status) == (date(2024, 6, 1), "season", "happened")
    assert offensive.participants[0] == "Volodymyr Zelensky"


def test_a_date_that_names_another_event_does_not_date_this_one() -> None:
    text = ("Roughly 13,000 US troops remain in Afghanistan, 18 years after Washington invaded the "
            "country in the wake of the September 11, 2001 attacks.")
    invasion = only(text, date(2019, 11, 20), "invasion")
    assert invasion.event_date is None


# --- triggers by lemma and syntax ----------------------------------------------------------------

@pytest.mark.parametrize(("text", "event_type"), [
    ("Lula and Milei met in Vienna on Tuesday.", "meeting"),
    ("Iranian drones struck Erbil on Tuesday.", "strike"),
    ("Rebel fighters launched an offensive near Aleppo on Tuesday.", "offensive"),
    ("Government troops took control of Timbuktu on Tuesday.", "capture"),
    ("Armenia and Azerbaijan exchanged prisoners on Tuesday.", "prisoner_exchange"),
    ("Macron and Merz spoke by phone on Tuesday.", "call"),
    ("Serbia and Kosovo signed a deal in Brussels on Tuesday.", "agreement"),
    ("Thousands of students protested in Dhaka on Tuesday.", "protest"),
    ("The army seized power in Niamey on Tuesday.", "coup"),
    ("The prime minister of Ruritania, Anna Berg, stepped down on Tuesday.", "resignation"),
])
def test_triggers_are_lemmas_and_verb_object_patterns(text: str, event_type: str) -> None:
    mention = only(text, date(2025, 3, 20), event_type)
    assert (mention.event_date, mention.status) == (date(2025, 3, 18), "happened")


def test_a_demonym_subject_is_its_country_and_the_struck_city_a_place() -> None:
    mention = only("Russian troops struck Kharkiv on Monday.", date(2025, 6, 4), "strike")
    assert (mention.participants, mention.locations, mention.event_date) == (("Russia",), ("Kharkiv",), date(2025, 6, 2))


def test_an_actor_nobody_listed_is_kept_under_a_normalised_name() -> None:
    text = "Hungarian Prime Minister Viktor Orban met Slovak premier Robert Fico in Bratislava on Friday."
    mention = only(text, date(2025, 5, 12), "meeting")
    assert mention.participants == ("Viktor Orban", "Robert Fico") and mention.locations == ("Bratislava",)


def test_a_surname_alone_is_the_full_name_used_earlier() -> None:
    text = "Viktor Orban spoke at length. On Friday Orban met Robert Fico."
    mention = only(text, date(2025, 5, 12), "meeting")
    assert mention.participants[0] == "Viktor Orban"


# --- the date the parse attaches to the trigger --------------------------------------------------

def test_a_reporting_verbs_date_is_not_the_reported_events() -> None:
    text = "Sandu said on Thursday that the rebels had shelled Tiraspol on Monday."
    by_type = {m.event_type: m for m in mentions_of(text, date(2025, 2, 14))}
    assert by_type["statement"].event_date == date(2025, 2, 13)
    assert by_type["strike"].event_date == date(2025, 2, 10) and by_type["strike"].locations == ("Tiraspol",)


def test_an_undated_event_a_dated_report_tells_takes_the_reports_date() -> None:
    text = "The army said on Thursday that its units had retaken control of the village of Marinka."
    (capture,) = mentions_of(text, date(2025, 2, 14))  # the report is the capture's news, not a statement
    assert (capture.event_type, capture.event_date, capture.status) == ("capture", date(2025, 2, 13), "happened")
    planned = mentions_of("Sandu said on Thursday that she will meet Zelensky in Chisinau.", date(2025, 2, 14))
    assert [(m.event_type, m.event_date) for m in planned] == [("statement", date(2025, 2, 13)), ("meeting", None)]


def test_a_statement_needs_a_person_speaking() -> None:
    assert mentions_of("The agency said on Monday that prices rose.", date(2025, 3, 5)) == []
    text = "Prime Minister Ana Varga, who said on Monday that prices rose, resigned."
    (said,) = mentions_of(text, date(2025, 3, 5))[:1]
    assert (said.event_type, said.participants[0]) == ("statement", "Ana Varga")


def test_a_date_inside_the_event_phrase_dates_it_not_the_main_clause() -> None:
    text = "On Sunday, officials recalled the March 2024 strike on the Nepalese border crossing by Indian jets."
    strike = only(text, date(2025, 4, 7), "strike")
    assert (strike.event_date, strike.date_precision, strike.date_basis) == (date(2024, 3, 1), "month", "explicit")


# --- status --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "status"), [
    ("Lula will meet Milei in Buenos Aires on Friday.", "planned"),
    ("President Lula is due to visit Buenos Aires on Friday.", "planned"),
    ("The planned summit between Lula and Milei on Friday was cancelled.", "negated"),
    ("Lula did not meet Milei on Friday.", "negated"),
    ("Lula called off Friday's summit with Milei.", "negated"),
    ("Macron could meet Erdogan on Friday if the talks go well.", "hypothetical"),
    ("Lula wants to meet Milei on Friday.", "hypothetical"),
    ("Lula met Milei on Friday.", "happened"),
])
def test_status_is_read_from_auxiliaries_governors_and_modifiers(text: str, status: str) -> None:
    mention = next(m for m in mentions_of(text, date(2025, 3, 12)) if m.event_type in {"meeting", "summit", "visit"})
    assert mention.status == status


def test_a_reported_would_is_a_plan() -> None:
    text = "Officials said on Monday that Lula would visit Santiago in April."
    visit = only(text, date(2025, 3, 12), "visit")
    assert (visit.status, visit.event_date, visit.date_precision) == ("planned", date(2025, 4, 1), "month")


def test_no_ceasefire_is_negated_and_a_possible_deal_hypothetical() -> None:
    negated = only("There was no ceasefire in Khartoum on Sunday, the army said.", date(2025, 3, 12), "ceasefire")
    assert negated.status == "negated"
    possible = only("Sudan and Chad discussed a possible agreement in Ndjamena on Sunday.", date(2025, 3, 12), "agreement")
    assert possible.status == "hypothetical"


# --- the domain pack -----------------------------------------------------------------------------

def test_the_pack_holds_every_required_type_with_a_description() -> None:
    pack = domain_pack.load()
    names = {t.name for t in pack.types}
    assert {"summit", "meeting", "talks", "call", "visit", "statement", "strike", "offensive", "capture",
            "invasion", "annexation", "ceasefire", "agreement", "peace_plan", "sanctions", "prisoner_exchange",
            "election", "inauguration", "resignation", "impeachment", "protest", "coup"} <= names
    assert all(t.description and t.family for t in pack.types)


def test_a_user_supplied_pack_is_loaded_from_its_directory(tmp_path: Path) -> None:
    for name in ("event_types", "cues", "actors", "places", "demonyms"):
        (tmp_path / f"{name}.toml").write_text((domain_pack.DEFAULT_PACK / f"{name}.toml").read_text())
    with (tmp_path / "event_types.toml").open("a") as extra:
        extra.write('\n[[type]]\nname = "flood"\nfamily = "disaster"\ndescription = "A flood."\nnouns = ["flood"]\n')
    pack = domain_pack.load(tmp_path)
    assert pack.types[-1].name == "flood" and "floods" in pack.trigger_forms
    incomplete = tmp_path / "incomplete"
    incomplete.mkdir()
    (incomplete / "event_types.toml").write_text("")
    with pytest.raises(FileNotFoundError, match="cues.toml is missing"):
        domain_pack.load(incomplete)


def test_names_and_places_normalise() -> None:
    assert place_name("Kiev") == "Kyiv" and place_name("Kharkov") == "Kharkiv"
    assert place_name("the Gaza Strip") == "Gaza"
    assert country_of_demonym("Israelis") == "Israel" and country_of_demonym("Tuesday") is None
    assert normalise_name("Hungarian Prime Minister Viktor Orban's") == "Viktor Orban"


def test_a_relative_clause_on_a_date_dates_its_event_and_who_is_its_antecedent() -> None:
    text = ("The province was long coveted by Erdogan, who first entered the region during an offensive in "
            "2016, which saw Turkey annex the border strip.")
    by_type = {m.event_type: m for m in mentions_of(text, date(2025, 1, 10))}
    assert (by_type["offensive"].participants, by_type["offensive"].event_date) == (("Recep Tayyip Erdogan",), date(2016, 1, 1))
    assert (by_type["annexation"].participants, by_type["annexation"].event_date) == (("Turkey",), date(2016, 1, 1))


def test_an_undated_event_during_a_dated_one_takes_its_date() -> None:
    text = "During talks with Maia Sandu on Tuesday, the Romanian president said he backs the bid."
    said = only(text, date(2025, 6, 12), "statement")
    assert said.event_date == date(2025, 6, 10)
    text = "Sandu said at a cabinet meeting in Chisinau on Friday that the talks had stalled."
    meeting = only(text, date(2025, 6, 16), "meeting")  # the occasion takes the date of what happened at it
    assert (meeting.event_date, meeting.participants) == (date(2025, 6, 13), ("Sandu",))


def test_an_event_noun_nested_in_a_verbs_phrases_takes_the_verbs_subject() -> None:
    text = "Last month Erdogan welcomed the delegations in Ankara for the signing of a grain accord."
    accord = only(text, date(2025, 6, 12), "agreement")
    assert accord.participants[0] == "Recep Tayyip Erdogan" and accord.date_precision == "month"


def test_dates_datelines_and_headline_words_are_not_names() -> None:
    strike = only("Drones struck the port of Odesa on Easter Sunday, officials said.", date(2025, 4, 22), "strike")
    assert "Easter Sunday" not in strike.participants + strike.locations
    said = only("CHISINAU, Moldova (Reuters) - Maia Sandu said on Monday the vote was fair.", date(2025, 3, 4),
                "statement")
    assert said.participants == ("Maia Sandu",)
    headline = mentions_of("Border Clashes Prompt Resignation Of Provincial Governor Amid Outcry", date(2025, 3, 4))
    assert all(not {"Prompt", "Border Clashes"} & set(m.participants) for m in headline)


def test_a_time_phrase_right_after_an_event_noun_dates_it() -> None:
    text = "Farmers left the valley after Ethiopia's offensive in Tigray in November 2020."
    offensive = only(text, date(2025, 5, 2), "offensive")
    assert (offensive.event_date, offensive.date_precision) == (date(2020, 11, 1), "month")


def test_taking_office_is_an_inauguration_and_agreeing_a_plan_is_done() -> None:
    took = only("Prices have doubled since Milei took office in December 2023.", date(2025, 5, 2), "inauguration")
    assert (took.participants, took.event_date) == (("Milei",), date(2023, 12, 1))
    plan = only("Gulf ministers agreed a six-point plan for Sudan at a summit held in Doha on Sunday.",
                date(2025, 5, 6), "summit")
    assert (plan.event_date, plan.locations, plan.status) == (date(2025, 5, 4), ("Doha",), "happened")


def test_an_act_told_as_a_gerund_after_a_dated_verb_happened_that_day() -> None:
    text = "Orban changed course on Tuesday after speaking by phone with Erdogan."
    call = only(text, date(2025, 5, 8), "call")
    assert (call.event_date, call.participants) == (date(2025, 5, 6), ("Orban", "Recep Tayyip Erdogan"))


def test_photo_captions_give_no_mentions() -> None:
    assert mentions_of("This picture taken on June 3, 2019 shows Lula meeting Macron in Paris.", date(2025, 5, 2)) == []
    assert mentions_of("Erdogan (L) and Aliyev (R) met in Ankara on June 3, 2019.", date(2025, 5, 2)) == []


def test_a_governing_verbs_future_plans_the_event() -> None:
    text = "The ministry said on Monday that Paris will supply jets for air strikes on militant camps."
    assert all(m.status == "planned" for m in mentions_of(text, date(2025, 5, 6)) if m.event_type == "strike")
    assert [m.event_type for m in mentions_of(text, date(2025, 5, 6))] == ["strike"]


def test_accusations_appeals_and_returns_are_told() -> None:
    accused = only("Milei on Tuesday accused Lula of meddling in the vote.", date(2025, 5, 8), "statement")
    assert (accused.event_date, accused.participants[0]) == (date(2025, 5, 6), "Milei")
    urged = only("Lula called on Friday on Maduro to free the detainees.", date(2025, 5, 12), "statement")
    assert urged.event_date == date(2025, 5, 9)
    back = only("Erdogan returned to Baku on Sunday.", date(2025, 5, 12), "visit")
    assert (back.event_date, back.locations) == (date(2025, 5, 11), ("Baku",))


def test_the_ledes_headline_present_is_the_days_news() -> None:
    text = "Rebels capture Goma after days of fighting\nThe city fell after a long siege."
    found = mentions_of(text, date(2025, 1, 27))
    assert [(m.event_type, m.event_date, m.date_basis) for m in found] == [("capture", date(2025, 1, 27), "relative")]
    later = "The town was quiet.\nIt had food.\nRebels capture Goma after days of fighting"
    assert mentions_of(later, date(2025, 1, 27)) == []  # not the lede, no date: nothing to tell


def test_a_declaration_is_an_agreement_only_when_joint_or_of_peace() -> None:
    signed = only("Armenia and Azerbaijan signed a joint declaration on Friday.", date(2025, 8, 11), "agreement")
    assert signed.event_date == date(2025, 8, 8)
    assert mentions_of("The general made the declaration during a video call on Saturday.", date(2025, 8, 11)) == []


# --- clauses told as one moment, counted objects (session 15c) ------------------------------------

def test_a_clause_of_simultaneity_takes_the_main_clause_date() -> None:
    text = "The truce in Darfur began on Tuesday as the Sudanese army released four hostages it had seized in March."
    release = only(text, date(2026, 3, 20), "hostage_release")
    assert (release.event_date, release.date_precision, release.status) == (date(2026, 3, 17), "day", "happened")


def test_coordinated_verbs_share_their_date() -> None:
    text = "Five Norwegian detainees were released by the Houthis and returned to Oslo on Thursday."
    release = only(text, date(2026, 3, 20), "prisoner_release")
    assert release.event_date == date(2026, 3, 19)


def test_a_counted_object_is_read_through_its_of_phrase() -> None:
    text = "On Friday the Malian army freed dozens of prisoners held in camps near Gao."
    release = only(text, date(2026, 3, 22), "prisoner_release")
    assert (release.event_date, release.status) == (date(2026, 3, 20), "happened")


def test_a_headline_infinitive_is_the_future() -> None:
    text = "Modi, Sharif to sign water accord in Tashkent on Friday\nThe leaders met before."
    accord = only(text, date(2026, 4, 1), "agreement")
    assert accord.status == "planned"


def test_an_infinitive_after_a_preposition_is_no_headline_future() -> None:
    text = "In order to end the siege, the Chadian army struck rebel positions near Abeche on Tuesday."
    strike = only(text, date(2026, 4, 2), "strike")
    assert (strike.status, strike.event_date) == ("happened", date(2026, 3, 31))


def test_joining_an_alliance_is_an_agreement_and_dropping_bombs_a_strike() -> None:
    joined = only("Finland joined the alliance on 4 April 2023, its foreign minister said.", date(2023, 5, 1), "agreement")
    assert (joined.event_date, joined.participants) == (date(2023, 4, 4), ("Finland",))
    bombs = only("On Sunday Saudi jets dropped bombs on Saada.", date(2026, 4, 7), "strike")
    assert bombs.event_date == date(2026, 4, 5) and bombs.locations == ("Sa'dah",)


def test_a_fixed_phrase_holds_no_event() -> None:
    told = "Kenyan officials in Nairobi were warned in advance of Tuesday's shelling by Somali forces."
    assert [m.event_type for m in mentions_of(told, date(2026, 4, 8))] == ["strike"]
    advance = only("The Sudanese army's advance on Omdurman began on Monday.", date(2026, 4, 8))
    assert (advance.event_type, advance.event_date) == ("offensive", date(2026, 4, 6))


# --- pronoun subjects stand for the previous sentence's subject -----------------------------------

def test_he_is_the_previous_sentence_subject_even_if_nobody_listed_him() -> None:
    text = "William Ruto landed in Mombasa late at night. On Tuesday he met Yoweri Museveni at the port."
    meeting = only(text, date(2026, 5, 7), "meeting")
    assert meeting.participants[:2] == ("William Ruto", "Yoweri Museveni")


def test_it_and_they_stand_for_groups_and_pairs() -> None:
    text = "The Wagner Group crossed into northern Mali in May. It attacked Timbuktu on 3 June."
    strike = only(text, date(2026, 6, 10), "strike")
    assert strike.participants == ("Wagner Group",) and strike.locations == ("Timbuktu",)
    text = "Armenia and Azerbaijan sent delegations to Washington. They signed a peace accord on Friday."
    accord = only(text, date(2026, 6, 10), "agreement")
    assert set(accord.participants) == {"Armenia", "Azerbaijan"}


def test_a_pronoun_that_does_not_agree_takes_no_antecedent() -> None:
    text = "The Wagner Group crossed into northern Mali in May. He attacked Kidal on 3 June."
    assert "Wagner Group" not in only(text, date(2026, 6, 10), "strike").participants


def test_a_coordinated_passive_borrows_its_conjuncts_subject() -> None:
    text = "Twelve hostages, held for a year in Mali, were released by the JNIM militants and reached Bamako on Sunday."
    release = only(text, date(2026, 7, 1), "hostage_release")
    assert release.event_date == date(2026, 6, 28)


def test_a_bound_is_no_date_but_a_time_of_day_before_is() -> None:
    text = "Before Saturday, Ethiopia had freed 40 prisoners held in Tigray."
    assert only(text, date(2026, 7, 6), "prisoner_release").event_date is None
    text = "Shortly before noon on Saturday, Ethiopia began freeing 40 prisoners held in Tigray."
    assert only(text, date(2026, 7, 6), "prisoner_release").event_date == date(2026, 7, 4)


def test_hostages_freed_by_a_group_and_prisoners_freed_by_a_state_are_two_events() -> None:
    text = "On Monday the Houthis released seven hostages, while Yemen freed 30 prisoners."
    found = {m.event_type: m for m in mentions_of(text, date(2026, 7, 8))}
    assert set(found) == {"hostage_release", "prisoner_release"}
    assert found["hostage_release"].participants == ("Houthis",)
    assert found["prisoner_release"].participants == ("Yemen",)
    assert len({m.event_date for m in found.values()}) == 1


def test_a_known_actor_is_no_gazetteer_town_of_the_same_name() -> None:
    strike = only("On Tuesday Israel struck Hamas officials in Doha.", date(2025, 9, 10), "strike")
    assert "Hamas" in strike.participants and strike.locations == ("Doha",)


def test_the_ledes_present_perfect_is_the_days_news() -> None:
    text = "Sudan and South Sudan have exchanged 40 servicemen.\nThe swap followed months of talks."
    swap = only(text, date(2026, 7, 9), "prisoner_exchange")
    assert (swap.event_date, swap.date_basis, swap.status) == (date(2026, 7, 9), "relative", "happened")
    text = "Sudan and South Sudan had exchanged 40 servicemen.\nThe swap followed months of talks."
    assert only(text, date(2026, 7, 9), "prisoner_exchange").event_date is None


def test_a_wire_photo_caption_tells_no_event_but_its_dated_phrase_does() -> None:
    caption = "Villagers inspect the ruins of a mosque hit in an airstrike near Kidal, Mali, Tuesday, March 3, 2026."
    assert mentions_of(caption, date(2026, 3, 4)) == []
    smoke = only("Smoke rises over Gao after a Malian air strike on the port on March 3, 2026.", date(2026, 3, 4), "strike")
    assert smoke.event_date == date(2026, 3, 3)



def test_an_aerial_assault_is_a_strike_and_a_ground_assault_an_offensive() -> None:
    aerial = only("On Sunday Russia launched an aerial assault on Odesa.", date(2026, 3, 10))
    assert (aerial.event_type, aerial.event_date) == ("strike", date(2026, 3, 8))
    ground = only("On Sunday Russia launched an assault on Kupiansk.", date(2026, 3, 10))
    assert ground.event_type == "offensive"


@pytest.mark.parametrize(("sentence", "event_type"), [
    ("On Tuesday Afghan and Pakistani troops exchanged fire near Chaman.", "strike"),
    ("On Tuesday gunmen assassinated Haitian senator Jean Pierre in Jacmel.", "strike"),
    ("On Tuesday Nepal's prime minister KP Sharma Oli quit as prime minister.", "resignation"),
    ("On Tuesday Moldovans went to the polls in Chisinau.", "election"),
    ("On Tuesday Emmanuel Macron landed in Beirut.", "visit"),
    ("On Tuesday police arrested Istanbul mayor Ekrem Imamoglu.", "arrest"),
    ("On Tuesday a Sudanese drone killed militia commander Abu Lulu in Bara.", "strike"),
    ("The government declared a state of emergency in Lima on Tuesday.", "martial_law"),
    ("On Tuesday the Moldovan parliament passed a law on the central bank.", "election"),
])
def test_more_ways_of_telling_an_event(sentence: str, event_type: str) -> None:
    found = only(sentence, date(2026, 2, 12), event_type)
    assert found.event_date == date(2026, 2, 10)


def test_an_infinitive_of_purpose_is_no_happening() -> None:
    text = "On Monday Qatar unveiled a plan to free the hostages of Hamas in Gaza."
    release = only(text, date(2026, 3, 10), "hostage_release")
    assert release.status == "hypothetical"


def test_one_side_agreeing_is_no_agreement_two_sides_are() -> None:
    assert [m.event_type for m in mentions_of("On Monday Kenya agreed to the proposal.", date(2026, 3, 10))] == []
    deal = only("On Monday Kenya and Somalia agreed on a border line.", date(2026, 3, 10), "agreement")
    assert set(deal.participants) == {"Kenya", "Somalia"}


def test_calling_something_a_name_is_no_call() -> None:
    text = "On Monday Kenya and Somalia signed a deal, which they called the Horn Reinvestment Fund."
    assert [m.event_type for m in mentions_of(text, date(2026, 3, 10))] == ["agreement"]
    assert only("On Monday William Ruto called Yoweri Museveni.", date(2026, 3, 10)).event_type == "call"


def test_the_two_leaders_are_the_previous_sentences_pair() -> None:
    text = "William Ruto and Yoweri Museveni toured the dam site. On Friday the two leaders met in Jinja."
    meeting = only(text, date(2026, 3, 14), "meeting")
    assert set(meeting.participants) == {"William Ruto", "Yoweri Museveni"}
    alone = "William Ruto toured the dam site. On Friday the two leaders met in Jinja."
    assert [m for m in mentions_of(alone, date(2026, 3, 14)) if m.event_type == "meeting"] == []


def test_who_speaks_after_a_strike_did_not_strike() -> None:
    text = "On Friday William Ruto spoke after the deadly rebel strike on Garissa."
    strike = only(text, date(2026, 3, 14), "strike")
    assert "William Ruto" not in strike.participants


def test_a_war_is_an_event_only_where_it_breaks_out() -> None:
    outbreak = only("Heavy fighting erupted between Peru and Chile on Tuesday.", date(2026, 2, 12), "offensive")
    assert (outbreak.event_date, set(outbreak.participants)) == (date(2026, 2, 10), {"Peru", "Chile"})
    named = "On Tuesday Ollanta Humala said that Peru's war against Chile had cost billions."
    assert [m for m in mentions_of(named, date(2026, 2, 12)) if m.event_type == "offensive"] == []


def test_a_pages_time_stamp_dates_no_event() -> None:
    for text in ("Updated on 12 March 2026\nKenya and Somalia signed a border deal.",
                 "date 2026-03-12 NAIROBI: William Ruto announced that Kenya and Somalia had signed a border deal."):
        assert [m.event_date for m in mentions_of(text, date(2026, 3, 14))] == [None]
    dated = "Updated on 12 March 2026\nOn Friday Kenya and Somalia signed a border deal."
    assert only(dated, date(2026, 3, 14), "agreement").event_date == date(2026, 3, 13)


def test_issuing_a_statement_tells_it() -> None:
    issued = only("Kenyan foreign minister Musalia Mudavadi issued a statement on Monday condemning the raid.",
                  date(2026, 9, 16), "statement")
    assert (issued.event_date, issued.participants) == (date(2026, 9, 14), ("Musalia Mudavadi",))
    assert [m for m in mentions_of("Kenya said on Monday it was ready.", date(2026, 9, 16))] == []


def test_a_halt_to_attacks_is_a_ceasefire() -> None:
    text = "Kenya's halt to strikes on Somalia took effect on Monday."
    halt = only(text, date(2026, 9, 16), "ceasefire")
    assert halt.event_date == date(2026, 9, 14)


def test_a_war_that_begins_when_one_side_strikes_takes_that_sides_names() -> None:
    text = "The war began on March 3, when Peru launched a wave of air strikes on Chile."
    war = only(text, date(2026, 3, 20), "invasion")  # a war that begins: of the family of invasions and wars
    assert (war.event_date, war.participants, war.locations) == (date(2026, 3, 3), ("Peru",), ("Chile",))
    assert only(text, date(2026, 3, 20), "strike").event_date == date(2026, 3, 3)
    begun = only("Peru began strikes on Chilean ports on Friday.", date(2026, 3, 18))
    assert (begun.event_type, begun.event_date) == ("offensive", date(2026, 3, 13))


def test_what_a_passive_strike_hits_is_a_place() -> None:
    struck = only("On Tuesday the Kenyatta Hospital in Nairobi was hit by a Somali rocket.", date(2026, 9, 16))
    assert (struck.participants, struck.locations) == (("Somalia",), ("Kenyatta Hospital",))


# --- calendar words, places naming an event, demonyms (round 2) -----------------------------------

def test_a_feast_or_time_expression_is_never_a_party() -> None:
    truces = [m for m in mentions_of("Chile declared an Easter truce with Peru on Saturday.", date(2026, 4, 6))
              if m.event_type == "ceasefire"]
    assert truces and {m.participants for m in truces} == {("Chile", "Peru")}
    feast = only("The junta signed a Ramadan truce with Mali on March 2.", date(2026, 3, 9), "ceasefire")
    assert "Ramadan" not in feast.participants and "Mali" in feast.participants


def test_a_place_modifying_an_event_noun_is_where_it_happens() -> None:
    talks = only("Peru hosted the Lima talks with Chile on Monday.", date(2026, 5, 20), "talks")
    assert (talks.participants, talks.locations) == (("Peru", "Chile"), ("Lima",))
    capital = only("Delegates flew in for the Kyiv summit on Tuesday.", date(2026, 5, 20), "summit")
    assert (capital.participants, capital.locations) == ((), ("Kyiv",))
    lima = only("Five people died in the deadly Lima strike on Monday.", date(2026, 5, 20), "strike")
    assert (lima.participants, lima.locations) == ((), ("Lima",))
    town = only("Peruvian troops captured the Chilean town of Arica on Monday.", date(2026, 5, 20))
    assert (town.participants, town.locations) == (("Peru",), ("Arica",))  # the town's country takes no part
    # a country naming an event noun stays a party, a possessor too
    assert only("Peru recalled the Chile strike on Sunday.", date(2026, 5, 20), "strike").participants[-1] == "Chile"


def test_a_demonym_is_its_country_whatever_the_ner_calls_it() -> None:
    arrest = only("Moldovan police and Moldova's border guards detained six smugglers on Sunday.", date(2026, 5, 20))
    assert arrest.participants == ("Moldova",)


def test_the_parties_of_a_reported_event_that_names_none_are_those_telling_it() -> None:
    swap = only("Peruvian and Chilean officials announced on Monday that a prisoner swap had occurred.",
                date(2026, 5, 20))
    assert (swap.event_type, swap.event_date, swap.participants) == ("prisoner_exchange", date(2026, 5, 18),
                                                                     ("Peru", "Chile"))
    # an event naming its own party keeps it
    strike = only("Chile said on Monday that Peru had struck the port.", date(2026, 5, 20))
    assert (strike.event_type, strike.participants) == ("strike", ("Peru",))


def test_an_abbreviation_in_brackets_is_the_party_it_abbreviates() -> None:
    met = only("The Andean Trade Council (ATC) met Chile on Monday.", date(2026, 5, 20))
    assert met.participants == ("Andean Trade Council", "Chile")


def test_an_event_written_as_a_name_is_no_party() -> None:
    signed = only("The Lima Peace Summit signed a declaration with Chile on Monday.", date(2026, 5, 20), "agreement")
    assert signed.participants == ("Chile",)


# --- events told with no party, light verbs, counted subjects, general news vocabulary ------------

def test_an_event_the_parse_dates_stands_on_its_type_and_date_without_a_party() -> None:
    truce = only("The truce between the two armies took effect on Sunday.", date(2026, 5, 20))
    assert (truce.event_type, truce.event_date, truce.participants, truce.locations) == (
        "ceasefire", date(2026, 5, 17), (), ())
    vote = only("Early elections were held on Sunday.", date(2026, 5, 20))
    assert (vote.event_type, vote.event_date, vote.status) == ("election", date(2026, 5, 17), "happened")
    swap = only("The last prisoner exchange was on March 3.", date(2026, 5, 20))
    assert (swap.event_type, swap.event_date) == ("prisoner_exchange", date(2026, 3, 3))


def test_a_partyless_event_needs_its_own_date_and_a_type_that_stands_alone() -> None:
    # a meeting or a call names who met; a strike or a deal told without its parties refers back to it
    assert mentions_of("A meeting took place on Monday.", date(2026, 5, 20)) == []
    assert mentions_of("The attack took place on Sunday.", date(2026, 5, 20)) == []
    # a truce with a month only is a background reference
    assert mentions_of("The truce took effect in March.", date(2026, 5, 20)) == []
    # a date the report owns is not the partyless event's own
    assert [m.event_type for m in mentions_of("Officials said on Monday the truce was holding.",
                                              date(2026, 5, 20))] == []
    # a copula saying what the event was, not when
    assert [m.event_type for m in mentions_of("Pedro Ramos said on Monday that the referendum was fair.",
                                              date(2026, 5, 20))] == ["statement"]


def test_a_verb_with_its_preposition_carries_the_event_noun() -> None:
    shelled = only("The port of Arica came under heavy shelling on Tuesday.", date(2026, 5, 20))
    assert (shelled.event_type, shelled.event_date, shelled.locations) == ("strike", date(2026, 5, 19), ("Arica",))


def test_a_weapon_or_a_crowd_told_by_what_it_did_is_the_event() -> None:
    hit = only("A rocket hit a school in Arica on Friday.", date(2026, 5, 20))
    assert (hit.event_type, hit.event_date, hit.locations) == ("strike", date(2026, 5, 15), ("Arica",))
    crowd = only("Thousands of protesters gathered in Lima on Saturday.", date(2026, 5, 20))
    assert (crowd.event_type, crowd.event_date, crowd.locations) == ("protest", date(2026, 5, 16), ("Lima",))
    assert mentions_of("The leaders of the protesters gathered in Lima on Saturday.", date(2026, 5, 20)) == []


def test_general_news_vocabulary_of_the_issue_types() -> None:
    on = date(2026, 5, 20)
    assert only("Dock unions staged a general strike on Monday.", on).event_type == "protest"
    assert only("Colonel Ramos led a military takeover on Wednesday.", on).event_type == "coup"
    assert only("Castillo took the oath of office on Friday.", on).event_type == "inauguration"
    assert only("Chile froze the assets of two Peruvian banks on Friday.", on).event_type == "sanctions"
    assert only("A bomb exploded in central Lima on Tuesday.", on).event_type == "strike"
    assert only("Castillo fired General Ramos on Friday.", on).event_type == "resignation"
    assert only("The Peruvian navy fired missiles at Arica on Friday.", on).event_type == "strike"
    welcomed = only("Castillo welcomed Boric in Lima on Monday.", on)
    assert (welcomed.event_type, welcomed.participants) == ("meeting", ("Castillo", "Boric"))
    assert mentions_of("Castillo welcomed the decision on Monday.", on) == []


def test_a_date_inside_a_clause_with_its_own_subject_does_not_date_the_governing_event() -> None:
    # the causal clause tells when the dispute began, not when the analyst spoke: the statement
    # has no date of its own, so it is no mention
    text = ("“The border will stay closed,” says Marta Kowalczyk, an analyst at the Baltic Institute, "
            "noting the quarrel because the dispute began 20 years ago.")
    assert mentions_of(text, date(2025, 3, 12)) == []
    # a clause of simultaneity is the same moment: its date is the main event's
    text = "Norway and Iceland signed the accord in Oslo on Monday as their ministers met."
    assert only(text, date(2025, 3, 12), "agreement").event_date == date(2025, 3, 10)

def test_a_relative_clause_on_an_event_noun_still_dates_that_event() -> None:
    text = "The talks between Norway and Iceland, which began in Oslo on Monday, ended without a deal."
    talks = only(text, date(2025, 3, 12), "talks")
    assert (talks.event_date, talks.date_precision) == (date(2025, 3, 10), "day")


def test_a_date_inside_the_reported_clause_is_not_the_reports() -> None:
    text = ("Prime Minister Eva Lind warned that the rebels may be moving as many as 5,000 fighters to the "
            "north for a fresh offensive later this month.")
    assert [m for m in mentions_of(text, date(2025, 6, 12)) if m.event_type == "statement"] == []


def test_acts_over_a_span_that_since_starts_are_not_dated_by_its_start() -> None:
    text = ("The war in the north goes on. Talks have stalled. "
            "Since the start of the year, rebel forces have captured 40 villages of the Ardel province. "
            "A ceasefire in force since Sunday has held in the south.")
    found = mentions_of(text, date(2025, 9, 3))
    assert [m.event_date for m in found if m.event_type == "capture"] == [None]
    assert [m.event_date for m in found if m.event_type == "ceasefire"] == [date(2025, 8, 31)]

# --- news phrasing of crises the rules were not written from (issue 15, seventh session) --------

def test_a_casualty_report_tells_an_attack_where_it_happened() -> None:
    on = date(2026, 5, 20)
    killed = only("Gunmen killed eleven farmers in Arica on Sunday.", on)
    assert (killed.event_type, killed.event_date, killed.locations) == ("strike", date(2026, 5, 17), ("Arica",))
    passive = only("Seven soldiers were killed in Arica on Tuesday.", on)
    assert (passive.event_type, passive.event_date) == ("strike", date(2026, 5, 19))
    assert mentions_of("Seven soldiers were killed on Tuesday.", on) == []  # nobody and nowhere


def test_the_place_of_what_an_attack_hit_is_where_it_happened() -> None:
    attack = only("An attack on a bus depot in Arica killed six people on Friday.", date(2026, 5, 20))
    assert (attack.event_type, attack.trigger, attack.event_date, attack.locations) == (
        "strike", "attack", date(2026, 5, 15), ("Arica",))
    # a statement has no target: the place of the post it was made in is not where anything happened
    said = only("Boric wrote in a post on Lima Today on Friday that talks were over.", date(2026, 5, 20))
    assert said.locations == ()


def test_armed_men_clashing_is_a_fight_between_their_countries() -> None:
    on = date(2026, 5, 20)
    clashed = only("Chilean and Peruvian troops clashed on Thursday.", on)
    assert (clashed.event_type, clashed.event_date, clashed.participants) == ("strike", date(2026, 5, 14),
                                                                              ("Chile", "Peru"))
    clashes = only("Four people were killed in clashes between Chilean and Peruvian troops on Saturday.", on)
    assert (clashes.trigger, clashes.participants) == ("clashes", ("Chile", "Peru"))
    # a point of reference stays the verb's ("hit … amid a barrage"), as does its object
    assert only("Peruvian gunners shelled Arica amid a barrage on Friday.", on).trigger == "shelled"
    assert only("Police clashed with protesters in Lima on Monday.", on).event_type == "protest"


def test_a_report_whose_news_names_nobody_stays_a_statement() -> None:
    said = only('"Dozens of soldiers have been killed," Boric said on Sunday.', date(2026, 5, 20))
    assert (said.event_type, said.event_date, said.participants) == ("statement", date(2026, 5, 17), ("Boric",))


def test_an_institution_speaking_makes_a_statement_of_its_own() -> None:
    on = date(2026, 5, 20)
    said = only("Peru's Defence Ministry said on Tuesday that the border was calm.", on)
    assert (said.event_type, said.event_date, said.participants) == (
        "statement", date(2026, 5, 19), ("Peru's Defence Ministry", "Peru"))
    denied = only("The Chilean army denied on Monday that its planes had crossed into Peru.", on)
    assert denied.participants[:2] == ("Chilean army", "Chile")
    assert only("The Foreign Ministry of Chile said on Friday that talks would resume.", on).participants == (
        "Foreign Ministry", "Chile")
    # whose office "his office" is the text does not say; a country speaking is no statement
    assert mentions_of("His office said on Friday that the visit was over.", on) == []
    assert mentions_of("Peru said on Friday that the border was calm.", on) == []


def test_what_an_institution_reports_takes_its_country_not_the_institution() -> None:
    swap = only("Chile's Defence Ministry said on Monday that a prisoner swap had taken place.", date(2026, 5, 20))
    assert (swap.event_type, swap.event_date, swap.participants) == ("prisoner_exchange", date(2026, 5, 18), ("Chile",))


def test_a_place_the_gazetteer_knows_is_taken_whatever_the_ner_called_it() -> None:
    entered = only("Rebel fighters entered Arica on Sunday.", date(2026, 5, 20))
    assert (entered.event_type, entered.locations) == ("capture", ("Arica",))
    off = only("Chilean jets struck a ship off Peru on Tuesday.", date(2026, 5, 20))
    assert (off.event_type, off.locations) == ("strike", ("Peru",))


def test_initialling_a_treaty_is_its_signing_by_the_subject() -> None:
    treaty = only("Chile and Peru initialled a border treaty in Lima on Friday.", date(2026, 5, 20))
    assert (treaty.event_type, treaty.participants, treaty.locations) == ("agreement", ("Chile", "Peru"), ("Lima",))


def test_delegations_from_two_countries_name_both() -> None:
    met = only("Delegations from Chile and Peru met in Geneva on Monday.", date(2026, 5, 20))
    assert (met.event_type, met.participants, met.locations) == ("meeting", ("Chile", "Peru"), ("Geneva",))


def test_hosting_a_counterpart_told_by_his_country_is_a_meeting() -> None:
    hosted = only("Boric hosted his Peruvian counterpart in Santiago on Friday.", date(2026, 5, 20))
    assert (hosted.event_type, hosted.participants) == ("meeting", ("Boric", "Peru"))
    assert mentions_of("Boric hosted the conference in Santiago on Friday.", date(2026, 5, 20)) == []


def test_an_event_named_as_a_point_of_reference_is_not_the_headline_news() -> None:
    text = "Chile has launched the heaviest strikes on Tacna since the truce with Peru."
    truce = [m for m in mentions_of(text, date(2026, 5, 20)) if m.event_type == "ceasefire"]
    assert [m.event_date for m in truce] == [None]


def test_the_start_of_a_war_is_of_the_family_of_invasions() -> None:
    on = date(2026, 5, 20)
    broke = only("The war between Chile and Peru broke out on 3 March.", on)
    assert (broke.event_type, broke.event_date, broke.participants) == ("invasion", date(2026, 3, 3), ("Chile", "Peru"))
    start = only("Talks have stalled since the start of the Chilean-Peruvian war in March 2024.", on, "invasion")
    assert (start.event_date, start.date_precision) == (date(2024, 3, 1), "month")
    # fighting that erupts is still an offensive; a war named in passing is no event
    assert only("Heavy fighting erupted in Tacna on Monday.", on).event_type == "offensive"
    passing = mentions_of("Chile's war with Peru dominated the summit agenda on Monday.", on)
    assert "invasion" not in {m.event_type for m in passing}


def test_a_named_person_is_not_what_a_modifier_of_the_name_names() -> None:
    said = only("Kremlin aide Boris Ivanov said on Thursday that the border was calm.", date(2026, 5, 22))
    assert (said.event_date, said.participants) == (date(2026, 5, 21), ("Boris Ivanov",))


def test_the_rest_of_the_current_period_is_after_publication() -> None:
    text = "Estonia said that Russia is massing troops near Narva for a renewed offensive later this month."
    offensive = only(text, date(2025, 6, 12), "offensive")
    assert (offensive.event_date, offensive.date_precision, offensive.status) == (date(2025, 6, 1), "month", "planned")
    text = "Estonia said that Russia launched a renewed offensive near Narva earlier this month."
    assert only(text, date(2025, 6, 12), "offensive").status == "happened"
