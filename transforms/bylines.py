"""trafilatura's byline XPaths (2.3: AUTHOR_XPATHS, AUTHOR_DISCARD_XPATHS) as Python tests of
each element: the same elements in the same (document) order, by the same regular expressions
(EXSLT's re:test is Python's re.search on the attribute's value), but without libxml2 calling
back into Python for every element and test, which made the byline the dearest metadata step.

Each is a callable of the tree, as trafilatura's extract_metainfo and prune_unwanted_nodes
expect of an XPath. tests/test_bylines.py holds them to trafilatura's expressions.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS as _TRAFILATURA_DISCARD_XPATHS


@dataclass(frozen=True)
class _ElementTest:
    """The elements with one of `tags` (any element when empty) that pass `test`: of the whole
    document, as "//*" selects, or only below the tree's root, as ".//*" does."""

    tags: tuple[str, ...]
    test: Callable[[HtmlElement], bool]
    below_root: bool = False

    def __call__(self, tree: HtmlElement) -> list[HtmlElement]:
        return [element for element in self._elements(tree) if self.test(element)]

    def _elements(self, tree: HtmlElement) -> Iterable[HtmlElement]:
        tags = self.tags or (etree.Element,)
        if self.below_root:
            return tree.iterdescendants(*tags)
        return tree.getroottree().getroot().iter(*tags)


def _search(pattern: re.Pattern[str], value: str | None) -> bool:
    return pattern.search(value or "") is not None


def _contains(value: str | None, part: str) -> bool:
    return part in (value or "")


_AUTHOR_NAME_CLASS = re.compile("author-?name|AuthorName|authorName")


def _names_author(element: HtmlElement) -> bool:
    """The specific tests: rel, id, class, itemprop or data-testid naming the author."""
    get = element.get
    return (
        element.tag == "author"
        or get("rel") == "author"
        or get("id") == "author"
        or get("class") == "author"
        or get("itemprop") == "author name"
        or get("data-testid") in ("AuthorCard", "AuthorURL")
        or _search(_AUTHOR_NAME_CLASS, get("class"))
        or any(child.text_content() == "me" for child in element.iterchildren("rel"))  # "rel='me'"
    )


_AUTHOR_ID = re.compile("author|zuozhe|bianji|xiaobian")
_AUTHOR_CLASS = re.compile("author|channel-name|zuozhe|bianji|xiaobian|submitted-by|posted-by|journalist-name")


def _looks_like_author(element: HtmlElement) -> bool:
    """The almost generic tests."""
    get = element.get
    return (
        get("class") in ("byline", "username", "byl", "BBL")
        or _contains(get("itemprop"), "author")
        or _search(_AUTHOR_ID, get("id"))
        or _search(_AUTHOR_CLASS, get("class"))
    )


_ANY_AUTHOR_ID = re.compile("[Aa]uthor")
_ANY_AUTHOR_CLASS = re.compile("[Aa]uthor|screenname|writer|[Bb]yline")


def _may_be_author(element: HtmlElement) -> bool:
    """The last resort, on any element."""
    get = element.get
    return (
        _contains(get("data-component"), "Byline")
        or _contains(get("itemprop"), "author")
        or _search(_ANY_AUTHOR_ID, get("id"))
        or _search(_ANY_AUTHOR_CLASS, get("class"))
    )


_DISCARDED_ID = re.compile("^comments|comment-?list|ProductReviews")
_DISCARDED_CLASS = re.compile(
    "^[Cc]omments|commentlist|comments-list|sidebar|is-hidden|quote|embedly-instagram|article-(?:share|support)"
    "|print|category|meta-date|meta-reviewer"
)


def _holds_other_names(element: HtmlElement) -> bool:
    """Comments, sidebars, quotes, figures...: regions naming people other than the author."""
    get = element.get
    return (
        get("id") == "comments"
        or get("class") in ("comments", "title", "date")
        or _search(_DISCARDED_ID, get("id"))
        or _search(_DISCARDED_CLASS, get("class"))
        or _contains(get("data-component"), "Figure")
    )


AUTHOR_XPATHS = [
    _ElementTest(("a", "address", "div", "link", "p", "span", "strong", "author"), _names_author),
    _ElementTest(("a", "div", "h3", "h4", "p", "span"), _looks_like_author),
    _ElementTest((), _may_be_author),
]
AUTHOR_DISCARD_XPATHS = [
    _ElementTest(("a", "div", "section", "span"), _holds_other_names, below_root=True),
    _TRAFILATURA_DISCARD_XPATHS[1],  # //time|//figure: no regular expression, libxml2 alone
]
