from __future__ import annotations

from pathlib import Path

import pytest

from newsline.sources import SourcesError, load_sources, parse_sources, parse_sources_file
from transforms.models import SourceKind


def test_reads_the_three_kinds_of_source() -> None:
    sources = parse_sources(
        """
        [[source]]
        name = "wire"
        feed = "https://example.com/rss.xml"

        [[source]]
        name = "archive"
        sitemap = "https://example.com/sitemap.xml"

        [[source]]
        name = "picked"
        urls = ["https://example.com/a", "http://example.org/b"]
        """
    )
    assert [(s.name, s.kind, s.locations) for s in sources] == [
        ("wire", SourceKind.FEED, ("https://example.com/rss.xml",)),
        ("archive", SourceKind.SITEMAP, ("https://example.com/sitemap.xml",)),
        ("picked", SourceKind.URLS, ("https://example.com/a", "http://example.org/b")),
    ]


ONE_SOURCE = "[[source]]\nname = 'a'\nfeed = 'https://e.com/f'\n"


def test_fetch_table_lists_the_hosts_that_may_be_private() -> None:
    parsed = parse_sources_file(
        '[fetch]\nallow_hosts = ["127.0.0.1", "intranet.example", "10.20.0.0/16", "::1"]\n' + ONE_SOURCE
    )
    assert parsed.allow_hosts == ("127.0.0.1", "intranet.example", "10.20.0.0/16", "::1")
    assert parse_sources_file(ONE_SOURCE).allow_hosts == ()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[source]\nname=", "is not valid TOML"),
        ("title = 'x'", "has no [[source]] tables"),
        ("[[source]]\nfeed = 'https://e.com/f'", "'name' is missing"),
        ("[[source]]\nname = 'a'", "exactly one of 'feed', 'sitemap' or 'urls'"),
        ("[[source]]\nname = 'a'\nfeed = 'https://e.com/f'\nsitemap = 'https://e.com/s'", "exactly one of"),
        ("[[source]]\nname = 'a'\nfeed = 'ftp://e.com/f'", "is not an http(s) URL"),
        ("[[source]]\nname = 'a'\nurls = []", "non-empty list"),
        ("[[source]]\nname = 'a'\nfeed = 'https://e.com/f'\nfrequency = 3", "unknown key(s) frequency"),
        ("[[source]]\nname = 'a'\nfeed = 'https://e.com/f'\n[[source]]\nname = 'a'\nfeed = 'https://e.com/g'", "used twice"),
        (f"{ONE_SOURCE}\n[fetch]\nallow_hosts = '127.0.0.1'", "'allow_hosts' must be a list"),
        (f"{ONE_SOURCE}\n[fetch]\nallow_hosts = ['10.0.0.0/33']", "'10.0.0.0/33' is not a host name"),
        (f"{ONE_SOURCE}\n[fetch]\nallow_hosts = ['http://intranet/']", "is not a host name, an IP address"),
        (f"{ONE_SOURCE}\n[fetch]\nallow_private = true", "[fetch]: unknown key(s) allow_private"),
        (f"{ONE_SOURCE}\n[limits]\nmax = 3", "unknown top-level key(s) limits"),
    ],
)
def test_bad_sources_get_a_one_line_reason(text: str, message: str) -> None:
    with pytest.raises(SourcesError) as raised:
        parse_sources(text)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value).strip()


def test_missing_file_is_a_sources_error(tmp_path: Path) -> None:
    with pytest.raises(SourcesError, match="cannot read sources file"):
        load_sources(tmp_path / "nope.toml")
