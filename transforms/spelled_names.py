"""Which names a sentence spells, beyond those extraction took as the event's participants.

One outlet's sentence may name a place or person that extraction did not attach to the event
("talks in Geneva", "since Avdiivka fell"), while another outlet's mention of the same event has
it as a participant. Resolution counts such a name as shared when one side's participant or
place is spelled in the other side's sentence. A name is looked for by its key: its last word
for a name of several capitalised words ("Trump" for Donald Trump), else the whole name. A
sentence spells its capitalised words and its named tags (a number joined to a word, as in
"20-point" or "M23": what a plan, a resolution or a weapon is called by).
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[\w'’-]+")


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """How a sentence spells a name: its last word when every word is capitalised (a person's
    surname, a city's last word), else the whole name, lower-cased."""
    words = name.split()
    if len(words) > 1 and all(w[:1].isupper() for w in words):
        return words[-1].lower()
    return name.lower()


def _is_tag(word: str) -> bool:
    return any(c.isdigit() for c in word) and any(c.isalpha() for c in word)


@lru_cache(maxsize=65536)
def spelled(sentence: str) -> frozenset[str]:
    """The sentence's capitalised words and named tags, lower-cased (one-word name keys)."""
    return frozenset(w.lower() for w in _WORD.findall(sentence) if w[:1].isupper() or _is_tag(w))


@lru_cache(maxsize=65536)
def tags(sentence: str) -> frozenset[str]:
    """The sentence's named tags ("20-point"), lower-cased."""
    return frozenset(w for w in spelled(sentence) if _is_tag(w))
