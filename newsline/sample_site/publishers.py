"""Per-publisher article page templates.

Each publisher renders the same `Article` with its own real-world markup, so the cleaning stage
meets the variety it meets on the web: JSON-LD on some sites and not others, `article:*`
OpenGraph meta on some, `<time datetime>` in different places, leftovers inside the body as
plain paragraphs (as CMSs emit them) or in asides and figure captions.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from html import escape
from urllib.parse import quote

from newsline.sample_site.articles import Article, Block, BlockKind


@dataclass(frozen=True)
class Publisher:
    key: str
    name: str
    home_path: str
    render: Callable[[Article, str], str]  # (article, site base URL) -> HTML page


def render_article(article: Article, base_url: str) -> str:
    return PUBLISHERS[article.publisher].render(article, base_url)


def slugify(title: str) -> str:
    kept = "".join(ch.lower() if ch.isalnum() else " " for ch in title)
    return "-".join(kept.split())


# --- shared pieces -------------------------------------------------------------------------------


def _json_ld(data: dict[str, object]) -> str:
    # "</" inside a script element would end it early.
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def _utc_iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _paragraphs(blocks: tuple[Block, ...], *, section_break: str, subhead_tag: str) -> str:
    parts = []
    for block in blocks:
        text = escape(block.text, quote=False)
        match block.kind:
            case BlockKind.PARAGRAPH:
                parts.append(f"<p>{text}</p>")
            case BlockKind.SUBHEAD:
                parts.append(f"<{subhead_tag}>{text}</{subhead_tag}>")
            case BlockKind.SECTION_BREAK:
                parts.append(section_break)
            case BlockKind.PHOTO_CREDIT:
                parts.append(
                    '<p><img loading="lazy" src="/static/img/photo-1200x675.jpg" '
                    'width="1200" height="675" alt=""></p>'
                )
                parts.append(f"<p>{text}</p>")
            case BlockKind.AUTHOR_NOTE:
                parts.append(f"<p><strong>{text}</strong></p>")
    return "\n".join(parts)


def _share_buttons(url: str, title: str) -> str:
    link, text = quote(url, safe=""), quote(title, safe="")
    return f"""<div class="share-buttons" aria-label="Share this article">
  <a class="share-facebook" href="https://www.facebook.com/sharer/sharer.php?u={link}">Facebook</a>
  <a class="share-x" href="https://x.com/intent/tweet?url={link}&amp;text={text}">X</a>
  <a class="share-email" href="mailto:?subject={text}&amp;body={link}">Email</a>
  <button class="copy-link" type="button">Copy link</button>
</div>"""


def _cookie_banner(text: str) -> str:
    return f"""<div id="cookie-consent" class="cookie-banner" role="dialog" aria-live="polite">
  <p>{text}</p>
  <button type="button" class="accept-all">Accept all</button>
  <button type="button" class="manage">Manage preferences</button>
</div>"""


def _newsletter(title: str, pitch: str) -> str:
    return f"""<section class="newsletter-signup">
  <h3>{title}</h3>
  <p>{pitch}</p>
  <form action="/newsletter/subscribe" method="post">
    <input type="email" name="email" placeholder="Email address" required>
    <button type="submit">Sign up</button>
  </form>
</section>"""


def _comments(count: int) -> str:
    return f"""<section id="comments" class="comments">
  <h3>Comments ({count})</h3>
  <p>Join the conversation. Please be respectful; comments are moderated.</p>
  <ol class="comment-list">
    <li class="comment"><span class="comment-author">kyiv_reader</span>
      <p class="comment-body">Thanks for laying this out so clearly.</p></li>
    <li class="comment"><span class="comment-author">Marek P.</span>
      <p class="comment-body">Time will tell whether any of this holds.</p></li>
  </ol>
