"""Text cleaning: entities, tags, invisible characters, whitespace, paragraphs."""

from __future__ import annotations

from newsbot.items import Article
from newsbot.pipelines.clean import CleanText, clean_body, clean_line


def test_clean_line() -> None:
    assert clean_line("  Caf\u0065\u0301 &amp; <b>Bar</b>\u200b\n news ") == "Café & Bar news"
    assert clean_line("   ") is None


def test_clean_body_keeps_paragraphs_and_single_line_breaks() -> None:
    raw = "First\u00a0 para.\r\n\r\n\r\n  Second\npara &quot;x&quot;  \n\n\n\nThird"
    assert clean_body(raw) == 'First para.\n\nSecond\npara "x"\n\nThird'


def test_pipeline_recounts_words_and_dedupes_lists() -> None:
    item = Article(
        url="https://a.example/x",
        headline=" A  headline ",
        articleBody="One two three.\n\nFour five.",
        authors=[{"name": "Jane Doe"}, {"name": " Jane  Doe "}, {"name": ""}],
        keywords=["Energy", "energy ", "Energy"],
    )
    item = CleanText().process_item(item)
    assert item.headline == "A headline"
    assert item.authors == [{"name": "Jane Doe"}]
    assert item.keywords == ["Energy", "energy"]
    assert item.wordCount == 5
