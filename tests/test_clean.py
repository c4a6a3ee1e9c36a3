"""clean_page on small realistic pages: leftovers removed, metadata right, non-articles rejected."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from transforms.clean import choose_published_at, clean_page, find_published_at, strip_leftovers
from transforms.models import CleanedArticle, Rejection

URL = "https://news.example.com/world/europe/donbas-land-for-peace-explainer"

PARAGRAPHS = [
    "With Volodymyr Zelensky and Vladimir Putin potentially set to meet within weeks, the prospect"
    " of relinquishing land to secure peace for Ukraine has been floated by the US.",
    "Despite launching an illegal invasion, Putin is understood to have demanded that Kyiv surrender"
    " the eastern Donetsk and Luhansk provinces as a condition for ending the war.",
    "Such a move would effectively hand over Ukraine’s industrial heartland, giving Russia control of"
    " the Donbas region, where some of the heaviest fighting of the war has taken place since 2022.",
    "Ukraine’s reconstruction will be costly, to the tune of US$524 billion over the next decade,"
    " according to the World Bank. It will also require managing a web of interconnected risks.",
    "Relinquishing the territory would be “catastrophic” for Russia, especially if they are not given"
    " concrete security guarantees such as Article 5 protection from Nato.",
    "However, Putin made it clear that he would not fall back on core demands to “resolve root causes"
    " of the conflict”, that includes Ukraine becoming a neutral state.",
]
SUBHEADING = "Making reconstruction harder"
QUOTE = (
    "“It’s not just trenches, it’s a deep, layered defence with bunkers, anti-tank ditches,"
    " minefields, and industrial areas built into the terrain,” explains Beketova."
)
RELATED_HEADLINES = [
    "Trump-Zelensky meeting live: US president presses Putin to meet Ukrainian leader",
    "Starmer hails ‘breakthrough’ on security guarantees after Ukraine talks",
    "Zelensky gifts Trump letter from his wife to give to Melania",
]
LEFTOVERS = [
    "We use cookies",
    "Share on Facebook",
    "Trump and Putin in Helsinki in 2018 (Yuri Kadobnov/AFP via Getty)",
    "Read more",
    "Why Trump broke off meeting",
    "Lancet Drone. Image Credit: Russian State Media.",
    "About the Author",
    "Andrew Latham is a non-resident fellow",
    "republished from The Conversation",
    "Read the original article",
    "Sign up for our free newsletter",
    "Great piece, thanks",
    "All rights reserved",
    *RELATED_HEADLINES,
]


def article_page(
    *,
    head_extra: str = '<meta property="article:published_time" content="2025-08-18T15:00:00+01:00">',
    lang: str = "en",
) -> str:
    p = PARAGRAPHS
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>Land for peace? What giving up the Donbas would mean | The Daily Ledger</title>
<link rel="canonical" href="https://news.example.com/world/europe/donbas-land-for-peace-explainer?utm_source=rss">
<meta property="og:site_name" content="The Daily Ledger">
<meta property="og:type" content="article">
<meta property="og:title" content="Land for peace? What giving up the Donbas would mean">
<meta name="author" content="Andrew Latham">
{head_extra}
</head><body>
<div class="cookie-banner"><p>We use cookies to improve your experience.</p><button>Accept</button></div>
<header><a href="/">The Daily Ledger</a><nav><ul><li><a href="/world">World</a></li>
<li><a href="/politics">Politics</a></li></ul></nav></header>
<main><article>
<h1>Land for peace? What giving up the Donbas would mean</h1>
<p class="byline">By <a href="/authors/andrew-latham" rel="author">Andrew Latham</a></p>
<div class="share-bar"><a href="https://twitter.com/share">Share on X</a>
<a href="https://facebook.com/share">Share on Facebook</a></div>
<figure><img src="/img/helsinki.jpg" alt="">
<figcaption>Trump and Putin in Helsinki in 2018 (Yuri Kadobnov/AFP via Getty)</figcaption></figure>
<p>{p[0]}</p><p>{p[1]}</p>
<p>Read more: <a href="/world/trump-breaks-off">Why Trump broke off meeting Europe’s leaders to call Putin</a></p>
<p>{p[2]}</p>
<h2>{SUBHEADING}</h2>
<p>{p[3]}</p>
<blockquote><p>{QUOTE}</p></blockquote>
<p>Lancet Drone. Image Credit: Russian State Media.</p>
<p>{p[4]}</p><p>{p[5]}</p>
<p>About the Author: Dr. Andrew Latham</p>
<p>Andrew Latham is a non-resident fellow at Defense Priorities and a professor of international
relations at Macalester College. You can follow him on X: @aakatham.</p>
<p>This article is republished from The Conversation under a Creative Commons license.
Read the original article.</p>
<div class="newsletter"><p>Sign up for our free newsletter and get the day’s top stories delivered
to your inbox.</p></div>
<ul class="more">{"".join(f'<li><a href="/world/{i}">{h}</a></li>' for i, h in enumerate(RELATED_HEADLINES))}</ul>
</article>
<section id="comments"><h2>Comments</h2><p>Great piece, thanks for explaining the geography.</p></section>
</main><footer><p>© 2025 The Daily Ledger. All rights reserved.</p></footer>
</body></html>"""


