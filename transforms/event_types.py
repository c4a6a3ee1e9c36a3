"""The event types newsline knows, most specific first.

When one clause tells one happening with several trigger words ("hosted … for a summit"), the
type listed first names it; resolution uses the same order to name an event told differently.
"""

from __future__ import annotations

EVENT_TYPES: tuple[str, ...] = (
    "summit", "ceasefire", "annexation", "invasion", "offensive", "strike", "sanctions",
    "agreement", "call", "talks", "meeting", "statement",
)
TYPE_PRIORITY: dict[str, int] = {event_type: rank for rank, event_type in enumerate(EVENT_TYPES)}

# Types that name the same kind of happening at different levels of formality: a "meeting" in
# one article is the "summit" of another.
_FAMILY = {"summit": "diplomacy", "meeting": "diplomacy", "talks": "diplomacy"}


def family(event_type: str) -> str:
    return _FAMILY.get(event_type, event_type)
