"""When to ask for a page again: failed pages (the retry queue) and stored articles (recrawl).

Both are decided from what the warehouse remembers, not from what the sources list this run: a
failed page is retried whether or not its feed still lists it, and an article is re-checked
with a conditional GET whether or not anyone links to it again. Pure: the caller passes `now`.

Retries: the first retry is on the very next run; after that the wait doubles (1 h, 2 h, 4 h…)
up to a day. After `MAX_FETCH_ATTEMPTS` failures the page is given up on (a dead letter: its
row keeps the last reason).

Recrawl, by the article's age (its publication time, else when we first saw it):
younger than a day, at most hourly; younger than a week, daily; younger than four weeks,
weekly; older, never.
"""

from __future__ import annotations

from datetime import datetime, timedelta

MAX_FETCH_ATTEMPTS = 5
RETRY_FIRST_WAIT = timedelta(hours=1)  # before the 3rd attempt; doubles for each later one
RETRY_MAX_WAIT = timedelta(days=1)

# (articles younger than this, are re-checked when last checked this long ago)
RECRAWL_SCHEDULE: tuple[tuple[timedelta, timedelta], ...] = (
    (timedelta(days=1), timedelta(hours=1)),
    (timedelta(days=7), timedelta(days=1)),
    (timedelta(days=28), timedelta(days=7)),
)
RECRAWL_HORIZON = RECRAWL_SCHEDULE[-1][0]  # older articles are never re-checked


def retry_wait(failures: int) -> timedelta:
    """How long after its `failures`-th failed attempt a page is asked for again."""
    if failures <= 1:
        return timedelta(0)  # the next run: most failures are a bad moment, not a dead link
    return min(RETRY_FIRST_WAIT * 2 ** (failures - 2), RETRY_MAX_WAIT)


def retry_due(failures: int, last_attempt_at: datetime, now: datetime) -> bool:
    return failures < MAX_FETCH_ATTEMPTS and last_attempt_at + retry_wait(failures) <= now


def recrawl_interval(age: timedelta) -> timedelta | None:
    """How often an article this old is re-checked; None once it is too old to change."""
    return next((every for younger_than, every in RECRAWL_SCHEDULE if age < younger_than), None)


def recrawl_due(born_at: datetime, last_checked_at: datetime, now: datetime) -> bool:
    """`born_at`: the publication time, else when the page was first seen."""
    interval = recrawl_interval(now - min(born_at, now))
    return interval is not None and last_checked_at + interval <= now
