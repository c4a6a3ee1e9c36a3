"""`newsline explain EVENT_ID`, as text: the event, the dates its sources give and why it
carries the one it does, and every member mention — its sentence, article, date and why it was
merged."""

from __future__ import annotations

from transforms.resolve import PUBLISHED_STATUSES, publishable
from warehouse.explain import Explanation

_ROLES = {"own": "dates it", "inherited": "no usable date", "evidence": "evidence only"}


def _why_unpublished(found: Explanation) -> str:
    if found.event.status in PUBLISHED_STATUSES and not publishable(found.event, found.mentions):
        return " (one article tells it and no words date it: its date is the lede's, its article's day)"
    return ""


def render(found: Explanation) -> str:
    event = found.event
    lines = [
        f"{event.event_id}  {event.event_date} ({event.date_precision})  {event.title}",
        f"  type {event.event_type} (family {event.family}), status {event.status}"
        + ("" if found.published else " — not on the published timeline" + _why_unpublished(found)),
    ]
    if event.first_announced_at:
        lines.append(f"  first announced {event.first_announced_at:%Y-%m-%d %H:%M %Z}")
    lines += [f"  dated: {event.date_reason}", "  dates the sources give:"]
    for d in event.dates:
        mark = "*" if d.chosen else " "
        lines.append(f"   {mark} {d.event_date} {d.date_precision:7} {d.basis:8} weight {d.weight:<5g} "
                     f"mentions {', '.join(d.mention_ids)}")
    lines.append(f"  mentions ({len(event.members)}):")
    for member in event.members:
        lines += _member_lines(found, member)
    return "\n".join(lines)


def _member_lines(found: Explanation, member) -> list[str]:
    mention = found.mentions.get(member.mention_id)
    if mention is None:
        return [f"    {member.mention_id}: (mention no longer stored)"]
    article = found.articles.get(mention.article_id)
    when = f"{mention.event_date} ({mention.date_precision}, {mention.date_basis or 'basis unknown'})" \
        if mention.event_date else "undated"
    source = (f"{article.url}, published {article.published_at:%Y-%m-%d}" if article and article.published_at
              else article.url if article else mention.article_id)
    return [
        f"    {member.mention_id} [{_ROLES[member.role]}] {mention.event_type} '{mention.trigger}', "
        f"{mention.status}, {when}" + (f" from '{mention.time_text}'" if mention.time_text else ""),
        f"      {source}",
        f"      « {mention.sentence_text.strip()} »",
        f"      joined: {member.reason}",
    ]