@pytest.fixture(scope="module")
def article() -> CleanedArticle:
    result = clean_page(article_page().encode("utf-8"), URL)
    assert isinstance(result, CleanedArticle), result
    return result


def test_article_keeps_paragraphs_subheading_and_quote_in_order(article: CleanedArticle) -> None:
    expected = [*PARAGRAPHS[:3], SUBHEADING, PARAGRAPHS[3], QUOTE, *PARAGRAPHS[4:]]
    assert article.text.split("\n") == expected


@pytest.mark.parametrize("leftover", LEFTOVERS)
def test_article_loses_leftover(article: CleanedArticle, leftover: str) -> None:
    assert leftover not in article.text


def test_article_metadata(article: CleanedArticle) -> None:
    assert article.title == "Land for peace? What giving up the Donbas would mean"
    assert article.author == "Andrew Latham"
    assert article.site_name == "The Daily Ledger"
    assert article.canonical_url == URL  # tracking parameter dropped
    assert article.language == "en"
    assert article.published_at == datetime(2025, 8, 18, 15, 0, tzinfo=timezone(timedelta(hours=1)))
    assert article.published_at.utcoffset() == timedelta(hours=1)  # the page's own offset is kept
    assert article.published_at_source == "html"
    assert article.content_hash == hashlib.sha256(article.text.encode("utf-8")).hexdigest()


def test_day_only_date_is_midnight_utc() -> None:
    page = article_page(head_extra='<meta name="date" content="2025-08-18">')
    result = clean_page(page, URL)
    assert isinstance(result, CleanedArticle)
    assert result.published_at == datetime(2025, 8, 18, tzinfo=UTC)
    assert result.published_at_source == "html"


def test_feed_date_then_last_modified_fill_in_when_the_page_has_no_date() -> None:
    listed = datetime(2025, 8, 18, 10, 0, tzinfo=timezone(timedelta(hours=-4)))
    modified = datetime(2025, 8, 19, 8, 0, tzinfo=UTC)
    page = article_page(head_extra="")
    from_feed = clean_page(page, URL, listed_published_at=listed, listed_published_source="feed",
                           http_last_modified=modified)
    assert isinstance(from_feed, CleanedArticle)
    assert (from_feed.published_at, from_feed.published_at_source) == (listed, "feed")
    from_header = clean_page(page, URL, http_last_modified=modified)
    assert isinstance(from_header, CleanedArticle)
    assert (from_header.published_at, from_header.published_at_source) == (modified, "http-last-modified")


def test_structured_timestamp_on_another_day_than_htmldate_loses() -> None:
    structured = datetime(2025, 8, 19, 1, 0, tzinfo=UTC)
    chosen = choose_published_at(structured=structured, htmldate_day="2025-08-18", listed_at=None,
                                 listed_source=None, http_last_modified=None)
    assert chosen == (datetime(2025, 8, 18, tzinfo=UTC), "html")


def dated_page(date_published: str) -> str:
    """A small news page whose only date is its JSON-LD datePublished."""
    return f"""<html><head><title>Amazon opens a luxury fashion store</title>
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "Amazon opens a luxury fashion store", "datePublished": "{date_published}"}}</script>
</head><body><article><h1>Amazon opens a luxury fashion store</h1>
<p>Amazon is launching a section for high-end fashion brands, starting with Oscar de la Renta.</p>
</article></body></html>"""


