"""The sample corpus as articles of a news website.

The seed texts in `newsline/sample/seeds/` stay the single source of article text. This module
adds what a website needs on top of them — publisher, URL path, headline, byline — and splits
each text into blocks (paragraphs, subheadings, section breaks) plus the leftovers that real
sites place outside the body (related links, a photo caption).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from importlib import resources

SEEDS_PACKAGE = "newsline.sample.seeds"


class BlockKind(StrEnum):
    PARAGRAPH = "paragraph"
    SUBHEAD = "subhead"
    SECTION_BREAK = "section_break"
    PHOTO_CREDIT = "photo_credit"  # an "Image Credit:" line a CMS left in the body
    AUTHOR_NOTE = "author_note"  # "About the Author: ..." heading a CMS left in the body


@dataclass(frozen=True)
class Block:
    kind: BlockKind
    text: str = ""


@dataclass(frozen=True)
class Article:
    """One article page of the sample site."""

    article_id: str  # the seed's number, "000"…
    publisher: str  # key of a publisher in `publishers.PUBLISHERS`
    path: str  # URL path on the sample site, e.g. "/independent/news/world/europe/…html"
    headline: str
    dek: str | None
    author: str
    author_bio: str | None  # shown in an author box outside the article body
    section: str
    published: datetime  # timezone-aware, as in manifest.csv
    modified: datetime | None
    blocks: tuple[Block, ...]
    photo_caption: str | None = None
    related_titles: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class _Layout:
    """How to turn one seed text into an article: what the text lacks and where its leftovers go."""

    publisher: str
    path: str
    author: str
    section: str
    headline: str | None = None  # None: the text's first line is the headline, its second the dek
    dek: str | None = None
    author_bio: str | None = None
    leading_caption: bool = False  # after headline and dek: a "-" rule, then a photo caption
    trailing_related: int = 0  # the text ends with this many related-story titles
    subheads: frozenset[str] = frozenset()
    author_notes: frozenset[str] = frozenset()
    modified_after: timedelta | None = None


_LAYOUTS: dict[str, _Layout] = {
    "000": _Layout(
        publisher="independent",
        path="/independent/news/world/europe/donbas-ukraine-russia-land-putin-zelensky-b2810563.html",
        author="Alex Croft",
        section="Europe",
        headline="Why Putin wants the Donbas – and what giving it up would mean for Ukraine",
        dek="Vladimir Putin has reportedly demanded Ukraine withdraw from Donetsk and Luhansk "
        "as a condition for ending the war",
        trailing_related=6,
        modified_after=timedelta(hours=2, minutes=12),
    ),
    "001": _Layout(
        publisher="newyorker",
        path="/newyorker/news/the-lede/what-would-it-take-to-end-the-war-in-ukraine",
        author="Joshua Yaffa",
        section="The Lede",
        headline="What Would It Take to End the War in Ukraine?",
        dek="After the Alaska summit and the White House meeting, the question of land is a "
        "proxy for more essential issues for both Russia and Ukraine.",
        author_bio="Joshua Yaffa is a contributing writer at The New Yorker, based in Moscow.",
    ),
    "002": _Layout(
        publisher="eastwire",
        path="/eastwire/2025/08/12/putin-trump-summit-moscow-seeks-gains-ukraine-ceasefire-talks/",
        author="EastWire Staff",
        section="World",
        leading_caption=True,
        subheads=frozenset(
            {
                "Battlefield advances in Donetsk and strategic goals",
                "Ceasefire talks and territorial demands",
            }
        ),
    ),
    "003": _Layout(
        publisher="theconversation",
        path="/theconversation/a-land-for-ceasefire-deal-would-leave-ukraine-weaker-and-europe-"
        "less-safe-263107",
        author="Olena Borodyna",
        section="Politics + Society",
        headline="A land-for-ceasefire deal would leave Ukraine weaker and Europe less safe",
        dek="Trump left Alaska without a ceasefire. A deal trading Ukrainian land for a pause in "
        "the fighting would do little to diminish the longer-term Russian threat.",
        author_bio="Senior Geopolitical Risks Advisor, ODI Global",
        subheads=frozenset({"Making reconstruction harder"}),
    ),
    "004": _Layout(
        publisher="19fortyfive",
        path="/19fortyfive/2025/03/trumps-ukraine-gamble-putin-is-playing-for-time/",
        author="Andrew Latham",
        section="Russia",
        headline="Trump’s Ukraine Gamble: Putin Is Playing for Time",
        author_notes=frozenset({"About the Author: Dr. Andrew Latham"}),
        modified_after=timedelta(days=1, hours=3),
    ),
}


def load_sample_articles() -> tuple[Article, ...]:
    """The five seed articles, oldest first."""
    articles = [
        _build_article(row["file"], datetime.fromisoformat(row["published"])) for row in _manifest_rows()
    ]
    return tuple(sorted(articles, key=lambda article: article.published))


def _manifest_rows() -> Iterator[dict[str, str]]:
    text = resources.files(SEEDS_PACKAGE).joinpath("manifest.csv").read_text(encoding="utf-8")
    yield from csv.DictReader(text.splitlines())


def _build_article(seed_file: str, published: datetime) -> Article:
    article_id = seed_file.split("_", 1)[0]
    layout = _LAYOUTS[article_id]
    text = resources.files(SEEDS_PACKAGE).joinpath(seed_file).read_text(encoding="utf-8")
    lines = text.rstrip("\n").split("\n")

    headline, dek = layout.headline, layout.dek
    if headline is None:
        text_headline, dek, *lines = lines
        headline = text_headline
    photo_caption = None
    if layout.leading_caption:
        _rule, photo_caption, *lines = lines
    related: list[str] = []
    if layout.trailing_related:
        lines, related = lines[: -layout.trailing_related], lines[-layout.trailing_related :]

    return Article(
        article_id=article_id,
        publisher=layout.publisher,
        path=layout.path,
        headline=headline,
        dek=dek,
        author=layout.author,
        author_bio=layout.author_bio,
        section=layout.section,
        published=published,
        modified=published + layout.modified_after if layout.modified_after else None,
        blocks=tuple(_blocks(lines, layout)),
        photo_caption=photo_caption,
        related_titles=tuple(related),
    )


def _blocks(lines: list[str], layout: _Layout) -> Iterator[Block]:
    for line in lines:
        if not line.strip():
            yield Block(BlockKind.SECTION_BREAK)
        elif line in layout.subheads:
            yield Block(BlockKind.SUBHEAD, line)
        elif line in layout.author_notes:
            yield Block(BlockKind.AUTHOR_NOTE, line)
        elif "Image Credit:" in line:
            yield Block(BlockKind.PHOTO_CREDIT, line)
        else:
            yield Block(BlockKind.PARAGRAPH, line)