</section>"""


# --- The Independent: JSON-LD + OpenGraph article meta, related stories in an aside ----------


def _render_independent(article: Article, base_url: str) -> str:
    url = base_url + article.path
    modified = article.modified or article.published
    published_display = article.published.strftime("%A %d %B %Y %H:%M BST")
    related = "\n".join(
        f'    <li><a href="/independent/news/world/{slugify(title)}-b28{index}0417.html">'
        f"{escape(title, quote=False)}</a></li>"
        for index, title in enumerate(article.related_titles)
    )
    json_ld = _json_ld(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.headline,
            "description": article.dek,
            "url": url,
            "mainEntityOfPage": url,
            "datePublished": article.published.isoformat(),
            "dateModified": modified.isoformat(),
            "author": [{"@type": "Person", "name": article.author}],
            "publisher": {"@type": "Organization", "name": "The Independent"},
            "articleSection": article.section,
            "isAccessibleForFree": True,
        }
    )
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(article.headline)} | The Independent</title>
<meta name="description" content="{escape(article.dek or "")}">
<link rel="canonical" href="{escape(url)}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="The Independent">
<meta property="og:title" content="{escape(article.headline)}">
<meta property="og:description" content="{escape(article.dek or "")}">
<meta property="og:url" content="{escape(url)}">
<meta property="og:image" content="{base_url}/static/img/independent-donbas.jpg">
<meta property="article:published_time" content="{article.published.isoformat()}">
<meta property="article:modified_time" content="{modified.isoformat()}">
<meta property="article:section" content="{escape(article.section)}">
<meta name="author" content="{escape(article.author)}">
{json_ld}
</head>
<body class="article-page">
{_cookie_banner("We and our partners use cookies to personalise content and ads and to analyse our traffic.")}
<header class="masthead">
  <a class="logo" href="/independent/">The Independent</a>
  <nav class="primary-nav"><ul>
    <li><a href="/independent/news">News</a></li><li><a href="/independent/sport">Sport</a></li>
    <li><a href="/independent/voices">Voices</a></li><li><a href="/independent/culture">Culture</a></li>
    <li><a href="/independent/climate">Climate</a></li><li><a href="/independent/subscribe">Subscribe</a></li>
  </ul></nav>
</header>
<main id="main">
<nav class="breadcrumb" aria-label="Breadcrumb"><ol>
  <li><a href="/independent/news">News</a></li><li><a href="/independent/news/world">World</a></li>
  <li><a href="/independent/news/world/europe">Europe</a></li>
</ol></nav>
<article class="article" data-article-id="{article.article_id}">
  <header class="article-header">
    <h1 class="headline">{escape(article.headline)}</h1>
    <h2 class="standfirst">{escape(article.dek or "")}</h2>
    <div class="byline">
      <a rel="author" href="/independent/author/{slugify(article.author)}">{escape(article.author)}</a>
      <time datetime="{_utc_iso(article.published)}">{published_display}</time>
    </div>
    {_share_buttons(url, article.headline)}
  </header>
  <figure class="hero-image">
    <img src="/static/img/independent-donbas.jpg" alt="A map of the front line in eastern Ukraine">
    <figcaption>Ukrainian soldiers near the front line in Donetsk region <span class="credit">(AFP/Getty)</span></figcaption>
  </figure>
  <div id="main-article-body" class="article-body">
{_paragraphs(article.blocks, section_break='<div class="ad-slot" data-ad="inarticle" aria-hidden="true"></div>', subhead_tag="h2")}
  </div>
  <aside class="related-stories">
    <h3>More about Ukraine</h3>
    <ul>
{related}
    </ul>
  </aside>
</article>
{_newsletter("Get our free View from Westminster email", "Sign up for a weekly briefing on the biggest political stories.")}
{_comments(214)}
</main>
<footer class="site-footer">
  <ul><li><a href="/independent/about">About us</a></li><li><a href="/independent/contact">Contact us</a></li>
  <li><a href="/independent/privacy">Privacy notice</a></li><li><a href="/independent/cookies">Cookie policy</a></li></ul>
  <p>© 2025 Independent Digital News &amp; Media Ltd</p>
</footer>
</body>
</html>
"""


# --- The New Yorker: JSON-LD only, display date without a datetime attribute, bio box --------


