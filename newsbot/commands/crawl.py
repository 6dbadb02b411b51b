"""``scrapy crawl``, with the sources file checked before the crawl starts."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from scrapy.commands.crawl import Command as ScrapyCrawl

from newsbot.sources import SourcesError, load_sources

if TYPE_CHECKING:
    import argparse


class Command(ScrapyCrawl):
    """Scrapy's crawl command; a broken sources file ends it with one clear line and exit 2."""

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if args == ["articles"]:
            assert self.settings is not None
            path = opts.spargs.get("sources") or self.settings.get("NEWSBOT_SOURCES")
            try:
                sources = load_sources(path)
            except SourcesError as exc:
                print(f"newsbot: {exc}", file=sys.stderr)
                self.exitcode = 2
                return
            only = opts.spargs.get("source")
            if only and only not in {s.name for s in sources}:
                print(f"newsbot: {path}: no source named {only!r}", file=sys.stderr)
                self.exitcode = 2
                return
        super().run(args, opts)
