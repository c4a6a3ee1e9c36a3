"""transforms.bylines selects what trafilatura's byline XPaths select, in the same order."""

from __future__ import annotations

import pytest
from trafilatura import xpaths
from trafilatura.utils import load_html

from transforms import bylines

# Every test of the expressions, each with a near miss (another case, another tag, no anchor).
PAGE = """<!DOCTYPE html><html><head><title>Byline page</title>
<link rel="author" href="/a"><link rel="me" href="/me"></head><body>
<header><span class="author">Ann Lee</span><span class="Author">Ann Lee</span></header>
<div id="author">Bo Chan</div><p id="authorship">Cy Diaz</p><section id="Author-box">Di Eng</section>
<strong itemprop="author name">Ed Fox</strong><b itemprop="author">Fa Gul</b>
<a data-testid="AuthorCard">Gil Ho</a><a data-testid="AuthorCards">Hu In</a>
<div class="post-authorname">Ida Jo</div><div class="author-name x">Jon Ku</div>
<span class="byAuthorName">Ken La</span><span class="authorNames">Li Mo</span><span class="authorname_">Mo Ne</span>
<address><rel>me</rel>Ned Oh</address><p><rel>me too</rel>Oz Pi</p><author>Pat Qi</author>
<h3 class="byline">Qi Ro</h3><h5 class="byline">Ro Su</h5><h4 class="BBL">Su Ty</h4><p class="byl">Ty Ul</p>
<span class="username">Ul Vo</span><span class="Username">Vo Wu</span>
<div id="zuozhe-1">Wu Xi</div><div class="bianji">Xi Ya</div><p class="xiaobian">Ya Zu</p>
<span class="channel-name">Zu Al</span><span class="submitted-by">Al Bo</span>
<span class="posted-by">Bo Cy</span><span class="journalist-name">Cy Di</span>
<em class="screenname">Di Ed</em><i class="writer">Ed Fa</i><li class="Byline">Fa Gi</li>
<li class="byline-x">Gi Hu</li><td data-component="Byline">Hu Id</td><td data-component="byline">Id Jo</td>
<section id="comments">Jo Ka</section><div id="comments-2">Ka Lu</div><div id="old-comments">Lu Me</div>
<div id="commentlist">Me Ni</div><div id="comment-list">Ni Ol</div><span id="ProductReviews">Ol Pa</span>
<div class="comments">Pa Qu</div><div class="Comments-area">Qu Re</div><div class="my-comments">Re Sa</div>
<div class="commentlist">Sa Ti</div><a class="x comments-list">Ti Uv</a><aside class="sidebar">Uv Vi</aside>
<div class="sidebar-left">Vi Wo</div><span class="is-hidden">Wo Xu</span><div class="blockquote">Xu Yo</div>
<div class="embedly-instagram">Yo Za</div><div class="article-share">Za Ab</div>
<div class="article-support">Ab Bc</div><div class="article-shared">Bc Cd</div><div class="printer">Cd De</div>
<div class="category">De Ef</div><div class="meta-date">Ef Fg</div><div class="meta-reviewer">Fg Gh</div>
<div class="title">Gh Hi</div><div class="date">Hi Ij</div><div class="dates">Ij Jk</div>
<div data-component="Figure">Jk Kl</div><figure>Kl Lm</figure><time>Lm Mn</time>
<!-- a comment --><div class="author"><span class="author">Mn No</span></div>
</body></html>"""


@pytest.mark.parametrize(
    ("ours", "theirs"),
    list(zip(bylines.AUTHOR_XPATHS + bylines.AUTHOR_DISCARD_XPATHS,
             xpaths.AUTHOR_XPATHS + xpaths.AUTHOR_DISCARD_XPATHS, strict=True)),
)
def test_same_elements_in_the_same_order_as_trafilatura(ours, theirs) -> None:
    tree = load_html(PAGE)
    found = ours(tree)
    assert found == theirs(tree)
    assert found  # the page exercises every expression


def test_below_the_root_leaves_the_root_out() -> None:
    tree = load_html(PAGE.replace("<html>", '<html class="comments">'))
    assert tree not in bylines.AUTHOR_DISCARD_XPATHS[0](tree)
    assert bylines.AUTHOR_DISCARD_XPATHS[0](tree) == xpaths.AUTHOR_DISCARD_XPATHS[0](tree)


def test_the_whole_document_from_an_element_of_it() -> None:
    body = load_html(PAGE).find("body")
    assert bylines.AUTHOR_XPATHS[2](body) == xpaths.AUTHOR_XPATHS[2](body)