def test_written_out_structured_date_is_read_with_its_time_zone() -> None:
    page = dated_page("Tue, Sep 15 2020 10:01:41 EDT")
    published_at, source = find_published_at(page, "https://tech.example.com/amazon-luxury-stores-140141502.html")
    assert published_at == datetime(2020, 9, 15, 10, 1, 41, tzinfo=ZoneInfo("America/New_York"))
    assert published_at.utcoffset() == timedelta(hours=-4)
    assert source == "html"


@pytest.mark.parametrize("partial", ["Sep 2020", "1399/02/21 18:59"])
def test_written_out_date_without_a_day_or_in_another_calendar_is_no_date(partial: str) -> None:
    assert find_published_at(dated_page(partial), "https://tech.example.com/amazon-luxury-stores") == (None, None)


def test_midday_utc_timestamp_beats_the_url_day() -> None:
    """The URL was made when the story was drafted; the JSON-LD says when it went out, at an
    hour that is the same day from the Americas to Australia."""
    url = "https://news.example.com/politics/federal-workers-return/2020/07/08/c3d22ec8_story.html"
    assert find_published_at(dated_page("2020-07-09T10:04:04Z"), url) == (
        datetime(2020, 7, 9, 10, 4, 4, tzinfo=UTC), "html"
    )
    # Two hours after midnight UTC it is still the evening before in the Americas.
    assert find_published_at(dated_page("2020-07-09T02:18:11Z"), url) == (datetime(2020, 7, 8, tzinfo=UTC), "html")
    # A CMS's empty value at the very start of the calendar is no midday timestamp.
    assert find_published_at(dated_page("0001-01-01T00:00:00Z"), url) == (datetime(2020, 7, 8, tzinfo=UTC), "html")


def test_todays_date_in_the_site_header_is_not_the_publication_date() -> None:
    page = """<html><head><title>Australian 'megablaze' brought under control</title></head><body>
<header><div class="logo"><a href="/"><img src="/logo.png" alt="Asia Pacific Star"></a></div>
<div class="new_text"><span class="date">Tue, 14 Jan 2020</span></div></header>
<div class="story"><h2>Australian 'megablaze' brought under control</h2><p>News24<br>13 Jan 2020, 22:11 GMT+10</p>
<p>Exhausted firefighters have brought under control a massive blaze in south-eastern Australia
after days of milder weather, officials said on Monday.</p></div></body></html>"""
    url = "https://star.example.com/news/263700449/australian-megablaze-brought-under-control"
    assert find_published_at(page, url) == (datetime(2020, 1, 13, tzinfo=UTC), "html")


def test_article_header_outside_the_article_element_keeps_its_date() -> None:
    page = """<html><head><title>Live in your own Jurassic Park at this estate</title></head><body>
<header class="site"><a href="/">Real Estate</a><nav><a href="/buy">Buy</a></nav></header>
<header class="post-header"><h1>Live in your own Jurassic Park at this estate</h1>
<div class="post-date">21 Jan 2020</div></header>
<div class="content"><p>A multimillion-dollar estate with its own rainforest is on the market.</p></div>
</body></html>"""
    url = "https://homes.example.com/news/live-in-your-own-jurassic-park/"
    assert find_published_at(page, url) == (datetime(2020, 1, 21, tzinfo=UTC), "html")


def test_index_page_is_not_an_article() -> None:
    teasers = "".join(
        f'<div class="card"><h3><a href="/world/story-{i}">Ukraine talks story number {i} makes'
        f" headlines again</a></h3><p>Updated {i} hours ago</p></div>"
        for i in range(25)
    )
    page = f"<html><head><title>World news</title></head><body><h1>World</h1>{teasers}</body></html>"
    result = clean_page(page, "https://news.example.com/world/")
    assert result == Rejection("https://news.example.com/world/", "not an article: index/listing page")


def test_tag_page_is_not_an_article() -> None:
    teasers = "".join(
        f'<article><h2><a href="/world/piece-{i}">Zelensky and Putin: what the summit number {i} means'
        f'</a></h2><p>An analysis of the talks and what may follow for Kyiv and Moscow, part {i}.</p>'
        f"</article>"
        for i in range(12)
    )
    url = "https://news.example.com/tag/ukraine/"
    page = f"<html><head><title>Ukraine | Tag</title></head><body><h1>Ukraine</h1>{teasers}</body></html>"
    result = clean_page(page, url)
    assert isinstance(result, Rejection)
    assert result.reason == "not an article: index/listing page"


def test_empty_page() -> None:
    page = "<html><head><title>Nothing</title></head><body><div id='app'></div></body></html>"
    assert clean_page(page, URL) == Rejection(URL, "empty: no main text")


