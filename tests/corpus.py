"""Cases of the shared news corpus (``../shared/corpus``), read in place, never copied."""

from __future__ import annotations

import gzip
import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

CORPUS = Path(os.environ.get("NEWSBOT_CORPUS", Path(__file__).parents[2] / "shared" / "corpus"))


@dataclass(frozen=True)
class Case:
    id: str
    dir: Path
    url: str
    asserted: frozenset[str]

    @property
    def html(self) -> str:
        return gzip.decompress((self.dir / "page.html.gz").read_bytes()).decode("utf-8")

    @property
    def expected(self) -> dict[str, Any]:
        return json.loads((self.dir / "expected.json").read_text(encoding="utf-8"))

    @property
    def meta(self) -> dict[str, Any]:
        return json.loads((self.dir / "meta.json").read_text(encoding="utf-8"))


@cache
def cases(source: str | None = None) -> tuple[Case, ...]:
    """All corpus cases (of one source folder: fundus, newspaper4k, newspaper), in index order."""
    index = CORPUS / "index.jsonl"
    if not index.exists():
        return ()
    out = []
    for line in index.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if source is None or row["source"] == source:
            out.append(
                Case(row["id"], CORPUS / row["dir"], row["url"], frozenset(row["asserted_fields"]))
            )
    return tuple(out)


def require_corpus() -> None:
    """Skip when the corpus is absent, except in CI where it must be there."""
    if not (CORPUS / "index.jsonl").exists():
        if os.environ.get("CI"):
            pytest.fail(f"corpus missing at {CORPUS}")
        pytest.skip(f"corpus not found at {CORPUS}")
