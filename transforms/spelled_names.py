"""Which names a sentence spells, beyond those extraction took as the event's participants.

One outlet's sentence may name a place or person that extraction did not attach to the event
("talks in Geneva", "since Avdiivka fell"), while another outlet's mention of the same event has
it as a participant. Resolution counts such a name as shared when one side's participant or
place is spelled in the other side's sentence. A name is looked for by its key: its last word
for a name of several capitalised words ("Trump" for Donald Trump), else the whole name. A
sentence spells its capitalised words and its named tags (a number joined to a word, as in
"20-point" or "M23": what a plan, a resolution or a weapon is called by), each also as
resolution respells it (`place_spellings`: the sentence's "Bakmut" spells the event's "Bakhmut").
"""

from __future__ import annotations

import re
from functools import lru_cache

from transforms.place_spellings import participant_spelling

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
    """The sentence's capitalised words and named tags, lower-cased (one-word name keys); a
    word resolution respells (`place_spellings`) also under the key of its respelling."""
    words = [w for w in _WORD.findall(sentence) if w[:1].isupper() or _is_tag(w)]
    return frozenset(w.lower() for w in words) | {name_key(participant_spelling(w)) for w in words}


@lru_cache(maxsize=65536)
def tags(sentence: str) -> frozenset[str]:
    """The sentence's named tags ("20-point"), lower-cased."""
    return frozenset(w for w in spelled(sentence) if _is_tag(w))
