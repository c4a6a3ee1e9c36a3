"""The full re-resolve split by type family across processes gives what one process gives."""

from __future__ import annotations

from datetime import date, timedelta

from test_resolve import ARTICLES, mention  # the test directory is on sys.path (rootdir-relative imports)
import pytest

from transforms import resolve_parallel
from transforms.resolve import resolve
from transforms.resolve_parallel import resolve_by_family


@pytest.fixture(autouse=True)
def _split_small_inputs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(resolve_parallel, "SPLIT_FROM", 0)  # split even these few mentions


def _mentions() -> list:
    kinds = ("summit", "meeting", "strike", "ceasefire", "statement", "call")
    people = ("Ada Quill", "Boris Vell", "Cora Dunn")
    out = []
    for n in range(36):
        when = None if n % 7 == 0 else date(2025, 8, 1) + timedelta(days=n % 5)
        out.append(mention(f"m{n:02d}", "abcdefg"[n % 7], kinds[n % len(kinds)], when,
                           participants=(people[n % 3], people[(n + 1) % 3]), locations=("Lakeview",),
                           basis="explicit" if n % 2 else "relative", trigger_at=n))
    return out


def test_families_resolved_in_two_processes_make_the_same_events_as_one() -> None:
    mentions = _mentions()
    one = resolve(mentions, ARTICLES)
    assert len({e.family for e in one}) >= 4
    assert resolve_by_family(mentions, ARTICLES, workers=2) == one


def test_a_previous_run_keeps_its_ids_across_the_split() -> None:
    mentions = _mentions()
    first = resolve(mentions, ARTICLES)
    previous = {f"old-{n}": frozenset(e.mention_ids) for n, e in enumerate(first)}
    again = resolve_by_family(mentions, ARTICLES, previous, workers=2)
    assert sorted(e.event_id for e in again) == sorted(previous)
