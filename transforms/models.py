"""Typed records passed between pipeline stages.

Data flows one way: fetch → clean → extract → resolve → load → publish. Each stage takes and
returns the records below; none of them knows about Prefect or DuckDB.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Literal


class SourceKind(StrEnum):
    FEED = "feed"
    SITEMAP = "sitemap"
    URLS = "urls"


@dataclass(frozen=True)
class Source:
    """One entry of SOURCES.toml: a feed, a sitemap or a fixed list of article URLs."""

    name: str
    kind: SourceKind
    locations: tuple[str, ...]


@dataclass(frozen=True)
class DiscoveredLink:
    """An article URL found in a source, with what the source said about it."""

    url: str  # normalised (tracking parameters removed) — the identity used for incrementality
    source_name: str
    listed_url: str  # exactly as the feed/sitemap/list gave it
    listed_title: str | None = None
    listed_published_at: datetime | None = None


@dataclass(frozen=True)
class DiscoveryProblem:
    """A source that could not be read (unreachable, malformed feed, ...)."""

    source_name: str
    location: str
    reason: str


@dataclass(frozen=True)
class FetchAttempt:
    """One HTTP request made by the fetcher (a retry or a redirect hop is another one)."""

    url: str
    started_at: datetime
    status_code: int | None  # None: no response (refused, timed out, connection failed)
    bytes: int  # body bytes received (after content decoding)
    duration_seconds: float
    outcome: str  # "ok", "not modified", "redirect to …", or the failure reason


@dataclass(frozen=True)
class FetchedPage:
    """The outcome of one HTTP fetch. Either `body` is set, or `not_modified`, or `error`."""

    url: str  # the URL asked for (normalised)
    final_url: str  # after redirects
    fetched_at: datetime
    status_code: int | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    body: bytes | None = None
    not_modified: bool = False
    error: str | None = None  # one-line reason when the fetch failed
    headers: tuple[tuple[str, str], ...] = ()  # the final response's headers, for the archive
    attempts: tuple[FetchAttempt, ...] = ()  # every HTTP request this fetch took, in order

    @property
    def ok(self) -> bool:
        return self.error is None and (self.body is not None or self.not_modified)


@dataclass(frozen=True)
class ArchivedAt:
    """Where a raw page is kept in the WARC archive: a file name inside the archive directory,
    the offset of its record and the record's length."""

    file: str
    offset: int
    length: int


DateSource = Literal["html", "feed", "sitemap", "http-last-modified"]
ModifiedSource = Literal["html", "http-last-modified"]


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article's cleaned text with its character offsets in that text."""

    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class CleanedArticle:
    url: str
    canonical_url: str
    title: str | None
    author: str | None
    site_name: str | None
    published_at: datetime | None  # timezone-aware
    published_at_source: DateSource | None
    language: str | None
    text: str
    content_hash: str  # sha256 of `text`; identical text under two URLs is one article
    modified_at: datetime | None = None  # timezone-aware; never before published_at
    modified_at_source: ModifiedSource | None = None
    # What cleaning was unsure of but kept the page for ("paywall: …", "listing: …", "language: …").
    doubts: tuple[str, ...] = ()

    @property
    def article_id(self) -> str:
        """Derived from the text, so the same text under two URLs is one article."""
        return self.content_hash[:16]


@dataclass(frozen=True)
class Rejection:
    """A page that did not become an article, with the reason (not an article, empty, not English...)."""

    url: str
    reason: str


@dataclass(frozen=True)
class PageError:
    """A page whose cleaning or extraction raised: recorded with the reason, the run goes on,
    and a later run tries it again."""

    url: str
    reason: str  # one line: "<stage>: <exception type>: <message>"


@dataclass(frozen=True)
class TimeExpression:
    """A TIMEX3-style time expression found in a text (offsets into that text)."""

    start: int
    end: int
    text: str
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str  # e.g. 2025-08-15, 2025-08, 2025, 2025-W33, 2024-SU, P3Y6M, PAST_REF


AnchorRelation = Literal["same", "before", "after", "eve"]


@dataclass(frozen=True)
class EventAnchor:
    """A phrase dated by an event the text named before ("during the summit"): offsets into
    the text, the date it takes from that event, how it stands to the event ("after the
    talks": after) and where the event was named."""

    start: int
    end: int
    text: str
    value: str
    relation: AnchorRelation
    antecedent_start: int


