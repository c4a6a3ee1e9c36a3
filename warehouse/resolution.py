"""Reads and writes of resolution's state: every event with its dates and members
(`resolved_events`, `event_dates`, `event_members`, migration 006) and the `timeline` rows that
publish its happened and ongoing events. Incremental resolution reads only the candidate events
a batch could join (by type family and period, or a shared name), never every mention."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import duckdb

from transforms.event_dating import PRECISION_RANK, period_end
from transforms.models import (
    ArticleRef,
    CandidateWindow,
    EventDate,
    EventMember,
    EventMention,
    Period,
    TimelineEvent,
)
from transforms.resolve import ResolutionChanges, publishable
from warehouse import store
from warehouse.schema import EVENT_MENTIONS

MENTION_COLUMNS = EVENT_MENTIONS.column_names
_EVENT_COLUMNS = (
    "event_id", "family", "event_type", "status", "event_date", "event_end", "date_precision", "title",
    "participants", "locations", "first_announced_at", "date_reason", "weakly_dated",
)
_DATE_COLUMNS = ("event_id", "event_date", "date_precision", "basis", "weight", "chosen", "mention_ids")
_MEMBER_COLUMNS = ("mention_id", "event_id", "role", "reason")


def mention_from_row(row: Sequence) -> EventMention:
    values = dict(zip(MENTION_COLUMNS, row, strict=True))
    values["participants"] = tuple(values["participants"])
    values["locations"] = tuple(values["locations"])
    values["status"] = values["status"] or "happened"
    return EventMention(**values)


def _select_mentions(con: duckdb.DuckDBPyConnection, where: str, params: list) -> dict[str, EventMention]:
    columns = ", ".join(f"m.{c}" for c in MENTION_COLUMNS)
    rows = con.execute(f"SELECT {columns} FROM event_mentions m {where}", params).fetchall()
    return {row[0]: mention_from_row(row) for row in rows}


# --- reading ---------------------------------------------------------------------------------


def queue_articles(con: duckdb.DuckDBPyConnection, article_ids: Iterable[str]) -> None:
    """Saved articles waiting for resolution (migration 007)."""
    store.bulk_insert(con, "unresolved_articles", ("article_id",),
                      [[a] for a in sorted(set(article_ids))], conflict="DO NOTHING")


def queued_articles(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [a for (a,) in con.execute("SELECT article_id FROM unresolved_articles ORDER BY article_id").fetchall()]


def settle_articles(con: duckdb.DuckDBPyConnection, article_ids: Iterable[str]) -> None:
    con.execute("DELETE FROM unresolved_articles WHERE article_id IN (SELECT unnest(?))", [sorted(set(article_ids))])


def mentions_of(con: duckdb.DuckDBPyConnection, article_ids: Iterable[str]) -> dict[str, EventMention]:
    return _select_mentions(con, "WHERE m.article_id IN (SELECT unnest(?))", [sorted(set(article_ids))])


def every_mention(con: duckdb.DuckDBPyConnection) -> dict[str, EventMention]:
    """For the full re-resolve only."""
    return _select_mentions(con, "", [])


def previous_members(con: duckdb.DuckDBPyConnection) -> dict[str, frozenset[str]]:
    """event_id → its mention ids, as last resolved (lets ids survive a full re-resolve)."""
    rows = con.execute("SELECT event_id, list(mention_id) FROM event_members GROUP BY event_id").fetchall()
    return {event_id: frozenset(mentions) for event_id, mentions in rows}


def withdrawn_mentions(con: duckdb.DuckDBPyConnection, resolved_again: Iterable[str]) -> set[str]:
    """Members of events to take out before resolving: those whose mention is gone (its article
    was re-cleaned into another text) and those about to be resolved again."""
    rows = con.execute(
        "SELECT e.mention_id FROM event_members e ANTI JOIN event_mentions m USING (mention_id) "
        "UNION SELECT mention_id FROM event_members WHERE mention_id IN (SELECT unnest(?))",
        [sorted(set(resolved_again))]).fetchall()
    return {mention_id for (mention_id,) in rows}


def article_refs_of(con: duckdb.DuckDBPyConnection, article_ids: Iterable[str]) -> dict[str, ArticleRef]:
    rows = con.execute(
        "SELECT article_id, canonical_url, published_at, fetched_at FROM articles "
        "WHERE article_id IN (SELECT unnest(?))",
        [sorted(set(article_ids))],
    ).fetchall()
    return {r[0]: ArticleRef(r[0], r[1], r[2], r[3]) for r in rows}


_WINDOWS = """
WITH w AS (SELECT unnest(?) AS family, unnest(?) AS first, unnest(?) AS last, unnest(?) AS kind,
                  unnest(?) AS name, unnest(?) AS nearest, unnest(?) AS around, unnest(?) AS window_id,
                  unnest(?) AS precision, unnest(?) AS finer),
     -- per `few` window, the events of its slots: finer ones starting inside, others holding
     -- its first day; and how many there are
     few AS (SELECT e.event_id, w.window_id, w.nearest, count(*) OVER (PARTITION BY w.window_id) AS crowd
             FROM resolved_events e
             JOIN w ON w.kind = 'few' AND e.family = w.family AND e.event_date <= w.last AND e.event_end > w.first
             WHERE CASE WHEN list_contains(w.finer, e.date_precision) THEN e.event_date >= w.first
                        ELSE e.event_date <= w.first END),