def test_paywall_stub() -> None:
    page = (
        "<html><head><title>Kremlin weighs offer</title></head><body><article><h1>Kremlin weighs offer</h1>"
        "<p>Moscow is studying the proposal closely, officials said on Tuesday, as envoys prepared for"
        " another round of talks.</p><p>Subscribe to continue reading. Already a subscriber? Log in.</p>"
        "</article></body></html>"
    )
    assert clean_page(page, URL) == Rejection(URL, "paywall stub")


def test_german_article_is_rejected_unless_language_is_not_required() -> None:
    paragraphs = "".join(
        f"<p>Die Gespräche zwischen der Ukraine und Russland sind am {day} ohne Ergebnis zu Ende gegangen."
        " Beide Seiten wollen sich in der kommenden Woche erneut treffen, hieß es aus Verhandlungskreisen.</p>"
        for day in ("Montag", "Dienstag", "Mittwoch", "Freitag")
    )
    page = f"<html lang='de'><head><title>Gespräche</title></head><body><article>{paragraphs}</article></body></html>"
    assert clean_page(page, URL) == Rejection(URL, "not English: detected 'de'")
    kept = clean_page(page, URL, require_english=False)
    assert isinstance(kept, CleanedArticle) and kept.language == "de"


@pytest.mark.parametrize(
    "html",
    [b"", "", "   ", bytes(range(256)) * 40, b"\x89PNG\r\n\x1a\n" + b"\x00\xff" * 500, "just some words"],
)
def test_bad_input_is_a_rejection_not_an_exception(html: bytes | str) -> None:
    result = clean_page(html, URL)
    assert isinstance(result, Rejection)
    assert result.reason.startswith(("empty", "malformed HTML"))


def test_non_utf8_page_is_decoded() -> None:
    page = article_page().replace('<meta charset="utf-8">', '<meta charset="windows-1252">')
    result = clean_page(page.encode("cp1252", errors="replace"), URL)
    assert isinstance(result, CleanedArticle)
    assert "Ukraine’s industrial heartland" in result.text


def test_strip_leftovers_drops_bio_republication_and_separators() -> None:
    text = "\n".join(
        [
            "Putin-Trump summit: Moscow seeks gains",
            "-",
            PARAGRAPHS[0],
            PARAGRAPHS[1],
            "Olena Borodyna is senior geopolitical risks advisor, ODI Global",
            "This article is republished from The Conversation under a Creative Commons license."
            " Read the original article.",
        ]
    )
    cleaned = strip_leftovers(text, title="Putin-Trump summit: Moscow seeks gains", author="Olena Borodyna")
    assert cleaned.split("\n") == PARAGRAPHS[:2]


# --- the project's own fixture website (newsline.sample_site), when it is installed -----------

SAMPLE_LEFTOVERS = [
    "Why Trump broke off meeting Europe’s leaders to call Putin",
    "JD Vance’s silence during latest Zelensky talks praised online",
    "Trump and Putin in Helsinki in 2018 (Yuri Kadobnov/AFP via Getty)",
    "Olena Borodyna is senior geopolitical risks advisor, ODI Global",
    "This article is republished from The Conversation",
    "Lancet Drone. Image Credit: Russian State Media.",
    "About the Author",
    "Andrew Latham is a non-resident fellow",
    "Accept all",
    "Comments (",
]


def sample_site_articles() -> list[object]:
    articles = pytest.importorskip("newsline.sample_site.articles")
    return list(articles.load_sample_articles())


@pytest.mark.parametrize("index", range(5))
def test_sample_site_article_is_cleaned(index: int) -> None:
    articles = sample_site_articles()
    publishers = pytest.importorskip("newsline.sample_site.publishers")
    article = articles[index]
    base_url = "http://127.0.0.1:8000"
    result = clean_page(publishers.render_article(article, base_url).encode("utf-8"), base_url + article.path)
    assert isinstance(result, CleanedArticle), result
    lines = result.text.split("\n")
    body = [block.text for block in article.blocks if block.kind in ("paragraph", "subhead")]
    kept = [text for text in body if not any(leftover in text for leftover in SAMPLE_LEFTOVERS)]
    assert [line for line in lines if line in kept] == kept  # every paragraph, in order
    assert not [leftover for leftover in SAMPLE_LEFTOVERS if leftover in result.text]
    assert (result.title, result.author) == (article.headline, article.author)
    assert result.site_name == publishers.PUBLISHERS[article.publisher].name
    assert result.published_at == article.published  # the same instant (some pages give only UTC)
    assert result.published_at_source == "html"


