"""Turn a fetched HTML page into a clean article (text + metadata) or a reasoned rejection.

trafilatura finds the main text and the metadata; this module then removes what it still
leaks (related-story lists, captions and image credits, author bios, republication lines,
newsletter and share prompts...), recognises pages that are not articles, and decides the
publication date with its source. Pure: no network, no Prefect, no DuckDB.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import re
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import py3langid
import trafilatura
from courlan import normalize_url
from dateutil import parser as date_parser
from htmldate import find_date
from htmldate.utils import load_html as load_html_keeping_comments
from lxml.html import HtmlElement

# trafilatura's metadata steps, used one by one (see _metadata); pinned to trafilatura 2.3.
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.json_metadata import normalize_authors
from trafilatura.metadata import examine_meta, extract_meta_json, extract_metainfo, extract_sitename, extract_title
from trafilatura.settings import Document
from trafilatura.utils import load_html

from transforms.bylines import AUTHOR_DISCARD_XPATHS, AUTHOR_XPATHS
from transforms.models import CleanedArticle, DateSource, ModifiedSource, Rejection

ListedSource = Literal["feed", "sitemap"]

# Below this many characters of main text (spaces not counted, so that scripts written
# without spaces compare fairly) a page is treated as empty rather than as an article.
MIN_ARTICLE_CHARS = 200
# Text whose lines are mostly one to three words long is a menu, not an article.
MIN_MENU_LINES = 20
MAX_MENU_ITEM_WORDS = 3
MENU_LINE_SHARE = 0.6
# A container of the article body holds at least this much paragraph text (see _join_split_body).
MIN_BODY_PART_CHARS = 200


def clean_page(
    html: bytes | str,
    url: str,
    *,
    listed_published_at: datetime | None = None,
    listed_published_source: ListedSource | None = None,
    http_last_modified: datetime | None = None,
    require_english: bool = True,
) -> CleanedArticle | Rejection:
    """Clean one page. Never raises: whatever goes wrong becomes a Rejection with its reason.

    `require_english=False` keeps non-English articles (used by the extraction benchmark,
    whose pages are in many languages); the language is still detected and recorded.
    """
    try:
        return _clean_page(
            html,
            url,
            listed_published_at=listed_published_at,
            listed_published_source=listed_published_source,
            http_last_modified=http_last_modified,
            require_english=require_english,
        )
    except Exception as error:  # noqa: BLE001 — a bad page must never stop the pipeline
        return Rejection(url, f"malformed HTML: {type(error).__name__}: {error}"[:300])


def _clean_page(
    html: bytes | str,
    url: str,
    *,
    listed_published_at: datetime | None,
    listed_published_source: ListedSource | None,
    http_last_modified: datetime | None,
    require_english: bool,
) -> CleanedArticle | Rejection:
    if not html or not (html.strip() if isinstance(html, str) else html.strip()):
        return Rejection(url, "empty: no content")
    tree = load_html(html)
    if tree is None or not _looks_like_html(tree):
        return Rejection(url, "malformed HTML: not an HTML document")

    signals = _read_signals(tree, url)
    if signals.declares_article:
        _join_split_body(tree)
    raw_text = _main_text(tree, url)
    markup_day = _markup_day(tree, html, signals.canonical_url)
    metadata = _metadata(tree, signals.canonical_url)  # last: it prunes the tree
    text = strip_leftovers(
        raw_text,
        title=metadata.title,
        description=metadata.description,
        author=metadata.author,
        link_texts=signals.link_texts,
    )

    verdict = _judge_page(signals, url, raw_text=raw_text, text=text, description=metadata.description)
    if verdict.rejection:
        return Rejection(url, verdict.rejection)
    text, doubts = verdict.text, verdict.doubts

    language = detect_language(text)
    if require_english and language != "en":
        if signals.declared_language != "en":
            return Rejection(url, f"not English: detected '{language}'")
        # The page says it is English: a quote-heavy or name-heavy text fools the detector.
        doubts += (f"language: detected '{language}', the page declares 'en'",)

    published_at, published_source = choose_published_at(
        structured=signals.structured_published_at,
        htmldate_day=markup_day,
        listed_at=listed_published_at,
        listed_source=listed_published_source,
        guess_htmldate_day=lambda: _find_day(html, signals.canonical_url, extensive=True),
        http_last_modified=http_last_modified,
    )
    modified_at, modified_source = choose_modified_at(
        structured=signals.structured_modified_at, http_last_modified=http_last_modified, published_at=published_at
    )
    return CleanedArticle(
        url=url,
        canonical_url=signals.canonical_url,
        title=metadata.title,
        author=metadata.author,
        site_name=metadata.sitename,
        published_at=published_at,
        published_at_source=published_source,
        language=language,
        text=text,
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        modified_at=modified_at,
        modified_at_source=modified_source,
        doubts=doubts,
    )


@dataclass(frozen=True)
class _PageSignals:
    """What the full page says about itself, read before any pruning."""

    canonical_url: str
    structured_published_at: datetime | None
    structured_modified_at: datetime | None
    link_texts: frozenset[str]
    headline_links: int
    dated_items: int
    declares_article: bool
    declares_collection: bool
    declares_paywall: bool
    declared_language: str | None  # primary subtag of <html lang>, lower case
    url_names_document: bool  # the URL names one document rather than a section


def _read_signals(tree: HtmlElement, url: str) -> _PageSignals:
    json_ld = list(_json_ld_items(tree))
    json_ld_types = _json_ld_types(json_ld)
    published_at = structured_published_at(tree, json_ld)
    return _PageSignals(
        canonical_url=canonical_url(tree, url),
        structured_published_at=published_at,
        structured_modified_at=structured_modified_at(tree, json_ld),
        link_texts=_link_texts(tree),
        headline_links=_headline_links(tree),
        dated_items=len({value[:10] for value in tree.xpath("//time/@datetime")}),
        # Index pages have no publication time of their own; articles declare one.
        declares_article=(
            _og_type(tree) == "article" or bool(json_ld_types & _ARTICLE_TYPES) or published_at is not None
        ),
        declares_collection=bool(json_ld_types & _COLLECTION_TYPES),
        declares_paywall=any(str(item.get("isAccessibleForFree", "")).lower() == "false" for item in json_ld),
        declared_language=_declared_language(tree),
        url_names_document=_names_one_document(url),
    )


def _declared_language(tree: HtmlElement) -> str | None:
    declared = str(tree.xpath("string(/html/@lang | /html/@xml:lang)") or "").strip().lower()
    return declared.replace("_", "-").split("-")[0] or None


def _looks_like_html(tree: HtmlElement) -> bool:
    """trafilatura's loader already refuses most byte soup; a page has at least a body or a title."""
    return tree.find(".//body") is not None or tree.find(".//title") is not None


