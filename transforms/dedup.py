"""Near-duplicate articles: syndicated and lightly reworded copies of one story.

Each text gets a MinHash signature (datasketch) over its word shingles; the signature is cut
into LSH bands, and two texts sharing a band are candidates, kept as duplicates when their
signatures agree on at least `SIMILARITY_THRESHOLD` of their positions (an estimate of the
Jaccard similarity of their shingle sets). The bands are what the warehouse indexes, so a new
article is compared only with the stored articles that share the most of its bands (at most
`CANDIDATES_PER_PAGE`): the cost per article does not grow with the archive. Pure: no storage here.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash

SHINGLE_WORDS = 3
BANDS, ROWS = 40, 3
NUM_PERM = BANDS * ROWS
# A rewording that changes one word in ten leaves about half of the 3-word shingles; two
# reports of one event written separately share almost none (under 0.1). With 40 bands of 3,
# a pair at 0.4 is a candidate 93% of the time, one at 0.1 4% of the time.
SIMILARITY_THRESHOLD = 0.4
MINHASH_SEED = 1  # fixed: signatures are stored and compared across runs
# A new text is compared with at most this many stored articles: those sharing the most bands
# with it. A copy at the threshold shares ~2.6 of the 40 bands on average, one at 0.7 ~14, while
# text common to many pages (boilerplate) can put thousands of unrelated articles one band away;
# the cap keeps a page's cost independent of the archive's size.
CANDIDATES_PER_PAGE = 100


@dataclass(frozen=True)
class Fingerprint:
    signature: tuple[int, ...]
    bands: tuple[int, ...]  # one bucket hash per band (the band's number is part of the hash)


def fingerprint(text: str) -> Fingerprint:
    minhash = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, permutations=_PERMUTATIONS, scheme=_SCHEME,
                      hashfunc=int)
    minhash.update_batch(_shingle_hashes(text))
    signature = tuple(minhash.hashvalues.tolist())
    return Fingerprint(signature, bands_of(signature))


# The MinHash's permutations, drawn from its seed once rather than for every text (the same draw).
_SCHEME = "affine32"
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme=_SCHEME).permutations


def _shingle_hashes(text: str) -> list[int]:
    """datasketch's sha1_hash32 of each distinct shingle (the first 4 bytes of its SHA-1, little
    endian), made in one pass: the MinHash then takes them as they are (`hashfunc=int`)."""
    words = re.findall(r"\w+", text.lower())
    if len(words) >= SHINGLE_WORDS:
        shingles = set(map(" ".join, zip(*(words[i:] for i in range(SHINGLE_WORDS)))))
    else:
        shingles = {" ".join(words)}
    digests = b"".join([sha.digest()[:4] for sha in map(hashlib.sha1, map(str.encode, shingles))])  # UTF-8
    return np.frombuffer(digests, dtype="<u4").tolist()


def bands_of(signature: Sequence[int]) -> tuple[int, ...]:
    return tuple(_bucket(band, signature[band * ROWS : (band + 1) * ROWS]) for band in range(BANDS))


def similarity(first: Sequence[int], second: Sequence[int]) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    return sum(a == b for a, b in zip(first, second, strict=True)) / len(first)


def best_match(signature: Sequence[int], candidates: Iterable[tuple[str, Sequence[int]]]) -> str | None:
    """The key of the most similar candidate at or above the threshold, if any (ties go to the
    greatest key). `BatchMatcher` makes the same decision for a whole batch."""
    pairs = list(candidates)
    if not pairs:
        return None
    scores = _scores(np.array([theirs for _, theirs in pairs], dtype=np.uint64), np.asarray(signature, dtype=np.uint64))
    above = [(score, key) for score, (key, _) in zip(scores.tolist(), pairs, strict=True) if score >= SIMILARITY_THRESHOLD]
    return max(above)[1] if above else None


_BAND_KEY = struct.Struct(f"<{1 + ROWS}Q")  # the band's number and its values, 8 bytes each, little endian


def _bucket(band: int, values: Sequence[int]) -> int:
    digest = hashlib.blake2b(_BAND_KEY.pack(band, *values), digest_size=8).digest()
    return int.from_bytes(digest, "little")


class BatchMatcher:
    """The near-duplicate check of one batch of new pages, in order: each page against its
    stored candidates and against the batch's earlier articles that share a band with it, all
    compared at once (numpy); the same decisions as `best_match` over those candidates, where
    an earlier article of the batch stands for a stored one of the same id."""

    def __init__(self, size: int, stored: Iterable[tuple[str, Sequence[int]]]) -> None:
        stored_ids = dict(stored)  # article id → signature: each stored candidate once
        self.stored_row = {aid: row for row, aid in enumerate(stored_ids)}
        self.stored = np.array(list(stored_ids.values()), dtype=np.uint64).reshape(len(stored_ids), NUM_PERM)
        self.signatures = np.zeros((size, NUM_PERM), np.uint64)  # the batch's articles so far
        self.bands = np.zeros((size, BANDS), np.uint64)
        self.ids: list[str] = []
        self.urls: list[str] = []
        self.latest: dict[str, int] = {}  # article id → its row (the last given)
        self.is_latest = np.zeros(size, bool)

    def match(self, article_id: str, url: str, found: Fingerprint,
              stored: Sequence[tuple[str, str, Sequence[int]]]) -> tuple[str, str] | None:
        """(article id, url) of the most similar article at or above the threshold, if any;
        `stored`: this page's stored candidates (article id, url, signature)."""
        signature, n = np.asarray(found.signature, dtype=np.uint64), len(self.ids)
        sharing = (self.bands[:n] == np.asarray(found.bands, dtype=np.uint64)).any(axis=1)
        scored: dict[str, tuple[float, str]] = {}
        scores = _scores(self.stored[[self.stored_row[aid] for aid, _, _ in stored]], signature)
        for index in np.flatnonzero(scores >= SIMILARITY_THRESHOLD).tolist():
            aid, their_url, _ = stored[index]
            row = self.latest.get(aid)
            if row is None or not sharing[row]:  # else the batch's article of that id stands for it
                scored[aid] = (float(scores[index]), their_url)
        rows = np.flatnonzero(sharing & self.is_latest[:n])
        scores = _scores(self.signatures[rows], signature)
        for row, score in zip(rows[scores >= SIMILARITY_THRESHOLD].tolist(), scores[scores >= SIMILARITY_THRESHOLD].tolist()):
            scored[self.ids[row]] = (score, self.urls[row])
        above = [(score, aid) for aid, (score, their_url) in scored.items() if aid != article_id and their_url != url]
        return (max(above)[1], scored[max(above)[1]][1]) if above else None

    def add(self, article_id: str, url: str, found: Fingerprint) -> None:
        """An article of its own: a candidate for the batch's later pages."""
        row = len(self.ids)
        self.signatures[row], self.bands[row] = found.signature, found.bands
        if article_id in self.latest:
            self.is_latest[self.latest[article_id]] = False
        self.ids.append(article_id)
        self.urls.append(url)
        self.latest[article_id] = row
        self.is_latest[row] = True


def _scores(signatures: np.ndarray, signature: np.ndarray) -> np.ndarray:
    return np.count_nonzero(signatures == signature, axis=1) / signature.shape[0]
