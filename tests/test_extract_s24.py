"""Session 24's extraction rules, on sentences written for these tests."""

from __future__ import annotations

from datetime import date

from transforms.extract import extract_mentions
from transforms.sentences import split_sentences

ON = date(2026, 3, 10)  # a Tuesday


def mentions_of(text: str, published_on: date = ON):
    return extract_mentions("a1", text, split_sentences(text), published_on)


def of_type(text: str, event_type: str, published_on: date = ON):
    return [m for m in mentions_of(text, published_on) if m.event_type == event_type]


# 1. "agree" is an agreement only between two sides of its own clause

def test_one_side_agreeing_to_another_sides_proposal_is_no_agreement() -> None:
    assert of_type("On Monday Kenya agreed to the Ugandan proposal.", "agreement") == []


def test_agreeing_with_another_side_is_an_agreement() -> None:
    [deal] = of_type("On Monday Kenya agreed with Somalia on a border line.", "agreement")
    assert set(deal.participants) == {"Kenya", "Somalia"}
    assert deal.event_date == date(2026, 3, 9)


def test_a_plural_subject_of_two_named_sides_agrees() -> None:
    [deal] = of_type("On Monday Kenyan and Somali negotiators agreed on a border line.", "agreement")
    assert set(deal.participants) == {"Kenya", "Somalia"}


def test_a_lone_envoy_agreeing_is_no_agreement() -> None:
    assert of_type("On Monday the Kenyan envoy agreed to a border line.", "agreement") == []


# 2. a noun coordinated under a support verb is told by that verb

def test_a_coordinated_noun_under_a_support_verb_is_its_own_event_with_the_verbs_roles() -> None:
    text = "On Monday Kenya held talks and a meeting with Somalia in Nairobi."
    [talks] = of_type(text, "talks")
    [meeting] = of_type(text, "meeting")
    assert talks.event_date == meeting.event_date == date(2026, 3, 9)
    assert set(meeting.participants) == {"Kenya", "Somalia"}


def test_coordinated_subjects_of_a_verb_of_occurrence_share_its_date() -> None:
    text = "The summit and the talks began in Nairobi on Monday."
    assert [(m.event_type, m.event_date) for m in mentions_of(text)] == [
        ("summit", date(2026, 3, 9)), ("talks", date(2026, 3, 9))]


# 3. the act a counted "after" clause tells owns the counted date

def test_a_counted_after_clause_dates_its_own_act_not_the_clause_it_modifies() -> None:
    on = date(2026, 6, 22)  # a Monday
    text = "The Kenyan strike comes a week after Somalia launched dozens of strikes on Garissa."
    dates = {m.trigger: m.event_date for m in mentions_of(text, on)}
    assert dates == {"strike": on, "strikes": date(2026, 6, 15)}


def test_a_counted_after_clause_without_a_trigger_verb_dates_its_event_noun_not_the_main_clause() -> None:
    on = date(2026, 4, 26)
    text = ("Somalia says its forces have recaptured the Gedo region, eight months after Kenyan troops "
            "stormed into the region in a surprise offensive.")
    [capture] = of_type(text, "capture", on)
    [offensive] = of_type(text, "offensive", on)
    assert capture.event_date == on
    assert (offensive.event_date, offensive.date_precision) == (date(2025, 8, 1), "month")


def test_a_counted_after_clause_that_tells_no_event_dates_nothing() -> None:
    on = date(2026, 4, 26)
    text = "Kenya and Somalia have signed a border deal, two years after rebels stormed the town of Kidal."
    assert [m.event_date for m in of_type(text, "agreement", on)] == [on]  # the lede's news, not 2024


def test_a_counted_after_phrase_dates_the_event_noun_it_names() -> None:
    text = "Kenya and Somalia met in Nairobi on Friday, two days after the capture of Kismayo by the rebels."
    [capture] = of_type(text, "capture")
    assert capture.event_date == date(2026, 3, 4)
    [meeting] = of_type(text, "meeting")
    assert meeting.event_date == date(2026, 3, 6)


# 4. a brokered event keeps its parties; a third party's announcement of it is a statement too

def test_the_pack_marks_the_brokered_types() -> None:
    from transforms import domain_pack
    brokered = {t.name for t in domain_pack.load().types if t.brokered}
    assert brokered == {"agreement", "ceasefire", "prisoner_exchange"}


def test_a_mediator_announcing_a_swap_between_two_sides_makes_a_statement_and_is_no_side() -> None:
    text = "Kenyan President William Ruto announced on Sunday a prisoner exchange between Ethiopia and Eritrea."
    [swap] = of_type(text, "prisoner_exchange")
    assert set(swap.participants) == {"Ethiopia", "Eritrea"}
    [statement] = of_type(text, "statement")
    assert statement.participants[0] == "William Ruto"
    assert swap.event_date == statement.event_date == date(2026, 3, 8)


def test_a_broker_is_no_side_of_the_truce_it_brokered() -> None:
    text = "Kenya has brokered a ceasefire between Ethiopia and Eritrea, Kenyan President William Ruto said on Tuesday."
    [truce] = of_type(text, "ceasefire")
    assert set(truce.participants) == {"Ethiopia", "Eritrea"}


