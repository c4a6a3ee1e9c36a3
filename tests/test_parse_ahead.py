"""Parsing ahead: the sentences the tagger and the counted anchors would parse one at a time are
named beforehand, parsed in one batch and handed in, with the same results (own sentences)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import pytest

from transforms import event_anchors, nlp, temporal
from transforms.extract import extract_mentions, extract_mentions_many
from transforms.sentences import split_sentences

DAY = date(2024, 3, 14)  # a Thursday
TEXT = ("The talks resumed in Geneva. On Friday the envoys will meet the ministers. "
        "The new offensive comes a week after the envoys met in Geneva. "
        "For two years the army has besieged the town.")


def _no_parse_of_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """From here on, any parse of a text fails the test (an empty batch is no parse)."""
    def refuse(texts: Sequence[str] | str, *args, **kwargs) -> list:
        if texts:
            raise AssertionError("parsed a sentence that was to be parsed ahead")
        return []
    for name in ("parse", "parse_syntax", "parse_syntax_many", "parse_many"):
        monkeypatch.setattr(nlp, name, refuse)


def test_the_tagger_names_the_sentences_it_would_parse() -> None:
    spans = temporal.sentences_to_parse(TEXT, DAY)
    assert [TEXT[a:b] for a, b in spans] == ["On Friday the envoys will meet the ministers."]


def test_the_tagger_given_those_parses_parses_nothing_and_tags_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    expected = temporal.tag(TEXT, DAY)
    spans = temporal.sentences_to_parse(TEXT, DAY)
    parsed = [(a, doc) for (a, b), doc in zip(spans, nlp.parse_syntax_many([TEXT[a:b] for a, b in spans]))]
    _no_parse_of_text(monkeypatch)
    assert temporal.tag(TEXT, DAY, parsed=parsed) == expected


def test_the_counted_anchors_name_the_sentences_they_read(monkeypatch: pytest.MonkeyPatch) -> None:
    found = temporal.tag(TEXT, DAY)
    expected = event_anchors.dates(TEXT, found, dct=DAY)
    wanted = event_anchors.sentences_to_parse(TEXT, found, dct=DAY)
    assert [s.text for s in wanted] == ["The new offensive comes a week after the envoys met in Geneva.",
                                        "For two years the army has besieged the town."]
    parsed = [(s.start, doc) for s, doc in zip(wanted, nlp.parse_syntax_many([s.text for s in wanted]))]
    _no_parse_of_text(monkeypatch)
    assert event_anchors.dates(TEXT, found, parsed, DAY) == expected
    assert [e.text for e in expected] == ["the envoys met in Geneva", "besieged"]


def test_the_counted_anchors_need_no_sentence_already_parsed() -> None:
    found = temporal.tag(TEXT, DAY)
    sentence = split_sentences(TEXT)[2]
    assert event_anchors.sentences_to_parse(TEXT, found, [(sentence.start, nlp.parse(sentence.text))], DAY) == [
        split_sentences(TEXT)[3]]


def test_articles_extracted_together_are_extracted_as_alone() -> None:
    texts = [TEXT, "Russian forces shelled Kharkiv on Tuesday. They also struck Odesa two days after the "
                   "shelling began.", "No event is told here."]
    articles = [(f"a{i}", text, split_sentences(text), DAY) for i, text in enumerate(texts)]
    alone = [extract_mentions(*article) for article in articles]
    assert extract_mentions_many(articles) == alone
    assert any(alone)
