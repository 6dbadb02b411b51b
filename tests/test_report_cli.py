"""``newsbot report``: the per-source table of any feed files, and a chart of them."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from pathlib import Path


def newsbot(*args: str, cwd: Path, code: str = "") -> subprocess.CompletedProcess[str]:
    """``newsbot ARGS`` in a fresh interpreter, after running ``code`` in it."""
    script = f"{code}\nimport sys\nfrom newsbot.cli import main\nsys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=cwd, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def line(source: str, day: str, **fields: Any) -> str:
    item = {
        "source": source,
        "datePublished": f"{day}T10:00:00+01:00",
        "authors": [{"name": "A. Writer"}],
        "description": None,
        "inLanguage": "en",
        "articleBody": "word " * 100,
        "discovery": {"via": "feed"},
        "metadata": {"dateDownloaded": f"{day}T12:00:00+00:00"},
        **fields,
    }
    return json.dumps(item) + "\n"


@pytest.fixture
def feeds(tmp_path: Path) -> Path:
    day1 = tmp_path / "feeds" / "2026" / "11" / "24"
    day2 = tmp_path / "feeds" / "2026" / "11" / "25"
    day1.mkdir(parents=True)
    day2.mkdir(parents=True)
    (day1 / "articles-a.jsonl").write_text(
        line("wire", "2026-11-24") * 3 + line("gazette", "2026-11-24", authors=[]),
        encoding="utf-8",
    )
    (day2 / "articles-b.jsonl.gz").write_bytes(
        gzip.compress((line("wire", "2026-11-25", datePublished=None) * 2).encode())
    )
    (day2 / "articles-b.report.json").write_text("{}", encoding="utf-8")  # not a feed
    (day2 / ".articles-c.jsonl.part").write_text("{", encoding="utf-8")  # unfinished, as before
    (day2 / ".partial").mkdir()
    (day2 / ".partial" / "articles-d.jsonl.part").write_text("{", encoding="utf-8")  # unfinished
    return tmp_path / "feeds"


def test_report_of_a_directory_of_feeds(feeds: Path) -> None:
    proc = newsbot("report", str(feeds), "--json", cwd=feeds)
    assert proc.returncode == 0, proc.stderr
    rows = {row["source"]: row for row in json.loads(proc.stdout)}
    assert rows["wire"]["exported"] == 5
    assert rows["wire"]["discovered"] == {"feed": 5}
    assert rows["wire"]["fill_rates"] == {
        "datePublished": 0.6,
        "authors": 1.0,
        "description": 0.0,
        "inLanguage": 1.0,
    }
    # a line without datePublished counts on its download day
    assert rows["wire"]["days"] == {"2026-11-24": 3, "2026-11-25": 2}
    assert rows["gazette"]["fill_rates"]["authors"] == 0.0
    assert rows["wire"]["fetched"] is None  # a feed does not tell


def test_report_table(feeds: Path) -> None:
    proc = newsbot("report", str(feeds / "2026/11/24/articles-a.jsonl"), cwd=feeds)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "4 articles in 1 feed file(s)"
    assert lines[2].split() == [
        "gazette", "0", "1", "0", "-", "1", "-", "-", "-", "100%", "0%", "0%", "100%", "500",
    ]  # fmt: skip


def test_plot(feeds: Path, tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    chart = tmp_path / "charts" / "days.png"
    proc = newsbot("report", str(feeds), "--plot", str(chart), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_without_matplotlib_says_how_to_get_it(feeds: Path, tmp_path: Path) -> None:
    block = "import sys; sys.modules['matplotlib'] = None"  # as if not installed
    proc = newsbot("report", str(feeds), "--plot", "x.png", cwd=tmp_path, code=block)
    assert proc.returncode == 1
    assert "wire" in proc.stdout  # the table still comes
    # newsbot on PyPI is another project: the hint names what installs matplotlib.
    assert "pip install matplotlib" in proc.stderr and "newsbot[plot]" not in proc.stderr
    assert not (tmp_path / "x.png").exists()


def test_no_feeds_is_a_usage_error(tmp_path: Path) -> None:
    proc = newsbot("report", str(tmp_path), cwd=tmp_path)
    assert proc.returncode == 2
    assert "no feed files" in proc.stderr