def _main_text(tree: HtmlElement, url: str) -> str:
    """The main text as trafilatura finds it, without comments: we want the story, not the page.

    `fast` skips trafilatura's fallback extractors (readability, jusText): on the benchmark they
    cost a third of the time and, once leftovers are stripped, lose precision. trafilatura
    works on its own copy of the tree.
    """
    text = _trafilatura_text(tree, url, fast=True)
    if _text_length(text) < MIN_ARTICLE_CHARS or _looks_like_navigation(text):
        # The rare page where the fast path misses: the fallback extractors earn their cost here.
        fuller = _trafilatura_text(tree, url, fast=False)
        if _text_length(fuller) >= MIN_ARTICLE_CHARS and not _looks_like_navigation(fuller):
            return fuller
    return text


def _join_split_body(tree: HtmlElement) -> None:
    """Some CMSs cut an article body into several containers of the same class, with ads or
    embeds between them, and trafilatura keeps only the first. Move the later parts into it.

    Only parts holding real paragraphs move: one-paragraph teaser cards that share a class
    must not be pulled into the story.
    """
    paragraph_chars: Counter[tuple[str, str]] = Counter()
    chars_by_container: dict[tuple[str, str], Counter[HtmlElement]] = defaultdict(Counter)
    for paragraph in tree.iter("p"):
        parent = paragraph.getparent()
        if parent is None or not parent.get("class"):
            continue
        key = (str(parent.tag), parent.get("class", ""))
        length = len(paragraph.text_content())
        paragraph_chars[key] += length
        chars_by_container[key][parent] += length
    if not paragraph_chars:
        return
    containers = chars_by_container[paragraph_chars.most_common(1)[0][0]]
    parts = [part for part, chars in containers.items() if chars >= MIN_BODY_PART_CHARS]
    for part in parts[1:]:
        if parts[0] not in part.iterancestors():
            parts[0].extend(list(part))


def _trafilatura_text(tree: HtmlElement, url: str, *, fast: bool) -> str:
    document = trafilatura.bare_extraction(tree, url=url, include_comments=False, fast=fast)
    return (document.text or "") if isinstance(document, Document) else ""


def _looks_like_navigation(text: str) -> bool:
    """Menus and link lists come out as many very short lines."""
    lines = text.splitlines()
    short = sum(len(line.split()) <= MAX_MENU_ITEM_WORDS for line in lines)
    return len(lines) >= MIN_MENU_LINES and short / len(lines) > MENU_LINE_SHARE


def _metadata(tree: HtmlElement, page_url: str) -> Document:
    """Title, author(s) and site name.

    The steps of trafilatura's extract_metadata that we use, in its order; categories, tags
    and licence are skipped (a tenth of the cleaning time), and the date is left to
    choose_published_at. Prunes `tree` in place.
    """
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None  # a single word is a handle or a site, not a byline
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception:  # noqa: BLE001 — trafilatura's JSON-LD reader fails on odd markup
        pass
    metadata.title = metadata.title or extract_title(tree)
    metadata.author = metadata.author or _byline_pruning_tree(tree)
    metadata.sitename = _site_name(metadata.sitename or extract_sitename(tree), page_url)
    metadata.clean_and_trim()
    return metadata


def _byline_pruning_tree(tree: HtmlElement) -> str | None:
    """trafilatura's extract_author without its deep copy of the page (a tenth of the cleaning
    time): prunes the regions that hold other people's names out of `tree` itself. Its XPaths
    are tested in Python (transforms.bylines), as fast again."""
    author = extract_metainfo(prune_unwanted_nodes(tree, AUTHOR_DISCARD_XPATHS), AUTHOR_XPATHS, len_limit=120)
    return normalize_authors(None, author) if author else None


def _site_name(declared: str | None, page_url: str) -> str | None:
    """As trafilatura does: no "@" of a Twitter handle, a lower-case name capitalised (but
    "19FortyFive" left alone); else the URL's domain."""
    if declared:
        name = declared.lstrip("@")
        return name.title() if name and "." not in name and name[0].islower() else name or None
    domain = re.match(r"https?://(?:www\.|w[0-9]+\.)?([^/]+)", page_url)
    return domain[1] if domain else None


