"""What every demo news site shares: routing, 404 pages, and the expected view of its stories."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from newsbot.demo.server import Reply, Request, html_reply, redirect_reply

if TYPE_CHECKING:
    from newsbot.demo.stories import SitePlan, Story

View = Callable[..., Reply]


def esc(text: str) -> str:
    """HTML-escape text and attribute values."""
    return html.escape(text, quote=True)


def json_ld(data: Any) -> str:
    """A JSON-LD ``<script>`` block, safe inside HTML."""
    text = json.dumps(data, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


class NewsSite:
    """A demo news site. Subclasses give routes (path regex -> method name) and page renderers."""

    name: ClassVar[str]
    title: ClassVar[str]
    plan: ClassVar[SitePlan]
    language: ClassVar[str] = "en"
    routes: ClassVar[tuple[tuple[str, str], ...]] = ()

    def __init__(self, stories: list[Story]) -> None:
        self.stories = stories
        """Newest first."""
        self.by_number = {story.number: story for story in stories}
        self._routes = [(re.compile(pattern), method) for pattern, method in self.routes]

    def respond(self, request: Request) -> Reply:
        """Route ``request`` to a page method; add a missing trailing slash; else 404."""
        for pattern, method in self._routes:
            match = pattern.fullmatch(request.path)
            if match:
                reply: Reply | None = getattr(self, method)(request, **match.groupdict())
                if reply is not None:
                    return reply
        if not request.path.endswith("/") and any(
            p.fullmatch(request.path + "/") for p, _ in self._routes
        ):
            return redirect_reply(request.path + "/")
        return html_reply(self.not_found_page(request), status=404)

    def not_found_page(self, request: Request) -> str:
        """The site's 404 page."""
        return (
            f'<!DOCTYPE html><html lang="{self.language}"><head><meta charset="utf-8">'
            f"<title>Page not found | {esc(self.title)}</title></head><body>"
            f"<h1>Sorry, we couldn’t find that page</h1><p>The page {esc(request.path)} may "
            f'have been moved or deleted.</p><p><a href="/">Go to the {esc(self.title)} '
            "home page</a></p></body></html>"
        )

    def article_path(self, story: Story) -> str:
        """The path of ``story``'s page, as its canonical URL has it."""
        raise NotImplementedError

    def paragraphs(self, story: Story) -> tuple[str, ...]:
        """The body paragraphs as this site prints them (a wire adds its dateline)."""
        return story.paragraphs

    def story_at(self, number: str | int) -> Story | None:
        """The story with that id, or None."""
        return self.by_number.get(int(number))

    def sources_entry(self, base: str) -> str:
        """This site's ``[[source]]`` table for a sources file, served at ``base``."""
        raise NotImplementedError

    def expected(self, base: str) -> dict[str, dict[str, Any]]:
        """Canonical article URL -> the fields newsbot must export for it."""
        return {
            base + self.article_path(story): {
                "headline": story.headline,
                "articleBody": "\n\n".join(self.paragraphs(story)),
                "authors": list(story.authors),
                "datePublished": story.published.isoformat(),
                "source": self.name,
                "inLanguage": self.language,
            }
            for story in self.stories
        }
