"""Feeds and sitemaps: entries with their titles and dates; hostile XML expands nothing."""

from __future__ import annotations

from newsbot.extract.feeds import Entry, parse_xml

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>Markets rally</title><link>https://wire.example/2024/05/03/markets-rally/</link>
<pubDate>Fri, 03 May 2024 10:00:00 +0200</pubDate></item>
<item><title>No link, permalink guid</title><guid>https://wire.example/a-123456</guid></item>
</channel></rss>"""

ATOM = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>Atom story</title><link rel="alternate" href="/2024/05/03/atom-story"/>
<link rel="enclosure" href="/img.jpg"/><published>2024-05-03T10:00:00Z</published></entry>
</feed>"""

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://gazette.example/news/budget-vote-a-1001</loc>
<news:news><news:publication><news:name>Gazette</news:name><news:language>en</news:language>
</news:publication><news:publication_date>2024-05-03T08:30:00+01:00</news:publication_date>
<news:title>Budget vote</news:title></news:news></url>
<url><loc>https://gazette.example/news/plain-a-1002</loc><lastmod>2024-05-02</lastmod></url>
</urlset>"""

INDEX = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://gazette.example/sitemap-news.xml</loc></sitemap></sitemapindex>"""


def test_rss() -> None:
    parsed = parse_xml(RSS, "https://wire.example/rss.xml")
    assert parsed.kind == "rss"
    assert parsed.entries == [
        Entry("https://wire.example/2024/05/03/markets-rally/", "Markets rally",
              "Fri, 03 May 2024 10:00:00 +0200"),
        Entry("https://wire.example/a-123456", "No link, permalink guid", None),
    ]  # fmt: skip


def test_atom_takes_the_alternate_link() -> None:
    parsed = parse_xml(ATOM, "https://wire.example/atom.xml")
    assert parsed.entries == [
        Entry("https://wire.example/2024/05/03/atom-story", "Atom story", "2024-05-03T10:00:00Z")
    ]


def test_google_news_sitemap_keeps_news_title_and_date() -> None:
    parsed = parse_xml(NEWS_SITEMAP, "https://gazette.example/sitemap-news.xml")
    assert parsed.kind == "urlset"
    assert parsed.entries == [
        Entry("https://gazette.example/news/budget-vote-a-1001", "Budget vote",
              "2024-05-03T08:30:00+01:00"),
        Entry("https://gazette.example/news/plain-a-1002", None, "2024-05-02", news=False),
    ]  # fmt: skip


def test_sitemap_index() -> None:
    parsed = parse_xml(INDEX, "https://gazette.example/sitemap.xml")
    assert parsed.kind == "sitemapindex"
    assert parsed.sitemaps == ["https://gazette.example/sitemap-news.xml"]


def test_billion_laughs_expands_nothing() -> None:
    lol = b"".join(b'<!ENTITY l%d "&l%d;&l%d;&l%d;&l%d;&l%d;">' % ((i + 1,) + (i,) * 5)
                   for i in range(9))  # fmt: skip
    body = (b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY l0 "lol">' + lol + b"]>"
            b"<urlset><url><loc>https://a.example/x-1234567&l9;</loc></url></urlset>")  # fmt: skip
    parsed = parse_xml(body, "https://a.example/")
    assert all(len(e.url) < 100 for e in parsed.entries)


def test_external_entity_is_not_loaded() -> None:
    body = (b'<?xml version="1.0"?><!DOCTYPE u [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b"<urlset><url><loc>https://a.example/a-1234567?&x;</loc></url></urlset>")  # fmt: skip
    parsed = parse_xml(body, "https://a.example/")
    assert not any("root:" in e.url for e in parsed.entries)


def test_garbage_is_unknown() -> None:
    html = b"<html><body>not a feed</body></html>"
    assert parse_xml(html, "https://a.example/").kind == "unknown"
    assert parse_xml(b"", "https://a.example/").entries == []
