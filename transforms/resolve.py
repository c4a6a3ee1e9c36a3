"""One timeline event per real-world event, from mentions across articles.

Mentions cluster by what they tell: the same kind of event (type family), dates that denote the
same day (or one period holds the other), and the same people or places. A mention whose date
is weak (a preview's announced date, a cue landing on its article's own day) joins an event it
names strongly (shared people and places) within a few days of its date; a mention with no
usable date joins the event it names ("the Alaska summit") and never dates it. Where extraction
attached no shared name, a name one side's sentence spells still counts, among the few events of
a period (`spelled_names`). A report never joins, nor dates, an event later than the article
telling it happened. The event's date is then chosen by the weight of its evidence
(`event_dating`).

Resolution is incremental: a `Resolver` holds events in an index blocked by type family and
date (then people and places), so a new mention is compared only with the few events it could
be, and the cost of adding an article does not grow with the history. The full re-resolve is
the same resolver fed every mention, strongest dates first. Every merge records its reason.
"""

from __future__ import annotations

import gc
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from operator import attrgetter
from datetime import date, timedelta

from transforms.event_dating import (
    PRECISION_RANK,
    DateEvidence,
    Dating,
    choose_date,
    evidence_of,
    period_end,
    periods_overlap,
)
from transforms.event_types import TYPE_PRIORITY, family
from transforms.models import (
    ArticleRef,
    CandidateWindow,
    EventMember,
    EventMention,
    Period,
    Precision,
    TimelineEvent,
)
from transforms.place_spellings import is_town, participant_spelling, place_spelling
from transforms.resolution_rules import rules
from transforms.spelled_names import name_key, spelled, tags

__all__ = ["PUBLISHED_STATUSES", "Resolver", "make_title", "period_end", "periods_overlap", "publishable", "resolve", "resolve_incremental",
           "with_stable_ids"]

# "the Alaska summit", "the summit", "the upcoming Putin-Trump summit": a known event.
_DEFINITE = re.compile(r"\bthe\s+(?:[\w'’-]+\s+){0,2}$", re.IGNORECASE)
PUBLISHED_STATUSES = ("happened", "ongoing")
_NONE: frozenset[int] = frozenset()
_EVIDENCE_ONLY = ("negated", "hypothetical")
_TRIGGER = attrgetter("article_id", "trigger_start")


