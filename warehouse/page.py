"""`timeline.html`: the published timeline as one self-contained page people can look at.

The page is the template `templates/timeline.html` (its styles and script inline, nothing
fetched from anywhere) with the timeline embedded as JSON: every event with its date as the
span it really is (a month is a month, not its first day), and every source article with the
sentences that told the event. `export.export_timeline` writes it beside the exports.
"""

from __future__ import annotations

import calendar
import json
from datetime import date, datetime, timedelta
from importlib import resources
from typing import Any

import duckdb

from warehouse.schema import TIMELINE

PAGE_NAME = "timeline.html"
_DATA_MARK = "__TIMELINE_DATA__"

_EVENTS_QUERY = TIMELINE.select_sql()
_EVIDENCE_QUERY = """
    SELECT tm.event_id, a.url, a.title, a.site_name, a.published_at, m.sentence_text, tm.dated_by
    FROM timeline_mentions tm
    JOIN event_mentions m USING (mention_id)
    JOIN articles a ON a.article_id = m.article_id
    ORDER BY tm.event_id, a.published_at NULLS LAST, a.url, m.sentence_index, m.mention_id
"""


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


def date_span(start: date, precision: str) -> tuple[date, str]:
    """The last day of the period starting on `start`, and how people write that period."""
    if precision == "day":
        return start, f"{start.day} {start:%b %Y}"
    if precision == "week":
        return start + timedelta(days=6), f"week of {start.day} {start:%b %Y}"
    if precision == "month":
        return start.replace(day=calendar.monthrange(start.year, start.month)[1]), f"{start:%b %Y}"
    if precision == "quarter":
        return _add_months(start, 3) - timedelta(days=1), f"Q{(start.month - 1) // 3 + 1} {start.year}"
    if precision == "season":
        end = _add_months(start, 3) - timedelta(days=1)
        return end, f"{start:%b %Y}–{end:%b %Y}" if end.year != start.year else f"{start:%b}–{end:%b %Y}"
    return date(start.year, 12, 31), str(start.year)


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, (date, datetime)) else value


def _sources_by_event(con: duckdb.DuckDBPyConnection) -> dict[str, list[dict[str, Any]]]:
    """event_id → its articles in order of publication, each with its evidence sentences."""
    found: dict[str, dict[str, dict[str, Any]]] = {}
    for event_id, url, title, site, published, sentence, dated_by in con.execute(_EVIDENCE_QUERY).fetchall():
        article = found.setdefault(event_id, {}).setdefault(url, {
            "url": url, "title": title, "site": site, "published": _iso(published), "evidence": []})
        article["evidence"].append({"sentence": sentence, "dated": dated_by == "own"})
    return {event_id: list(articles.values()) for event_id, articles in found.items()}


def page_data(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The events of the timeline as the page shows them (the `status` column where it exists)."""
    cursor = con.execute(_EVENTS_QUERY)
    columns = [column for column, *_ in cursor.description]
    rows = cursor.fetchall()
    sources = _sources_by_event(con)
    events = []
    for row in rows:
        record = dict(zip(columns, row))
        end, label = date_span(record["event_date"], record["date_precision"])
        events.append({
            "id": record["event_id"], "start": record["event_date"].isoformat(), "end": end.isoformat(),
            "label": label, "precision": record["date_precision"], "type": record["event_type"],
            "title": record["title"], "participants": list(record["participants"]),
            "places": list(record["locations"]), "status": record.get("status"),
            "n_articles": record["n_articles"], "n_mentions": record["n_mentions"],
            "sources": sources.get(record["event_id"], []),
        })
    return {"events": events}


def render_page(con: duckdb.DuckDBPyConnection) -> str:
    template = resources.files("warehouse").joinpath("templates", PAGE_NAME).read_text(encoding="utf-8")
    # Inside <script type="application/json"> only "</script" could end the data early.
    data = json.dumps(page_data(con), ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
    return template.replace(_DATA_MARK, data)