def test_strip_leftovers_drops_datelines_bylines_and_teaser_cards_but_keeps_live_times() -> None:
    links = frozenset({"pats place olszewski on ir", "gronk serena perform with laker girls"})
    text = "\n".join(
        [
            "By Andrew Latham",
            "Published 18 August 2025 15:00 BST",
            PARAGRAPHS[0],
            "10 p.m.",
            PARAGRAPHS[1],
            "— Andrew Latham (@aakatham) August 18, 2025",
            "- Pats place Olszewski on IR New England's roster is re-shuffling",
            "- Gronk, Serena perform with Laker Girls Gronk may have found his true calling",
        ]
    )
    cleaned = strip_leftovers(text, author="Andrew Latham", link_texts=links)
    assert cleaned.split("\n") == [
        PARAGRAPHS[0],
        "10 p.m.",
        PARAGRAPHS[1],
        "— Andrew Latham (@aakatham) August 18, 2025",
    ]


def test_strip_leftovers_drops_labelled_related_list_but_not_an_article_list() -> None:
    text = "\n".join(
        [
            PARAGRAPHS[0],
            "Tour dates",
            "- June 9 – West Palm Beach, FL @ Coral Sky Amphitheatre",
            "- June 10 – Tampa, FL @ MIDFLORIDA Credit Union Amphitheatre",
            PARAGRAPHS[1],
            "More Great Ledger Stories",
            *(f"- {headline}" for headline in RELATED_HEADLINES),
        ]
    )
    cleaned = strip_leftovers(text).split("\n")
    assert cleaned == [PARAGRAPHS[0], "Tour dates", *text.split("\n")[2:4], PARAGRAPHS[1]]


def test_article_body_split_over_containers_is_joined() -> None:
    first, second = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:3]), "".join(f"<p>{p}</p>" for p in PARAGRAPHS[3:])
    page = (
        '<html><head><title>Split</title><meta property="og:type" content="article"></head><body><article>'
        f'<div class="body article__body">{first}</div>'
        '<div class="ad-slot"><p>Advertisement</p></div><aside class="newsletter"><p>Sign up now</p></aside>'
        f'<div class="body article__body">{second}</div>'
        "</article></body></html>"
    )
    result = clean_page(page, URL)
    assert isinstance(result, CleanedArticle), result
    assert result.text.split("\n") == PARAGRAPHS


def test_feed_timestamp_on_the_page_day_adds_the_time_of_day() -> None:
    listed = datetime(2025, 8, 18, 10, 0, tzinfo=timezone(timedelta(hours=-4)))
    on_same_day = choose_published_at(structured=None, htmldate_day="2025-08-18", listed_at=listed,
                                      listed_source="sitemap", http_last_modified=None)
    assert on_same_day == (listed, "sitemap")
    on_other_day = choose_published_at(structured=None, htmldate_day="2025-08-17", listed_at=listed,
                                       listed_source="sitemap", http_last_modified=None)
    assert on_other_day == (datetime(2025, 8, 17, tzinfo=UTC), "html")


def test_front_page_listing_a_few_stories_is_not_an_article() -> None:
    stories = "".join(
        f'<li class="story"><a class="story-link" href="/world/{i}">{headline}</a>'
        f'<time datetime="2025-08-1{i}T10:00:00+00:00">1{i} Aug 2025</time>'
        f'<p class="summary">{PARAGRAPHS[i]}</p></li>'
        for i, headline in enumerate(RELATED_HEADLINES)
    )
    page = f"<html><head><title>Sample News</title></head><body><h1>Sample News</h1><ul>{stories}</ul></body></html>"
    assert clean_page(page, "https://news.example.com/") == Rejection(
        "https://news.example.com/", "not an article: index/listing page"
    )


PUBLISHED_META = '<meta property="article:published_time" content="2025-08-18T15:00:00+01:00">'


def test_modified_date_is_read_from_the_page() -> None:
    modified_meta = '<meta property="article:modified_time" content="2025-08-19T09:30:00+01:00">'
    result = clean_page(article_page(head_extra=PUBLISHED_META + modified_meta), URL,
                        http_last_modified=datetime(2025, 8, 20, tzinfo=UTC))
    assert isinstance(result, CleanedArticle)
    assert result.modified_at == datetime(2025, 8, 19, 9, 30, tzinfo=timezone(timedelta(hours=1)))
    assert result.modified_at_source == "html"  # the page's own date beats the server's


