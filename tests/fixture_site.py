"""Fault-injecting routes on top of the sample site, for tests only.

`install_faults(site)` adds the routes below to a running `SampleSite`; each path constant is
what a test requests. `make_article` builds an extra article a test can `site.publish(...)` to
see incremental discovery pick it up.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

from newsline.sample_site.articles import Article, Block, BlockKind
from newsline.sample_site.server import ReceivedRequest, Response, Route, SampleSite

SLOW = "/faults/slow"  # answers after SLOW_SECONDS
SLOW_SECONDS = 2.0
ERROR_500 = "/faults/error-500"  # always 500
FLAKY_503 = "/faults/flaky-503"  # 503 for the first FLAKY_FAILURES requests, then 200
FLAKY_FAILURES = 2
HANG_UP = "/faults/hang-up"  # closes the connection without a response
RATE_LIMITED = "/faults/rate-limited"  # 429 with Retry-After: 1 once, then 200
RATE_LIMITED_LONG = "/faults/rate-limited-long"  # always 429 with Retry-After: 3600
NOT_FOUND = "/faults/missing"
GONE = "/faults/gone"  # 410
REDIRECT_START = "/faults/redirect/1"  # 301 → 302 → 307 → REDIRECT_END
REDIRECT_END = "/faults/redirect/final"
REDIRECT_LOOP = "/faults/loop/a"  # a → b → a
MALFORMED_FEED = "/faults/malformed.rss"  # two readable items, then broken XML
MALFORMED_SITEMAP = "/faults/malformed-sitemap.xml"  # one readable <url>, then broken XML
NOT_A_FEED = "/faults/not-a-feed.rss"  # an HTML page where a feed should be
NON_ENGLISH = "/faults/ukrainian-article.html"
EMPTY = "/faults/empty.html"  # 200 with an empty body
HUGE = "/faults/huge.html"  # HUGE_BYTES of HTML
HUGE_BYTES = 3_000_000
TRICKLE = "/faults/trickle.html"  # a chunk every TRICKLE_INTERVAL s, never long enough for a read timeout
TRICKLE_INTERVAL = 0.1
TRICKLE_CHUNKS = 30
HUGE_GZIPPED = "/faults/huge-gzipped.html"  # HUGE_BYTES once decoded, a few KB on the wire
IMAGE = "/faults/photo.jpg"  # not HTML
DISALLOWED = "/drafts/unpublished-peace-plan.html"  # served, but robots.txt disallows /drafts/

HTML = {"Content-Type": "text/html; charset=utf-8"}


def install_faults(site: SampleSite) -> None:
    routes: dict[str, Route] = {
        SLOW: _slow,
        ERROR_500: lambda _: Response(500, b"<h1>Internal Server Error</h1>", HTML),
        FLAKY_503: _flaky(site),
        HANG_UP: lambda _: Response(0, hang_up=True),
        RATE_LIMITED: _rate_limited(site),
        RATE_LIMITED_LONG: lambda _: Response(429, b"slow down", {"Retry-After": "3600"}),
        NOT_FOUND: lambda _: Response(404, b"<h1>Not Found</h1>", HTML),
        GONE: lambda _: Response(410, b"<h1>Gone</h1>", HTML),
        "/faults/redirect/1": _redirect(301, "/faults/redirect/2"),
        "/faults/redirect/2": _redirect(302, "/faults/redirect/3?utm_source=redirect"),
        "/faults/redirect/3": _redirect(307, REDIRECT_END),
        REDIRECT_END: lambda _: Response(200, _page("Redirected here", "The end of the chain."), HTML),
        REDIRECT_LOOP: _redirect(302, "/faults/loop/b"),
        "/faults/loop/b": _redirect(302, REDIRECT_LOOP),
        MALFORMED_FEED: lambda _: Response(
            200, _malformed_feed(site), {"Content-Type": "application/rss+xml"}
        ),
        MALFORMED_SITEMAP: lambda _: Response(
            200, _malformed_sitemap(site), {"Content-Type": "application/xml"}
        ),
        NOT_A_FEED: lambda _: Response(200, _page("Home", "No feed here."), HTML),
        NON_ENGLISH: lambda _: Response(200, _ukrainian_page(), HTML),
        EMPTY: lambda _: Response(200, b"", HTML),
        HUGE: lambda _: Response(200, _huge_page(), HTML),
        HUGE_GZIPPED: lambda _: Response(
            200, gzip.compress(_huge_page()), {**HTML, "Content-Encoding": "gzip"}
        ),
        TRICKLE: lambda _: Response(200, headers=HTML, chunks=_trickle()),
        IMAGE: lambda _: Response(200, b"\xff\xd8\xff\xe0" + bytes(2000), {"Content-Type": "image/jpeg"}),
        DISALLOWED: lambda _: Response(200, _page("Draft", "Not for crawlers."), HTML),
    }
    for path, route in routes.items():
        site.add_route(path, route)


def make_article(slug: str, headline: str, published: datetime | None = None) -> Article:
    """A short EastWire article, published now unless told otherwise."""
    published = published or datetime.now(timezone(timedelta(hours=3))).replace(microsecond=0)
    return Article(
        article_id=f"x-{slug}",
        publisher="eastwire",
        path=f"/eastwire/{published:%Y/%m/%d}/{slug}/",
        headline=headline,
        dek=None,
        author="EastWire Staff",
        author_bio=None,
        section="World",
        published=published,
        modified=None,
        blocks=(
            Block(BlockKind.PARAGRAPH, f"{headline}, officials said on Tuesday."),
            Block(BlockKind.PARAGRAPH, "Delegations from Kyiv and Moscow are expected to attend."),
        ),
    )


def _slow(_: ReceivedRequest) -> Response:
    time.sleep(SLOW_SECONDS)
    return Response(200, _page("Slow", "Finally."), HTML)


def _flaky(site: SampleSite) -> Route:
    def route(_: ReceivedRequest) -> Response:
        # The request being answered is already recorded, so the first one counts 1.
        if len(site.requests_for(FLAKY_503)) <= FLAKY_FAILURES:
            return Response(503, b"<h1>Service Unavailable</h1>", HTML)
        return Response(200, _page("Recovered", "Third time lucky."), HTML)

    return route


def _rate_limited(site: SampleSite) -> Route:
    def route(_: ReceivedRequest) -> Response:
        if len(site.requests_for(RATE_LIMITED)) == 1:
            return Response(429, b"Too Many Requests", {"Retry-After": "1"})
        return Response(200, _page("Allowed", "Thanks for waiting."), HTML)

    return route


def _trickle() -> Iterator[bytes]:
    yield b"<html><body>"
    for _ in range(TRICKLE_CHUNKS):
        time.sleep(TRICKLE_INTERVAL)
        yield b"<p>still loading</p>"
    yield b"</body></html>"


def _redirect(status: int, location: str) -> Route:
    return lambda _: Response(status, b"", {"Location": location})


def _page(title: str, text: str) -> bytes:
    return (
        f"<!DOCTYPE html><html lang='en'><head><title>{title}</title></head>"
        f"<body><h1>{title}</h1><p>{text}</p></body></html>"
    ).encode()


def _ukrainian_page() -> bytes:
    return """<!DOCTYPE html><html lang="uk"><head><meta charset="utf-8">