# --- leftovers -----------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"""[.!?…:;。！？]["'”’»)\]」』]*\s*$""")

# Whole paragraphs that are never article text, whatever the site.
_LEFTOVER_PATTERNS = [
    # related-story pointers
    r"(related|related post|read more|read also|also read|see more|see also|more|also|watch|listen"
    r"|recommended|more on this story|more from [\w .]+|leggi anche|lesen sie auch|lire aussi)\s*[:|»>].*",
    r"\[related:.*\]",
    r"also on \S+\.\w+\b.*",
    r".*\[(insight|video|pics|photos|news|reaction|warning|poll|latest)\]\W*",
    r"(popular on|trending on|more from|latest from) .{1,40}",
    r"(explore further|see more photos|more photos|view gallery|view comments)\W*",
    r"follow .{0,60}(full|complete|live) coverage\b.*",
    # republication and provenance lines
    r"this (article|story|piece|post|essay) (is|was) (republished|originally published"
    r"|first published|adapted|published in partnership)\b.*",
    r"a version of this (article|story) .*",
    r"read the original article\W*",
    r"source\s*:\s*.{0,80}",
    r"this copy is for your personal,? non-commercial use only\b.*",
    # contributor taglines
    r"\(?(additional )?(reporting|writing|research) by\b.{0,300}",
    r".{0,200}\b(contributed|contributing) (to this|reporting)\b.{0,120}",
    r"contributing\s*:.{0,200}",
    r"(with )?(\w+ )?wires?\W*",
    r"(edited|editing) by\b.{0,120}",
    r"(staff|wire) reports?\W*",
    # captions and image credits
    r".{0,200}\b(image|photo|picture|video|graphic)s?\s*(credit|courtesy|source)s?\s*:.*",
    r"(photograph|photo|pictured|credit|image)\s*:.{0,200}",
    r".{0,250}\((credit|photo|image|pictured)\b[^()]*\)\W*",
    r".{0,250}\([^()]*(/|\bvia )(getty|afp|reuters|ap|epa|shutterstock|alamy)\b[^()]*\)\W*",
    r"\[(사진|photo|foto)\s*[=:].{0,80}\]",
    # copyright notices: short paragraphs carrying a copyright sign or starting with the word
    r"(?=.{0,160}$).*(©|ⓒ|\(c\) \d{4}).*",
    r"copyright\b.{0,160}",
    # author bios and contact lines
    r"about the author\b.*",
    r"(have a tip|reach the reporters?|email [\w .]+ at|write to [\w .]+ at)\b.*",
    r"follow (us|\w+( \w+){0,4}) on (twitter|facebook|instagram|linkedin|x|youtube|tiktok)\b.{0,200}",
    r"(?=.{0,80}$)\S*(@\w+\.\w+|twitter\.com/|facebook\.com/|instagram\.com/)\S*",
    # share, newsletter, subscription and comment prompts
    r".{0,60}\bshare (it|this|this (article|story))\b.{0,60}",
    r"(sign up|subscribe|get (the|our)\b.{0,60}\b(newsletter|inbox)|join \w+\W).{0,250}",
    r".{0,150}\b(delivered to your inbox|in your inbox|our newsletter|the newsletter|delivered through"
    r" your letterbox)\b.{0,150}",
    r"(thanks|thank you) for (signing up|subscribing)\b.*",
    r".{0,40}\berror (has occurred|processing your subscription)\b.*",
    r"if you enjoyed this (article|story|piece)\b.*",
    r"tell us what you think\W*",
    r"(?=.{0,160}$).*\bad ?-?block(er|ing)?\b.*",
    r"need help\?",
    r"\[(\w+)\b[^\]]*\].*\[/\1\]",  # CMS shortcodes: [button ...]...[/button]
    # page furniture that trafilatura sometimes keeps as a paragraph
    r"(comments?|\d+ comments?|tags?|share|advertisement|story continues below|continue reading"
    r"|filed under:.*|(last )?(updated|published|posted)\b.{0,40}\d.{0,20}|you may also like"
    r"|don'?t miss|most read.{0,40}|related (stories|articles|coverage|content))\W*",
    r"[\W_]*",  # separators: "-", "___", "* * *"
]
_LEFTOVER_LINE = re.compile("|".join(f"(?:{p})" for p in _LEFTOVER_PATTERNS), re.IGNORECASE)

# Labels that introduce a list of links to other stories; the list goes with them.
_RELATED_LIST_LABEL = re.compile(
    r"(related|more|read more|see more|see also|you may also like|you might also like|don'?t miss"
    r"|most read.{0,40}|more from .{1,40}|recommended|trending|popular|editor'?s picks"
    r"|(more|related|recommended|popular|trending|latest|top|other|further)( [\w'’]+){0,3}"
    r" (stories|articles|news|reads|reading|posts|coverage|videos|links|content))\s*:?\s*",
    re.IGNORECASE,
)