def _render_newyorker(article: Article, base_url: str) -> str:
    url = base_url + article.path
    json_ld = _json_ld(
        {
            "@context": "http://schema.org",
            "@type": "NewsArticle",
            "headline": article.headline,
            "alternativeHeadline": article.dek,
            "datePublished": _utc_iso(article.published),
            "author": [{"@type": "Person", "name": article.author}],
            "publisher": {"@type": "Organization", "name": "The New Yorker"},
            "url": url,
            "isPartOf": {"@type": ["CreativeWork", "Product"], "name": "The New Yorker"},
        }
    )
    display_date = f"{article.published:%B} {article.published.day}, {article.published:%Y}"
    return f"""<!doctype html>
<html lang="en-US">
<head>
<meta charset="utf-8">
<title>{escape(article.headline)} | The New Yorker</title>
<meta name="description" content="{escape(article.dek or "")}">
<meta property="og:title" content="{escape(article.headline)}">
<meta property="og:type" content="article">
<meta property="og:url" content="{escape(url)}">
<link rel="canonical" href="{escape(url)}">
{json_ld}
</head>
<body>
<div class="consent-banner" role="region" aria-label="Cookie notice">
  <p>Our site uses cookies. By continuing to use this site you agree to our User Agreement and Privacy Policy.</p>
  <button type="button">OK</button>
</div>
<header class="site-header">
  <a class="site-logo" href="/newyorker/">The New Yorker</a>
  <nav><a href="/newyorker/latest">Newsletter</a> <a href="/newyorker/news">News</a>
  <a href="/newyorker/culture">Culture</a> <a href="/newyorker/humor">Humor</a>
  <a href="/newyorker/cartoons">Cartoons</a> <a href="/newyorker/subscribe">Subscribe</a></nav>
</header>
<main>
<article class="article main-content">
  <header class="content-header">
    <a class="rubric" href="/newyorker/news/the-lede">{escape(article.section)}</a>
    <h1 data-testid="ContentHeaderHed">{escape(article.headline)}</h1>
    <div class="dek">{escape(article.dek or "")}</div>
    <p class="byline">By <a href="/newyorker/contributors/{slugify(article.author)}">{escape(article.author)}</a></p>
    <time data-testid="ContentHeaderPublishDate">{display_date}</time>
  </header>
  <div class="body__inner-container">
{_paragraphs(article.blocks, section_break="<hr>", subhead_tag="h2")}
  </div>
  <div class="contributor-bio"><p>{escape(article.author_bio or "")}</p></div>
  {_share_buttons(url, article.headline)}
</article>
{_newsletter("Sign up for The Daily", "Receive the best of The New Yorker, every day, in your in-box.")}
</main>
<footer><p>© 2025 Condé Nast. All rights reserved.</p><a href="/newyorker/about/privacy">Privacy Policy</a></footer>
</body>
</html>
"""


# --- EastWire (an unattributed news site): OpenGraph only, no JSON-LD, caption in figcaption --


def _render_eastwire(article: Article, base_url: str) -> str:
    url = base_url + article.path
    published_display = article.published.strftime("%d.%m.%Y %H:%M")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<title>{escape(article.headline)} - EastWire</title>
<link rel="canonical" href="{escape(url)}">
<meta property="og:site_name" content="EastWire">
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(article.headline)}">
<meta property="og:description" content="{escape(article.dek or "")}">
<meta property="og:url" content="{escape(url)}">
<meta property="og:image" content="{base_url}/static/img/helsinki-2018.jpg">
<meta property="article:published_time" content="{article.published.isoformat()}">
<meta property="article:section" content="{escape(article.section)}">
</head>
<body>
{_cookie_banner("This website uses cookies to ensure you get the best experience.")}
<div class="topbar"><span class="ticker">Breaking: Alaska summit set for Friday</span></div>
<header class="site-header"><a href="/eastwire/" class="brand">EastWire</a>
  <nav class="menu"><a href="/eastwire/world/">World</a> | <a href="/eastwire/ukraine/">Ukraine</a> |
  <a href="/eastwire/russia/">Russia</a> | <a href="/eastwire/economy/">Economy</a></nav></header>
<div class="container">
<ul class="breadcrumbs"><li><a href="/eastwire/">Home</a></li><li><a href="/eastwire/world/">World</a></li></ul>
<div class="post">
  <h1 class="post-title">{escape(article.headline)}</h1>
  <p class="post-lead"><strong>{escape(article.dek or "")}</strong></p>
  <div class="post-meta">
    <span class="author">By {escape(article.author)}</span> ·
    <time datetime="{article.published.isoformat()}">{published_display}</time>
  </div>
  <figure class="post-image">
    <img src="/static/img/helsinki-2018.jpg" alt="Trump and Putin">
    <figcaption>{escape(article.photo_caption or "", quote=False)}</figcaption>
  </figure>
  <div class="post-content">
{_paragraphs(article.blocks, section_break="", subhead_tag="h3")}
  </div>
  {_share_buttons(url, article.headline)}
  <div class="tags">Tags: <a href="/eastwire/tag/putin/">Putin</a> <a href="/eastwire/tag/trump/">Trump</a>
  <a href="/eastwire/tag/ukraine/">Ukraine</a></div>
