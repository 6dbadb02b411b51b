"""The sources file: a good one loads; a broken one names the file, the source and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsbot.sources import DEFAULT_MAX_LISTING_PAGES, SourcesError, load_sources

GOOD = """
[[source]]
name = "example"
listings = ["https://example.com/world/"]
feeds = ["https://example.com/rss.xml"]
sitemaps = ["https://example.com/news-sitemap.xml"]
timezone = "Europe/Moscow"
language = "en"
max_listing_pages = 5
allow = ['/\\d{4}/\\d{2}/\\d{2}/']
deny = ['/video/', '/live/']

[[source]]
name = "feedonly"
feeds = ["https://other.example.org/atom.xml"]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_loads(tmp_path: Path) -> None:
    example, feedonly = load_sources(write(tmp_path, GOOD))
    assert example.name == "example"
    assert example.listings == ("https://example.com/world/",)
    assert example.timezone == "Europe/Moscow"
    assert example.max_listing_pages == 5
    assert example.url_allowed("https://example.com/2024/01/02/story/")
    assert not example.url_allowed("https://example.com/2024/01/02/video/story/")
    assert not example.url_allowed("https://example.com/story-without-date/")
    assert feedonly.max_listing_pages == DEFAULT_MAX_LISTING_PAGES
    assert feedonly.url_allowed("https://other.example.org/anything")


def test_shipped_sources_file_is_valid() -> None:
    sources = load_sources(Path(__file__).parents[1] / "sources.toml")
    assert len(sources) >= 4
    assert all(s.timezone and s.language for s in sources)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[source]\nname=1", "not valid TOML"),
        ("title = 'x'", "unknown top-level key"),
        ("[[source]]\nlistings = ['https://a.com/']", "source #1: field 'name'"),
        ("[[source]]\nname = 'a'", "source 'a': no entry point"),
        ("[[source]]\nname = 'a'\nfeeds = ['https://a.com/f']\nbogus = 1", "field 'bogus'"),
        ("[[source]]\nname = 'a'\nfeeds = ['ftp://a.com/f']", "field 'feeds'"),
        ("[[source]]\nname = 'a'\nfeeds = ['https://a.com/f']\nallow = ['(']", "field 'allow'"),
        ("[[source]]\nname = 'a'\nfeeds = ['https://a.com/f']\ntimezone = 'Mars/Base'",
         "field 'timezone'"),
        ("[[source]]\nname = 'a'\nfeeds = ['https://a.com/f']\nmax_listing_pages = 0",
         "field 'max_listing_pages'"),
        ("[[source]]\nname = 'a'\nfeeds = ['https://a.com/f']\n"
         "[[source]]\nname = 'a'\nfeeds = ['https://a.com/g']", "duplicate name"),
    ],
)  # fmt: skip
def test_broken_file_names_file_source_and_field(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SourcesError, match=message) as info:
        load_sources(path)
    assert str(path) in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourcesError, match="not found"):
        load_sources(tmp_path / "nope.toml")
