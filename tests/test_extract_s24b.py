"""Session 24's second set of extraction rules, on sentences written for these tests."""

from __future__ import annotations

from datetime import date

from test_extract_s24 import of_type  # the test directory is on sys.path


# 1. a definite description of a person as subject stands for the person named just before

def test_a_description_by_party_stands_for_the_person_named_before() -> None:
    text = "William Ruto flew to Kampala on Sunday. The Republican leader arrived in Entebbe on Monday."
    [_, arrival] = of_type(text, "visit")
    assert arrival.participants == ("William Ruto",)
    assert arrival.event_date == date(2026, 3, 9)


def test_a_description_by_age_speaks_for_the_person_named_before() -> None:
    text = "William Ruto flew to Kampala on Sunday. The 59-year-old told reporters on Monday that talks would resume."
    [statement] = of_type(text, "statement")
    assert statement.participants == ("William Ruto",)


def test_an_office_held_by_one_of_two_persons_named_is_that_person() -> None:
    text = "Trump met Netanyahu on Sunday. The president said on Monday that talks would resume."
    [statement] = of_type(text, "statement")
    assert statement.participants == ("Donald Trump",)


def test_an_office_two_persons_named_hold_names_nobody() -> None:
    text = "Trump met Zelensky on Sunday. The president said on Monday that talks would resume."
    assert of_type(text, "statement") == []


def test_a_description_after_two_persons_named_names_nobody() -> None:
    text = "Ruto met Museveni on Sunday. The president said on Monday that talks would resume."
    assert of_type(text, "statement") == []


def test_a_plural_description_is_no_single_person() -> None:
    text = "William Ruto flew to Kampala on Sunday. The leaders arrived in Entebbe on Monday."
    assert [m.participants for m in of_type(text, "visit")] == [("William Ruto",)]


def test_a_description_with_its_own_country_keeps_the_country() -> None:
    text = "William Ruto met Museveni on Sunday. The Kenyan leader said on Monday that talks would resume."
    [statement] = of_type(text, "statement")
    assert statement.participants == ("Kenya",)


def test_a_description_that_is_no_subject_names_nobody() -> None:
    text = "William Ruto flew to Kampala on Sunday. Museveni met the president on Monday."
    [meeting] = of_type(text, "meeting")
    assert meeting.participants == ("Museveni",)


# 2. calling a person on a day is a call, not "calling on" someone

def test_calling_a_person_on_a_day_is_a_call_with_both() -> None:
    [call] = of_type("Ruto called Museveni on Monday.", "call")
    assert call.participants == ("Ruto", "Museveni")
    assert of_type("Ruto called Museveni on Monday.", "statement") == []


def test_calling_a_counterpart_named_by_demonym_on_a_day_is_a_call() -> None:
    text = "Kenyan President William Ruto called his Ugandan counterpart on Monday."
    [call] = of_type(text, "call")
    assert call.event_date == date(2026, 3, 9)
    assert of_type(text, "statement") == []


def test_calling_on_a_country_to_act_stays_a_statement() -> None:
    [statement] = of_type("On Monday, Ruto called on Uganda to reopen the border.", "statement")
    assert statement.participants == ("Ruto",)


# 3. two sides agreeing to act is an agreement between them

def test_two_sides_agreeing_to_act_is_an_agreement() -> None:
    [deal] = of_type("Kenya and Uganda agreed on Monday to suspend most tariffs.", "agreement")
    assert set(deal.participants) == {"Kenya", "Uganda"}
    assert deal.event_date == date(2026, 3, 9)


def test_one_side_agreeing_to_act_is_no_agreement() -> None:
    assert of_type("On Monday Kenya agreed to suspend most tariffs.", "agreement") == []


def test_a_side_agreeing_with_another_to_act_is_an_agreement() -> None:
    [deal] = of_type("On Monday Kenya agreed with Uganda to reopen the border.", "agreement")
    assert set(deal.participants) == {"Kenya", "Uganda"}


# 4. a bureau speaks as an institution, whatever medium it reports in

def test_a_bureau_reporting_in_a_video_on_a_day_makes_a_statement() -> None:
    text = "Officials had taken bribes, the National Anti-Fraud Bureau of Kenya reported in a video on Monday."
    [statement] = of_type(text, "statement")
    assert statement.participants == ("National Anti-Fraud Bureau", "Kenya")
    assert statement.event_date == date(2026, 3, 9)