def test_sides_announcing_their_own_swap_make_no_separate_statement() -> None:
    text = "Ethiopia and Eritrea announced on Sunday a prisoner exchange."
    assert [(m.event_type, set(m.participants)) for m in mentions_of(text)] == [
        ("prisoner_exchange", {"Ethiopia", "Eritrea"})]


def test_who_declares_a_truce_without_naming_sides_is_its_side() -> None:
    [truce] = of_type("Abiy Ahmed declared a ceasefire on Sunday.", "ceasefire")
    assert truce.participants == ("Abiy Ahmed",)


# 5. what a proposal holds has not happened

def test_an_event_a_reported_plan_would_bring_is_hypothetical_not_planned() -> None:
    [truce] = of_type("William Ruto said on Monday the plan would see a ceasefire in Jubaland.", "ceasefire")
    assert truce.status == "hypothetical"


def test_an_event_a_proposal_includes_is_hypothetical() -> None:
    text = "On Monday the new proposal included a prisoner exchange between Ethiopia and Eritrea."
    [swap] = of_type(text, "prisoner_exchange")
    assert swap.status == "hypothetical"


def test_a_plan_for_a_truce_is_presented_but_the_truce_is_hypothetical() -> None:
    text = "William Ruto presented a plan for a ceasefire in Jubaland on Monday."
    [plan] = of_type(text, "peace_plan")
    [truce] = of_type(text, "ceasefire")
    assert (plan.status, truce.status) == ("happened", "hypothetical")


# 6. company phrases of a meeting name its participants

def test_who_talks_are_held_alongside_takes_part() -> None:
    text = "On Friday William Ruto held talks in Nairobi alongside Ethiopian Prime Minister Abiy Ahmed."
    [talks] = of_type(text, "talks")
    assert talks.participants == ("William Ruto", "Abiy Ahmed")
    assert talks.locations == ("Nairobi",)


def test_a_with_phrase_hung_on_the_meetings_place_still_names_its_company() -> None:
    [talks] = of_type("William Ruto held talks on Friday in the capital with Abiy Ahmed.", "talks")
    assert talks.participants == ("William Ruto", "Abiy Ahmed")


# 7. a title without a name names nobody

def test_a_bare_title_is_no_participant() -> None:
    [meeting] = of_type("On Friday the Prime Minister met William Ruto in Nairobi.", "meeting")
    assert meeting.participants == ("William Ruto",)
    assert of_type("The Foreign Minister visited Nairobi on Friday.", "visit") == []


def test_a_title_with_its_name_is_that_person() -> None:
    [meeting] = of_type("President William Ruto met Abiy Ahmed on Friday.", "meeting")
    assert meeting.participants == ("William Ruto", "Abiy Ahmed")


# 8. the sentence a wire dateline opens is the lede

PAGE_TOP = "Border pact for the Horn\nBy Staff Writer\nPublished in the morning edition\n"


def test_a_dateline_sentence_past_the_page_top_is_the_lede_and_tells_the_days_news() -> None:
    text = PAGE_TOP + "NAIROBI, Kenya (Reuters) - Kenya and Ethiopia have signed a border pact, officials said."
    [pact] = of_type(text, "agreement")
    assert (pact.event_date, pact.status) == (ON, "happened")


def test_the_same_sentence_without_a_dateline_is_no_lede() -> None:
    text = PAGE_TOP + "In Nairobi, Kenya and Ethiopia have signed a border pact, officials said."
    assert of_type(text, "agreement") == []


def test_a_dateline_is_read_without_a_parse() -> None:
    from transforms.participants import opens_with_dateline
    assert opens_with_dateline("KAMPALA, March 9 (Reuters) - Uganda said")
    assert opens_with_dateline("NAIROBI, Kenya (AP) — Kenya said")
    assert not opens_with_dateline("Kenya said on Monday - in a statement - that it would")
    assert not opens_with_dateline("NATO said on Monday that it would")


# 9. convening a meeting holds it

def test_who_convenes_a_meeting_takes_part_in_it() -> None:
    text = "Kenyan Prime Minister William Ruto convened a meeting of the security council on Saturday."
    [meeting] = of_type(text, "meeting")
    assert (meeting.event_date, meeting.participants[0]) == (date(2026, 3, 7), "William Ruto")


# 10. a conjunct verb shares its head's auxiliaries

def test_a_conjunct_verb_shares_its_heads_future() -> None:
    text = "William Ruto will meet Abiy Ahmed and sign a border pact on Friday."
    [pact] = of_type(text, "agreement")
    assert (pact.status, pact.event_date) == ("planned", date(2026, 3, 13))


def test_a_conjunct_verb_shares_its_heads_modal() -> None:
    [pact] = of_type("William Ruto could meet Abiy Ahmed and sign a border pact on Friday.", "agreement")
    assert pact.status == "hypothetical"


def test_a_conjunct_with_a_subject_of_its_own_keeps_its_own_tense() -> None:
    text = "William Ruto will visit Addis Ababa on Friday and Abiy Ahmed signed a border pact on Monday."
    [pact] = of_type(text, "agreement")
    assert (pact.status, pact.event_date) == ("happened", date(2026, 3, 9))
