"""Everything the sample site serves, as a path → document map.

Article pages come from `publishers`; this module adds the site-wide documents crawlers use:
home page, RSS 2.0 and Atom feeds, a sitemap index with a news sitemap and a gzipped monthly
archive sitemap, and robots.txt.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import format_datetime
from html import escape
from itertools import groupby

from newsline.sample_site.articles import Article, BlockKind
from newsline.sample_site.publishers import PUBLISHERS, render_article

HOME_PATH = "/"
RSS_PATH = "/feeds/ukraine.rss"
ATOM_PATH = "/feeds/ukraine.atom"
SITEMAP_PATH = "/sitemap.xml"
NEWS_SITEMAP_PATH = "/sitemaps/news.xml"
ROBOTS_PATH = "/robots.txt"
DISALLOWED_PREFIX = "/drafts/"  # robots.txt keeps crawlers out of unpublished drafts

RSS_TRACKING = "utm_source=rss&utm_medium=feed&utm_campaign=ukraine-war"
ATOM_TRACKING = "utm_source=atom&utm_medium=syndication"

HTML = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Document:
    body: bytes
    content_type: str
    last_modified: datetime  # timezone-aware


def build_documents(
    base_url: str, articles: tuple[Article, ...], changed_at: datetime
) -> dict[str, Document]:
    """All documents of the site. `changed_at` dates the site-wide ones (feeds, sitemaps, home)."""
    newest_first = tuple(sorted(articles, key=lambda article: article.published, reverse=True))
    documents = {
        article.path: Document(render_article(article, base_url).encode("utf-8"), HTML, _last_change(article))
        for article in articles
    }
    documents[HOME_PATH] = Document(_home_page(newest_first).encode(), HTML, changed_at)
    documents[RSS_PATH] = Document(
        _rss(base_url, newest_first, changed_at).encode(), "application/rss+xml; charset=utf-8", changed_at
    )
    documents[ATOM_PATH] = Document(
        _atom(base_url, newest_first, changed_at).encode(), "application/atom+xml; charset=utf-8", changed_at
    )
    documents.update(_sitemaps(base_url, newest_first, changed_at))
    documents[ROBOTS_PATH] = Document(_robots(base_url).encode(), "text/plain; charset=utf-8", changed_at)
    return documents


def _last_change(article: Article) -> datetime:
    return article.modified or article.published


def _summary(article: Article) -> str:
    if article.dek:
        return article.dek
    first_paragraph = next(block.text for block in article.blocks if block.kind == BlockKind.PARAGRAPH)
    return first_paragraph[:240].rsplit(" ", 1)[0] + "…"


def _home_page(newest_first: tuple[Article, ...]) -> str:
    items = "\n".join(
        f"""  <li class="story">
    <a class="story-link" href="{escape(article.path)}">{escape(article.headline)}</a>
    <span class="source">{escape(PUBLISHERS[article.publisher].name)}</span>
    <time datetime="{article.published.isoformat()}">{article.published:%d %b %Y}</time>
    <p class="summary">{escape(_summary(article))}</p>
  </li>"""
        for article in newest_first
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Newsline Sample News – Russia–Ukraine war and peace talks</title>
<link rel="alternate" type="application/rss+xml" title="Ukraine war (RSS)" href="{RSS_PATH}">
<link rel="alternate" type="application/atom+xml" title="Ukraine war (Atom)" href="{ATOM_PATH}">
</head>
<body>
<header><h1>Newsline Sample News</h1>
<nav><a href="/">Home</a> <a href="{RSS_PATH}">RSS</a> <a href="{ATOM_PATH}">Atom</a>
<a href="/search?q=ukraine">Search</a></nav></header>
<main><h2>Russia–Ukraine: war and peace talks</h2>
<ul class="story-list">
{items}
</ul></main>
<footer><p>Sample corpus served locally for newsline. Texts © their publishers.</p></footer>
</body>
</html>
"""


