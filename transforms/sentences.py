"""Split cleaned article text into sentences with exact character offsets.

Written here rather than taken from PyPI: `pysbd` (the usual pure-Python choice) is unmaintained
since 2021, slow on long articles and its `char_span` offsets are known to drift when a text
repeats a sentence; `syntok`/`blingfire` normalise or re-tokenise the text. News English needs
only a small rule set (abbreviations, initials, dotted acronyms, quotes closing after the full
stop, decimals), and a regex scan keeps `text[s.start:s.end] == s.text` true by construction.
"""

from __future__ import annotations

import re
from functools import lru_cache

from transforms.models import Sentence

# A sentence may end at . ! ? or … followed by closing quotes/brackets, then whitespace.
# Requiring whitespace after the terminator is what keeps decimals ("3.5") and URLs together.
_CANDIDATE_END = re.compile(r"""[.!?…]+["'”’»)\]]*(?=\s)""")

_WORD_BEFORE_DOT = re.compile(r"""([\w.'’-]+)\.$""")
_NEXT_TOKEN = re.compile(r"""\s*(["'“‘«(\[]*)(\S*)""")

# Titles and other abbreviations that, in news copy, are almost never the end of a sentence.
_TITLE_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt sgt cpl adm cmdr brig sen rep gov pres rev fr rt sr jr
    st mt ft supt insp det hon amb messrs mme mlle vs e.g i.e cf approx dept univ""".split()
)
# Abbreviations that also end sentences ("... Apple Inc. The company"): like dotted acronyms,
# they end one only when a typical sentence opener follows.
_AMBIGUOUS_ABBREVIATIONS = frozenset("etc inc ltd corp co bros jr sr".split())
# Abbreviations that are only abbreviations when a number follows ("No. 10", "Jan. 6", "p. 4").
_NUMBER_ABBREVIATIONS = frozenset(
    """no nos nr art p pp vol fig ch sec para jan feb mar apr jun jul aug sep sept oct nov dec
    tel""".split()
)
# After a dotted acronym ("U.S.", "U.N.") a sentence usually goes on ("U.S. officials said");
# it ends there only when one of these typical sentence openers follows.
_SENTENCE_OPENERS = frozenset(
    """the a an this that these those he she it they we i you his her its their our but and
    so yet in on at for after before when while if as there here meanwhile however still
    now then""".split()
)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text` in order; a line break always ends a sentence (paragraph-aware)."""
    return list(_split(text))


# Extraction splits an article once and its time tagger once more: the second is a lookup (a
# flow task extracts up to 200 articles, each split before any is tagged).
@lru_cache(maxsize=512)
def _split(text: str) -> tuple[Sentence, ...]:
    sentences: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", text):
        for start, end in _sentence_spans(line.group(), line.start()):
            sentences.append(Sentence(len(sentences), start, end, text[start:end]))
    return tuple(sentences)


def _sentence_spans(line: str, offset: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _CANDIDATE_END.finditer(line):
        if _is_sentence_end(line, match):
            spans.extend(_trimmed(line, start, match.end(), offset))
            start = match.end()
    spans.extend(_trimmed(line, start, len(line), offset))
    return spans


def _trimmed(line: str, start: int, end: int, offset: int) -> list[tuple[int, int]]:
    """The span without surrounding whitespace, or nothing when it is blank."""
    piece = line[start:end]
    stripped = piece.strip()
    if not stripped:
        return []
    lead = len(piece) - len(piece.lstrip())
    return [(offset + start + lead, offset + start + lead + len(stripped))]


def _is_sentence_end(line: str, match: re.Match[str]) -> bool:
    terminator = match.group()
    next_match = _NEXT_TOKEN.match(line, match.end())
    assert next_match is not None  # the pattern can match the empty string
    next_word = next_match.group(2)
    if not next_word:
        return True
    if next_word[0].islower() and not next_match.group(1):
        # "e.g. the", "… said. and" — a lower-case continuation is not a new sentence.
        return False
    if not terminator.startswith(".") or terminator.startswith(".."):
        return True  # ! ? and ellipses are not abbreviations
    return not _ends_with_abbreviation(line[: match.start() + 1], next_word)


def _ends_with_abbreviation(before_and_dot: str, next_word: str) -> bool:
    word_match = _WORD_BEFORE_DOT.search(before_and_dot)
    if word_match is None:
        return False
    word = word_match.group(1).lstrip("'’-")
    lowered = word.lower()
    if lowered in _TITLE_ABBREVIATIONS:
        return True
    if lowered in _NUMBER_ABBREVIATIONS and next_word[0].isdigit():
        return True
    if len(word) == 1 and word.isupper():
        return True  # an initial: "John F. Kennedy"
    if lowered in _AMBIGUOUS_ABBREVIATIONS or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", word):
        # A dotted acronym such as "U.S" (the final dot is the terminator).
        return next_word.strip("\"'“‘").lower() not in _SENTENCE_OPENERS
    return False