"""

_CANDIDATES = _WINDOWS + """
     named AS (SELECT event_id, family, event_date, event_end, weakly_dated,
                      unnest(list_concat(participants, locations)) AS name
               FROM resolved_events)
SELECT e.event_id FROM resolved_events e
JOIN w ON e.family = w.family AND e.event_date <= w.last AND e.event_end > w.first
WHERE w.kind = 'any' OR (w.kind = 'nameless' AND len(e.participants) + len(e.locations) = 0)
UNION
SELECT n.event_id FROM named n
JOIN w ON n.family = w.family AND n.name = w.name AND n.event_date <= w.last AND n.event_end > w.first
WHERE w.kind = 'named' OR (w.kind = 'weak' AND n.weakly_dated)
UNION
SELECT event_id FROM (
    SELECT n.event_id, w.nearest,
           dense_rank() OVER (PARTITION BY w.window_id
                              ORDER BY abs(date_diff('day', w.around, n.event_date))) AS nearness
    FROM named n
    JOIN w ON w.kind = 'nearest' AND n.family = w.family AND n.name = w.name
          AND n.event_date BETWEEN w.first AND w.last)
WHERE nearness <= nearest
UNION
SELECT event_id FROM few WHERE crowd <= nearest
UNION
SELECT event_id FROM event_members WHERE mention_id IN (SELECT unnest(?))
"""

_CROWDED = _WINDOWS + """
     crowded AS (SELECT DISTINCT window_id FROM few WHERE crowd > nearest)