# A dateline or timestamp paragraph: once these are removed, (almost) nothing is left.
_DATE_TOKENS = re.compile(
    r"\d+|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|\b(mon|tue|wed|thu|fri|sat"
    r"|sun)[a-z]*\b|\b[ap]\.?m\.?|\b(gmt|utc|bst|cet|cest|est|edt|pst|pdt|cst|cdt|ist|aest)\b"
    r"|\b(published|updated|posted|last|on|at|by)\b|[-–—:/.,|()\[\]]",
    re.IGNORECASE,
)
MAX_DATELINE_WORDS = 10
MAX_WORDS_LEFT_IN_DATELINE = 2

# A trailing bio names the author: "Olena Borodyna is senior geopolitical risks advisor".
_BIO_VERBS = r"(is|was|has|writes|covers|reports|'s|’s)\b"
TAIL_LINES_CHECKED_FOR_BIO = 3
MAX_HEADLINE_WORDS = 18
MAX_LEFTOVER_CHARS = 600
HEADING_LINES_CHECKED = 3
MIN_RELATED_TEASER_RUN = 2
MIN_TRAILING_LINK_ITEMS = 3


def strip_leftovers(
    text: str,
    *,
    title: str | None = None,
    description: str | None = None,
    author: str | None = None,
    link_texts: frozenset[str] = frozenset(),
) -> str:
    """Article text without the non-article paragraphs extractors leave in.

    `link_texts` are the normalised texts of the page's links to other pages: a headline-like
    paragraph made of one of them is a pointer to another story, not part of this one.
    """
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    lines = _drop_page_heading(lines, title, description)
    lines = list(_drop_related_lists(lines))
    lines = [line for line in lines if not _is_leftover_line(line)]
    lines = [line for line in lines if not _is_byline(line, author)]
    lines = _drop_trailing_bio(lines, author)
    lines = [line for line in lines if not _is_link_to_other_story(line, link_texts)]
    lines = _drop_related_teaser_runs(lines, link_texts)
    lines = _drop_trailing_link_list(lines, link_texts)
    return "\n".join(lines)


def _is_leftover_line(line: str) -> bool:
    # Leftover paragraphs are short; skipping long ones keeps the regex scan cheap.
    return len(line) <= MAX_LEFTOVER_CHARS and (bool(_LEFTOVER_LINE.fullmatch(line)) or _is_dateline(line))


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _drop_page_heading(lines: list[str], title: str | None, description: str | None) -> list[str]:
    """Drop the headline and standfirst that trafilatura may repeat above the text.

    A standfirst is dropped when it does not read as a sentence or when the text repeats it
    further down: pages often reuse their first paragraph as description, and that paragraph
    is article text.
    """
    title_key, description_key = _normalised(title or ""), _normalised(description or "")
    body = lines[HEADING_LINES_CHECKED:]

    def is_heading(line: str) -> bool:
        key = _normalised(line)
        return key == title_key or (key == description_key and _is_headline_like(line)) or line in body

    return [line for line in lines[:HEADING_LINES_CHECKED] if not is_heading(line)] + body


def _is_headline_like(line: str) -> bool:
    """Short and without closing punctuation: a heading or a link title, not a sentence."""
    return len(line.split()) <= MAX_HEADLINE_WORDS and not _SENTENCE_END.search(line)


def _is_dateline(line: str) -> bool:
    if len(line.split()) > MAX_DATELINE_WORDS or not re.search(r"\d", line) or "@" in line:
        return False  # "— Name (@handle) November 18, 2019" closes an embedded post: keep it
    # A bare time ("10 p.m.") heads an entry of a live report: that is text, not furniture.
    return len(_DATE_TOKENS.sub(" ", line).split()) <= MAX_WORDS_LEFT_IN_DATELINE and bool(
        re.search(r"\d{4}|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|published|updated",
                  line, re.IGNORECASE)
    )


def _is_byline(line: str, author: str | None) -> bool:
    """ "By Jane Doe", "Jane Doe" alone, or a byline followed by a timestamp."""
    if not author or len(line.split()) > MAX_DATELINE_WORDS:
        return False
    remainder = _normalised(_DATE_TOKENS.sub(" ", line))
    remainder = " ".join(re.sub(r"\b(by|and|staff|writer|reporter|correspondent)\b", " ", remainder).split())
    names = [_normalised(name) for name in re.split(r";|,| and ", author) if name.strip()]
    return bool(names) and remainder in {*names, " ".join(names)}


def _drop_related_lists(lines: list[str]) -> Iterator[str]:
    """Drop a "Related:" / "Don't miss" label together with the headline list under it."""
    in_related_list = False
    for line in lines:
        if _RELATED_LIST_LABEL.fullmatch(line):
            in_related_list = True
            continue
        if in_related_list and (line.startswith(("- ", "• ")) or _is_headline_like(line)):
            continue
        in_related_list = False
        yield line


def _drop_trailing_bio(lines: list[str], author: str | None) -> list[str]:
    """Cut from an author-bio paragraph near the end ("<author> is ...") to the end."""
    names = _author_names(author)
    if not names:
        return lines
    bio_start = re.compile(rf"(dr\.? |prof\.? )?({'|'.join(map(re.escape, names))}) {_BIO_VERBS}", re.I)
    for index in range(max(len(lines) - TAIL_LINES_CHECKED_FOR_BIO, 1), len(lines)):
        if bio_start.match(lines[index]):
            return lines[:index]
    return lines


def _author_names(author: str | None) -> list[str]:
    """Full names and surnames of the byline authors ("A. Smith; B. Jones")."""
    names: list[str] = []
    for name in re.split(r";|,| and ", author or ""):
        name = name.strip()
        if len(name) > 3:
            names.append(name)
            surname = name.split()[-1]
            if len(surname) > 3:
                names.append(surname)
    return names


