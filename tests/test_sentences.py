"""Sentence splitting: boundaries news copy needs, and offsets that index the original text."""

from __future__ import annotations

import pytest

from transforms.sentences import split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_offsets_index_the_original_text() -> None:
    text = "  First one.  Second one!\n\nThird one?  \nFourth"
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == ["First one.", "Second one!", "Third one?", "Fourth"]
    assert [s.index for s in sentences] == [0, 1, 2, 3]
    for s in sentences:
        assert text[s.start : s.end] == s.text


def test_newline_ends_a_sentence_even_without_punctuation() -> None:
    assert texts("Making reconstruction harder\nThe war goes on.") == [
        "Making reconstruction harder",
        "The war goes on.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Zelensky met Dr. Smith and Gen. Syrskyi in St. Petersburg on Friday.",
        "U.S. officials said the U.N. would meet.",
        "John F. Kennedy spoke at No. 10 Downing Street.",
        "Growth was 3.5 per cent, down from 4.25 per cent.",
        "The talks began on Aug. 15 in Anchorage.",
        "Officials, e.g. ministers, attended.",
    ],
)
def test_abbreviations_initials_and_decimals_do_not_split(text: str) -> None:
    assert texts(text) == [text]


def test_dotted_acronym_ends_a_sentence_before_a_sentence_opener() -> None:
    assert texts("The summit was held in the U.S. The talks failed.") == [
        "The summit was held in the U.S.",
        "The talks failed.",
    ]


@pytest.mark.parametrize("quote", ['"', "”", "’"])
def test_closing_quote_after_full_stop_stays_with_its_sentence(quote: str) -> None:
    text = f"He said: “We didn’t get there.{quote} Trump left Alaska."
    assert texts(text) == [f"He said: “We didn’t get there.{quote}", "Trump left Alaska."]


def test_question_inside_quote_followed_by_attribution_does_not_split() -> None:
    text = "“Why make any concessions?” he asked. Nobody answered."
    assert texts(text) == ["“Why make any concessions?” he asked.", "Nobody answered."]


def test_empty_and_blank_text() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n ") == []


def test_dotted_acronym_before_a_title_stays_in_the_sentence() -> None:
    text = "Stocks fell in Asia. U.S. President Donald Trump said he would raise tariffs."
    assert texts(text) == ["Stocks fell in Asia.", "U.S. President Donald Trump said he would raise tariffs."]


def test_offsets_hold_on_messy_text() -> None:
    text = "A.\n\n“Quote.” he said. ... Then 3 p.m. The end!?  x\r\nLast line …"
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text == sentence.text.strip()