<title>Переговори на Алясці завершилися без угоди</title></head>
<body><article><h1>Переговори на Алясці завершилися без угоди</h1>
<p>Президенти США та Росії зустрілися на Алясці, але не домовилися про припинення вогню.</p>
<p>Володимир Зеленський заявив, що Україна не погодиться на територіальні поступки.</p>
<p>Європейські лідери закликали Вашингтон не ухвалювати рішень щодо України без участі Києва.
Вони наголосили, що будь-які домовленості мають спиратися на міжнародне право.</p>
<p>Аналітики вважають, що Москва намагатиметься виграти час, поки її війська наступають на
Донеччині, а переговори про безпекові гарантії тривають.</p>
</article></body></html>""".encode()


def _huge_page() -> bytes:
    paragraph = b"<p>" + b"Filler text. " * 80 + b"</p>\n"
    return b"<html><body>" + paragraph * (HUGE_BYTES // len(paragraph) + 1) + b"</body></html>"


def _malformed_feed(site: SampleSite) -> bytes:
    first, second = site.article_urls[-2:]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Broken feed</title>
<item><title>First</title><link>{first}?utm_source=rss</link>
<pubDate>Mon, 18 Aug 2025 15:00:00 +0100</pubDate></item>
<item><title>Second</title><link>{second}</link><pubDate>Wed, 20 Aug 2025 06:00:00 -0400</pubDate></item>
<item><title>Broken & unescaped <b>markup</title><link>{site.base_url}/x
</channel>""".encode()


def _malformed_sitemap(site: SampleSite) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>{site.article_urls[0]}</loc><lastmod>2025-03-15</lastmod></url>
  <url><loc>{site.base_url}/broken</loc><lastmod>2025-08-""".encode()