def _is_link_to_other_story(line: str, link_texts: frozenset[str]) -> bool:
    return _is_headline_like(line) and _normalised(line.lstrip("-• ")) in link_texts


def _is_title_then_teaser(line: str, link_texts: frozenset[str]) -> bool:
    """ "- Pats place Olszewski on IR New England's roster..." : a link title run into its teaser,
    with no punctuation between them, as related-story cards come out of extraction."""
    words = line.lstrip("-• ").split()
    for length in range(3, min(len(words) - 1, MAX_HEADLINE_WORDS) + 1):
        if _normalised(" ".join(words[:length])) in link_texts:
            return words[length - 1][-1].isalnum() and words[length][0].isupper()
    return False


def _drop_trailing_link_list(lines: list[str], link_texts: frozenset[str]) -> list[str]:
    """Drop a list at the very end whose items are mostly links: "more stories" without its
    label (the label is often a styled <div> that extraction drops)."""
    start = len(lines)
    while start > 0 and lines[start - 1].startswith(("- ", "• ")):
        start -= 1
    linked = sum(_is_mostly_link(line, link_texts) for line in lines[start:])
    return lines[:start] if linked >= MIN_TRAILING_LINK_ITEMS and linked * 2 >= len(lines) - start else lines


def _is_mostly_link(line: str, link_texts: frozenset[str]) -> bool:
    key = f" {_normalised(line)} "
    words = len(key.split())
    return any(
        len(link.split()) * 2 >= words and f" {link} " in key for link in link_texts if len(link) < len(key)
    )


def _drop_related_teaser_runs(lines: list[str], link_texts: frozenset[str]) -> list[str]:
    """Drop runs of list items that each open with a link to another story ("- Title Teaser...")."""
    kept: list[str] = []
    runs = itertools.groupby(
        lines, key=lambda line: line.startswith(("- ", "• ")) and _is_title_then_teaser(line, link_texts)
    )
    for is_teaser, run in runs:
        run_lines = list(run)
        if not (is_teaser and len(run_lines) >= MIN_RELATED_TEASER_RUN):
            kept.extend(run_lines)
    return kept


# --- what kind of page ---------------------------------------------------------------------

_LISTING_PATH = re.compile(
    r"/(tags?|topics?|category|categories|sections?|authors?|archive|page/\d+)(/|$)", re.IGNORECASE
)
_PAYWALL_PHRASES = re.compile(
    r"subscribe to (continue|read)|subscribers only|for subscribers|already a subscriber"
    r"|to continue reading|sign in to (continue|read)|log in to (continue|read)"
    r"|this (article|content) is (only )?(available|reserved) (to|for) (subscribers|members)"
    r"|become a (member|subscriber) to|unlock (this|full) (article|access)",
    re.IGNORECASE,
)
MAX_PAYWALL_STUB_CHARS = 1500
# An index page's extracted text lists the titles of its links to other pages, or it dates
# several items on different days...
MIN_LISTED_HEADLINES = 3
# ...or it links to many other pages from headings, with only a teaser under each.
MIN_LISTING_LINKS = 8
MAX_TEXT_PER_LISTED_HEADLINE = 150
MIN_TITLE_LINK_WORDS = 3


# A short text is still kept (with a doubt) when it has at least this much to say: extraction
# misses part of some real articles, and a lost article cannot be found again.
MIN_KEPT_CHARS = 40


@dataclass(frozen=True)
class _Verdict:
    rejection: str | None
    text: str = ""
    doubts: tuple[str, ...] = ()


def _judge_page(signals: _PageSignals, url: str, *, raw_text: str, text: str, description: str | None) -> _Verdict:
    """Reject what is surely not an article; keep what may be one, saying what is doubtful.

    `raw_text` still has the subscription prompts. A paywall or listing signal on a page with
    an article's text, or at an address naming one document, is a doubt, not a rejection.
    """
    length = _text_length(text)
    # Only a text short enough to be a stub or the free part is judged by its phrases (a search
    # of the whole text otherwise spent for nothing).
    paywalled = length < MAX_PAYWALL_STUB_CHARS and (
        signals.declares_paywall or bool(_PAYWALL_PHRASES.search(raw_text)))
    if paywalled and length < MIN_ARTICLE_CHARS:
        return _Verdict("paywall stub")
    doubts = ("paywall: the text may be the free part only",) if paywalled and length < MAX_PAYWALL_STUB_CHARS else ()
    if _is_listing(signals, url, raw_text, text):
        if not signals.url_names_document or _LISTING_PATH.search(urlsplit(url).path):
            return _Verdict("not an article: index/listing page")
        doubts += ("listing: the page looks like an index of other pages",)
    if length < MIN_ARTICLE_CHARS:
        kept = text if length >= MIN_KEPT_CHARS else (description or "").strip()
        if _text_length(kept) < MIN_KEPT_CHARS:
            return _Verdict("empty: no main text")
        source = "main text" if kept == text else "the page's description only"
        doubts += (f"short: {_text_length(kept)} characters ({source})",)
        text = kept
    return _Verdict(None, text, doubts)


