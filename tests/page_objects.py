"""web-poet page objects for the mislead site (:mod:`tests.sites.mislead`), named by the sources
files of the override tests."""

from __future__ import annotations

from web_poet import WebPage, field


class RiversideArticle(WebPage):
    """What the ``[source.fields]`` selectors say, as code: sync, async and cached fields."""

    @field
    def headline(self) -> str | None:
        return self.css("div.ttl::text").get()

    @field
    def authors(self) -> list[str]:
        return self.xpath("//span[@class='nm']/text()").getall()

    @field(cached=True)
    async def datePublishedRaw(self) -> str | None:
        return self.css("div.stamp::text").get()

    @field
    def articleBody(self) -> str:
        return "\n\n".join(self.css("div.txt > p:not(.cta)::text").getall())

    @field
    def description(self) -> None:
        """Finds nothing: the generic value stays."""
        return None


class Broken(WebPage):
    """A page object whose site was redesigned under it."""

    @field
    def headline(self) -> str:
        raise ValueError("div.ttl is gone")


class NotAPage:
    """Not a page object at all."""


class WrongField(WebPage):
    @field
    def title(self) -> str:
        return "no such item field"
