"""Who is crawling: the user agent names newsbot, its version and the operator's contact."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from newsbot import __version__

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings


def user_agent(contact: str | None) -> str:
    """``newsbot/0.1.0 (+https://example.com/crawler)``; without a contact, ``newsbot/0.1.0``."""
    agent = f"newsbot/{__version__}"
    return f"{agent} (+{contact.strip()})" if contact and contact.strip() else agent


class UserAgent:
    """Add-on (in ``ADDONS``): set ``USER_AGENT`` from ``NEWSBOT_CONTACT`` (the setting, else the
    environment variable), a URL or address where a site owner reaches whoever runs the crawl.
    A ``USER_AGENT`` of your own (settings, ``-s``) wins."""

    def update_settings(self, settings: BaseSettings) -> None:
        contact = settings.get("NEWSBOT_CONTACT") or os.environ.get("NEWSBOT_CONTACT")
        settings.set("USER_AGENT", user_agent(contact), priority="addon")
