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
    words = re.findall(r"\w+", text.lower())
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(len(words) - SHINGLE_WORDS + 1, 1))}
    minhash = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED)
    minhash.update_batch([shingle.encode("utf-8") for shingle in shingles])
    signature = tuple(int(value) for value in minhash.hashvalues)
    return Fingerprint(signature, bands_of(signature))


def bands_of(signature: Sequence[int]) -> tuple[int, ...]:
    return tuple(_bucket(band, signature[band * ROWS : (band + 1) * ROWS]) for band in range(BANDS))


def similarity(first: Sequence[int], second: Sequence[int]) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    return sum(a == b for a, b in zip(first, second, strict=True)) / len(first)


def best_match(signature: Sequence[int], candidates: Iterable[tuple[str, Sequence[int]]]) -> str | None:
    """The key of the most similar candidate at or above the threshold, if any."""
    pairs = list(candidates)
    return best_match_of(as_array(signature), [key for key, _ in pairs],
                         np.array([theirs for _, theirs in pairs], dtype=np.uint64).reshape(len(pairs), -1))


def as_array(signature: Sequence[int]) -> np.ndarray:
    return np.asarray(signature, dtype=np.uint64)


def best_match_of(signature: np.ndarray, keys: Sequence[str], signatures: np.ndarray) -> str | None:
    """`best_match` with the candidates' signatures as the rows of one array (in the order of
    `keys`): all compared at once; ties go to the greatest key, as in `best_match`."""
    if not keys:
        return None
    scores = (np.count_nonzero(signatures == signature, axis=1) / signature.shape[0]).tolist()
    above = [(score, key) for score, key in zip(scores, keys, strict=True) if score >= SIMILARITY_THRESHOLD]
    return max(above)[1] if above else None


def _bucket(band: int, values: Sequence[int]) -> int:
    data = b"".join(value.to_bytes(8, "little") for value in (band, *values))
    digest = hashlib.blake2b(data, digest_size=8).digest()
    return int.from_bytes(digest, "little")
