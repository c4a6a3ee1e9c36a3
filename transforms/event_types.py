"""The event types newsline knows, most specific first — read from the domain pack.

When one clause tells one happening with several trigger words ("hosted … for a summit"), the
type listed first names it; resolution uses the same order to name an event told differently,
and clusters mentions by `family` (a "meeting" in one article is the "summit" of another).
"""

from __future__ import annotations

from transforms import domain_pack

_PACK = domain_pack.load()
EVENT_TYPES: tuple[str, ...] = tuple(t.name for t in _PACK.types)
TYPE_PRIORITY: dict[str, int] = {event_type: rank for rank, event_type in enumerate(EVENT_TYPES)}
_FAMILY = {t.name: t.family for t in _PACK.types}


def family(event_type: str) -> str:
    return _FAMILY.get(event_type, event_type)
