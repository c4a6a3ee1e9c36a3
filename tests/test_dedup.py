"""Fingerprints stay those of datasketch's MinHash over the text's word shingles: signatures and
bands stored by earlier runs stay comparable with new ones."""

from __future__ import annotations

import hashlib
import re

import pytest
from datasketch import MinHash

from transforms.dedup import BANDS, MINHASH_SEED, NUM_PERM, ROWS, SHINGLE_WORDS, fingerprint


def reference_signature(text: str) -> tuple[int, ...]:
    words = re.findall(r"\w+", text.lower())
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(len(words) - SHINGLE_WORDS + 1, 1))}
    minhash = MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED)
    minhash.update_batch([shingle.encode("utf-8") for shingle in shingles])
    return tuple(int(value) for value in minhash.hashvalues)


def reference_bands(signature: tuple[int, ...]) -> tuple[int, ...]:
    def bucket(band: int) -> int:
        values = (band, *signature[band * ROWS : (band + 1) * ROWS])
        data = b"".join(value.to_bytes(8, "little") for value in values)
        return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")

    return tuple(bucket(band) for band in range(BANDS))


@pytest.mark.parametrize("text", [
    "",
    "Alone",
    "Two words",
    "The council met on Tuesday and the council voted on Tuesday.",
    "Der Rat tagte am Dienstag; straße, Øresund, İstanbul and ſ.\nA second line with the same words: the council met.",
    "数字 2025 年 12 月 ... 議会は火曜日に開かれた",
])
def test_fingerprint_is_datasketchs_minhash_of_the_shingles(text: str) -> None:
    found = fingerprint(text)
    assert found.signature == reference_signature(text)
    assert found.bands == reference_bands(found.signature)
    assert all(type(value) is int for value in found.signature + found.bands)
