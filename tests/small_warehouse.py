"""A small real warehouse for the tests of the commands and the page: two events, three articles."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from transforms.models import ArticleRef, CleanedArticle, EventMention, TimelineEvent
from warehouse import store
from warehouse.db import migrate, transaction


def _article(name: str, day: int) -> CleanedArticle:
    return CleanedArticle(
        url=f"https://news.example/{name}", canonical_url=f"https://news.example/{name}", title=f"Story {name}",
        author=None, site_name="Example News", published_at=datetime(2031, 3, day, 9, tzinfo=UTC),
        published_at_source="html", language="en", text=f"text of {name}", content_hash=(name * 64)[:64],
    )


def _mention(mention_id: str, article: CleanedArticle, sentence: str, kind: str, when: date, precision: str,
             who: tuple[str, ...], where: tuple[str, ...]) -> EventMention:
    return EventMention(
        mention_id=mention_id, article_id=article.article_id, sentence_index=0, sentence_start=0,
        sentence_end=len(sentence), sentence_text=sentence, event_type=kind, trigger=kind, trigger_start=0,
        participants=who, locations=where, time_text=None, time_value=when.isoformat(), event_date=when,
        date_precision=precision,
    )


def build_small_warehouse(db: Path) -> None:
    """ev_vote: a day (two articles); ev_strike: a whole month (one article)."""
    migrate(db)
    a, b, c = _article("a", 2), _article("b", 3), _article("c", 4)
    vote = ("Mara Quill",), ("Port Elspeth",)
    mentions = {
        "m1": _mention("m1", a, "The council of Port Elspeth voted on Tuesday.", "vote", date(2031, 3, 1), "day", *vote),
        "m2": _mention("m2", b, "Mara Quill cast the deciding vote.", "vote", date(2031, 3, 1), "day", *vote),
        "m3": _mention("m3", c, "Dock workers struck for most of February.", "strike", date(2031, 2, 1), "month",
                       ("Dock Union",), ("Lowmarsh",)),
    }
    events = [
        TimelineEvent("ev_vote", date(2031, 3, 1), "day", "vote", "Vote: Mara Quill — Port Elspeth", *vote, ("m1", "m2")),
        TimelineEvent("ev_strike", date(2031, 2, 1), "month", "strike", "Strike: Dock Union — Lowmarsh",
                      ("Dock Union",), ("Lowmarsh",), ("m3",)),
    ]
    fetched = datetime(2031, 3, 5, tzinfo=UTC)
    refs = {x.article_id: ArticleRef(x.article_id, x.url, x.published_at, fetched) for x in (a, b, c)}
    with transaction(db) as con:
        for article in (a, b, c):
            store.save_article(con, article, fetched, [m for m in mentions.values() if m.article_id == article.article_id])
        store.apply_timeline(con, events, refs, mentions)