@dataclass
class _Cluster:
    key: int
    family: str
    event_id: str | None = None
    members: dict[str, EventMember] = field(default_factory=dict)
    mentions: dict[str, EventMention] = field(default_factory=dict)
    evidence: dict[str, DateEvidence] = field(default_factory=dict)
    changed: bool = True
    people: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    spelled: set[str] = field(default_factory=set)  # what its own mentions' sentences spell
    towns: set[str] = field(default_factory=set)  # its places that are towns (`place_spellings.is_town`)
    named: set[str] = field(default_factory=set)  # people | places, kept up to date
    first_report: date | None = None  # the day the first article dating it as happened appeared
    types: set[str] = field(default_factory=set)  # the event types of all its members
    indexed_as: tuple | None = None
    indexed_names: set[str] = field(default_factory=set)
    is_weak: bool = False
    current: Dating | None = None
    period: Period | None = None  # the chosen date (`current.period`), read on every comparison
    stale: bool = False  # more support for the chosen date came in: weights and reason to redo

    @property
    def dating(self) -> Dating | None:
        if self.stale:
            self.redate()
        return self.current

    def entities(self) -> tuple[set[str], set[str]]:
        """Who took part and where, as the mentions that date the event tell it."""
        return self.people, self.places

    def names(self) -> set[str]:
        """People and places together (not to be changed by the caller)."""
        return self.named

    def recount(self) -> None:
        own = [self.mentions[m] for m, member in self.members.items() if member.role == "own"]
        self.people = {p for m in own for p in m.participants}
        self.places = {loc for m in own for loc in m.locations}
        self.named = self.people | self.places
        self.towns = {loc for loc in self.places if is_town(loc)}
        self.spelled = set().union(*(spelled(m.sentence_text) for m in own))
        self.first_report = min((e.written_on for e in self.evidence.values() if not e.planned), default=None)
        self.types = {m.event_type for m in self.mentions.values()}

    @property
    def weak(self) -> bool:
        """Dated only by plans or publication-day cues: reports may still move its date."""
        return self.is_weak

    def redate(self, added: DateEvidence | None = None) -> None:
        """Choose the date again — unless `added` only reports the date already chosen (a date
        that gains the most support keeps winning) or is a plan's next to reports of a day
        (plans date an event only when reports do not): then only its weights and reason are
        redone, when they are read (a big event's hundredth report costs no more than its second)."""
        known = self.current  # stale or not, its date and basis hold
        if added is not None and known is not None and known.basis == "reported":
            if not added.planned and added.period == known.period:
                self.stale = True
                self.is_weak = self.is_weak and added.weak
                return
            if added.planned and known.period.precision == "day":
                self.stale = True  # reports date it to the day: a plan's date is only listed
                return
        self.stale = False
        self.current = choose_date(list(self.evidence.values()))
        self.period = self.current and self.current.period
        if self.current is None:
            return
        chosen = self.current.dates[0].mention_ids
        self.is_weak = self.current.basis == "planned" or all(
            self.evidence[m].weak for m in chosen if m in self.evidence)


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """Resolution allocates many small objects and frees none in cycles: Python's cycle
    collector would rescan the growing index again and again (a third of the time at 20k)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _background(name: str) -> bool:
    return name in rules().background_actors


def _written_on(article: ArticleRef) -> date:
    return (article.published_at or article.fetched_at).date()


class Resolver:
    """Events under construction, indexed for the candidates a new mention could join."""

    def __init__(self, articles: Mapping[str, ArticleRef], crowded: Iterable[tuple[str, str, date]] = ()) -> None:
        self.articles = articles
        # (family, precision, start) of periods holding more events than `told_candidates` in
        # the warehouse, whose events an incremental run did not load (`candidate_windows`).
        self._crowded = frozenset(crowded)
        self._clusters: dict[int, _Cluster] = {}
        self._removed: set[str] = set()
        self._next_key = 0
        # (family, precision, start) and (family, precision, start, entity) → cluster keys;
        # "" stands for a cluster that names nobody and nowhere.
        self._by_period: dict[tuple, set[int]] = defaultdict(set)
        self._by_entity: dict[tuple, set[int]] = defaultdict(set)
        # Day-dated clusters by (family, soft-window bucket, name) — all, and the weakly dated.
        self._near_named: dict[tuple[str, int, str], set[int]] = defaultdict(set)
        self._weak: dict[tuple[str, int, str], set[int]] = defaultdict(set)
        self._by_name: dict[tuple[str, str, int], set[int]] = defaultdict(set)  # (family, entity, month)
        # (article, family, precision, start) → clusters holding a mention of the article so dated.
        self._by_article: dict[tuple, set[int]] = defaultdict(set)
        # (article, trigger offset, family) → clusters holding a mention of that trigger, kept
        # only for the triggers extraction gave more than one mention (`_twinned`).
        self._by_trigger: dict[tuple[str, int, str], set[int]] = defaultdict(set)
        self._twinned: set[tuple[str, int]] = set()
        # (article, sentence offset, family) → clusters a dated mention of that sentence dates.
        self._by_sentence: dict[tuple[str, int, str], set[int]] = defaultdict(set)
        self._indexed: dict[int, list[tuple[dict, tuple]]] = {}
        self._keys: set[str] = set()  # every name key any event has had (`spelled_names.name_key`)

    # --- building --------------------------------------------------------------------------

    def load_event(self, event: TimelineEvent, mentions: Mapping[str, EventMention]) -> None:
        """An event resolved before, with its members as they were (nothing is re-decided)."""
        cluster = self._new_cluster(event.family or family(event.event_type))
        cluster.event_id = event.event_id
        for member in event.members:
            if member.mention_id in mentions:
                self._attach(cluster, respelled(mentions[member.mention_id]), member.role, member.reason)
        self._refresh(cluster)
        cluster.changed = False
        if cluster.dating is None:
            self._drop(cluster)

    def add(self, mentions: Iterable[EventMention]) -> None:
        """New mentions, strongest dates first so that they seed the events weaker ones join."""
        with _without_cycle_collection():
            self._add(mentions)

    def _add(self, mentions: Iterable[EventMention]) -> None:
        dated, undated = [], []
        mentions = list(map(respelled, mentions))
        self._twinned |= _twinned_triggers(mentions)
        for mention in mentions:
            evidence = evidence_of(mention, _written_on(self.articles[mention.article_id]))
            (dated if evidence else undated).append((mention, evidence))
        dated.sort(key=lambda item: (item[1].weak, -item[1].weight, _mention_order(item[0])))
        undated.sort(key=lambda item: _mention_order(item[0]))
        for mention, evidence in dated:
            self._add_dated(mention, evidence)
        self._merge_same_dated()
        for mention, _ in undated:
            self._add_undated(mention)

    def _merge_same_dated(self) -> None:
        """Events that grew into the same one: same family and date, and a shared name. Which
        of two mentions came first decides whom a third one joins; once both events carry the
        names of all their reports they are merged, the one published before keeping its id."""
        for key in sorted(k for k, c in self._clusters.items() if c.changed):
            cluster = self._clusters.get(key)
            while cluster is not None and cluster.dating is not None:
                partner = self._same_dated_partner(cluster)
                if partner is None:
                    break
                cluster = self._merge(cluster, partner)

    def _same_dated_partner(self, cluster: _Cluster) -> _Cluster | None:
        slot = (cluster.family, cluster.period.precision, cluster.period.start)
        by_entity, found = self._by_entity, None
        for name in cluster.names():
            keys = by_entity.get(slot + (name,), _NONE)
            others = [k for k in keys if k != cluster.key and not _apart(cluster.towns, self._clusters[k].towns)]
            if others:  # someone besides itself, not told of other towns
                found = min(others) if found is None else min(found, *others)
        return None if found is None else self._clusters[found]

    def _merge(self, one: _Cluster, other: _Cluster) -> _Cluster:
        keep, gone = sorted((one, other), key=lambda c: (c.event_id is None, -len(c.evidence), c.key))
        shared = _names(keep.names() & gone.names())
        for mention_id, member in gone.members.items():
            reason = f"{member.reason}; merged: same date {keep.period.start}, shares {shared}"
            self._attach(keep, gone.mentions[mention_id], member.role, reason, gone.evidence.get(mention_id))
        self._drop(gone)
        self._refresh(keep)
        return keep

    def remove(self, mention_ids: Iterable[str]) -> None:
        """Mentions whose article was re-cleaned away; an event left undated disappears."""
        gone = set(mention_ids)
        for cluster in [c for c in self._clusters.values() if gone & c.members.keys()]:
            for mention_id in gone & cluster.members.keys():
                del cluster.members[mention_id]
                mention = cluster.mentions.pop(mention_id)
                evidence = cluster.evidence.pop(mention_id, None)
                if evidence is not None:
                    self._unlist_article(cluster, evidence, mention.sentence_start)
            self._refresh(cluster, recount=True)
            if cluster.dating is None:
                self._drop(cluster)

    def _add_dated(self, mention: EventMention, evidence: DateEvidence) -> None:
        home, reason = self._dated_home(mention, evidence)
        if home is None:
            home, reason = self._new_cluster(family(mention.event_type)), "first mention dating it"
        self._attach(home, mention, "own", reason, evidence)
        self._refresh(home, evidence)

    def _add_undated(self, mention: EventMention) -> None:
        home, reason = self._sentence_home(mention)
        if home is not None:  # the sentence dates it in another of its mentions: it names it too
            self._attach(home, mention, "own", reason)
            self._refresh(home)
            return
        home, reason = self._named_home(mention)
        if home is not None:
            role = "evidence" if mention.status in _EVIDENCE_ONLY else "inherited"
            if role == "evidence":
                reason = f"{mention.status}: evidence only; {reason}"
            elif mention.event_date is not None:
                reason = f"its date {mention.event_date} is after its article; {reason}"
            else:
                reason = f"no date of its own; {reason}"
            self._attach(home, mention, role, reason)  # neither dates it nor names it anew

    def _new_cluster(self, event_family: str) -> _Cluster:
        cluster = _Cluster(self._next_key, event_family)
        self._clusters[cluster.key] = cluster
        self._next_key += 1
        return cluster

    def _attach(self, cluster: _Cluster, mention: EventMention, role: str, reason: str,
                evidence: DateEvidence | None = None) -> None:
        if evidence is None and role == "own":
            evidence = evidence_of(mention, _written_on(self.articles[mention.article_id]))
        cluster.members[mention.mention_id] = EventMember(mention.mention_id, role, reason)
        cluster.mentions[mention.mention_id] = mention
        if self._twinned and (mention.article_id, mention.trigger_start) in self._twinned:
            self._by_trigger[mention.article_id, mention.trigger_start, cluster.family].add(cluster.key)
        cluster.types.add(mention.event_type)
        if role == "own":
            cluster.people.update(mention.participants)
            cluster.places.update(mention.locations)
            cluster.named.update(mention.participants, mention.locations)
            cluster.towns.update(loc for loc in mention.locations if is_town(loc))
            self._keys.update(map(name_key, _names_of(mention)))
            cluster.spelled.update(spelled(mention.sentence_text))
        if evidence is not None and role == "own":
            cluster.evidence[mention.mention_id] = evidence
            if not evidence.planned and (cluster.first_report is None or evidence.written_on < cluster.first_report):
                cluster.first_report = evidence.written_on
            key = (evidence.article_id, cluster.family, evidence.period.precision, evidence.period.start)
            self._by_article[key].add(cluster.key)
            self._by_sentence[mention.article_id, mention.sentence_start, cluster.family].add(cluster.key)
        cluster.changed = True

    def _unlist_article(self, cluster: _Cluster, evidence: DateEvidence, sentence_start: int) -> None:
        for table, key in ((self._by_article, (evidence.article_id, cluster.family, evidence.period.precision,
                                               evidence.period.start)),
                           (self._by_sentence, (evidence.article_id, sentence_start, cluster.family))):
            keys = table.get(key)
            if keys is not None:
                keys.discard(cluster.key)
                if not keys:
                    del table[key]

    def _refresh(self, cluster: _Cluster, added: DateEvidence | None = None, *, recount: bool = False) -> None:
        """Date and index the cluster again after members joined (`added`: the one new dating
        mention, when only one did) or, with `recount`, left."""
        if recount:
            cluster.recount()
        cluster.redate(added)
        cluster.changed = True
        # Names only grow as members join: a big event's new name is added to the index alone.
        # After members left, or when its date or weakness changed, it is indexed afresh.
        signature = cluster.current and (cluster.period, cluster.weak)
        if signature and signature == cluster.indexed_as and not recount and cluster.indexed_names:
            new = cluster.names() - cluster.indexed_names
            if new:
                self._index_names(cluster, new)
            return
        self._unindex(cluster)
        cluster.indexed_as = signature
        if cluster.dating is not None:
            self._index(cluster)

    def _drop(self, cluster: _Cluster) -> None:
        self._unindex(cluster)
        for mention_id, evidence in cluster.evidence.items():
            self._unlist_article(cluster, evidence, cluster.mentions[mention_id].sentence_start)
        del self._clusters[cluster.key]
        if cluster.event_id:
            self._removed.add(cluster.event_id)

    # --- the index -------------------------------------------------------------------------

    def _index(self, cluster: _Cluster) -> None:
        period = cluster.period
        slot = (cluster.family, period.precision, period.start)
        self._indexed[cluster.key] = []
        cluster.indexed_names = set()
        self._add_entries(cluster, [(self._by_period, slot)])
        if cluster.names():
            self._index_names(cluster, cluster.names())
        else:
            self._add_entries(cluster, [(self._by_entity, slot + ("",))])

    def _index_names(self, cluster: _Cluster, names: set[str]) -> None:
        period, fam = cluster.period, cluster.family
        slot = (fam, period.precision, period.start)
        entries = [(self._by_entity, slot + (name,)) for name in names]
        entries += [(self._by_name, (fam, name, _month(period.start))) for name in names]
        if period.precision == "day":
            bucket = _bucket(period.start)
            table = self._weak if cluster.weak else self._near_named
            entries += [(table, (fam, bucket, name)) for name in names]
        self._add_entries(cluster, entries)
        cluster.indexed_names |= names

    def _add_entries(self, cluster: _Cluster, entries: list[tuple[dict, tuple]]) -> None:
        for table, key in entries:
            table[key].add(cluster.key)
        self._indexed[cluster.key].extend(entries)

    def _unindex(self, cluster: _Cluster) -> None:
        for table, key in self._indexed.pop(cluster.key, ()):
            table[key].discard(cluster.key)
            if not table[key]:
                del table[key]

    def _overlapping(self, fam: str, period: Period, names: set[str]) -> set[int]:
        """Clusters whose period holds or is held by `period` and that share a name with the
        mention (or name nobody; or any, when the mention names nobody)."""
        found: set[int] = set()
        keys = names | {""}
        by_period, by_entity = self._by_period, self._by_entity
        for slot in _slots(fam, period):
            if slot not in by_period:
                continue
            if names:
                for name in keys:
                    found |= by_entity.get(slot + (name,), _NONE)
            else:
                found |= by_period[slot]
        return found

    def _few_overlapping(self, fam: str, period: Period) -> set[int]:
        """Every cluster whose period holds or is held by `period`, when there are few of them
        (`told_candidates` at most); none when there are more: where many events of a kind share
        a period, a name spelled in passing tells them apart no better than chance."""
        if self._crowded and (fam, period.precision, period.start) in self._crowded:
            return set()
        found: set[int] = set()
        limit = rules().told_candidates
        for slot in _slots(fam, period):
            found |= self._by_period.get(slot, _NONE)
            if len(found) > limit:
                return set()
        return found

    def _near(self, fam: str, period: Period, names: set[str], weak_only: bool) -> set[int]:
        """Day-dated clusters within the soft window of `period` (only the weakly dated ones,
        or those sharing a name with it)."""
        found: set[int] = set()
        middle = _bucket(period.start)
        tables = (self._weak,) if weak_only else (self._weak, self._near_named)
        for bucket in (middle - 1, middle, middle + 1):
            for name in names:
                for table in tables:
                    found |= table.get((fam, bucket, name), set())
        window = rules().soft_window
        return {k for k in found if abs(self._clusters[k].period.start - period.start) <= window}

    # --- matching --------------------------------------------------------------------------

    def _trigger_home(self, mention: EventMention, evidence: DateEvidence) -> _Cluster | None:
        """The event another mention of the same trigger word joined, when the two dates are one
        event's: one of them weak (a dateline or a cue landing on the article's own day, next to
        the date the sentence gives) or the two periods adjoining (both ends of a range). Dates
        listed apart ("rounds on 16 May, 2 June and 23 July") stay events of their own."""
        if not self._twinned or (mention.article_id, mention.trigger_start) not in self._twinned:
            return None
        keys = self._by_trigger.get((mention.article_id, mention.trigger_start, family(mention.event_type)), _NONE)
        for key in sorted(k for k in keys if k in self._clusters):
            cluster = self._clusters[key]
            if not evidence.planned and cluster.first_report and evidence.period.start > cluster.first_report:
                continue  # never dated after a report of it
            for other in cluster.mentions.values():
                twin = cluster.evidence.get(other.mention_id)
                if other.trigger_start == mention.trigger_start and twin is not None \
                        and other.article_id == mention.article_id and _one_event(twin, evidence):
                    return cluster
        return None

    def _dated_home(self, mention: EventMention, evidence: DateEvidence) -> tuple[_Cluster | None, str]:
        twin = self._trigger_home(mention, evidence)
        if twin is not None:
            return twin, f"the same trigger ({mention.trigger!r}) as another of its mentions, dated otherwise"
        fam, period = family(mention.event_type), evidence.period
        names = set(mention.participants) | set(mention.locations)
        scored = []
        for key in self._overlapping(fam, period, names):
            cluster = self._clusters[key]
            reason = _same_dated_event(cluster, mention, evidence)
            if reason:
                scored.append((0, -_shared(cluster, mention), key, reason))
        if not scored and period.precision == "day" and fam not in rules().many_per_article:
            # One article telling one kind of event on one day tells one event, however it
            # names it from one sentence to the next ("the truce" here, "Gaza" there).
            towns = _towns_of(mention)
            for key in self._by_article.get((mention.article_id, fam, period.precision, period.start), ()):
                if _apart(self._clusters[key].towns, towns):
                    continue  # one article may tell the capture of one town and of another
                scored.append((0, -_shared(self._clusters[key], mention), key,
                               f"same date in the same article ({mention.article_id})"))
        if not scored and period.precision == "day" and names and fam != "statement":
            for key in self._near(fam, period, names, weak_only=not evidence.weak):
                cluster = self._clusters[key]
                if cluster.period.precision != "day" or not (evidence.weak or cluster.weak) \
                        or _reported_before(evidence, cluster.period):
                    continue
                reason = _strongly_named(cluster, mention)
                if reason:
                    distance = abs((cluster.period.start - period.start).days)
                    scored.append((distance, -_shared(cluster, mention), key,
                                   f"weakly dated {period.start} ({evidence.cue if evidence.weak else 'event'}), "
                                   f"{distance} day(s) from {cluster.period.start}; {reason}"))
        if not scored and evidence.weak and mention.status == "happened" and fam not in rules().many_per_article:
            scored = self._retold_in_article(mention, evidence)
        if not scored and fam not in rules().many_per_article and self._could_be_told(mention):
            scored = self._told_candidates(mention, evidence)
        if not scored:
            return None, ""
        _, _, key, reason = min(scored)
        return self._clusters[key], reason

    def _retold_in_article(self, mention: EventMention, evidence: DateEvidence) -> list[tuple]:
        """A report of a thing done (not one still going on, which may last into the article's
        day) dated only by a cue landing on its article's own day ("was attacked today", quoted
        from the day before) retells the event of its kind that the same article dates on one
        of the few days before, when the two are named alike (a name, not a country,
        that both have or that one's sentence spells) and not told of different towns: scored
        as `_dated_home` scores, the nearest day first."""
        fam, towns, scored = family(mention.event_type), _towns_of(mention), []
        for back in range(1, rules().soft_window.days + 1):
            day = evidence.period.start - timedelta(days=back)
            for key in self._by_article.get((mention.article_id, fam, "day", day), ()):
                cluster = self._clusters[key]
                if _apart(cluster.towns, towns):
                    continue
                alike = {n for n in cluster.names() & _names_of(mention) if not _background(n)}
                alike |= _told_shared(cluster, mention)
                if alike:
                    scored.append((back, -len(alike), key, f"weakly dated {evidence.period.start} ({evidence.cue}), "
                                   f"retelling the same article's event of {day}; named alike ({_names(alike)})"))
        return scored

    def _could_be_told(self, mention: EventMention) -> bool:
        """Whether `_told_shared` could find anything for the mention with any event: its
        sentence spells some event's name, or it has a one-word name key or a named tag."""
        if any(word in self._keys for word in spelled(mention.sentence_text)) or tags(mention.sentence_text):
            return True
        return any(" " not in name_key(n) and not _background(n) for n in _names_of(mention))

    def _told_candidates(self, mention: EventMention, evidence: DateEvidence) -> list[tuple]:
        """Few events of the period that one side's sentence names as the other side's
        participant or place (or that share a named tag): scored as `_dated_home` scores."""
        scored, period = [], evidence.period
        found = self._few_overlapping(family(mention.event_type), period)
        # The only event of its kind in a month or longer ("the invasion in February 2022") is
        # named by its countries too: no other event of the period could be meant.
        lone = len(found) == 1 and period.precision != "day"
        for key in found:
            cluster = self._clusters[key]
            told = _told_shared(cluster, mention, countries=lone)
            if period != cluster.period and not _told_both_ways(cluster, mention):
                # a coarser date holding a finer one: a place or tag, not a person spelled one way
                told = told & (cluster.places | set(mention.locations) | tags(mention.sentence_text))
            reason = _same_dated_event(cluster, mention, evidence, told) if told else ""
            if reason:
                scored.append((0, -len(told), key, reason + " (spelled in a sentence)"))
        return scored

    def _sentence_home(self, mention: EventMention) -> tuple[_Cluster | None, str]:
        """The one event that another mention of the same sentence, of the same family and
        status, dates: a sentence telling one happening once tells it in all its mentions
        ("Red Hand's jets struck Hillport on Monday" as one mention with the jets and one with
        the town and the day), so the undated one names it as the dated one does. None when
        the sentence dates several such events, or names another town than the event's; never
        for statements (one sentence may report several) nor evidence-only mentions."""
        fam = family(mention.event_type)
        if mention.status in _EVIDENCE_ONLY or fam in rules().many_per_article:
            return None, ""
        found = {}
        for key in self._by_sentence.get((mention.article_id, mention.sentence_start, fam), _NONE):
            cluster = self._clusters.get(key)
            twins = [] if cluster is None else [
                m for m_id, m in cluster.mentions.items() if m_id in cluster.evidence
                and m.article_id == mention.article_id and m.sentence_start == mention.sentence_start
                and m.status == mention.status]
            if twins and not _apart(cluster.towns, _towns_of(mention)):
                found[key] = min(twins, key=_TRIGGER).mention_id
        if len(found) != 1:
            return None, ""
        [(key, twin)] = found.items()
        return self._clusters[key], f"no date of its own; told by the sentence of {twin}, which dates it"

    def _named_home(self, mention: EventMention) -> tuple[_Cluster | None, str]:
        """The dated event an undated mention names, if it names one clearly (a shared place,
        two shared people, or one shared person and a definite reference, "the summit"): the
        best named among, for each of its names, the events on the few most recent days before
        (or shortly after) its article that share the name."""
        if mention.event_type == "statement":
            return None, ""
        fam = family(mention.event_type)
        written = _written_on(self.articles[mention.article_id])
        candidates, by_countries = [], []
        for key in self._recent_named(fam, _names_of(mention), written):
            cluster = self._clusters[key]
            reason = _named_by(cluster, mention)
            if reason:
                same_type = mention.event_type in cluster.types
                distance = abs((cluster.period.start - written).days)
                candidates.append(((_shared(cluster, mention), same_type, -distance, -key), key, reason))
            elif _just_before(cluster, written) and not _apart(cluster.towns, _towns_of(mention)):
                by_countries.append(key)
        if not candidates:
            return self._lone_definite(mention, by_countries)
        _, key, reason = max(candidates)
        return self._clusters[key], reason

    def _lone_definite(self, mention: EventMention, keys: list[int]) -> tuple[_Cluster | None, str]:
        """A definite reference ("the release") sharing only countries with the events of its
        kind names the last such event of its article's day or the day before, when it is the only
        one of its day (as the only event of a month is named by its countries); not when
        several events of that day share them."""
        if not keys or not is_definite(mention):
            return None, ""
        last = max(self._clusters[k].period.start for k in keys)
        keys = [k for k in keys if self._clusters[k].period.start == last]
        if len(keys) != 1:
            return None, ""
        cluster = self._clusters[keys[0]]
        shared = _names(cluster.names() & _names_of(mention))
        return cluster, f"names it definitely, the only event of its kind sharing {shared} on the last day before its article"

    def _recent_named(self, fam: str, names: set[str], written: date) -> set[int]:
        """Per name, the events of `fam` sharing it on the `undated_recent` days nearest to
        `written` within the undated window — what `warehouse.resolution.candidate_events`
        loads for it."""
        window = rules()
        first, last = written - window.undated_back, written + window.undated_forward
        found: set[int] = set()
        for name in names:
            by_distance: dict[int, set[int]] = defaultdict(set)
            for month, month_distance in _months_near(written):
                if len(by_distance) >= window.undated_recent and \
                        month_distance > sorted(by_distance)[window.undated_recent - 1]:
                    break
                for key in self._by_name.get((fam, name, month), ()):
                    start = self._clusters[key].period.start
                    if first <= start <= last:
                        by_distance[abs((start - written).days)].add(key)
            for distance in sorted(by_distance)[:window.undated_recent]:
                found |= by_distance[distance]
        return found

    # --- output ----------------------------------------------------------------------------

    def events(self, *, changed_only: bool = False) -> list[TimelineEvent]:
        with _without_cycle_collection():
            out = [self._to_event(c) for c in self._clusters.values() if c.changed or not changed_only]
        return sorted(out, key=lambda e: (e.event_date, e.event_type, e.event_id))

    @property
    def removed_ids(self) -> set[str]:
        return set(self._removed)

    def _to_event(self, cluster: _Cluster) -> TimelineEvent:
        # Own mentions in the order they joined (names are ranked by who told them first).
        own = [cluster.mentions[m] for m, member in cluster.members.items() if member.role == "own"]
        told, inherited = [], []
        members = sorted(cluster.members.items())
        for mention_id, member in members:
            if member.role != "evidence":
                told.append(cluster.mentions[mention_id])
            if member.role == "inherited":
                inherited.append(mention_id)
        types = {m.event_type for m in own}
        event_type = types.pop() if len(types) == 1 else min(
            types, key=lambda t: (TYPE_PRIORITY.get(t, len(TYPE_PRIORITY)), t))
        participants = _ranked([p for m in own for p in m.participants])
        locations = _ranked([loc for m in own for loc in m.locations])
        status, reason = self._status(cluster, told)
        announced = [self._published(m) for m in told if m.status == "planned"]
        event_id = cluster.event_id or "ev_" + hashlib.sha256(min(cluster.evidence).encode()).hexdigest()[:12]
        return TimelineEvent(
            event_id=event_id,
            event_date=cluster.period.start,
            date_precision=cluster.period.precision,
            event_type=event_type,
            title=make_title(event_type, participants, locations),
            participants=participants,
            locations=locations,
            mention_ids=tuple(m.mention_id for m in told),
            inherited_mention_ids=tuple(inherited),
            status=status,
            family=cluster.family,
            first_announced_at=min(announced) if announced else None,
            date_reason=reason,
            dates=cluster.dating.dates,
            members=tuple(member for _, member in members),
            weakly_dated=cluster.weak,
        )

    def _published(self, mention: EventMention):
        article = self.articles[mention.article_id]
        return article.published_at or article.fetched_at

    def _status(self, cluster: _Cluster, told: list[EventMention]) -> tuple[str, str]:
        """Happened once any article reports it so; a plan's date stands for it only if the
        plan was not for after the first report (a happened event is never dated after it)."""
        reason = cluster.dating.reason
        reports = [m for m in told if m.status in PUBLISHED_STATUSES]
        if not reports:
            return "planned", reason
        status = "happened" if any(m.status == "happened" for m in reports) else "ongoing"
        if cluster.dating.basis == "planned":
            # The article announcing the plan does not also report it kept.
            planning = {cluster.evidence[m].article_id for d in cluster.dating.dates[:1] for m in d.mention_ids
                        if m in cluster.evidence}
            reports = [m for m in reports if m.article_id not in planning]
            if not reports:
                return "planned", reason + "; reported only by the article announcing it"
            status = "happened" if any(m.status == "happened" for m in reports) else "ongoing"
            first_report = min(_written_on(self.articles[m.article_id]) for m in reports)
            if cluster.period.start > first_report:
                return "planned", reason + f"; reported on {first_report}, before the planned date"
            return status, reason + f"; reported as {status} from {first_report} without a date of its own"
        return status, reason


def publishable(event: TimelineEvent, mentions: Mapping[str, EventMention]) -> bool:
    """Whether the timeline shows the event: happened or ongoing, and dated by some words of
    its sentences or told by more than one article. A date no words give (the lede's news in
    the headline present, which extraction puts on its article's own day) is a guess one
    article alone does not make a timeline row of; the event stays resolved (and explainable)
    and is published once a second article tells it or a sentence dates it. An event that names
    no one and nowhere is not shown either: no reader (and no later report) can tell which event
    the row is ("a prisoner exchange", "crowds gathered"); it is published once a mention names it."""
    if event.status not in PUBLISHED_STATUSES:
        return False
    if not event.participants and not event.locations:
        return False
    told = [mentions[m] for m in event.mention_ids if m in mentions]
    if len(told) < len(event.mention_ids) or len({m.article_id for m in told}) > 1:
        return True  # a member not at hand: publish as before rather than guess
    own = [mentions[m.mention_id] for m in event.members if m.role == "own"]
    return any(m.time_text for m in own)


def _month(day: date) -> int:
    return day.year * 12 + day.month - 1


@lru_cache(maxsize=4096)
def _months_near(written: date) -> tuple[tuple[int, int], ...]:
    """The months of the undated window around `written`, nearest first, with their distance
    in days (0 for its own month)."""
    window = rules()
    first, last = _month(written - window.undated_back), _month(written + window.undated_forward)
    return tuple(sorted(((m, _month_distance(m, written)) for m in range(first, last + 1)), key=lambda m: m[1]))


def _month_distance(month: int, day: date) -> int:
    """Days from `day` to the nearest day of the month numbered `month` (0 inside it)."""
    first = date(month // 12, month % 12 + 1, 1)
    after = date((month + 1) // 12, (month + 1) % 12 + 1, 1)
    return max((first - day).days, (day - after).days + 1, 0)


def _bucket(day: date) -> int:
    return day.toordinal() // max(1, rules().soft_window.days)


def _days(period: Period) -> list[date]:
    if period.precision == "day":
        return [period.start]
    length = (period_end(period) - period.start).days
    return [period.start + timedelta(days=n) for n in range(length)]


_COARSE = ("week", "month", "season", "quarter", "year")


def _starting_on(day: date, period: Period) -> list[str]:
    """Coarse precisions finer than `period` whose periods may start on `day`."""
    if period.precision == "day":
        return []
    rank = PRECISION_RANK[period.precision]
    starts = (["week"] if day.weekday() == 0 else []) + (
        ["month", "season", "quarter"] if day.day == 1 else []) + (["year"] if day.day == day.month == 1 else [])
    return [p for p in starts if PRECISION_RANK[p] < rank]


@cache
def _containing(period: Period) -> list[tuple[str, date]]:
    """Coarse periods, as fine as `period` or coarser, that hold its first day."""
    day, rank = period.start, PRECISION_RANK[period.precision]
    firsts = [date(day.year - (day.month - 1 - n < 0), (day.month - 1 - n) % 12 + 1, 1) for n in range(3)]
    slots = [("week", day - timedelta(days=day.weekday())), ("month", firsts[0]), ("year", date(day.year, 1, 1))]
    slots += [(p, first) for p in ("season", "quarter") for first in firsts]
    return [(p, start) for p, start in slots
            if PRECISION_RANK[p] >= rank and periods_overlap(Period(start, p), period)]


def _slots(fam: str, period: Period) -> tuple[tuple, ...]:
    """The index slots (family, precision, start) of the periods that hold `period` or that it
    holds: every cluster indexed under one of them overlaps it."""
    return _slots_of(fam, period.start, period.precision)


@lru_cache(maxsize=65536)  # keyed by plain values: hashed in C, not by the dataclass
def _slots_of(fam: str, start: date, precision: Precision) -> tuple[tuple, ...]:
    period = Period(start, precision)
    slots = []
    for day in _days(period):
        slots.append((fam, "day", day))
        slots += [(fam, coarse, day) for coarse in _starting_on(day, period)]
    slots += [(fam, coarse, first) for coarse, first in _containing(period)]
    return tuple(slots)


def _mention_order(mention: EventMention) -> tuple:
    return (mention.event_date or date.min, mention.article_id, mention.trigger_start)


def _shared(cluster: _Cluster, mention: EventMention) -> int:
    return len(cluster.names() & _names_of(mention))


def _names_of(mention: EventMention) -> set[str]:
    """Who and where a mention names, together: one outlet's participant is another's place."""
    return set(mention.participants) | set(mention.locations)


def is_definite(mention: EventMention) -> bool:
    before = mention.sentence_text[:mention.trigger_start - mention.sentence_start]
    return bool(_DEFINITE.search(before))


def _names(values: Iterable[str]) -> str:
    return ", ".join(sorted(values))


def _twinned_triggers(mentions: Sequence[EventMention]) -> set[tuple[str, int]]:
    """The (article, trigger offset) of triggers that more than one mention tells."""
    keys = list(map(_TRIGGER, mentions))
    if len(set(keys)) == len(keys):
        return set()
    return {key for key, count in Counter(keys).items() if count > 1}


def _one_event(one: DateEvidence, other: DateEvidence) -> bool:
    """Whether two dates one trigger was given are one event's (see `Resolver._trigger_home`)."""
    if one.weak != other.weak:
        return True
    first, second = sorted((one.period, other.period), key=lambda p: p.start)
    return period_end(first) == second.start


def respelled(mention: EventMention) -> EventMention:
    """The mention with its places (and participants) spelled as resolution compares them
    (`place_spellings`)."""
    places = tuple(dict.fromkeys(map(place_spelling, mention.locations)))
    people = tuple(dict.fromkeys(map(participant_spelling, mention.participants)))
    if places == mention.locations and people == mention.participants:
        return mention
    return replace(mention, participants=people, locations=places)


def _towns_of(mention: EventMention) -> set[str]:
    return {loc for loc in mention.locations if is_town(loc)}


def _apart(towns: set[str], others: set[str]) -> bool:
    """Both sides name towns, and none in common: two events (a capture here, one there)."""
    return bool(towns) and bool(others) and towns.isdisjoint(others)


def _just_before(cluster: _Cluster, written: date) -> bool:
    """A day-dated event of the day an article appeared or of the few days before
    (`definite_back`): the news an undated reference of that day's paper may mean."""
    period = cluster.period
    return period.precision == "day" and timedelta(0) <= written - period.start <= rules().definite_back


def _reported_before(evidence: DateEvidence, period: Period) -> bool:
    """A report (not a plan) that appeared before `period` began: not a report of it."""
    return not evidence.planned and period.start > evidence.written_on


def _same_dated_event(cluster: _Cluster, mention: EventMention, evidence: DateEvidence,
                      told: frozenset[str] = _NONE) -> str:
    """Why a dated mention is the cluster's event (same or holding date), or "" if it is not;
    `told`: names one side has that the other's sentences spell (`_told_shared`). A happened
    event is never dated after an article reporting it: a report from before the event's date,
    or one dating it after the event's first report, tells another event."""
    period = evidence.period
    if _reported_before(evidence, cluster.period) or (not evidence.planned and (
            cluster.first_report is not None and period.start > cluster.first_report)):
        return ""
    if _apart(cluster.towns, _towns_of(mention)):
        return ""
    names, theirs = cluster.names(), _names_of(mention)
    same = "same date" if period == cluster.period else f"{period.precision} holding {cluster.period.precision}"
    if not names or not theirs:
        return f"{same}; names nobody to tell them apart"
    shared = names & theirs
    if told:
        shared |= told
    if period != cluster.period:
        if cluster.family == "statement":
            return ""  # one person says many things in a week: only the same day is the same
        # A date inside a coarser one is the same event only if the fewer names are mostly
        # among the other's, with a shared person or group (not only countries) — unless the
        # side naming fewer names no one but countries (either side, when both name as many).
        fewer = min(names, theirs, key=len)
        named = {n for n in shared if not _background(n)}
        mostly = len(shared) / len(fewer) >= 0.5
        vague = any(all(map(_background, side)) for side in (names, theirs) if len(side) == len(fewer))
        return f"{same}; mostly the same names ({_names(shared)})" if mostly and (named or vague) else ""
    return f"{same}; shares {_names(shared)}" if shared else ""


def _told_shared(cluster: _Cluster, mention: EventMention, *, countries: bool = False) -> frozenset[str]:
    """Names (not countries or blocs, unless `countries`) one side has as participant or place
    that the other side's sentences spell, and named tags both spell ("20-point")."""
    said = spelled(mention.sentence_text)
    mine = {n for n in cluster.names() if name_key(n) in said and (countries or not _background(n))}
    theirs = {n for n in _names_of(mention) if name_key(n) in cluster.spelled and (countries or not _background(n))}
    return frozenset(mine | theirs | (tags(mention.sentence_text) & cluster.spelled))


def _told_both_ways(cluster: _Cluster, mention: EventMention) -> bool:
    """Each side spells a name (not a country or bloc) the other has and it lacks: the
    mention's sentence spells one of the event's people and the event's sentences spell one
    of the mention's (one outlet's call of one leader whose sentence names the other leader,
    another's call of the other leader whose sentence names the first): a person spelled one
    way is a passing name, a pair spelled both ways is the pair of the event."""
    said, mine = spelled(mention.sentence_text), _names_of(mention)
    theirs = cluster.names()
    spelled_here = any(name_key(n) in said and not _background(n) for n in theirs - mine)
    spelled_there = any(name_key(n) in cluster.spelled and not _background(n) for n in mine - theirs)
    return spelled_here and spelled_there


def _strongly_named(cluster: _Cluster, mention: EventMention) -> str:
    """Why a weakly dated mention names this event beyond doubt (its place with its people,
    two people, or a person in a definite reference); "" when it does not."""
    return _named_by(cluster, mention, place_alone=False)


def _named_by(cluster: _Cluster, mention: EventMention, *, place_alone: bool = True) -> str:
    """Why a mention names this event clearly: a shared place (with a shared person too, unless
    `place_alone` or the mention names nobody), two shared people, or one shared person in a
    definite reference ("the summit"); "" when it does not, or when the two name different towns."""
    if _apart(cluster.towns, _towns_of(mention)):
        return ""
    people, places = cluster.entities()
    shared_places = places & set(mention.locations)
    shared_people = {p for p in people & set(mention.participants) if not _background(p)}
    if shared_places and (place_alone or shared_people or not mention.participants):
        return f"names its place {_names(shared_places | shared_people)}"
    if len(shared_people) >= 2:
        return f"names its people {_names(shared_people)}"
    if shared_people and is_definite(mention):
        return f"names it definitely, with {_names(shared_people)}"
    return ""


def _ranked(values: list[str]) -> tuple[str, ...]:
    """Most told first; people and organisations before the countries that are in every story."""
    if len(values) < 2:
        return tuple(values)
    counts: dict[str, int] = {}
    for value in values:  # a dict keeps the order names were first told in: the sort is stable
        counts[value] = counts.get(value, 0) + 1
    counts = _one_spelling_each(counts)
    background = rules().background_actors
    return tuple(sorted(counts, key=lambda v: (v in background, -counts[v])))


def _one_spelling_each(counts: dict[str, int]) -> dict[str, int]:
    """One entry per name told in longer and shorter forms (a surname with or without given
    names: every word of the shorter among the longer's, the same last word), under the
    spelling most told (the first told on a tie), counting all its forms. A short form that
    several longer names share (one surname, two people) stays as told."""
    names = list(counts)
    by_last: dict[str, list[str]] = defaultdict(list)
    for name in names:
        by_last[name.rsplit(" ", 1)[-1]].append(name)
    if all(len(group) == 1 for group in by_last.values()):
        return counts
    forms = {n: [o for o in by_last[n.rsplit(" ", 1)[-1]] if o != n and _one_name(n, o)] for n in names}
    merged: dict[str, int] = {}
    owner: dict[str, str] = {}
    for name in sorted(names, key=lambda n: (-counts[n], names.index(n))):
        same = [kept for kept in merged if kept in forms[name]]
        owner[name] = same[0] if len(same) == 1 and _unambiguous(name, same[0], forms) else name
        merged[owner[name]] = merged.get(owner[name], 0) + counts[name]
    return {owner[n]: merged[owner[n]] for n in names}


def _unambiguous(one: str, other: str, forms: dict[str, list[str]]) -> bool:
    """Whether the shorter of two forms of one name is a form of the longer alone."""
    shorter = min(one, other, key=lambda n: len(n.split()))
    return len(forms[shorter]) == 1


def _one_name(one: str, other: str) -> bool:
    """Whether two spellings name one person or place: the same last word, and every word of
    the shorter among the longer's."""
    a, b = one.split(), other.split()
    if a == b or a[-1:] != b[-1:] or len(a) == len(b):
        return a == b
    shorter, longer = sorted((a, b), key=len)
    return set(shorter) <= set(longer)


def make_title(event_type: str, participants: Sequence[str], locations: Sequence[str]) -> str:
    """A short headline: "Summit: Donald Trump, Vladimir Putin — Alaska"."""
    title = event_type.capitalize()
    named = [p for p in participants if not _background(p)] or list(participants)
    if named:
        title += ": " + ", ".join(named[:3])
    if locations:
        title += " — " + locations[0]
    return title


def resolve(
    mentions: Sequence[EventMention],
    articles: Mapping[str, ArticleRef],
    previous: Mapping[str, frozenset[str]] | None = None,
) -> list[TimelineEvent]:
    """Every event, from all mentions (the full re-resolve). `previous` (event_id → mention
    ids, as last resolved) lets an event keep its id when new mentions join it."""
    with _without_cycle_collection():
        resolver = Resolver(articles)
        resolver.add(mentions)
        events = resolver.events()
        del resolver  # freed before the cycle collector comes back and would scan it
        return with_stable_ids(events, previous or {})


@dataclass(frozen=True)
class ResolutionChanges:
    """What a batch changed: events new or altered (any status), and events that are gone."""

    events: tuple[TimelineEvent, ...]
    removed_ids: frozenset[str]


def resolve_incremental(
    existing: Sequence[TimelineEvent],
    existing_mentions: Mapping[str, EventMention],
    new: Sequence[EventMention],
    articles: Mapping[str, ArticleRef],
    withdrawn: Iterable[str] = (),
    crowded: Iterable[tuple[str, str, date]] = (),
) -> ResolutionChanges:
    """Add `new` mentions to the candidate events they could join (as the warehouse loaded them
    through `candidate_windows`), after taking `withdrawn` mentions (re-cleaned articles) out;
    `crowded`: the periods whose events were too many to load (`crowded_periods`)."""
    with _without_cycle_collection():
        resolver = Resolver(articles, crowded)
        for event in existing:
            resolver.load_event(event, existing_mentions)
        resolver.remove(withdrawn)
        resolver.add(new)
        changes = ResolutionChanges(tuple(resolver.events(changed_only=True)), frozenset(resolver.removed_ids))
        del resolver  # freed before the cycle collector comes back and would scan it
        return changes


def candidate_windows(new: Sequence[EventMention], articles: Mapping[str, ArticleRef]) -> list[CandidateWindow]:
    """Where the events the new mentions could join are, per type family: for a dated mention,
    the events sharing one of its names whose period overlaps its own, and those a few days
    away (the soft window) that a weak date may join — any, for a weak date; the weakly dated
    ones, for a strong date; and the events naming nobody that overlap it (all of them, when
    the mention names nobody); for a mention without
    a usable date, per name, the events on the days nearest its article that share the name.
    Overlapping ranges merge. And for a dated mention of a kind told one at a time, the few
    events of its period it could join by a name spelled in a sentence (`_few_overlapping`):
    where the warehouse holds more of them, the period is crowded (`crowded_periods`)."""
    window = rules()
    spans: dict[tuple[str, str, str], list[tuple[date, date]]] = defaultdict(list)
    nearest: set[tuple[str, str, date]] = set()
    few: set[tuple[str, date, date, Precision]] = set()
    for mention in map(respelled, new):
        fam, names = family(mention.event_type), _names_of(mention)
        written = _written_on(articles[mention.article_id])
        evidence = evidence_of(mention, written)
        if evidence is None:
            nearest |= {(fam, name, written) for name in names}
            continue
        first, last = evidence.period.start, period_end(evidence.period) - timedelta(days=1)
        if not names:
            spans[fam, "any", ""].append((first, last))
            continue
        spans[fam, "nameless", ""].append((first, last))
        if fam not in window.many_per_article:
            few.add((fam, evidence.period.start, last, evidence.period.precision))
        soft = window.soft_window if evidence.period.precision == "day" and fam != "statement" else timedelta(0)
        for name in names:
            spans[fam, "named", name].append((first - soft, last + soft) if evidence.weak else (first, last))
            if not evidence.weak and soft:
                spans[fam, "weak", name].append((first - soft, last + soft))
    windows = [CandidateWindow(fam, first, last, kind, name)
               for (fam, kind, name), ranges in spans.items() for first, last in _merged(ranges)]
    windows += [CandidateWindow(fam, written - window.undated_back, written + window.undated_forward, "nearest",
                                name, window.undated_recent, written) for fam, name, written in nearest]
    windows += [CandidateWindow(fam, first, last, "few", "", window.told_candidates, precision=precision)
                for fam, first, last, precision in few]
    return sorted(windows, key=lambda w: (w.family, w.kind, w.name, w.first, w.around or w.first))


def _merged(spans: list[tuple[date, date]]) -> list[tuple[date, date]]:
    merged: list[tuple[date, date]] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return merged


def with_stable_ids(events: list[TimelineEvent], previous: Mapping[str, frozenset[str]]) -> list[TimelineEvent]:
    """Keep the id of the previously published event sharing most mentions; else keep the one
    derived from the event's first dating mention, which does not change across runs."""
    by_mention = {m: old_id for old_id, old in previous.items() for m in old}
    overlaps = Counter((by_mention[m], index) for index, e in enumerate(events)
                       for m in e.mention_ids if m in by_mention)
    chosen: dict[int, str] = {}
    taken: set[str] = set()
    for (old_id, index), _ in sorted(overlaps.items(), key=lambda item: (-item[1], item[0])):
        if index not in chosen and old_id not in taken:
            chosen[index] = old_id
            taken.add(old_id)
    result = [replace(e, event_id=chosen[i]) if i in chosen and chosen[i] != e.event_id else e
              for i, e in enumerate(events)]
    return sorted(result, key=lambda e: (e.event_date, e.event_type, e.event_id))