</div>
<aside class="sidebar"><h4>Most read</h4><ol>
  <li><a href="/eastwire/2025/08/11/zelensky-rules-out-ceding-donbas/">Zelensky rules out ceding Donbas</a></li>
  <li><a href="/eastwire/2025/08/10/european-leaders-plan-call-with-trump/">European leaders plan call with Trump</a></li>
</ol></aside>
</div>
{_comments(37)}
<footer class="site-footer">EastWire © 2025 · <a href="/eastwire/about/">About</a> · <a href="/eastwire/contact/">Contact</a></footer>
</body>
</html>
"""


# --- The Conversation: JSON-LD + OpenGraph, bio and republication line as body paragraphs -----


def _render_theconversation(article: Article, base_url: str) -> str:
    url = base_url + article.path
    json_ld = _json_ld(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.headline,
            "description": article.dek,
            "datePublished": _utc_iso(article.published),
            "author": {"@type": "Person", "name": article.author},
            "publisher": {"@type": "Organization", "name": "The Conversation"},
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "license": "https://creativecommons.org/licenses/by-nd/4.0/",
        }
    )
    published = article.published
    display = f"{published:%B} {published.day}, {published:%Y} {published:%H.%M}"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escape(article.headline)}</title>
<link rel="canonical" href="{escape(url)}">
<meta name="description" content="{escape(article.dek or "")}">
<meta property="og:title" content="{escape(article.headline)}">
<meta property="og:type" content="article">
<meta property="og:url" content="{escape(url)}">
<meta property="og:site_name" content="The Conversation">
<meta property="article:published_time" content="{_utc_iso(article.published)}">
<meta property="article:author" content="{base_url}/theconversation/profiles/{slugify(article.author)}-2401">
{json_ld}
</head>
<body>
{_cookie_banner("The Conversation uses cookies to improve your experience.")}
<header class="masthead"><a class="logo" href="/theconversation/">The Conversation</a>
  <p class="tagline">Academic rigour, journalistic flair</p>
  <nav><ul><li><a href="/theconversation/arts">Arts + Culture</a></li><li><a href="/theconversation/business">Business + Economy</a></li>
  <li><a href="/theconversation/politics">Politics + Society</a></li><li><a href="/theconversation/science">Science + Tech</a></li></ul></nav>
</header>
<main class="content">
<article id="article" itemscope>
  <header>
    <h1 class="entry-title">{escape(article.headline)}</h1>
    <p class="lead">{escape(article.dek or "")}</p>
    <div class="timestamps">Published: <time datetime="{_utc_iso(article.published)}">{display} BST</time></div>
  </header>
  <div class="content-body content entry-content" itemprop="articleBody">
{_paragraphs(article.blocks, section_break='<div class="inline-newsletter" aria-hidden="true"></div>', subhead_tag="h2")}
  </div>
  <aside class="disclosure"><h3>Disclosure statement</h3>
    <p>{escape(article.author)} does not work for, consult, own shares in or receive funding from any company or organisation that would benefit from this article.</p></aside>
  <aside class="republish"><a href="{escape(url)}/republish">Republish this article</a></aside>
</article>
<aside class="author-box">
  <h3>Author</h3>
  <a class="author-name" href="/theconversation/profiles/{slugify(article.author)}-2401">{escape(article.author)}</a>
  <p class="role">{escape(article.author_bio or "")}</p>
</aside>
{_share_buttons(url, article.headline)}
{_newsletter("Get the news that’s free, independent and based on evidence.", "Sign up to our daily newsletter.")}
{_comments(12)}
</main>
<footer><p>Copyright © 2010–2025, The Conversation US, Inc.</p><a href="/theconversation/privacy">Privacy policy</a></footer>
</body>
</html>
"""


# --- 19FortyFive (WordPress + Yoast): Article (not NewsArticle) in a JSON-LD @graph ----------