Precision = Literal["day", "week", "month", "season", "quarter", "year"]
# What a mention says of its event as of the article's publication: only `happened` and
# `ongoing` events are published on the timeline; `planned` ones wait for the report that they
# happened; `negated` (cancelled, denied, "no ceasefire") and `hypothetical` ones are kept as
# evidence only.
EventStatus = Literal["happened", "ongoing", "planned", "negated", "hypothetical"]
# How a mention's date was obtained: stated in full by the text ("on 15 August", "in March
# 2025"), resolved against the publication date or another date of the text ("on Friday",
# "last week", "two days later"), or none.
DateBasis = Literal["explicit", "relative"]


@dataclass(frozen=True)
class Period:
    """The calendar period a time expression denotes: its first day and how precise it is."""

    start: date
    precision: Precision


@dataclass(frozen=True)
class EventMention:
    mention_id: str  # stable: derived from article, offsets and type
    article_id: str
    sentence_index: int
    sentence_start: int
    sentence_end: int
    sentence_text: str
    event_type: str
    trigger: str
    trigger_start: int  # offset in the article text
    participants: tuple[str, ...]
    locations: tuple[str, ...]
    time_text: str | None = None
    time_value: str | None = None  # TIMEX3 value as tagged
    event_date: date | None = None
    date_precision: Precision | None = None
    status: EventStatus = "happened"
    date_basis: DateBasis | None = None


@dataclass(frozen=True)
class EventDate:
    """One date the evidence gives an event, with the mentions that give it: the chosen date,
    or another source's that stays visible (`chosen` False). `basis` is `reported` (mentions of
    the event as happened or ongoing) or `planned` (a preview's announced date)."""

    event_date: date
    date_precision: Precision
    weight: float
    mention_ids: tuple[str, ...]
    chosen: bool
    basis: Literal["reported", "planned"] = "reported"


# A mention's part in an event: its date took part in dating it, or it is told by the sentence of
# a mention whose date did (`own`: it names the event); it has no usable date and joined by what
# it names (`inherited`); or it is negated/hypothetical and only evidence.
MemberRole = Literal["own", "inherited", "evidence"]


@dataclass(frozen=True)
class EventMember:
    mention_id: str
    role: MemberRole
    reason: str  # why it joined the event, in words (shown by `newsline explain`)


@dataclass(frozen=True)
class TimelineEvent:
    event_id: str  # stable across runs
    event_date: date
    date_precision: Precision
    event_type: str
    title: str
    participants: tuple[str, ...]
    locations: tuple[str, ...]
    mention_ids: tuple[str, ...] = field(default_factory=tuple)
    # Mentions with no date of their own that joined the event through its actors and places.
    inherited_mention_ids: tuple[str, ...] = field(default_factory=tuple)
    status: EventStatus = "happened"
    # What resolution knows beyond the published row: the kind of event it was blocked under,
    # when a preview first announced it, every date the evidence gives (the chosen one first)
    # with why, and every member mention with its role and merge reason.
    family: str = ""
    first_announced_at: datetime | None = None
    date_reason: str = ""
    dates: tuple[EventDate, ...] = field(default_factory=tuple)
    members: tuple[EventMember, ...] = field(default_factory=tuple)
    weakly_dated: bool = False  # dated only by plans or its articles' own day: reports nearby may join it


@dataclass(frozen=True)
class ArticleRef:
    """What resolution needs to know about the article a mention comes from."""

    article_id: str
    url: str
    published_at: datetime | None
    fetched_at: datetime


WindowKind = Literal["any", "nameless", "named", "weak", "nearest", "few"]


@dataclass(frozen=True)
class CandidateWindow:
    """Where the events a batch of new mentions could join are found, among events of `family`:
    `any` — every one whose period overlaps `first`..`last`; `nameless` — those of them naming
    nobody and nowhere; `named` — those of them naming `name`; `weak` — those of them naming
    `name` that are dated only weakly (`TimelineEvent.weakly_dated`); `nearest` — those naming `name`
    that start within `first`..`last`, on the `nearest` days closest to `around`; `few` — those
    a mention dated `precision` from `first` to `last` could join by a name one side's sentence
    spells (inside the period if finer, else holding its first day), when there are at most
    `nearest` of them (else the period is crowded). The warehouse loads only these for
    incremental resolution."""

    family: str
    first: date
    last: date
    kind: WindowKind = "any"
    name: str = ""
    nearest: int = 0
    around: date | None = None
    precision: Precision | None = None
