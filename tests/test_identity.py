"""The user agent names newsbot and the operator's contact (NEWSBOT_CONTACT)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from scrapy.settings import Settings

from newsbot import __version__
from newsbot import settings as project
from newsbot.demo.site import DemoSite
from newsbot.identity import UserAgent
from tests.crawl import run_crawl

if TYPE_CHECKING:
    from pathlib import Path

    from newsbot.demo.server import App, Reply, Request

CONTACT = "https://analysts.example/crawler"


def crawler_agent(**settings: str) -> str:
    """The user agent once the add-on has seen the shipped settings and ``settings``."""
    shipped = Settings()
    shipped.setmodule(project, priority="project")
    shipped.setdict(settings, priority="cmdline")
    UserAgent().update_settings(shipped)
    return str(shipped["USER_AGENT"])


def test_the_user_agent_names_newsbot(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSBOT_CONTACT", raising=False)
    assert crawler_agent() == f"newsbot/{__version__}"
    assert crawler_agent(NEWSBOT_CONTACT=CONTACT) == f"newsbot/{__version__} (+{CONTACT})"
    monkeypatch.setenv("NEWSBOT_CONTACT", "crawler@analysts.example")
    assert crawler_agent() == f"newsbot/{__version__} (+crawler@analysts.example)"
    assert crawler_agent(NEWSBOT_CONTACT=CONTACT) == f"newsbot/{__version__} (+{CONTACT})"
    assert crawler_agent(USER_AGENT="mybot/1.0") == "mybot/1.0"  # the operator's own wins


class Agents:
    """A demo site that remembers the User-Agent of every request."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.name = app.name
        self.seen: set[str | None] = set()

    def respond(self, request: Request) -> Reply:
        self.seen.add(request.headers.get("User-Agent"))
        return self.app.respond(request)


def test_sites_see_newsbot_and_the_contact(tmp_path: Path) -> None:
    with DemoSite() as demo:
        apps = [Agents(server.app) for server in demo.servers]
        for server, app in zip(demo.servers, apps, strict=True):
            server.app = app
        result = run_crawl(tmp_path, demo.sources_toml(), settings={"NEWSBOT_CONTACT": CONTACT})
    assert result.returncode == 0, result.log[-3000:]
    assert set().union(*(app.seen for app in apps)) == {f"newsbot/{__version__} (+{CONTACT})"}
