"""Hand-made pages, one per layout or rule, each with the fields it must give (its JSON).

A page is ``tests/pages/extract/<case>.html`` beside ``<case>.json``, which holds the
page's ``url`` and the expected fields: ``headline``, ``authors`` (names) and
``articleBody``, as ``newsbot extract`` gives them. Review a JSON diff like code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsbot.extract import extract_article

PAGES = Path(__file__).parent / "pages" / "extract"
CASES = sorted(p.stem for p in PAGES.glob("*.json"))
FIELDS = ("headline", "authors", "articleBody")


def comparable(fields: dict[str, Any]) -> dict[str, Any]:
    """The asserted fields, the body as its list of paragraphs (a diff then names them)."""
    out = {name: fields[name] for name in FIELDS if name in fields}
    if isinstance(out.get("articleBody"), str):
        out["articleBody"] = out["articleBody"].split("\n\n")
    return out


@pytest.mark.parametrize("case", CASES)
def test_page_gives_its_expected_fields(case: str) -> None:
    want = json.loads((PAGES / f"{case}.json").read_text(encoding="utf-8"))
    html = (PAGES / f"{case}.html").read_text(encoding="utf-8")
    got = extract_article(html, want["url"])
    got["authors"] = [author["name"] for author in got["authors"]]
    assert comparable({k: got[k] for k in want if k in FIELDS}) == comparable(want)
