"""What `newsline explain EVENT_ID` reads: one event as resolution left it, with its dates and
every member mention, its sentence and its article."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from transforms.models import EventMention, TimelineEvent
from warehouse import resolution


@dataclass(frozen=True)
class MemberArticle:
    article_id: str
    url: str
    title: str | None
    published_at: datetime | None


@dataclass(frozen=True)
class Explanation:
    event: TimelineEvent
    published: bool  # on the timeline (happened or ongoing, and `transforms.resolve.publishable`)
    mentions: dict[str, EventMention]
    articles: dict[str, MemberArticle]


def explanation(con: duckdb.DuckDBPyConnection, event_id: str) -> Explanation | None:
    events, mentions = resolution.events_by_id(con, [event_id])
    if not events:
        return None
    rows = con.execute(
        "SELECT article_id, url, title, published_at FROM articles WHERE list_contains(?, article_id)",
        [sorted({m.article_id for m in mentions.values()})],
    ).fetchall()
    published = con.execute("SELECT count(*) FROM timeline WHERE event_id = ?", [event_id]).fetchone()[0] > 0
    return Explanation(events[0], published, mentions, {r[0]: MemberArticle(*r) for r in rows})


def matching_ids(con: duckdb.DuckDBPyConnection, prefix: str) -> list[str]:
    """Event ids starting with `prefix` (so that a shortened id can be explained)."""
    rows = con.execute("SELECT event_id FROM resolved_events WHERE starts_with(event_id, ?) ORDER BY event_id LIMIT 5",
                       [prefix]).fetchall()
    return [event_id for (event_id,) in rows]
