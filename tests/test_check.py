"""``newsbot check SOURCE``: a real crawl of a few articles of one source, field by field."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsbot.demo.server import Reply, Request, SiteServer, html_reply
from newsbot.demo.site import DemoSite
from tests.crawl import newsbot


@pytest.fixture(scope="module")
def demo() -> Iterator[DemoSite]:
    with DemoSite() as site:
        yield site


def table(stdout: str) -> dict[str, list[str]]:
    """The field table's rows by field name: filled, generic, override, missed, example."""
    lines = stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("field "))
    rows = {}
    for line in lines[start + 1 :]:
        if not line.strip():
            break
        name, *cells = line.split(maxsplit=5)
        rows[name] = cells
    return rows


def test_check_a_demo_source_with_an_override(demo: DemoSite, tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(
        demo.sources_toml() + '\n[source.fields]\nheadline = "h1"\nauthors = "span.gone"\n',
        encoding="utf-8",
    )
    done = newsbot("check", "gazette", "--sources", str(sources), "--limit", "3",
                   "--html", "cases", cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.startswith("newsbot check gazette: 3 article page(s)")
    rows = table(done.stdout)
    assert rows["headline"][:4] == ["3/3", "0", "3", "0"]  # the last source has the override
    assert rows["authors"][:4] == ["3/3", "3", "0", "3"]  # missed: generic kept
    assert rows["articleBody"][:4] == ["3/3", "3", "-", "-"]
    expected = demo.expected_articles()
    saved = sorted((tmp_path / "cases").glob("*.json"))
    assert len(saved) == 3
    for path in saved:
        case = json.loads(path.read_text(encoding="utf-8"))
        assert case["headline"] == expected[case["url"]]["headline"]
        assert case["articleBody"] == expected[case["url"]]["articleBody"]
        assert case["authors"] == expected[case["url"]]["authors"]  # names, as tests/pages
        assert case["crawled_at"]
        assert "<html" in path.with_suffix(".html").read_text(encoding="utf-8")
    # Nothing of a crawl is left behind: no state, no feed, no report.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cases", "sources.toml"]


def test_check_fails_when_nothing_can_be_fetched(demo: DemoSite, tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    dead = demo.sources_toml().replace(demo.urls["gazette"], "http://127.0.0.1:9")
    sources.write_text(dead, encoding="utf-8")
    done = newsbot("check", "gazette", "--sources", str(sources), cwd=tmp_path)
    assert done.returncode == 1
    assert "not fetched: connection_refused" in done.stdout
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1] == (
        "newsbot: check: gazette: no article page was extracted from the entry points"
    )


class VideoSite:
    """Article-shaped URLs whose pages are a headline and a video: no body text."""

    name = "clips"

    def respond(self, request: Request) -> Reply:
        if request.path == "/news/":
            links = "".join(
                f'<li><a href="/clips/2026/11/0{n}/bridge-opens-to-traffic-at-dawn-{n}/">'
                f"Bridge opens {n}</a></li>"
                for n in range(1, 5)
            )
            return html_reply(f"<html><body><ul>{links}</ul></body></html>")
        if request.path.startswith("/clips/"):
            return html_reply(
                "<html><head><title>Bridge opens</title></head><body><h1>Bridge opens</h1>"
                '<figure><video src="/v/1.mp4" controls></video></figure></body></html>'
            )
        return html_reply("<h1>Not found</h1>", status=404)


def test_check_fails_when_most_articles_have_no_body(tmp_path: Path) -> None:
    server = SiteServer(VideoSite())
    server.start()
    try:
        (tmp_path / "sources.toml").write_text(
            f'[[source]]\nname = "clips"\nlistings = ["{server.base_url}/news/"]\n',
            encoding="utf-8",
        )
        done = newsbot("check", "clips", "--limit", "4", cwd=tmp_path)
    finally:
        server.stop()
    assert done.returncode == 1
    assert table(done.stdout)["articleBody"][0] == "0/4"
    assert "dropped: NoBody 4" in done.stdout
    last = done.stderr.splitlines()[-1]
    assert last == "newsbot: check: clips: articleBody empty on 4 of 4 articles"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "newsbot: check: sources.toml: no source named 'nope'"),
        (
            ["gazette", "--sources", "missing.toml"],
            "newsbot: check: missing.toml: sources file not found",
        ),
        (["gazette", "--limit", "0"], "newsbot: check: --limit 0: give 1 or more"),
    ],
)
def test_check_usage_errors(demo: DemoSite, tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "sources.toml").write_text(demo.sources_toml(), encoding="utf-8")
    done = newsbot("check", *args, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == message