def _names_one_document(url: str) -> bool:
    """An address naming one document: its last path segment (or a query value) is a slug of
    several words or carries an identifier, as article URLs do and section URLs ("/world/",
    "/news/2025/", "/page-2/") do not."""
    parts = urlsplit(url)
    segments = [segment for segment in parts.path.split("/") if segment]
    names = ([segments[-1].rsplit(".", 1)[0]] if segments else []) + [
        value for _, _, value in (pair.partition("=") for pair in parts.query.split("&"))
    ]
    return any(len(re.split(r"[-_+]", name)) >= MIN_SLUG_WORDS or any(map(_is_identifier, re.split(r"[-_+.]", name)))
               for name in names)


def _is_identifier(token: str) -> bool:
    """A number longer than a year, or an opaque mix of letters and digits."""
    digits = sum(character.isdigit() for character in token)
    return digits >= MIN_ID_DIGITS or (len(token) >= MIN_OPAQUE_ID_CHARS and 0 < digits < len(token))


MIN_SLUG_WORDS = 3
MIN_ID_DIGITS = 5
MIN_OPAQUE_ID_CHARS = 8


def _text_length(text: str) -> int:
    """Characters other than white space (str.split's white space is the regex \\s)."""
    return len("".join(text.split()))


def _link_texts(tree: HtmlElement) -> frozenset[str]:
    """Normalised texts of the page's links long enough to be story titles."""
    texts = (anchor.text_content() for anchor in tree.xpath("//a[@href and not(starts-with(@href, '#'))]"))
    return frozenset(_normalised(text) for text in texts if len(text.split()) >= MIN_TITLE_LINK_WORDS)


def _is_listing(signals: _PageSignals, url: str, raw_text: str, text: str) -> bool:
    """Index, section and tag pages: headlines linking elsewhere, with little text per headline.

    Article pages often carry dozens of related-story links too, so a page that declares
    itself an article (og:type, JSON-LD, a publication time) is never a listing.
    """
    if signals.declares_article:
        return False
    if (
        signals.declares_collection
        or signals.dated_items >= MIN_LISTED_HEADLINES
        or _listed_headlines(raw_text, signals.link_texts) >= MIN_LISTED_HEADLINES
    ):
        return True
    min_links = MIN_LISTING_LINKS // 2 if _LISTING_PATH.search(urlsplit(url).path) else MIN_LISTING_LINKS
    return signals.headline_links >= min_links and _text_length(text) < MAX_TEXT_PER_LISTED_HEADLINE * signals.headline_links


def _listed_headlines(raw_text: str, link_texts: frozenset[str]) -> int:
    """How many paragraphs of the extracted text are the titles of links to other pages."""
    return sum(_normalised(line.strip().lstrip("-• ")) in link_texts for line in raw_text.splitlines())


_ARTICLE_TYPES = frozenset(
    """Article NewsArticle BlogPosting ReportageNews AnalysisNewsArticle OpinionNewsArticle
    ReviewNewsArticle BackgroundNewsArticle LiveBlogPosting Report TechArticle""".split()
)
_COLLECTION_TYPES = frozenset("CollectionPage ItemList SearchResultsPage".split())


def _json_ld_types(json_ld: list[dict[str, object]]) -> set[str]:
    types: set[str] = set()
    for item in json_ld:
        declared = item.get("@type")
        types.update(declared if isinstance(declared, list) else [declared] if isinstance(declared, str) else [])
    return types


def _og_type(tree: HtmlElement) -> str:
    return str(tree.xpath("string(//meta[@property='og:type']/@content)")).strip().lower()


def _headline_links(tree: HtmlElement) -> int:
    """How many other pages the page links to from a heading: the signature of an index page."""
    hrefs = tree.xpath("(//h1|//h2|//h3|//h4)//a/@href")
    return len({href for href in hrefs if not href.startswith("#")})


# --- language ------------------------------------------------------------------------------