def test_modified_date_from_json_ld() -> None:
    json_ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished":'
               ' "2025-08-18T15:00:00+01:00", "dateModified": "2025-08-18T17:45:00+01:00"}</script>')
    result = clean_page(article_page(head_extra=json_ld), URL)
    assert isinstance(result, CleanedArticle)
    assert (result.modified_at, result.modified_at_source) == (
        datetime(2025, 8, 18, 17, 45, tzinfo=timezone(timedelta(hours=1))), "html"
    )


def test_modified_date_from_http_header_when_the_page_has_none() -> None:
    header = datetime(2025, 8, 19, 8, 0, tzinfo=UTC)
    result = clean_page(article_page(head_extra=PUBLISHED_META), URL, http_last_modified=header)
    assert isinstance(result, CleanedArticle)
    assert (result.modified_at, result.modified_at_source) == (header, "http-last-modified")


def test_modified_date_before_publication_is_dropped() -> None:
    modified_meta = '<meta property="og:updated_time" content="2025-08-17T09:30:00+00:00">'
    result = clean_page(article_page(head_extra=PUBLISHED_META + modified_meta), URL)
    assert isinstance(result, CleanedArticle)
    assert (result.modified_at, result.modified_at_source) == (None, None)
    header_before = clean_page(article_page(head_extra=PUBLISHED_META), URL,
                               http_last_modified=datetime(2025, 8, 1, tzinfo=UTC))
    assert isinstance(header_before, CleanedArticle)
    assert header_before.modified_at is None


# --- when unsure, keep the page and say why --------------------------------------------------


def test_paywalled_article_with_its_text_is_kept_with_a_doubt() -> None:
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "isAccessibleForFree": "False"}</script>'
    result = clean_page(article_page(head_extra=ld), URL)
    assert isinstance(result, CleanedArticle)
    assert result.doubts == ("paywall: the text may be the free part only",)


def test_english_page_the_detector_misreads_is_kept_with_a_doubt() -> None:
    # A short English intro, then long quotations in French: the detector says French.
    quotes = "".join(
        f"<p>« Nous ne céderons rien sur la question des frontières, ni aujourd'hui ni demain », a déclaré"
        f" le ministre devant les députés réunis en séance extraordinaire, numéro {n}.</p>"
        for n in range(4)
    )
    page = (f"<html lang='en-GB'><head><title>Paris holds firm</title></head><body><article>"
            f"<p>The minister spoke in Paris.</p>{quotes}</article></body></html>")
    result = clean_page(page, URL)
    assert isinstance(result, CleanedArticle)
    assert result.doubts == ("language: detected 'fr', the page declares 'en'",)
    undeclared = page.replace(" lang='en-GB'", "")
    assert clean_page(undeclared, URL) == Rejection(URL, "not English: detected 'fr'")


def test_listing_signals_at_an_article_address_are_a_doubt_not_a_rejection() -> None:
    # A running report: entries dated on several days, as index pages date their items.
    entries = "".join(f'<p><time datetime="2025-08-{15 + i}">August {15 + i}</time> {text}</p>'
                      for i, text in enumerate(PARAGRAPHS[:4]))
    page = f"<html><head><title>Talks, day by day</title></head><body><article>{entries}</article></body></html>"
    result = clean_page(page, "https://news.example.com/world/2025/08/18/talks-day-by-day")
    assert isinstance(result, CleanedArticle)
    assert "listing: the page looks like an index of other pages" in result.doubts


def test_a_short_article_is_kept_with_a_doubt_and_an_empty_one_falls_back_to_its_description() -> None:
    short = ("<html><head><title>Ferry cancelled</title></head><body><article><p>The morning ferry to the"
             " island was cancelled on Monday because of strong winds.</p></article></body></html>")
    kept = clean_page(short, URL)
    assert isinstance(kept, CleanedArticle) and kept.doubts[0].startswith("short: ")
    described = ("<html><head><title>Ferry cancelled</title><meta name='description' content='The morning"
                 " ferry to the island was cancelled on Monday because of strong winds.'></head>"
                 "<body><div id='app'></div></body></html>")
    result = clean_page(described, URL)
    assert isinstance(result, CleanedArticle)
    assert result.text.startswith("The morning ferry") and result.doubts[0].endswith("(the page's description only)")
