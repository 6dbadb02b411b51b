"""A source's page object: per-site extraction code whose fields override the generic values.

``page = "mypkg.pages:GazetteArticle"`` in the sources file names a web-poet ``WebPage``
subclass (the Scrapy ecosystem's page objects). newsbot builds it from the page, its one input
being the page's ``HttpResponse``, and reads its ``@field`` values as it reads selector matches
(:func:`newsbot.extract.overrides.field_value`): an empty value keeps the generic one.
"""

from __future__ import annotations

import asyncio
import importlib
import re
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from newsbot.extract.overrides import BODY_FIELD, FIELDS, field_value

if TYPE_CHECKING:
    from collections.abc import Coroutine

    from web_poet import WebPage


def load_page_object(path: str) -> type[WebPage[Any]]:
    """The class ``path`` names (``module:Class`` or ``module.Class``); ValueError saying why
    it cannot be used."""
    from web_poet import WebPage
    from web_poet.fields import get_fields_dict

    module_name, sep, name = path.partition(":") if ":" in path else path.rpartition(".")
    if not (module_name and sep and name):
        raise ValueError(f"{path!r} is not of the form 'module:Class'")
    try:
        cls = getattr(importlib.import_module(module_name), name)
    except (ImportError, AttributeError) as exc:
        raise ValueError(f"cannot import {path!r}: {type(exc).__name__}: {exc}") from None
    if not (isinstance(cls, type) and issubclass(cls, WebPage)):
        raise ValueError(f"{path!r} is not a web-poet WebPage subclass")
    unknown = sorted(set(get_fields_dict(cls)) - set(FIELDS))
    if unknown:
        raise ValueError(
            f"{path!r}: field {unknown[0]!r} is not one newsbot extracts "
            f"(fields that can be overridden: {', '.join(FIELDS)})"
        )
    return cls


def page_object_fields(html: str, url: str, path: str) -> dict[str, Any]:
    """The item values the page object's fields give for this page, None for an empty one.
    What the page object raises propagates."""
    from web_poet import HttpResponse
    from web_poet.fields import get_fields_dict

    cls = load_page_object(path)
    page = cls(response=HttpResponse(url, html.encode("utf-8"), encoding="utf-8"))
    values = _run(_field_values(page, list(get_fields_dict(cls))))
    found = {}
    for name, value in values.items():
        if name == BODY_FIELD and isinstance(value, str):
            texts: list[str | None] = re.split(r"\n\s*\n", value)
        else:
            texts = _texts(value)
        found[name] = field_value(name, texts, url)
    return found


async def _field_values(page: Any, names: list[str]) -> dict[str, Any]:
    from web_poet.utils import ensure_awaitable

    # web-poet's helper has no annotations.
    return {name: await ensure_awaitable(getattr(page, name)) for name in names}  # type: ignore[no-untyped-call]


def _run(coroutine: Coroutine[Any, Any, dict[str, Any]]) -> dict[str, Any]:
    """Run a page object's fields, which may be async, from synchronous code."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    # Inline extraction (no worker processes) runs on the crawl's own event loop.
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def _texts(value: Any) -> list[str | None]:
    """A field's value as texts: a string, a ``{"name"}``/``{"url"}`` object, or a list."""
    if value is None:
        return []
    if isinstance(value, Mapping):
        text = value.get("name") or value.get("url")
        return [str(text)] if text else []
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        return [text for v in value for text in _texts(v)]
    return [str(value)]