def _rss(base_url: str, newest_first: tuple[Article, ...], changed_at: datetime) -> str:
    items = "\n".join(
        f"""  <item>
   <title>{escape(article.headline)}</title>
   <link>{escape(f"{base_url}{article.path}?{RSS_TRACKING}")}</link>
   <guid isPermaLink="false">newsline-sample-{article.article_id}</guid>
   <pubDate>{format_datetime(article.published)}</pubDate>
   <dc:creator>{escape(article.author)}</dc:creator>
   <category>{escape(article.section)}</category>
   <description>{escape(_summary(article))}</description>
  </item>"""
        for article in newest_first
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
 <channel>
  <title>Newsline Sample News: Ukraine</title>
  <link>{base_url}/</link>
  <atom:link href="{base_url}{RSS_PATH}" rel="self" type="application/rss+xml"/>
  <description>The Russia–Ukraine war and peace talks, from five publishers.</description>
  <language>en</language>
  <lastBuildDate>{format_datetime(changed_at.astimezone(timezone.utc), usegmt=True)}</lastBuildDate>
  <ttl>30</ttl>
{items}
 </channel>
</rss>
"""


def _atom(base_url: str, newest_first: tuple[Article, ...], changed_at: datetime) -> str:
    entries = "\n".join(
        f"""  <entry>
    <id>tag:newsline.sample,2025:{article.article_id}</id>
    <title>{escape(article.headline)}</title>
    <link rel="alternate" type="text/html" href="{escape(f"{base_url}{article.path}?{ATOM_TRACKING}")}"/>
    <published>{article.published.isoformat()}</published>
    <updated>{_last_change(article).isoformat()}</updated>
    <author><name>{escape(article.author)}</name></author>
    <summary>{escape(_summary(article))}</summary>
  </entry>"""
        for article in newest_first
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <id>tag:newsline.sample,2025:feed</id>
  <title>Newsline Sample News: Ukraine</title>
  <link rel="self" href="{base_url}{ATOM_PATH}"/>
  <link rel="alternate" href="{base_url}/"/>
  <updated>{changed_at.isoformat()}</updated>
{entries}
</feed>
"""


def _sitemaps(base_url: str, newest_first: tuple[Article, ...], changed_at: datetime) -> dict[str, Document]:
    """A sitemap index → a news sitemap for the newest month plus gzipped monthly archives."""

    def month(article: Article) -> str:
        return f"{article.published:%Y-%m}"

    documents: dict[str, Document] = {}
    children: list[tuple[str, datetime]] = []
    for index, (key, group) in enumerate(groupby(newest_first, key=month)):
        month_articles = tuple(group)
        newest = max(_last_change(article) for article in month_articles)
        if index == 0:
            path, body = NEWS_SITEMAP_PATH, _news_urlset(base_url, month_articles).encode()
            content_type = "application/xml; charset=utf-8"
        else:
            path = f"/sitemaps/archive-{key}.xml.gz"
            # mtime=0 keeps the bytes, and so the ETag, stable across server starts.
            body = gzip.compress(_urlset(base_url, month_articles).encode(), mtime=0)
            content_type = "application/gzip"
        documents[path] = Document(body, content_type, newest)
        children.append((path, newest))
    index_entries = "\n".join(
        f"  <sitemap><loc>{base_url}{path}</loc><lastmod>{lastmod.isoformat()}</lastmod></sitemap>"
        for path, lastmod in children
    )
    sitemap_index = f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{index_entries}
</sitemapindex>
"""
    documents[SITEMAP_PATH] = Document(sitemap_index.encode(), "application/xml; charset=utf-8", changed_at)
    return documents


def _news_urlset(base_url: str, articles: tuple[Article, ...]) -> str:
    urls = "\n".join(
        f"""  <url>
    <loc>{escape(base_url + article.path)}</loc>
    <lastmod>{_last_change(article).isoformat()}</lastmod>
    <news:news>
      <news:publication><news:name>{escape(PUBLISHERS[article.publisher].name)}</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>{article.published.isoformat()}</news:publication_date>
      <news:title>{escape(article.headline)}</news:title>
    </news:news>
  </url>"""
        for article in articles
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{urls}
</urlset>
"""


def _urlset(base_url: str, articles: tuple[Article, ...]) -> str:
    # Archive sitemaps date entries by publication: these pages were never edited afterwards.
    urls = "\n".join(
        f"  <url><loc>{escape(base_url + article.path)}</loc>"
        f"<lastmod>{article.published.isoformat()}</lastmod></url>"
        for article in articles
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
{urls}
</urlset>
"""


def _robots(base_url: str) -> str:
    return f"""# Newsline sample site
User-agent: *
Disallow: /search
Disallow: {DISALLOWED_PREFIX}
Allow: /

Sitemap: {base_url}{SITEMAP_PATH}
"""
