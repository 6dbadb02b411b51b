"""The published feed schema: generated from the item, in README, and every exported line fits."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from jsonschema import Draft202012Validator

from newsbot.demo.site import DemoSite
from newsbot.items import Article
from newsbot.schema import (
    README_PATH,
    SCHEMA_PATH,
    TABLE_END,
    TABLE_START,
    article_schema,
    readme_table,
    schema_text,
)
from tests.crawl import run_crawl

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_schema_file_is_generated_from_the_item() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), (
        "newsbot/article.schema.json is stale: run python -m newsbot.schema"
    )


def test_readme_table_is_generated_from_the_schema() -> None:
    readme = README_PATH.read_text(encoding="utf-8")
    table = readme.split(TABLE_START, 1)[1].split(TABLE_END, 1)[0].strip()
    assert table == readme_table(article_schema()), (
        "the README field table is stale: run python -m newsbot.schema"
    )
    documented = [line.split("`")[1] for line in table.splitlines()[2:]]
    assert documented == list(Article.__dataclass_fields__)


def test_every_field_is_required_and_no_other(validator: Draft202012Validator) -> None:
    line = json.loads(json.dumps(Article(url="https://a.example/x").__dict__))
    assert list(validator.iter_errors(line)) == []
    assert not validator.is_valid({k: v for k, v in line.items() if k != "headline"})
    assert not validator.is_valid({**line, "extra": 1})
    assert not validator.is_valid({**line, "authors": "A. Writer"})
    assert not validator.is_valid({**line, "wordCount": "12"})


def test_every_exported_line_validates(validator: Draft202012Validator, tmp_path: Path) -> None:
    with DemoSite() as demo:
        result = run_crawl(tmp_path, demo.sources_toml())
    assert result.returncode == 0, result.log
    assert len(result.items) >= 40
    for item in result.items:
        errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(item)]
        assert errors == [], item["url"]
