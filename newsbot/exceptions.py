"""The exceptions several layers share: why an item was dropped, why the state cannot be used.

Scrapy counts a drop by its class name (``item_dropped_reasons_count/DuplicateUrl``), so each
name is a line of the run report. The pipelines raise them; the state, the run report and the
capture read them; here, so that none of those imports another layer to learn a name.
"""

from __future__ import annotations

from scrapy.exceptions import DropItem

# -- not an article (newsbot.pipelines.validate) ------------------------------------------------


class InvalidArticle(DropItem):
    """The page gave no usable article: no headline or no body text."""


class NoHeadline(InvalidArticle):
    """The page has no headline."""


class NoBody(InvalidArticle):
    """No body text was found on the page."""


class ShortBody(InvalidArticle):
    """The body is too short to be an article (a teaser, a stub, an error page)."""


class NotAnArticle(DropItem):
    """The page, served with status 200, is no article (``accessStatus``, from
    :mod:`newsbot.extract.pagetype`): raised as such for a listing or hub page (many headline
    links, little text of its own, no article markup, no date), as a subclass for a page
    standing in for an article."""


class BotChallenge(NotAnArticle):
    """A bot-protection challenge ("Just a moment...") instead of the article."""


class ConsentWall(NotAnArticle):
    """A cookie or privacy consent wall instead of the article."""


class SoftNotFound(NotAnArticle):
    """A "page not found" page served with status 200."""


# -- already exported (newsbot.pipelines.dedupe) ------------------------------------------------


class Duplicate(DropItem):
    """The story was already exported (by this run or an earlier one)."""


class DuplicateUrl(Duplicate):
    """The article's URL (or canonical URL) is already in the state."""


class DuplicateContent(Duplicate):
    """The same body text was exported under another URL."""


class NearDuplicate(Duplicate):
    """Another outlet's copy of a story already exported (syndication, brief, update)."""


class UnchangedStory(Duplicate):
    """A rechecked article whose body has not materially changed."""


# -- the state (newsbot.state) ------------------------------------------------------------------


class StateError(RuntimeError):
    """The state cannot be used: wrong URL, foreign or corrupted file, newer schema."""


class StateLocked(StateError):
    """Another crawl holds the state (a cron run that overlaps the previous one)."""
