"""Pages standing in for an article (bot challenge, consent wall, soft 404) and paywalls
(issue 8): :mod:`newsbot.extract.pagetype` and the drops of :class:`RequireFields`."""

from __future__ import annotations

from email.message import Message

import pytest

from newsbot.demo.server import Request
from newsbot.demo.site import build_sites
from newsbot.exceptions import BotChallenge, ConsentWall, NotAnArticle, SoftNotFound
from newsbot.extract import extract_article
from newsbot.extract.html import parse_html
from newsbot.extract.pagetype import access, page_type
from newsbot.extract.structured import jsonld_article
from newsbot.items import Article
from newsbot.pipelines.validate import RequireFields
from tests.corpus import cases, require_corpus
from tests.sites.faults import DAY, FaultSite

BASE = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def site() -> FaultSite:
    return FaultSite()


def fetch(site: FaultSite, path: str) -> str:
    reply = site.respond(Request("GET", path, {}, Message(), BASE))
    assert reply.status == 200
    return reply.body.decode("utf-8")


def classify(html: str) -> str | None:
    tree = parse_html(html)
    assert tree is not None
    return page_type(tree, jsonld_article(tree))


@pytest.mark.parametrize(
    ("slug", "kind"),
    [
        ("just-a-moment-checking-your-browser", "challenge"),
        ("before-you-continue-consent-wall", "consent"),
        ("soft-not-found-with-status-200", "not_found"),
        ("good-story-number-1", None),
        ("subscriber-exclusive-paywalled-story", None),
        ("invalid-json-ld-block", None),
    ],
)
def test_fault_site_pages(site: FaultSite, slug: str, kind: str | None) -> None:
    assert classify(fetch(site, f"{DAY}{slug}.html")) == kind


CHALLENGES = [
    # Cloudflare's managed challenge, reduced.
    '<html><head><title>Just a moment...</title></head><body><div class="main-wrapper">'
    "<h1>www.example.com</h1><p>Verifying you are human. This may take a few seconds.</p>"
    '</div><script>window._cf_chl_opt={cType:"managed"};</script></body></html>',
    # DataDome: the article's own title, a captcha iframe.
    "<html><head><title>Le Monde</title></head><body><p>Please enable JS and disable any ad "
    'blocker</p><iframe src="https://geo.captcha-delivery.com/captcha/?initialCid=x">'
    "</iframe></body></html>",
    # Akamai / plain WAF text.
    "<html><head><title>Access Denied</title></head><body><h1>Access Denied</h1>"
    "<p>You don't have permission to access this page on this server.</p></body></html>",
    "<html><head><title>Pardon Our Interruption</title></head><body><p>As you were browsing "
    "something about your browser made us think you were a bot.</p></body></html>",
]


@pytest.mark.parametrize("html", CHALLENGES)
def test_bot_challenges(html: str) -> None:
    assert classify(html) == "challenge"


def test_demo_sites_not_found_pages_are_soft_404s_when_served_with_200() -> None:
    for demo in build_sites():
        page = demo.not_found_page(Request("GET", "/x/", {}, Message(), BASE))
        assert classify(page) == "not_found", demo.name


def test_demo_articles_with_cookie_banners_are_articles() -> None:
    for demo in build_sites():
        for url, expected in list(demo.expected(BASE).items())[:3]:
            path = url.removeprefix(BASE)
            html = demo.respond(Request("GET", path, {}, Message(), BASE)).body.decode()
            fields = extract_article(html, url)
            assert fields["accessStatus"] == "full"
            assert fields["isAccessibleForFree"] is not False
            assert fields["headline"] == expected["headline"]


def test_an_article_about_a_missing_page_is_an_article() -> None:
    paragraph = "<p>" + "The council said the page was not found in the archive. " * 8 + "</p>"
    html = (
        "<html><head><title>Page not found: the lost council minutes</title></head><body>"
        f"<h1>Page not found: the lost council minutes</h1>{paragraph * 6}</body></html>"
    )
    assert classify(html) is None


def test_paywalled_article_is_partial_when_the_locked_part_is_missing(site: FaultSite) -> None:
    html = fetch(site, f"{DAY}subscriber-exclusive-paywalled-story.html")
    fields = extract_article(html, BASE + DAY + "subscriber-exclusive-paywalled-story.html")
    assert (fields["isAccessibleForFree"], fields["accessStatus"]) == (False, "partial")


def test_paywalled_article_served_whole_is_full() -> None:
    paragraphs = "".join(f"<p>Paragraph {i} of the story, with enough words to count.</p>"
                         for i in range(60))  # fmt: skip
    html = (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", '
        '"headline": "A story", "isAccessibleForFree": "False", "hasPart": {"@type": '
        '"WebPageElement", "isAccessibleForFree": "False", "cssSelector": ".locked"}}</script>'
        '</head><body><h1>A story</h1><div class="locked">' + paragraphs + "</div></body></html>"
    )
    tree = parse_html(html)
    assert tree is not None
    body = " ".join(tree.xpath("//p/text()"))
    assert access(tree, jsonld_article(tree), body) == {
        "isAccessibleForFree": False,
        "accessStatus": "full",
    }


@pytest.mark.parametrize(
    ("status", "drop"),
    [("challenge", BotChallenge), ("consent", ConsentWall), ("not_found", SoftNotFound)],
)
def test_stand_ins_are_dropped_by_name(status: str, drop: type[NotAnArticle]) -> None:
    item = Article(url=BASE + "/x", headline="Just a moment...", articleBody="x " * 50,
                   wordCount=50, accessStatus=status)  # fmt: skip
    with pytest.raises(drop):
        RequireFields().process_item(item)


def test_a_partial_article_is_kept() -> None:
    item = Article(url=BASE + "/x", headline="A story", articleBody="word " * 40, wordCount=40,
                   isAccessibleForFree=False, accessStatus="partial")  # fmt: skip
    assert RequireFields().process_item(item) is item


def test_no_corpus_article_is_taken_for_a_stand_in() -> None:
    require_corpus()
    wrong = []
    for case in (*cases("fundus"), *cases("newspaper4k"), *cases("newspaper")):
        tree = parse_html(case.html)
        if tree is not None and (kind := page_type(tree, jsonld_article(tree))):
            wrong.append((case.dir.name, kind))
    assert wrong == []


@pytest.mark.parametrize(
    ("paragraphs", "expected"),
    [
        (1, {"isAccessibleForFree": False, "accessStatus": "partial"}),  # the teaser only
        (30, {"isAccessibleForFree": None, "accessStatus": "full"}),  # served whole anyway
    ],
)
def test_a_visible_paywall_without_json_ld(paragraphs: int, expected: dict[str, object]) -> None:
    text = "".join(f"<p>Paragraph {i} of the story, long enough to count as text.</p>"
                   for i in range(paragraphs))  # fmt: skip
    html = (
        f"<html><body><article><h1>A story</h1>{text}<div class='paywall-overlay'>"
        "<p>Subscribe to continue reading.</p></div></article></body></html>"
    )
    tree = parse_html(html)
    assert tree is not None
    body = "\n\n".join(tree.xpath("//article/p/text()"))
    assert access(tree, {}, body) == expected
