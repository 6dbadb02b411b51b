"""The `newsbot` command: `demo` crawls the bundled site offline, `extract` reads saved pages."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

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
