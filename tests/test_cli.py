"""The `newsbot` command: `demo` crawls the bundled site offline, `extract` reads saved pages."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest

PAGES = Path(__file__).parent / "pages"
SEED_URL = "https://wire.example.com/news/412345-northern-port-reopens/"


def newsbot(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsbot.cli", *args],
        cwd=cwd, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_demo_crawls_the_bundled_site(tmp_path: Path) -> None:
    result = newsbot("demo", cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = (tmp_path / "demo-articles.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 40
    assert f"articles exported:  {len(lines)}" in result.stdout
    assert "pages fetched:" in result.stdout
    assert all(json.loads(line)["headline"] for line in lines)


def test_extract_pages_in_order_with_an_error_line(tmp_path: Path) -> None:
    gz = tmp_path / "seed.html.gz"
    gz.write_bytes(gzip.compress((PAGES / "seed_style.html").read_bytes()))
    manifest = tmp_path / "pages.jsonl"
    manifest.write_text(
        json.dumps({"path": "seed.html.gz", "url": SEED_URL}) + "\n"
        + json.dumps({"path": "missing.html"}) + "\n",
        encoding="utf-8",
    )  # fmt: skip
    result = newsbot("extract", str(PAGES / "seed_style.html"), "--url", SEED_URL,
                     "--manifest", str(manifest), cwd=tmp_path)  # fmt: skip
    assert result.returncode == 0, result.stderr
    first, second, third = (json.loads(line) for line in result.stdout.splitlines())
    assert first["path"].endswith("seed_style.html")
    assert first["headline"] == "Harbour authority reopens northern port after storm repairs"
    assert first["canonicalUrl"] == SEED_URL
    assert {k: v for k, v in second.items() if k != "path"} == {
        k: v for k, v in first.items() if k not in ("path", "metadata")
    } | {"metadata": second["metadata"]}
    assert third["path"].endswith("missing.html") and "error" in third


def test_extract_without_pages_is_a_usage_error(tmp_path: Path) -> None:
    result = newsbot("extract", cwd=tmp_path)
    assert result.returncode == 2
    assert "give page paths" in result.stderr


def test_extract_fails_when_no_page_can_be_read(tmp_path: Path) -> None:
    result = newsbot("extract", "missing.html", "gone.html.gz", cwd=tmp_path)
    assert result.returncode == 1
    assert [json.loads(line)["error"][:17] for line in result.stdout.splitlines()] == [
        "cannot read page:", "cannot read page:",
    ]  # fmt: skip
    assert result.stderr.splitlines() == ["newsbot: extract: none of the 2 page(s) could be read"]


def test_an_empty_page_is_an_error_line_not_an_empty_article(tmp_path: Path) -> None:
    (tmp_path / "empty.html").write_text(" \n")
    result = newsbot("extract", "empty.html", cwd=tmp_path)
    assert result.returncode == 1
    assert [json.loads(line) for line in result.stdout.splitlines()] == [
        {"path": "empty.html", "url": None, "error": "empty page"}
    ]


def test_a_bad_manifest_line_gives_an_error_line_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "seed.html").write_bytes((PAGES / "seed_style.html").read_bytes())
    manifest = tmp_path / "pages.jsonl"
    manifest.write_text(
        '{"path": "seed.html", "url": "' + SEED_URL + '"}\n{"path": "seed.ht\n["x"]\n'
        '{"url": "https://example.com/"}\n{"path": "seed.html"}\n',
        encoding="utf-8",
    )
    result = newsbot("extract", "--manifest", str(manifest), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [bool(line.get("headline")) for line in lines] == [True, False, False, False, True]
    errors = [line["error"].split("pages.jsonl ")[1] for line in lines[1:4]]
    assert errors[0].startswith("line 2: not JSON (")
    assert errors[1:] == ['line 3: no "path"', 'line 4: no "path"']
    assert "Traceback" not in result.stderr


def test_extract_with_a_missing_manifest_is_one_line(tmp_path: Path) -> None:
    result = newsbot("extract", "--manifest", "nowhere.jsonl", cwd=tmp_path)
    assert result.returncode == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("newsbot: nowhere.jsonl: cannot read the manifest:")


WRONG_FILES = {
    "notes.jsonl": b"these are my notes\n",
    "binary.jsonl.gz": b"\x1f\x8b\x08\x00garbage",
    "list.jsonl": b"[1, 2, 3]\n",
    "page.html": b"<html><body><p>Hello</p></body></html>",
}


@pytest.mark.parametrize("name", [*WRONG_FILES, "missing.jsonl"])
def test_report_on_a_wrong_file_is_one_line(tmp_path: Path, name: str) -> None:
    if name in WRONG_FILES:
        (tmp_path / name).write_bytes(WRONG_FILES[name])
    result = newsbot("report", name, cwd=tmp_path)
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"newsbot: {name}: not a newsbot feed file: ")


@pytest.mark.parametrize("name", [*WRONG_FILES, "missing.capture.gz", "feed.jsonl"])
def test_reextract_on_a_wrong_file_is_one_line(tmp_path: Path, name: str) -> None:
    if name in WRONG_FILES:
        (tmp_path / name).write_bytes(WRONG_FILES[name])
    if name == "feed.jsonl":  # a feed file where a capture belongs
        (tmp_path / name).write_bytes(gzip.compress(b'{"source": "x", "url": "y"}\n'))
    result = newsbot("reextract", name, "-o", "out.jsonl", cwd=tmp_path)
    assert result.returncode == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"newsbot: {name}: not a newsbot capture: ")
    assert not (tmp_path / "out.jsonl").exists()
    assert not (tmp_path / ".partial").exists()


def test_extract_without_url_takes_the_pages_canonical_link(tmp_path: Path) -> None:
    relative = tmp_path / "relative.html"
    relative.write_text(
        (PAGES / "seed_style.html")
        .read_text(encoding="utf-8")
        .replace(f'href="{SEED_URL}"', 'href="/news/412345-northern-port-reopens/"'),
        encoding="utf-8",
    )
    result = newsbot("extract", str(PAGES / "seed_style.html"), str(relative), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    stated, unknown = (json.loads(line) for line in result.stdout.splitlines())
    assert (stated["url"], stated["canonicalUrl"], stated["site"]) == (
        SEED_URL, SEED_URL, "example.com",
    )  # fmt: skip
    # a relative link says nothing without the page's URL: the file's
    assert unknown["url"] == relative.resolve().as_uri()
