"""The published tables' columns, written out once.

The migrations create the tables; this module is the contract readers rely on: the column
names and DuckDB types of each table the pipeline writes row by row, in order. Writers (`store`),
exports, the CLI and the tests derive their column lists from here, and a test checks that the
migrated database has exactly these columns.

Which tables are published (copied into the read-only snapshot at `--db`) is decided here too:
every table (and view) of the working state except `PRIVATE_TABLES`, without `PRIVATE_COLUMNS`
and the write clock `WRITTEN` — so a table a later migration adds is published without touching
the publishing code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # as DuckDB's information_schema reports it


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    order_by: tuple[str, ...] = ()

    @cached_property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @cached_property
    def column_list(self) -> str:
        return ", ".join(self.column_names)

    def insert_sql(self) -> str:
        placeholders = ", ".join("?" * len(self.columns))
        return f"INSERT INTO {self.name} ({self.column_list}) VALUES ({placeholders})"

    def select_sql(self) -> str:
        order = f" ORDER BY {', '.join(self.order_by)}" if self.order_by else ""
        return f"SELECT {self.column_list} FROM {self.name}{order}"


def _columns(*pairs: tuple[str, str]) -> tuple[Column, ...]:
    return tuple(Column(name, type_) for name, type_ in pairs)


TEXT, TEXTS, INT, DAY, MOMENT = "VARCHAR", "VARCHAR[]", "INTEGER", "DATE", "TIMESTAMP WITH TIME ZONE"

TIMELINE = Table("timeline", _columns(
    ("event_id", TEXT), ("event_date", DAY), ("date_precision", TEXT), ("event_type", TEXT),
    ("title", TEXT), ("participants", TEXTS), ("locations", TEXTS), ("n_articles", INT),
    ("n_mentions", INT), ("first_reported_at", MOMENT), ("last_reported_at", MOMENT),
    ("sources", TEXTS), ("status", TEXT), ("first_announced_at", MOMENT),
), order_by=("event_date", "event_type", "event_id"))

TIMELINE_MENTIONS = Table("timeline_mentions", _columns(
    ("event_id", TEXT), ("mention_id", TEXT), ("dated_by", TEXT),
))

ARTICLES = Table("articles", _columns(
    ("article_id", TEXT), ("url", TEXT), ("canonical_url", TEXT), ("title", TEXT),
    ("author", TEXT), ("site_name", TEXT), ("published_at", MOMENT), ("published_at_source", TEXT),
    ("language", TEXT), ("text", TEXT), ("content_hash", TEXT), ("fetched_at", MOMENT),
    ("modified_at", MOMENT), ("modified_at_source", TEXT), ("doubts", TEXTS),
))

EVENT_MENTIONS = Table("event_mentions", _columns(
    ("mention_id", TEXT), ("article_id", TEXT), ("sentence_index", INT), ("sentence_start", INT),
    ("sentence_end", INT), ("sentence_text", TEXT), ("event_type", TEXT), ("trigger", TEXT),
    ("trigger_start", INT), ("participants", TEXTS), ("locations", TEXTS), ("time_text", TEXT),
    ("time_value", TEXT), ("event_date", DAY), ("date_precision", TEXT), ("status", TEXT),
    ("date_basis", TEXT),
))

PIPELINE_RUNS = Table("pipeline_runs", _columns(
    ("run_id", TEXT), ("started_at", MOMENT), ("finished_at", MOMENT), ("discovered", INT),
    ("fetched", INT), ("failed", INT), ("articles", INT), ("rejected", INT), ("mentions", INT),
    ("timeline_inserted", INT), ("timeline_updated", INT), ("timeline_deleted", INT),
    ("errors", INT),
))

CONTRACT = (TIMELINE, TIMELINE_MENTIONS, ARTICLES, EVENT_MENTIONS, PIPELINE_RUNS)

# Working state that readers have no use for: raw HTML waiting to move into the WARC archive,
# the near-duplicate index, and the queue of articles waiting for resolution.
PRIVATE_TABLES: frozenset[str] = frozenset(
    {"legacy_page_bodies", "article_signatures", "article_bands", "unresolved_articles", "publications"})
PRIVATE_COLUMNS: dict[str, frozenset[str]] = {}

# The write clock (migration 009): every row of a published table carries the number of the
# write that put it there, so a publication copies only the rows written since the last one.
# Inserts get it from the column's default; every UPDATE of such a table sets it with TOUCH.
WRITTEN = "_written"
TOUCH = f"{WRITTEN} = nextval('publication_clock')"


def published_columns(table: str, columns: list[str]) -> list[str]:
    """The columns of a state table that the snapshot carries (none for a private table)."""
    if table in PRIVATE_TABLES:
        return []
    hidden = PRIVATE_COLUMNS.get(table, frozenset()) | {WRITTEN}
    return [c for c in columns if c not in hidden]
