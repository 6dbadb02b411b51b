""" "The Gazette": a WordPress news site with a Yoast-style JSON-LD ``@graph`` (the author is a
``Person`` node referenced by ``@id``), ``article:published_time`` in UTC beside JSON-LD dates in
India time, and "Also read:" promotions inside the body.

Entry point: a sitemap index (also named in robots.txt) listing a Google News sitemap with every
story (``news:publication_date``, ``news:title``), a category sitemap and a page sitemap, neither
of which holds articles.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC
from urllib.parse import quote

from newsbot.demo.chrome import analytics_script, inline_css
from newsbot.demo.newssite import NewsSite, esc, json_ld
from newsbot.demo.server import Reply, Request, html_reply, text_reply, xml_reply
from newsbot.demo.stories import SitePlan, Story, person_slug, slugify

CATEGORIES = {"city": "City", "business": "Business", "science": "Science"}
PAGES = {"about-us": "About Us", "contact-us": "Contact Us", "advertise-with-us": "Advertise"}
WP_HEAD = (
    "<script>window._wpemojiSettings="
    + json.dumps(
        {"baseUrl": "https://s.w.org/images/core/emoji/15.0.3/72x72/", "ext": ".png"}
    ).replace("/", "\\/")
    + ";</script>"
    + inline_css("wp-block", 600).replace("<style>", '<style id="wp-block-library-inline-css">')
    + analytics_script("gazette", "/")
)
SITEMAP_NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


class Gazette(NewsSite):
    name = "gazette"
    title = "The Gazette"
    plan = SitePlan(
        name="gazette",
        count=9,
        timezone="Asia/Kolkata",
        staff=("Idris Raman", "Sofia Iyer", "Marcus Thorne", "Hana Sato"),
        first_number=1124587,
        number_step=(90, 2100),
    )
    routes = (
        (r"/", "home_page"),
        (r"/(?P<category>city|business|science)/(?P<slug>[a-z0-9-]+)-(?P<number>\d{7})\.html",
         "article_page"),
        (r"/category/(?P<category>[a-z]+)/", "category_page"),
        (r"/author/(?P<author>[a-z0-9-]+)/", "author_page"),
        (r"/tag/(?P<tag>[a-z0-9-]+)/", "tag_page"),
        (r"/(?P<page>about-us|contact-us|advertise-with-us)/", "static_page"),
        (r"/wp-login\.php", "login_page"),
        (r"/sitemap_index\.xml", "sitemap_index"),
        (r"/news-sitemap\.xml", "news_sitemap"),
        (r"/category-sitemap\.xml", "category_sitemap"),
        (r"/page-sitemap\.xml", "page_sitemap"),
        (r"/robots\.txt", "robots"),
    )  # fmt: skip

    def category_of(self, story: Story) -> str:
        return "city" if story.desk == "world" else story.desk

    def article_path(self, story: Story) -> str:
        return f"/{self.category_of(story)}/{story.slug}-{story.number}.html"

    def sources_entry(self, base: str) -> str:
        return (
            "[[source]]\n"
            'name = "gazette"\n'
            f'sitemaps = ["{base}/sitemap_index.xml"]\n'
            'timezone = "Asia/Kolkata"\n'
            'language = "en"\n'
        )

    # -- Pages ------------------------------------------------------------------------------

    def home_page(self, request: Request) -> Reply:
        if request.param("s") is not None:
            return self.search_page(request)
        return html_reply(self._page("The Gazette – News that matters", self._loop(self.stories)))

    def search_page(self, request: Request) -> Reply:
        query = request.param("s") or ""
        main = f'<h1 class="page-title">Search Results for: {esc(query)}</h1><p>Nothing found.</p>'
        return html_reply(self._page(f"You searched for {query} - The Gazette", main,
                                     '<meta name="robots" content="noindex, follow">'))  # fmt: skip

    def article_page(self, request: Request, category: str, slug: str, number: str) -> Reply | None:
        story = self.story_at(number)
        if story is None or self.category_of(story) != category or slug != story.slug:
            return None
        base = request.base
        url = base + self.article_path(story)
        author = story.authors[0]
        person_id = f"{base}/#/schema/person/{hashlib.md5(author.encode()).hexdigest()}"
        image = f"{base}/wp-content/uploads/2026/11/{story.number}-featured.jpg"
        modified = story.modified or story.published
        graph = {
            "@context": "https://schema.org",
            "@graph": [
                {
                    "@type": "NewsArticle",
                    "@id": f"{url}#article",
                    "isPartOf": {"@id": url},
                    "author": {"name": author, "@id": person_id},
                    "headline": story.headline,
                    "datePublished": story.published.isoformat(),
                    "dateModified": modified.isoformat(),
                    "mainEntityOfPage": {"@id": url},
                    "wordCount": sum(len(p.split()) for p in story.paragraphs),
                    "publisher": {"@id": f"{base}/#organization"},
                    "image": {"@id": f"{url}#primaryimage"},
                    "thumbnailUrl": image,
                    "keywords": [t.title() for t in story.tags],
                    "articleSection": [CATEGORIES[self.category_of(story)]],
                    "inLanguage": "en-IN",
                },
                {
                    "@type": "WebPage",
                    "@id": url,
                    "url": url,
                    "name": f"{story.headline} - The Gazette",
                    "isPartOf": {"@id": f"{base}/#website"},
                    "datePublished": story.published.isoformat(),
                    "breadcrumb": {"@id": f"{url}#breadcrumb"},
                    "inLanguage": "en-IN",
                },
                {"@type": "ImageObject", "@id": f"{url}#primaryimage", "url": image,
                 "contentUrl": image, "width": 1280, "height": 720},
                {
                    "@type": "BreadcrumbList",
                    "@id": f"{url}#breadcrumb",
                    "itemListElement": [
                        {"@type": "ListItem", "position": 1, "name": "Home", "item": f"{base}/"},
                        {"@type": "ListItem", "position": 2, "name": story.headline},
                    ],
                },
                {"@type": "WebSite", "@id": f"{base}/#website", "url": f"{base}/",
                 "name": "The Gazette", "publisher": {"@id": f"{base}/#organization"}},
                {"@type": "Organization", "@id": f"{base}/#organization", "name": "The Gazette",
                 "url": f"{base}/", "sameAs": ["https://www.facebook.com/thegazette",
                                               "https://twitter.com/thegazette"]},
                {"@type": "Person", "@id": person_id, "name": author,
                 "url": f"{base}/author/{person_slug(author)}/"},
            ],
        }  # fmt: skip
        head = (
            '<meta name="robots" content="index, follow, max-image-preview:large">'
            f'<link rel="canonical" href="{url}">'
            '<meta property="og:locale" content="en_US">'
            '<meta property="og:type" content="article">'
            f'<meta property="og:title" content="{esc(story.headline)} - The Gazette">'
            f'<meta property="og:description" content="{esc(story.description)}">'
            f'<meta property="og:url" content="{url}">'
            '<meta property="og:site_name" content="The Gazette">'
            '<meta property="article:publisher" content="https://www.facebook.com/thegazette">'
            f'<meta property="article:published_time" content="'
            f'{story.published.astimezone(UTC).isoformat()}">'
            '<meta property="article:modified_time" content="'
            f'{modified.astimezone(UTC).isoformat()}">'
            f'<meta property="og:image" content="{image}">'
            f'<meta name="author" content="{esc(author)}">'
            '<meta name="twitter:card" content="summary_large_image">'
            '<meta name="twitter:label1" content="Written by">'
            f'<meta name="twitter:data1" content="{esc(author)}">'
            '<meta name="twitter:label2" content="Est. reading time">'
            '<meta name="twitter:data2" content="'
            f'{max(1, len(story.body.split()) // 200)} minutes">'
            + json_ld(graph).replace("<script ", '<script class="yoast-schema-graph" ', 1)
        )
        others = [s for s in self.stories if s is not story]
        promo = others[story.number % len(others)]
        paragraphs = []
        for i, paragraph in enumerate(story.paragraphs):
            paragraphs.append(f"<p>{esc(paragraph)}</p>")
            if i == 1:
                paragraphs.append('<div class="ad-slot ad-slot--inarticle">Advertisement</div>')
            if i == 2:
                paragraphs.append(
                    f'<p><strong>Also read: </strong><a href="{self.article_path(promo)}">'
                    f"{esc(promo.headline)}</a></p>"
                )
        u = quote(url, safe="")
        category = self.category_of(story)
        main = (
            f'<article id="post-{story.number}" class="post type-post status-publish '
            f'category-{category}">'
            '<header class="entry-header">'
            f'<span class="cat-links"><a href="/category/{category}/" rel="category tag">'
            f"{CATEGORIES[category]}</a></span>"
            f'<h1 class="entry-title">{esc(story.headline)}</h1>'
            f'<div class="entry-meta"><span class="byline">by <a class="url fn n" href="/author/'
            f'{person_slug(author)}/">{esc(author)}</a></span> <span class="posted-on">'
            f'<time class="entry-date published" datetime="{story.published.isoformat()}">'
            f"{story.published:%B %d, %Y %I:%M %p} IST</time></span></div>"
            '<div class="share-buttons"><a href="https://api.whatsapp.com/send?text='
            f'{u}">WhatsApp</a> <a href="https://www.facebook.com/sharer.php?u={u}">Facebook</a> '
            f'<a href="https://twitter.com/share?url={u}">Twitter</a></div></header>'
            f'<figure class="post-thumbnail"><img src="{image}" alt="{esc(story.caption)}">'
            f'<figcaption class="wp-caption-text">{esc(story.caption)} (File photo)</figcaption>'
            "</figure>"
            f'<div class="entry-content">{"".join(paragraphs)}</div>'
            '<footer class="entry-footer"><span class="tags-links">'
            + ", ".join(
                f'<a href="/tag/{slugify(t)}/" rel="tag">{esc(t.title())}</a>' for t in story.tags
            )
            + "</span>"
            '<p class="follow-gn"><a href="https://news.google.com/publications/CAAqBwgKMN'
            'GazetteXYZ">Follow The Gazette on Google News</a></p></footer></article>'
            '<section class="related-posts"><h3>You may also like</h3>'
            + self._loop(others[:3])
            + "</section>"
        )
        return html_reply(self._page(f"{story.headline} - The Gazette", main, head))

    def category_page(self, request: Request, category: str) -> Reply | None:
        if category not in CATEGORIES:
            return None
        stories = [s for s in self.stories if self.category_of(s) == category]
        main = f'<h1 class="page-title">Category: {CATEGORIES[category]}</h1>{self._loop(stories)}'
        return html_reply(self._page(f"{CATEGORIES[category]} Archives - The Gazette", main))

    def author_page(self, request: Request, author: str) -> Reply | None:
        names = {person_slug(n): n for n in self.plan.staff}
        if author not in names:
            return None
        stories = [s for s in self.stories if names[author] in s.authors]
        main = f'<h1 class="page-title">Author: {esc(names[author])}</h1>{self._loop(stories)}'
        return html_reply(self._page(f"{names[author]}, Author at The Gazette", main))

    def tag_page(self, request: Request, tag: str) -> Reply:
        stories = [s for s in self.stories if tag in {slugify(t) for t in s.tags}]
        main = f'<h1 class="page-title">Tag: {esc(tag)}</h1>{self._loop(stories)}'
        return html_reply(self._page(f"{tag} Archives - The Gazette", main))

    def static_page(self, request: Request, page: str) -> Reply:
        main = (
            f'<article class="page"><h1 class="entry-title">{PAGES[page]}</h1><div class="entry-'
            'content"><p>The Gazette is an independent English-language daily. Write to us at '
            "desk@gazette.example.</p></div></article>"
        )
        return html_reply(self._page(f"{PAGES[page]} - The Gazette", main))

    def login_page(self, request: Request) -> Reply:
        main = (
            '<form name="loginform" id="loginform" action="/wp-login.php" method="post">'
            '<input type="text" name="log"><input type="password" name="pwd"><input '
            'type="submit" value="Log In"></form>'
        )
        return html_reply(self._page("Log In ‹ The Gazette", main, '<meta name="robots" '
                                     'content="noindex, nofollow">'))  # fmt: skip

    def sitemap_index(self, request: Request) -> Reply:
        lastmod = self.stories[0].published.isoformat()
        entries = "".join(
            f"<sitemap><loc>{request.base}/{name}</loc><lastmod>{lastmod}</lastmod></sitemap>"
            for name in ("news-sitemap.xml", "category-sitemap.xml", "page-sitemap.xml")
        )
        return xml_reply(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<?xml-stylesheet type="text/xsl" href="/main-sitemap.xsl"?>\n'
            f"<sitemapindex {SITEMAP_NS}>{entries}</sitemapindex>\n"
        )

    def news_sitemap(self, request: Request) -> Reply:
        urls = "".join(
            f"<url><loc>{request.base}{self.article_path(s)}</loc>"
            "<news:news><news:publication><news:name>The Gazette</news:name>"
            "<news:language>en</news:language></news:publication>"
            f"<news:publication_date>{s.published.isoformat()}</news:publication_date>"
            f"<news:title>{esc(s.headline)}</news:title>"
            f"<news:keywords>{esc(', '.join(t.title() for t in s.tags))}</news:keywords>"
            "</news:news>"
            f"<image:image><image:loc>{request.base}/wp-content/uploads/2026/11/{s.number}"
            "-featured.jpg</image:loc></image:image></url>"
            for s in self.stories
        )
        return xml_reply(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset {SITEMAP_NS} xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" '
            'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">'
            f"{urls}</urlset>\n"
        )

    def category_sitemap(self, request: Request) -> Reply:
        urls = "".join(
            f"<url><loc>{request.base}/category/{c}/</loc><changefreq>hourly</changefreq></url>"
            for c in CATEGORIES
        )
        return xml_reply(f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {SITEMAP_NS}>{urls}'
                         "</urlset>\n")  # fmt: skip

    def page_sitemap(self, request: Request) -> Reply:
        urls = "".join(
            f"<url><loc>{request.base}/{p}/</loc><lastmod>2025-03-02T10:00:00+05:30</lastmod></url>"
            for p in PAGES
        )
        return xml_reply(f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset {SITEMAP_NS}>{urls}'
                         "</urlset>\n")  # fmt: skip

    def robots(self, request: Request) -> Reply:
        return text_reply(
            "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n"
            f"Disallow: /?s=\n\nSitemap: {request.base}/sitemap_index.xml\n"
        )

    # -- Pieces -----------------------------------------------------------------------------

    def _loop(self, stories: list[Story]) -> str:
        return "".join(
            f'<article class="post"><h2 class="entry-title"><a href="{self.article_path(s)}" '
            f'rel="bookmark">{esc(s.headline)}</a></h2><div class="entry-summary"><p>'
            f"{esc(s.description)}</p></div></article>"
            for s in stories
        )

    def _page(self, title: str, main: str, head: str = "") -> str:
        cats = "".join(f'<li><a href="/category/{c}/">{label}</a></li>'
                       for c, label in CATEGORIES.items())  # fmt: skip
        return (
            '<!DOCTYPE html>\n<html lang="en-IN"><head><meta charset="UTF-8">'
            f"<title>{esc(title)}</title>{head}{WP_HEAD}"
            "<link rel='stylesheet' href='/wp-content/themes/gazette/style.css?ver=6.6.2'>"
            '</head><body class="wp-singular">'
            '<header id="masthead" class="site-header"><p class="site-title"><a href="/">The '
            f'Gazette</a></p><nav class="main-navigation"><ul>{cats}</ul></nav>'
            '<form role="search" action="/"><input type="search" name="s"></form>'
            '<a href="/wp-login.php">Log in</a></header>'
            f'<main id="primary" class="site-main">{main}</main>'
            '<footer id="colophon"><ul><li><a href="/about-us/">About Us</a></li><li><a href="'
            '/contact-us/">Contact Us</a></li><li><a href="/advertise-with-us/">Advertise</a>'
            '</li></ul><p>© 2026 The Gazette. Proudly powered by <a href="https://wordpress.org/">'
            "WordPress</a>.</p></footer></body></html>\n"
        )