LANGUAGE_SAMPLE_CHARS = 1000


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (py3langid ships its model in the wheel)."""
    if not text.strip():
        return None
    code, _score = py3langid.classify(text[:LANGUAGE_SAMPLE_CHARS])
    return str(code)


# --- canonical URL -------------------------------------------------------------------------


def canonical_url(tree: HtmlElement, url: str) -> str:
    """<link rel=canonical>, else og:url, resolved against the page URL and normalised."""
    candidates = tree.xpath(
        "//link[translate(@rel, 'CANONICAL', 'canonical')='canonical']/@href"
        " | //meta[@property='og:url']/@content"
    )
    for candidate in candidates:
        absolute = urljoin(url, candidate.strip())
        if urlsplit(absolute).scheme in ("http", "https") and urlsplit(absolute).netloc:
            try:
                return normalize_url(absolute)
            except ValueError:
                continue
    return url


# --- publication date ----------------------------------------------------------------------

_PUBLISHED_META_XPATH = (
    "//meta[@property='article:published_time' or @property='og:article:published_time'"
    " or @name='article:published_time' or @itemprop='datePublished' or @name='pubdate'"
    " or @name='publishdate' or @name='publish-date' or @name='parsely-pub-date'"
    " or @name='sailthru.date' or @name='dc.date.issued' or @name='DC.date.issued'"
    " or @name='date']/@content"
    " | //*[@itemprop='datePublished']/@datetime"
)


def structured_published_at(tree: HtmlElement, json_ld: list[dict[str, object]]) -> datetime | None:
    """The first machine-readable publication timestamp (JSON-LD, meta, microdata) that parses."""
    for value in _structured_date_values(tree, json_ld):
        parsed = _parse_timestamp(value)
        if parsed is not None:
            return parsed
    return None


def _structured_date_values(tree: HtmlElement, json_ld: list[dict[str, object]]) -> Iterator[str]:
    for item in json_ld:
        value = item.get("datePublished")
        if isinstance(value, str):
            yield value
    yield from (str(value) for value in tree.xpath(_PUBLISHED_META_XPATH))


_MODIFIED_META_XPATH = (
    "//meta[@property='article:modified_time' or @name='article:modified_time'"
    " or @property='og:updated_time']/@content"
)


def structured_modified_at(tree: HtmlElement, json_ld: list[dict[str, object]]) -> datetime | None:
    """The first machine-readable last-modified timestamp (JSON-LD dateModified, meta) that parses."""
    values = itertools.chain(
        (value for item in json_ld if isinstance(value := item.get("dateModified"), str)),
        (str(value) for value in tree.xpath(_MODIFIED_META_XPATH)),
    )
    return next(filter(None, map(_parse_timestamp, values)), None)


def choose_modified_at(
    *, structured: datetime | None, http_last_modified: datetime | None, published_at: datetime | None
) -> tuple[datetime | None, ModifiedSource | None]:
    """The last-modified time: the page's own, else the HTTP header's. A modification before
    the publication is a wrong date (a template's, a server's clock), so there is none then."""
    source: ModifiedSource
    if structured is not None:
        modified_at, source = _aware(structured), "html"
    elif http_last_modified is not None:
        modified_at, source = _aware(http_last_modified), "http-last-modified"
    else:
        return None, None
    if published_at is not None and modified_at < published_at:
        return None, None
    return modified_at, source


def _json_ld_items(tree: HtmlElement) -> Iterator[dict[str, object]]:
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        yield from _dicts_in(data)


def _dicts_in(data: object) -> Iterator[dict[str, object]]:
    """Every object in a JSON-LD document, including those inside lists and @graph."""
    if isinstance(data, dict):
        yield data
        for value in data.values():
            if isinstance(value, (dict, list)):
                yield from _dicts_in(value)
    elif isinstance(data, list):
        for value in data:
            yield from _dicts_in(value)


def _parse_timestamp(value: str) -> datetime | None:
    """An ISO 8601 timestamp, else one written out ("Tue, Sep 15 2020 10:01:41 EDT")."""
    value = value.strip()
    if re.match(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return datetime.fromisoformat(value.replace(" ", "T", 1) if len(value) > 10 else value)
        except ValueError:
            return None
    return _parse_written_timestamp(value)


# Time-zone abbreviations that name one zone only ("IST" is India, Ireland or Israel: left out).
_ZONE_ABBREVIATIONS = {
    abbreviation: ZoneInfo(zone)
    for zone, abbreviations in {
        "America/New_York": ("EST", "EDT"),
        "America/Chicago": ("CST", "CDT"),
        "America/Denver": ("MST", "MDT"),
        "America/Los_Angeles": ("PST", "PDT"),
        "Europe/London": ("BST",),
        "Europe/Paris": ("CET", "CEST"),
        "Australia/Sydney": ("AEST", "AEDT"),
    }.items()
    for abbreviation in abbreviations
}
# Before the web there were no web pages to date: such a year is another calendar or a misread.
EARLIEST_PUBLICATION_YEAR = 1995
# Two readings that differ wherever the value leaves a doubt: in the fields it lacks (filled from
# unrelated defaults) and in the order of day and month ("03/04/2020").
_PARSE_READINGS: tuple[tuple[datetime, bool], ...] = ((datetime(2000, 1, 1), False), (datetime(2001, 2, 2), True))


def _parse_written_timestamp(value: str) -> datetime | None:
    """A full date written out, as some CMSs put in JSON-LD and meta tags; None when the value
    lacks its year, month or day or leaves day and month in doubt."""
    readings = []
    for default, dayfirst in _PARSE_READINGS:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an unknown zone name: keep the local wall time
            try:
                reading = date_parser.parse(value, default=default, dayfirst=dayfirst, tzinfos=_ZONE_ABBREVIATIONS)
            except (ValueError, OverflowError):
                return None
        readings.append(reading)
    first, second = readings
    if first.date() != second.date() or first.year < EARLIEST_PUBLICATION_YEAR:
        return None
    return first


def find_published_at(
    html: bytes | str,
    url: str,
    *,
    listed_published_at: datetime | None = None,
    listed_published_source: ListedSource | None = None,
    http_last_modified: datetime | None = None,
) -> tuple[datetime | None, DateSource | None]:
    """The publication time of a page and its source, by the same rules as clean_page.

    For pages clean_page does not need to clean (e.g. the date benchmark). A page that cannot
    be read leaves the listed date and the HTTP header.
    """
    try:
        tree = load_html(html)
    except (TypeError, ValueError):  # not text at all: the page has no date of its own
        tree = None
    if tree is None:
        return choose_published_at(
            structured=None,
            htmldate_day=None,
            listed_at=listed_published_at,
            listed_source=listed_published_source,
            http_last_modified=http_last_modified,
        )
    page_url = canonical_url(tree, url)
    return choose_published_at(
        structured=structured_published_at(tree, list(_json_ld_items(tree))),
        htmldate_day=_markup_day(tree, html, page_url),
        listed_at=listed_published_at,
        listed_source=listed_published_source,
        guess_htmldate_day=lambda: _find_day(html, page_url, extensive=True),
        http_last_modified=http_last_modified,
    )


def choose_published_at(
    *,
    structured: datetime | None,
    htmldate_day: str | None,
    listed_at: datetime | None,
    listed_source: ListedSource | None,
    guess_htmldate_day: Callable[[], str | None] = lambda: None,
    http_last_modified: datetime | None,
) -> tuple[datetime | None, DateSource | None]:
    """Pick the publication time and say where it came from.

    htmldate reading the page's markup decides the day (it is the best-tested heuristic); a
    structured timestamp on the same day adds the time and the page's own UTC offset. A
    timestamp in the publisher's local time wins even on another day: its date is the local
    publication day, where a UTC timestamp's date may not be — unless the UTC time is far
    enough from midnight to fall on the same day wherever the publisher is (htmldate's day
    then often comes from a URL made the day before, when the story was drafted). A
    feed/sitemap timestamp on htmldate's day adds the time of day; without an htmldate day,
    it comes next. Only then htmldate's guess from the visible text, computed only when
    needed, unless it only found a year; the HTTP Last-Modified header is the last resort.
    """
    day = _parse_day(htmldate_day)
    if structured is not None and (
        day is None
        or structured.date() == day
        or _has_local_offset(structured)
        or _is_same_day_in_every_newsroom(structured)
    ):
        return _aware(structured), "html"
    listed = _aware(listed_at) if listed_at is not None and listed_source is not None else None
    if day is not None and (listed is None or listed.date() != day):
        return _midnight_utc(day), "html"
    if listed is not None and listed_source is not None:
        return listed, listed_source  # on the page's day, the listing adds the time of day
    guessed_day = _parse_day(guess_htmldate_day())
    if guessed_day is not None and not _is_year_only_guess(guessed_day):
        return _midnight_utc(guessed_day), "html"
    if http_last_modified is not None:
        return _aware(http_last_modified), "http-last-modified"
    return None, None


def _has_local_offset(moment: datetime) -> bool:
    offset = moment.utcoffset()
    return offset is not None and offset != timedelta(0)


# The time zones of nearly all newsrooms: from the Pacific coast of the Americas to eastern Australia.
WESTERNMOST_NEWSROOM_OFFSET = timedelta(hours=-8)
EASTERNMOST_NEWSROOM_OFFSET = timedelta(hours=10)


def _is_same_day_in_every_newsroom(moment: datetime) -> bool:
    """A UTC timestamp between 08:00 and 14:00 is on the same calendar day from UTC−8 to UTC+10."""
    if moment.utcoffset() != timedelta(0):
        return False
    since_midnight = moment - moment.replace(hour=0, minute=0, second=0, microsecond=0)
    return since_midnight + WESTERNMOST_NEWSROOM_OFFSET >= timedelta(0) and (
        since_midnight + EASTERNMOST_NEWSROOM_OFFSET < timedelta(days=1)
    )


def _is_year_only_guess(day: date) -> bool:
    """htmldate's text search turns a bare year ("© 2025") into 1 January of that year: a year
    is not a publication date, and a wrong day would misplace the article on the timeline."""
    return (day.month, day.day) == (1, 1)


def _markup_day(tree: HtmlElement, html: bytes | str, url: str) -> str | None:
    """htmldate without its free-text search, on our tree; if that finds nothing, on the raw
    page, whose own parse keeps the HTML comments where some blogs put an RDF dc:date."""
    return _find_day(tree, url, extensive=False) or _find_day(html, url, extensive=False)


def _find_day(page: HtmlElement | bytes | str, url: str, *, extensive: bool) -> str | None:
    """htmldate's day for the page, read without the site's own header (see _site_headers)."""
    tree = page if isinstance(page, HtmlElement) else load_html_keeping_comments(page)
    if tree is None:
        return None
    with _site_headers_set_aside(tree):
        return find_date(tree, url=url, original_date=True, extensive_search=extensive)


# The page-level <header> holds the site's logo, menu and often today's date, which htmldate
# takes for the publication day. One holding a headline of a few words is the article's own
# header (some templates put it outside <article>) and stays.
_PAGE_HEADER_XPATH = "//*/header[not(ancestor::article or ancestor::main or ancestor::header)]"
MIN_HEADLINE_WORDS = 3


def _site_headers(tree: HtmlElement) -> list[HtmlElement]:
    return [header for header in tree.xpath(_PAGE_HEADER_XPATH) if not _holds_headline(header)]


def _holds_headline(element: HtmlElement) -> bool:
    return any(len(heading.text_content().split()) >= MIN_HEADLINE_WORDS for heading in element.xpath(".//h1|.//h2"))


@contextmanager
def _site_headers_set_aside(tree: HtmlElement) -> Iterator[None]:
    """Take the site headers out of `tree` for the duration and put them back where they were:
    the caller's tree comes back intact without a copy of it (htmldate makes its own)."""
    places = [(header, header.getparent(), header.getparent().index(header)) for header in _site_headers(tree)]
    for header, parent, _index in places:
        parent.remove(header)  # the header's tail text goes with it and comes back with it
    try:
        yield
    finally:
        for header, parent, index in places:  # in document order, so every index is right again
            parent.insert(index, header)


def _midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def _parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _aware(moment: datetime) -> datetime:
    """Keep the offset a timestamp carries; one without an offset is taken as UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
