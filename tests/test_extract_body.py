"""The body: trafilatura's text, traced to its elements and cleaned by generic evidence."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml.html import HtmlElement

from newsbot.extract import extract_article
from newsbot.extract.blocks import BlockLocator, is_layout_table, readable_tree, table_row
from newsbot.extract.body import (
    describes_media,
    drop_furniture,
    drop_pull_quotes,
    drop_trailing_outside,
    media_texts,
    text_weights,
    trim_edges,
)
from newsbot.extract.boilerplate import is_head_line, is_notice_line, is_promo_line, is_tail_line
from newsbot.extract.html import parse_html
from newsbot.extract.sections import fill_gaps

PAGE = Path(__file__).parent / "pages" / "extract" / "furniture.html"
URL = "https://courier.example.co.uk/local/2024/05/03/council-approves-river-bridge-plan/"


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    body = extract_article(PAGE.read_text(encoding="utf-8"), URL)["articleBody"]
    assert isinstance(body, str)
    return body.split("\n\n")


def _gaps_filled(tree: HtmlElement, texts: list[str]) -> list[str]:
    """The extracted ``texts`` with the sections :func:`fill_gaps` finds for them."""
    locator = BlockLocator(tree)
    elements = [locator.locate(t) for t in texts]
    lines, _ = fill_gaps(texts, elements, text_weights(texts, elements), locator.order)
    return lines


def test_lead_from_the_header_opens_the_body(paragraphs: list[str]) -> None:
    assert paragraphs[0].startswith("Councillors voted nine to two")
    assert paragraphs[1].startswith("The town council approved plans")


def test_body_keeps_subheadings_and_paragraphs_in_order(paragraphs: list[str]) -> None:
    assert paragraphs[-1].startswith("The mayor said the vote closed a chapter")
    assert paragraphs.index("Costs and timetable") < next(
        i for i, p in enumerate(paragraphs) if p.startswith("Construction is expected")
    )


@pytest.mark.parametrize(
    "junk",
    [
        "Council approves river bridge plan",  # the headline
        "artist's impression",  # caption
        "READ MORE",
        "Related stories",
        "Station car park",
        "morning briefing",  # newsletter box
        "Additional reporting",
        "All rights reserved",
        "By Jane Doe",
    ],
)
def test_furniture_is_not_in_the_body(paragraphs: list[str], junk: str) -> None:
    assert not any(junk in p for p in paragraphs)


def test_a_paragraph_with_ruby_annotations_stays_whole() -> None:
    # Furigana (<ruby>) must not cut the paragraph into fragments that match no element.
    annotated = (
        "<p>東京の<ruby><rb>港湾</rb><rp>（</rp><rt>こうわん</rt><rp>）</rp></ruby>"
        "で新しい橋の建設が始まり、市民の期待が高まっている。工事は三年かかる見込みだ。</p>"
    )
    plain = "<p>第{}段落。市議会は木曜日に長い議論の末、新しい橋の計画を賛成多数で承認した。</p>"
    html = (
        "<html><body><article><h1>港の橋</h1>"
        + "".join(plain.format(i) for i in range(4))
        + annotated
        + "".join(plain.format(i) for i in range(4, 8))
        + "</article></body></html>"
    )
    body = extract_article(html, "https://example.jp/news/bridge")["articleBody"]
    assert body is not None
    whole = (
        "東京の港湾（こうわん）で新しい橋の建設が始まり、"
        "市民の期待が高まっている。工事は三年かかる見込みだ。"
    )
    assert whole in body.split("\n\n")


@pytest.mark.parametrize("clip", ["", " 03.05.2024 | 2:10 min"])
def test_a_video_description_from_the_players_schema_data_is_not_the_body(clip: str) -> None:
    # A player box in the article carries its own schema.org VideoObject; its description
    # shown beside the player (with the clip's date and length) is not article text.
    about = (
        "The mayor explains why the bridge costs more than planned, who pays for the extra "
        "steel, when the work on the river banks starts and how long the old ferry keeps running."
    )
    player = (
        "<div class='box'><video src='/v.mp4'></video>"
        '<script type="application/ld+json">{"@type": "VideoObject", "name": "Bridge costs",'
        f' "description": "{about}"}}</script><p>{about}{clip}</p></div>'
    )
    prose = "The council met on Thursday and argued for hours about the new bridge."
    html = (
        "<html><body><article>"
        + "".join(f"<p>{i} {prose}</p>" for i in range(4))
        + player
        + "".join(f"<p>{i} {prose}</p>" for i in range(4, 8))
        + "</article></body></html>"
    )
    lines = [f"{i} {prose}" for i in range(4)] + [about + clip]
    lines += [f"{i} {prose}" for i in range(4, 8)]
    assert _kept(html, lines) == lines[:4] + lines[5:]


def test_an_untraced_line_is_matched_against_every_player_in_the_body() -> None:
    about = "The mayor explains why the bridge costs more than planned and who pays for it."
    data = f'{{"@type": "VideoObject", "name": "Bridge costs", "description": "{about}"}}'
    tree = parse_html(
        "<html><head><script type='application/ld+json'>"
        '{"@type": "VideoObject", "description": "A head script describes no player."}'
        f"</script></head><body><div><video></video><script type='application/ld+json'>{data}"
        "</script></div></body></html>"
    )
    assert tree is not None
    media = media_texts(tree)
    assert describes_media(f"{about} 03.05.2024 | 2:10 min", None, media)
    assert not describes_media(
        f"{about} And then a whole paragraph of article text follows.", None, media
    )
    assert not describes_media("A head script describes no player.", None, media)


def test_class_on_every_paragraph_is_the_article_not_furniture() -> None:
    # A "paywall" class on each paragraph marks the article itself, not a box beside it.
    paragraph = (
        "<p class='paywall'>Paragraph {} of a long report on the harbour, with enough words "
        "in it to look like prose to any extractor that counts them carefully.</p>"
    )
    html = (
        "<html><body><article><h1>Harbour report</h1>"
        + "".join(paragraph.format(i) for i in range(8))
        + "</article></body></html>"
    )
    body = extract_article(html, "https://example.com/news/harbour-report")["articleBody"]
    assert body is not None and body.count("\n\n") == 7


def test_locator_finds_the_deepest_element_with_the_line() -> None:
    tree = parse_html("<div><p>Hello <b>big</b> world</p><p>Other text</p></div>")
    assert tree is not None
    element = BlockLocator(tree).locate("Hello  big world")
    assert element is not None and element.tag == "p"
    assert BlockLocator(tree).locate("Not on the page") is None


@pytest.mark.parametrize(
    ("line", "promo", "head", "tail"),
    [
        ("READ MORE: Bake bread not war", True, False, False),
        ("MORE : Bake bread not war", True, False, False),
        ("™ & © 2024 Example Media Ltd. All rights reserved.", True, False, False),
        ("More than forty people joined the march on Sunday.", False, False, False),
        ("Lesen Sie auch: Die Bahn streikt wieder", True, False, True),
        ("Stand: 22.04.2024 06:00 Uhr", False, True, False),
        ("By Jane Doe", False, True, False),
        ("With files from The Associated Press", False, False, True),
        ("dmk", False, True, True),
        ("The council voted on Thursday to approve the plan.", False, False, False),
        ("東京都は14日、新しい計画を発表した。", False, False, False),
        ("Thursday, 9 June 2005", False, True, False),
        # Promotion words that also open sentences count only as labels.
        ("WATCH: The mayor opens the bridge", True, False, False),
        ("Related article: Bridge opens in May", True, False, False),
        ("Most read in Football", True, False, False),
        ("Anzeige", True, True, True),
        ("Watch the faces of the old people when they hear it, he said.", False, False, False),
        ("Related work on the chimney is planned for next spring.", False, False, False),
        ("Anzeige gegen Unbekannt hat die Nachbarin erstattet.", False, False, False),
        ("Sources close to the volunteers say they want to sound it again.", False, False, False),
        ("Source: Reuters", False, False, True),
        # A date that opens a sentence-like entry is a chronology, not a timestamp.
        ("12.05.2024: The council votes on the new bridge over the river", False, False, False),
    ],
)
def test_line_rules(line: str, promo: bool, head: bool, tail: bool) -> None:
    assert (is_promo_line(line), is_head_line(line), is_tail_line(line)) == (promo, head, tail)


def test_skipped_paragraphs_and_later_sections_are_restored() -> None:
    # Lines an extractor returned from the first chunk only, minus a linked paragraph.
    says = [
        "the reporter spoke with engineers who measured the ice all winter",
        "a glacier retreated faster than any model had predicted last year",
        "volunteers counted seals along the northern beaches every morning",
        "the ferry company cancelled crossings when the storm reached land",
        "scientists argued about funding while the research vessel waited",
        "children in the village learned to read satellite photographs",
    ]
    paragraph = "<p class='body-p'>Section {s}, paragraph {p}: {words}.</p>"
    chunks = "".join(
        "<div class='chunk'>"
        + "".join(paragraph.format(s=s, p=p, words=says[3 * s + p]) for p in range(3))
        + "</div>"
        for s in range(2)
    )
    tree = parse_html(f"<html><body><article><h1>Ice</h1>{chunks}</article></body></html>")
    assert tree is not None
    texts = [f"Section 0, paragraph {p}: {says[p]}." for p in (0, 2)]
    lines = _gaps_filled(tree, texts)
    assert [line.split(":")[0] for line in lines] == [
        f"Section {s}, paragraph {p}" for s in range(2) for p in range(3)
    ]


def test_closing_lines_from_outside_the_article_box_are_dropped() -> None:
    prose = "The council met on Thursday and argued for hours about the bridge. " * 3
    tree = parse_html(
        "<html><body><div class='story'>"
        + "".join(f"<p>{i} {prose}</p>" for i in range(5))
        + "</div><div class='more'><p>Another story you may like</p></div></body></html>"
    )
    assert tree is not None
    locator = BlockLocator(tree)
    lines = [f"{i} {prose}".strip() for i in range(5)] + ["Another story you may like"]
    kept = [(line, locator.locate(line)) for line in lines]
    assert [line for line, _ in drop_trailing_outside(kept)] == lines[:5]


def _kept(html: str, lines: list[str]) -> list[str]:
    tree = parse_html(html)
    assert tree is not None
    locator = BlockLocator(tree)
    return [line for line, _ in drop_furniture(lines, [locator.locate(line) for line in lines])]


def test_paragraphs_inside_a_link_are_teaser_cards() -> None:
    prose = "The council met on Thursday and argued for hours about the new bridge."
    card = "FLOODS: The river rose overnight and residents of the lower town were told to leave"
    html = (
        "<html><body><div class='story'>"
        + "".join(f"<p>{i} {prose}</p>" for i in range(4))
        + "<h2><a href='#costs'>Costs and timetable</a></h2>"
        + f"<p>4 {prose}</p></div><ul><li><a href='/other'><div><p>{card}</p></div></a></li></ul>"
        + "</body></html>"
    )
    lines = [f"{i} {prose}" for i in range(4)] + ["Costs and timetable", f"4 {prose}", card]
    assert _kept(html, lines) == lines[:-1]


def test_locator_finds_a_list_item_behind_the_extractor_bullet() -> None:
    tree = parse_html("<ul><li>First point</li><li>Second point</li></ul>")
    assert tree is not None
    element = BlockLocator(tree).locate("- Second point")
    assert element is not None and element.tag == "li"


@pytest.mark.parametrize(
    ("html", "line"),
    [
        (
            "<p>\u3000<a href='/t'>気象庁</a>は13日、地震があったと発表した。</p>",
            "気象庁は13日、地震があったと発表した。",
        ),
        ("<p><b>Wash</b>ington voted on Tuesday.</p>", "Washington voted on Tuesday."),
    ],
)
def test_locator_finds_a_line_whose_first_word_runs_into_a_child(html: str, line: str) -> None:
    tree = parse_html(f"<div>{html}<p>Other text</p></div>")
    assert tree is not None
    element = BlockLocator(tree).locate(line)
    assert element is not None and element.tag == "p"


def test_ruby_reads_as_its_text_and_the_page_is_left_alone() -> None:
    tree = parse_html("<p>A <ruby>漢字<rp>(</rp><rt>kanji</rt><rp>)</rp></ruby> word</p>")
    assert tree is not None
    flat = readable_tree(tree)
    assert [p.text for p in flat.iter("p")] == ["A 漢字(kanji) word"]
    assert next(tree.iter("ruby"), None) is not None
    assert readable_tree(flat) is flat


@pytest.mark.parametrize(
    ("cells", "layout"),
    [
        ("<td>Millbrook</td><td>20</td>", False),
        ("<td><div class='v'>Millbrook</div></td><td>20</td>", False),
        ("<td><a href='/'>Home</a></td><td><p>An article paragraph.</p></td>", True),
        ("<td><table><tr><td>x</td></tr></table></td>", True),
        ("<td>Menu</td><td>" + "A long article text without paragraphs. " * 12 + "</td>", True),
    ],
)
def test_a_table_lays_out_the_page_when_its_cells_hold_blocks_or_much_text(
    cells: str, layout: bool
) -> None:
    tree = parse_html(f"<table><tr>{cells}</tr></table>")
    assert tree is not None
    assert is_layout_table(next(tree.iter("table"))) is layout


def test_layout_tables_read_as_boxes_and_data_tables_inside_them_stay() -> None:
    html = (
        "<table><tr><td><a href='/'>Home</a></td><td><p>Text.</p>"
        "<table><tr><td>Millbrook</td><td>20</td></tr></table></td></tr></table>"
    )
    tree = parse_html(html)
    assert tree is not None
    readable = readable_tree(tree)
    assert [t.tag for t in readable.iter("table")] == ["table"]
    assert [c.text for c in readable.iter("td")] == ["Millbrook", "20"]
    assert len(list(tree.iter("table"))) == 2  # the page itself is left alone


@pytest.mark.parametrize(
    ("line", "row"),
    [
        ("| Millbrook | 8 | 20 | ", "Millbrook | 8 | 20"),
        ("|---|---|---|", ""),
        ("|  |  |", ""),
        ("| Home \\| News | Sport |", "Home | News | Sport"),
        ("A sentence | with a bar", None),
    ],
)
def test_a_table_row_reads_as_its_cells(line: str, row: str | None) -> None:
    assert table_row(line) == row


def test_a_data_table_is_one_block_of_rows_in_the_body() -> None:
    prose = "The league table after the eighth round of matches, with Millbrook still on top."
    rows = "".join(
        f"<tr><td>{pos}</td><td>{team}</td><td>{pts}</td></tr>"
        for pos, team, pts in [(1, "Millbrook", 20), (2, "Hollowmere", 18), (3, "Deanfield", 4)]
    )
    html = (
        f"<html><body><article><h1>Table</h1><p>{prose}</p><p>{prose} Again.</p>"
        f"<table><tr><th>Pos</th><th>Team</th><th>Pts</th></tr>{rows}</table>"
        f"<p>{prose} Once more.</p></article></body></html>"
    )
    body = extract_article(html, "https://example.org/sport/table")["articleBody"]
    assert body is not None
    assert "Pos | Team | Pts\n1 | Millbrook | 20\n2 | Hollowmere | 18\n3 | Deanfield | 4" in (
        body.split("\n\n")
    )


def test_a_list_of_links_is_other_stories() -> None:
    prose = "The council met on Thursday and argued for hours about the new bridge."
    items = ["Floods: Residents of the lower town told to leave", "Sport: United win the derby"]
    links = "".join(
        f"<li><b>{item.split(': ')[0]}:</b> <a href='/x'>{item.split(': ')[1]}</a></li>"
        for item in items
    )
    facts = (
        "<ul><li>The bridge costs <a href='/b'>four million</a> pounds</li>"
        "<li>It opens in May</li></ul>"
    )
    html = (
        "<html><body><div class='story'>"
        + "".join(f"<p>{i} {prose}</p>" for i in range(4))
        + f"<ul>{links}</ul><p>4 {prose}</p>{facts}</div></body></html>"
    )
    lines = [f"{i} {prose}" for i in range(4)] + [f"- {item}" for item in items]
    lines += [f"4 {prose}", "- The bridge costs four million pounds", "- It opens in May"]
    assert _kept(html, lines) == lines[:4] + lines[-3:]


@pytest.mark.parametrize(
    ("line", "notice"),
    [
        ("Link zum YouTube-Inhalt", True),
        ("Ein Klick für den Datenschutz", True),
        ("Empfohlener redaktioneller Inhalt", True),
        ("Ich bin damit einverstanden, dass mir der externe Inhalt angezeigt wird.", True),
        ("JavaScript is currently disabled in this browser.", True),
        ("Got a story? Get in touch with our news desk.", True),
        ("Der Inhalt des Berichts blieb bis zum Abend geheim.", False),
        ("The link to the report was shared on Friday.", False),
    ],
)
def test_notice_lines(line: str, notice: bool) -> None:
    assert is_notice_line(line) is notice


def test_a_closing_list_of_sources_is_not_the_text() -> None:
    prose = "The council met on Thursday and argued for hours about the new bridge."
    html = (
        "<html><body><div class='story'>"
        + "".join(f"<p>{i} {prose}</p>" for i in range(4))
        + "<ul><li>It costs four million</li><li>It opens in May</li></ul>"
        + "<div>Verwendete Quellen</div><ul><li>Own research</li><li>Council minutes</li></ul>"
        + "</div></body></html>"
    )
    tree = parse_html(html)
    assert tree is not None
    locator = BlockLocator(tree)
    lines = [f"{i} {prose}" for i in range(4)] + ["- It costs four million", "- It opens in May"]
    kept = [(line, locator.locate(line)) for line in lines]
    sources = [(line, locator.locate(line)) for line in ("- Own research", "- Council minutes")]
    assert [line for line, _ in trim_edges(kept + sources)] == lines
    labelled = [("Sources:", None), ("- Own research", None), ("- Council minutes", None)]
    assert [line for line, _ in trim_edges(kept + labelled)] == lines
    tags = [("- Tags:", None), ("- Bridges", None), ("- Council", None)]
    assert [line for line, _ in trim_edges(kept + tags)] == lines


def test_a_closing_list_is_the_text_even_when_its_items_are_short() -> None:
    prose = "Mix the flour and the eggs, then leave the dough to rest for an hour."
    html = (
        "<html><body><div class='recipe'>"
        + "".join(f"<p>{i} {prose}</p>" for i in range(4))
        + "<p>You will need:</p><ul><li>2 eggs</li><li>Flour</li><li>Salt</li></ul>"
        + "</div></body></html>"
    )
    tree = parse_html(html)
    assert tree is not None
    locator = BlockLocator(tree)
    lines = [f"{i} {prose}" for i in range(4)] + ["You will need:", "- 2 eggs", "- Flour", "- Salt"]
    kept = [(line, locator.locate(line)) for line in lines]
    assert [line for line, _ in trim_edges(kept)] == lines
    assert [line for line, _ in trim_edges([*kept[:4], ("Smith", None)])] == lines[:4]


def test_a_row_of_links_and_separators_is_navigation() -> None:
    prose = "The council met on Thursday and argued for hours about the new bridge."
    nav = "<< Back to News | Printer-friendly version | E-mail this story"
    html = (
        "<html><body><div class='story'>"
        + "".join(f"<p>{i} {prose}</p>" for i in range(4))
        + "<p><a href='/news/'>&lt;&lt; Back to News</a> | "
        + "<a href='/p'>Printer-friendly version</a> | <a href='/e'>E-mail this story</a></p>"
        + "<p>Read <a href='/r'>the report</a> and <a href='/m'>the minutes</a> online.</p>"
        + "</div></body></html>"
    )
    lines = [f"{i} {prose}" for i in range(4)] + [nav, "Read the report and the minutes online."]
    assert _kept(html, lines) == lines[:4] + lines[5:]


def test_a_line_between_line_breaks_is_judged_by_the_box_holding_it() -> None:
    prose = "The council met on Thursday and argued for hours about the new bridge."
    html = (
        "<html><body><div class='story'>"
        + "".join(f"<br><br>{i} {prose}" for i in range(4))
        + "</div><div class='ads'><b>Advertise with us</b><br>Reach 20,000 readers a week."
        + "</div></body></html>"
    )
    tree = parse_html(html)
    assert tree is not None
    locator = BlockLocator(tree)
    lines = [f"{i} {prose}" for i in range(4)] + ["Reach 20,000 readers a week."]
    elements = [locator.locate(line) for line in lines]
    assert elements == [None] * 5
    containers = [locator.container(line) for line in lines]
    assert [line for line, _ in drop_furniture(lines, elements, containers)] == lines[:4]


def test_a_box_labelled_read_more_is_a_teaser() -> None:
    prose = "The council met on Thursday and argued for hours about the new bridge."
    teaser = "Residents of the lower town were told to leave their homes as the river rose."
    html = (
        "<html><body><div class='story'>"
        + "".join(f"<p>{i} {prose}</p>" for i in range(6))
        + f"<div><div><p>Read more</p></div><div><p>{teaser}</p></div></div>"
        + "".join(f"<p>{i} {prose}</p>" for i in range(6, 9))
        + "</div></body></html>"
    )
    lines = [f"{i} {prose}" for i in range(6)] + ["Read more", teaser]
    lines += [f"{i} {prose}" for i in range(6, 9)]
    assert _kept(html, lines) == [line for line in lines if line not in ("Read more", teaser)]


def test_sections_in_separate_wrapper_rows_are_restored() -> None:
    # Each chunk of a long read sits deep in its own row; advert rows come between them.
    says = [
        "the harbour master counted the boats that left before the storm",
        "fishermen said the quota cuts would close the last processing plant",
        "the mayor promised a fund for families who lost their income",
        "a marine biologist explained why the cod moved further north",
    ]
    paragraph = "<p class='txt'>Chunk {s}, paragraph {p}: {words}.</p>"

    def row(s: int) -> str:
        paras = "".join(paragraph.format(s=s, p=p, words=says[2 * s + p]) for p in range(2))
        return (
            "<div class='row'><div class='col wide'><div class='cell'><div class='inner'>"
            f"<div class='text first'>{paras}</div></div></div></div></div>"
        )

    advert = (
        "<div class='row'><div class='col'><div class='slot'><div class='inner'>"
        "<p class='txt'>Advertisement: a sale on garden furniture, this week only.</p>"
        "</div></div></div></div>"
    )
    tree = parse_html(f"<html><body><main>{row(0)}{advert}{row(1)}</main></body></html>")
    assert tree is not None
    texts = [f"Chunk 0, paragraph {p}: {says[p]}." for p in range(2)]
    lines = _gaps_filled(tree, texts)
    assert [line.split(":")[0] for line in lines] == [
        f"Chunk {s}, paragraph {p}" for s in range(2) for p in range(2)
    ]


def test_a_closing_sign_up_box_is_not_the_text() -> None:
    prose = "The council met on Thursday and argued for hours about the new bridge."
    lines = [f"{i} {prose}" for i in range(4)]
    box = ["Newsletter: Town hall inside", "Every Monday the week's council stories, in your inbox"]
    assert [line for line, _ in trim_edges([(line, None) for line in lines + box])] == lines
    follow = ["Do you follow us on WhatsApp yet?", "Join our WhatsApp channel for the news."]
    assert [line for line, _ in trim_edges([(line, None) for line in lines + follow])] == lines
    # A prompt word more than two lines before the end does not end the text.
    late = [*lines[:1], "Sign up opened on Monday.", *lines[1:]]
    assert [line for line, _ in trim_edges([(line, None) for line in late])] == late


def test_a_row_of_cards_with_linked_headlines_is_other_stories() -> None:
    prose = "The council met on Thursday and argued for hours about the new bridge."
    summaries = [
        "Residents of the lower town were told to leave their homes as the river rose.",
        "The old mill will reopen as a museum after a decade of work by volunteers.",
    ]
    cards = "".join(
        f"<div class='card'><h3><a href='/story-{i}'>Story {i}</a></h3><p>{text}</p></div>"
        for i, text in enumerate(summaries)
    )
    # One box with a linked subheading is the article's own (a table of contents entry).
    own = f"<div class='part'><h3><a href='#costs'>Costs</a></h3><p>9 {prose}</p></div>"
    html = (
        "<html><body><div class='story'>"
        + "".join(f"<p>{i} {prose}</p>" for i in range(6))
        + own
        + f"<div class='row'>{cards}</div></div></body></html>"
    )
    lines = [f"{i} {prose}" for i in range(6)] + ["Costs", f"9 {prose}", *summaries]
    assert _kept(html, lines) == lines[:8]


def test_a_long_promotion_box_after_the_article_is_dropped() -> None:
    # Longer than the trailing share, but built unlike the article's paragraphs.
    prose = "The council met on Thursday and argued for hours about the bridge."
    promo = "Support local reporting with a small monthly gift to our newsroom fund. " * 4
    story = "".join(f"<p class='body'>{i} {prose}</p>" for i in range(8))
    box = f"<div class='promo'><p class='head'>Back our work</p><p class='text'>{promo}</p></div>"
    tree = parse_html(f"<html><body><div class='story'>{story}</div>{box}</body></html>")
    assert tree is not None
    locator = BlockLocator(tree)
    lines = [f"{i} {prose}" for i in range(8)] + ["Back our work", promo.strip()]
    kept = [(line, locator.locate(line)) for line in lines]
    assert [line for line, _ in drop_trailing_outside(kept)] == lines[:8]
    # A later section built like the article's paragraphs is part of the text.
    more = f"<div class='part2'><p class='body'>{promo}</p></div>"
    tree = parse_html(f"<html><body><div class='story'>{story}</div>{more}</body></html>")
    assert tree is not None
    locator = BlockLocator(tree)
    kept = [(line, locator.locate(line)) for line in [*lines[:8], promo.strip()]]
    assert [line for line, _ in drop_trailing_outside(kept)] == [*lines[:8], promo.strip()]


def test_a_pull_quote_repeating_the_text_is_dropped_with_its_attribution() -> None:
    said = "We will rebuild the bridge before the winter floods arrive"
    prose = f"The mayor spoke on Thursday. “{said},” she said to the crowd at the town hall."
    other = "Another quote that the text does not repeat, set apart for emphasis by the page."
    html = (
        f"<html><body><div class='story'><p>{prose}</p>"
        f"<blockquote class='pull'><p>“{said}”</p><cite>Mayor Jane Doe</cite></blockquote>"
        f"<blockquote><p>{other}</p></blockquote>"
        f"<p>Also said outside a quote box: {said}.</p><p>{said}</p></div></body></html>"
    )
    tree = parse_html(html)
    assert tree is not None
    locator = BlockLocator(tree)
    lines = [prose, f"“{said}”", "Mayor Jane Doe", other]
    lines += [f"Also said outside a quote box: {said}.", said]
    kept = drop_pull_quotes([(line, locator.locate(line)) for line in lines])
    assert [line for line, _ in kept] == [prose, *lines[3:]]


def test_subheadings_built_unlike_the_paragraphs_fill_gaps_when_they_head_text() -> None:
    prose = "The council met on Thursday and argued for hours about the bridge."
    tree = parse_html(
        "<html><body><div class='story'>"
        f"<p class='text'>0 {prose}</p><h5 class='time'>10.04: The vote</h5>"
        f"<p class='text'>1 {prose}</p><h3 class='box-title'>Sign in or create an account</h3>"
        "<div class='login'><p>Members read on for free.</p></div>"
        f"<p class='text'>2 {prose}</p></div></body></html>"
    )
    assert tree is not None
    lines = _gaps_filled(tree, [f"{i} {prose}" for i in range(3)])
    assert [line.split(" ")[0] for line in lines] == ["0", "10.04:", "1", "2"]


def test_a_short_line_alone_beside_a_picture_is_a_caption() -> None:
    prose = "The council met on Thursday and argued for hours about the new bridge."
    lines = [f"{i} {prose}" for i in range(6)]
    media = (
        "<div class='media'><img src='/bridge.jpg'><div class='info'><p class='info'>"
        "Protest at the town hall</p></div></div>"
    )
    html = (
        f"<html><body><div class='story'><p>{lines[0]}</p>{media}"
        + "".join(f"<p>{line}</p>" for line in lines[1:3])
        + "<img src='/map.png'><p>Short, but prose.</p>"
        + "".join(f"<p>{line}</p>" for line in lines[3:])
        + "</div></body></html>"
    )
    text = [lines[0], "Protest at the town hall", *lines[1:3], "Short, but prose.", *lines[3:]]
    assert _kept(html, text) == [*lines[:3], "Short, but prose.", *lines[3:]]


def test_rules_switch_off_only_inside_the_block_and_only_by_name() -> None:
    from newsbot.extract.rules import on, switched_off

    with switched_off(["promo"]):
        assert not on("promo") and on("tail_lines")
    assert on("promo")
    with pytest.raises(ValueError, match="unknown rules: nonsense"), switched_off(["nonsense"]):
        pass


def test_a_short_paragraph_of_linked_terms_between_paragraphs_is_restored() -> None:
    # Unspaced scripts have no words to count, and a paragraph of several short links
    # lists terms (places, names); a teaser is one link holding most of the text.
    lead = "気象庁は13日、日向灘で震度5弱の地震があったと発表した。津波注意報も出した。"
    terms = (
        "<p>宮崎県：<a href='/topics/a'>高鍋町</a>、<a href='/topics/b'>新富町</a>、"
        "<a href='/topics/c'>宮崎市</a></p>"
    )
    teaser = "<p><a href='/news/2025/01/other-story'>別の記事：九州の鉄道、運転を見合わせ</a></p>"
    tail = "各地の震度は次のとおり。熊本県と大分県でも震度4を観測した。"
    box = f"<div class='a'><p>{lead}</p>{terms}{teaser}<p>{tail}</p></div>"
    tree = parse_html(f"<html><body>{box}</body></html>")
    assert tree is not None
    assert _gaps_filled(tree, [lead, tail]) == [lead, "宮崎県：高鍋町、新富町、宮崎市", tail]