SELECT w.family, w.precision, w.first FROM w JOIN crowded USING (window_id)
"""


def _window_columns(windows: Sequence[CandidateWindow]) -> list[list]:
    finer = [[p for p, rank in PRECISION_RANK.items() if w.precision and rank < PRECISION_RANK[w.precision]]
             for w in windows]
    return [[w.family for w in windows], [w.first for w in windows], [w.last for w in windows],
            [w.kind for w in windows], [w.name for w in windows], [w.nearest for w in windows],
            [w.around or w.first for w in windows], list(range(len(windows))),
            [w.precision or "" for w in windows], finer]


def candidate_events(
    con: duckdb.DuckDBPyConnection, windows: Sequence[CandidateWindow], holding: Iterable[str] = ()
) -> tuple[list[TimelineEvent], dict[str, EventMention]]:
    """The events inside the windows (and those holding the `holding` mentions), with every
    member mention — what an incremental run needs, whatever the size of the history."""
    ids = con.execute(_CANDIDATES, [*_window_columns(windows), sorted(set(holding))]).fetchall()
    return events_by_id(con, [i for (i,) in ids])


def crowded_periods(con: duckdb.DuckDBPyConnection, windows: Sequence[CandidateWindow]) -> set[tuple[str, str, date]]:
    """(family, precision, start) of the `few` windows holding more events than they may load:
    the resolver then looks no further there, as it would with the whole history."""
    if not any(w.kind == "few" for w in windows):
        return set()
    rows = con.execute(_CROWDED, _window_columns(windows)).fetchall()
    return {(family, precision, first) for family, precision, first in rows}


def events_by_id(con: duckdb.DuckDBPyConnection, event_ids: Sequence[str]) -> tuple[list[TimelineEvent], dict[str, EventMention]]:
    ids = sorted(set(event_ids))
    rows = con.execute(f"SELECT {', '.join(_EVENT_COLUMNS)} FROM resolved_events WHERE event_id IN (SELECT unnest(?))",
                       [ids]).fetchall()
    members: dict[str, list[EventMember]] = {}
    for mention_id, event_id, role, reason in con.execute(
            f"SELECT {', '.join(_MEMBER_COLUMNS)} FROM event_members WHERE event_id IN (SELECT unnest(?)) "
            "ORDER BY mention_id", [ids]).fetchall():
        members.setdefault(event_id, []).append(EventMember(mention_id, role, reason))
    dates: dict[str, list[EventDate]] = {}
    for event_id, *values in con.execute(
            f"SELECT {', '.join(_DATE_COLUMNS)} FROM event_dates WHERE event_id IN (SELECT unnest(?)) "
            "ORDER BY event_id, chosen DESC, weight DESC, event_date", [ids]).fetchall():
        day, precision, basis, weight, chosen, mention_ids = values
        dates.setdefault(event_id, []).append(EventDate(day, precision, weight, tuple(mention_ids), chosen, basis))
    mentions = _select_mentions(
        con, "JOIN event_members e USING (mention_id) WHERE e.event_id IN (SELECT unnest(?))", [ids])
    events = [_event_from_row(row, members.get(row[0], []), dates.get(row[0], []), mentions) for row in rows]
    return events, mentions


def _event_from_row(row: Sequence, members: list[EventMember], dates: list[EventDate],
                    mentions: Mapping[str, EventMention]) -> TimelineEvent:
    v = dict(zip(_EVENT_COLUMNS, row, strict=True))
    told = sorted(m.mention_id for m in members if m.role != "evidence" and m.mention_id in mentions)
    return TimelineEvent(
        event_id=v["event_id"], event_date=v["event_date"], date_precision=v["date_precision"],
        event_type=v["event_type"], title=v["title"], participants=tuple(v["participants"]),
        locations=tuple(v["locations"]), mention_ids=tuple(told),
        inherited_mention_ids=tuple(sorted(m.mention_id for m in members if m.role == "inherited")),
        status=v["status"], family=v["family"], first_announced_at=v["first_announced_at"],
        date_reason=v["date_reason"], dates=tuple(dates), members=tuple(members),
        weakly_dated=bool(v["weakly_dated"]),
    )


# --- writing ---------------------------------------------------------------------------------


def _event_rows(events: Sequence[TimelineEvent]) -> tuple[list, list, list]:
    event_rows, date_rows, member_rows = [], [], []
    for e in events:
        end = period_end(Period(e.event_date, e.date_precision))
        event_rows.append([e.event_id, e.family, e.event_type, e.status, e.event_date, end, e.date_precision,
                           e.title, list(e.participants), list(e.locations), e.first_announced_at, e.date_reason,
                           e.weakly_dated])
        date_rows += [[e.event_id, d.event_date, d.date_precision, d.basis, d.weight, d.chosen, list(d.mention_ids)]
                      for d in e.dates]
        member_rows += [[m.mention_id, e.event_id, m.role, m.reason] for m in e.members]
    return event_rows, date_rows, member_rows


def apply_resolution(
    con: duckdb.DuckDBPyConnection,
    changes: ResolutionChanges,
    refs: Mapping[str, ArticleRef],
    mentions: Mapping[str, EventMention],
    *,
    everything: bool = False,
) -> store.TimelineChanges:
    """Write the changed events (all of them with `everything`, replacing the state) and bring
    their timeline rows up to date: published when happened or ongoing (and dated by words or
    told by two articles, `transforms.resolve.publishable`), gone otherwise."""
    touched = sorted({e.event_id for e in changes.events} | set(changes.removed_ids))
    members = sorted({m.mention_id for e in changes.events for m in e.members})
    scope, params = ("", []) if everything else (" WHERE event_id IN (SELECT unnest(?))", [touched])
    for table in ("resolved_events", "event_dates", "event_members"):
        con.execute(f"DELETE FROM {table}{scope}", params)
    if not everything:
        con.execute("DELETE FROM event_members WHERE mention_id IN (SELECT unnest(?))", [members])
    event_rows, date_rows, member_rows = _event_rows(changes.events)
    store.bulk_insert(con, "resolved_events", _EVENT_COLUMNS, event_rows)
    store.bulk_insert(con, "event_dates", _DATE_COLUMNS, date_rows)
    store.bulk_insert(con, "event_members", _MEMBER_COLUMNS, member_rows)
    published = [e for e in changes.events if publishable(e, mentions)]
    return store.apply_timeline(con, published, refs, mentions, only=None if everything else touched)