def _render_19fortyfive(article: Article, base_url: str) -> str:
    url = base_url + article.path
    modified = article.modified or article.published
    json_ld = _json_ld(
        {
            "@context": "https://schema.org",
            "@graph": [
                {
                    "@type": "Article",
                    "@id": url + "#article",
                    "headline": article.headline,
                    "datePublished": article.published.isoformat(),
                    "dateModified": modified.isoformat(),
                    "author": {"@id": base_url + "/19fortyfive/#/schema/person/latham"},
                    "articleSection": [article.section, "Ukraine"],
                    "inLanguage": "en-US",
                },
                {"@type": "WebPage", "@id": url, "url": url, "name": article.headline},
                {
                    "@type": "Person",
                    "@id": base_url + "/19fortyfive/#/schema/person/latham",
                    "name": article.author,
                },
            ],
        }
    )
    display = f"{article.published:%B} {article.published.day}, {article.published:%Y}"
    return f"""<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="UTF-8">
<title>{escape(article.headline)} - 19FortyFive</title>
<meta name="robots" content="index, follow, max-image-preview:large">
<link rel="canonical" href="{escape(url)}">
<meta property="og:locale" content="en_US">
<meta property="og:type" content="article">
<meta property="og:title" content="{escape(article.headline)}">
<meta property="og:url" content="{escape(url)}">
<meta property="og:site_name" content="19FortyFive">
<meta property="article:published_time" content="{article.published.isoformat()}">
<meta property="article:modified_time" content="{modified.isoformat()}">
<meta name="author" content="{escape(article.author)}">
{json_ld}
<link rel="stylesheet" href="/19fortyfive/wp-content/themes/newspaper/style.css">
</head>
<body class="post-template-default single single-post">
<div id="cmplz-cookiebanner" class="cmplz-cookiebanner"><p>We use cookies to optimize our website and our service.</p>
  <button class="cmplz-accept">Accept</button><button class="cmplz-deny">Deny</button></div>
<div class="td-header-wrap"><a class="td-logo" href="/19fortyfive/">19FortyFive</a>
  <ul class="sf-menu"><li><a href="/19fortyfive/category/defense/">Defense</a></li><li><a href="/19fortyfive/category/russia/">Russia</a></li>
  <li><a href="/19fortyfive/category/ukraine/">Ukraine</a></li><li><a href="/19fortyfive/category/politics/">Politics</a></li></ul></div>
<div class="td-crumb-container"><div class="entry-crumbs"><a href="/19fortyfive/">Home</a> <i>›</i>
  <a href="/19fortyfive/category/russia/">Russia</a> <i>›</i> <span>{escape(article.headline)}</span></div></div>
<article id="post-3107" class="post type-post status-publish format-standard">
  <div class="td-post-header">
    <h1 class="entry-title">{escape(article.headline)}</h1>
    <div class="td-module-meta-info">
      <div class="td-post-author-name">By <a href="/19fortyfive/author/andrew-latham/">{escape(article.author)}</a></div>
      <span class="td-post-date"><time class="entry-date updated td-module-date" datetime="{article.published.isoformat()}">{display}</time></span>
    </div>
  </div>
  {_share_buttons(url, article.headline)}
  <div class="td-post-content tagdiv-type">
    <div class="td-post-featured-image"><figure><img src="/static/img/lancet-drone.jpg" alt="Lancet drone"></figure></div>
{_paragraphs(article.blocks, section_break='<div class="td-a-rec td-a-rec-id-content_inline"></div>', subhead_tag="h3")}
  </div>
</article>
<div class="td-post-sharing-bottom">{_share_buttons(url, article.headline)}</div>
<div class="td_block_related_posts"><h4>More Articles</h4><ul>
  <li><a href="/19fortyfive/2025/03/russias-kursk-offensive-explained/">Russia’s Kursk Offensive Explained</a></li>
  <li><a href="/19fortyfive/2025/03/the-lancet-drone-problem/">The Lancet Drone Problem</a></li></ul></div>
{_newsletter("Subscribe to 19FortyFive", "Get the latest defense and national security news.")}
<footer class="td-footer-wrapper"><p>© 2025 - 19FortyFive. All Rights Reserved.</p></footer>
</body>
</html>
"""


PUBLISHERS: dict[str, Publisher] = {
    publisher.key: publisher
    for publisher in (
        Publisher("independent", "The Independent", "/independent/", _render_independent),
        Publisher("newyorker", "The New Yorker", "/newyorker/", _render_newyorker),
        Publisher("eastwire", "EastWire", "/eastwire/", _render_eastwire),
        Publisher("theconversation", "The Conversation", "/theconversation/", _render_theconversation),
        Publisher("19fortyfive", "19FortyFive", "/19fortyfive/", _render_19fortyfive),
    )
}
