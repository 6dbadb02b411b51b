"""The state interface: what newsbot remembers between runs, and the records it keeps.

Keys are article ids (:func:`newsbot.urls.article_id`, 16 hex digits) of URL keys. Writes are
pending until :meth:`State.prepare` stores them under a token (the temporary name of the feed
file that holds their items) and :meth:`State.confirm` applies them once that file is
published. So the state never says "seen" for an article that is not in a finished feed file.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable


class Status(IntEnum):
    """What happened to a URL."""

    EXPORTED = 1
    """Its article is in a finished feed file."""

    DUPLICATE = 2
    """It was a copy of a story already exported (dropped, or exported tagged)."""

    FAILED = 3
    """Its page gave no article; retried on later runs a bounded number of times."""


@dataclass(frozen=True)
class Doc:
    """What the state keeps of one exported article version to recognise its copies."""

    article: str
    """``articleId`` of the article."""

    story: str
    """``storyId``: ``articleId`` of the first article of its story."""

    version: int
    content_hash: int
    """Signed 64-bit hash of the normalised body."""

    size: int
    """Number of distinct shingles of the body."""

    numbers: bytes
    """Hashes of the figures and names in the body (see :mod:`newsbot.similarity`)."""

    published: int | None
    """Publication time, Unix seconds."""

    seen_at: int
    """Export time, Unix seconds."""

    signature: bytes
    """Sketch of the body shingles (see :mod:`newsbot.similarity`)."""

    lede: bytes
    """MinHash of the first paragraph's shingles."""

    headline: bytes
    """MinHash of the headline's words."""


@dataclass(frozen=True)
class UrlRecord:
    """One remembered URL key."""

    key: str
    status: Status
    seen_at: int
    doc: str | None = None
    """``articleId`` of the :class:`Doc` the URL's article is (exported) or copies (duplicate)."""

    failures: int = 0


@dataclass(frozen=True)
class Entry:
    """One article to remember: its URL keys, and its :class:`Doc` when it was exported."""

    keys: tuple[str, ...]
    status: Status
    seen_at: int
    doc: Doc | None = None
    bands: tuple[int, ...] = field(default=())
    """LSH band keys (signed 64-bit) under which :attr:`doc` is found again."""

    target: str | None = None
    """For a duplicate: the ``articleId`` of the doc it copies."""


@dataclass(frozen=True)
class Recovery:
    """What :meth:`State.recover` did with the batches a killed crawl left prepared."""

    applied: int = 0
    discarded: int = 0


class State(ABC):
    """Persistent crawl state. One small interface, so SQLite and Redis backends fit it.

    Reads see committed records and this run's pending ones. :meth:`add` checks and records
    in one step, so two workers cannot both claim one URL.
    """

    url: str

    # -- run lock ----------------------------------------------------------------------------

    @abstractmethod
    def lock(self) -> None:
        """Take the run lock or raise :class:`StateLocked` at once."""

    @abstractmethod
    def unlock(self) -> None:
        """Release the run lock (a killed process releases it too)."""

    # -- look-ups ----------------------------------------------------------------------------

    @abstractmethod
    def records(self, keys: Iterable[str]) -> dict[str, UrlRecord]:
        """The records of those ``keys`` that the state holds."""

    def seen(self, keys: Iterable[str]) -> set[str]:
        """The ``keys`` whose article was exported or dropped as a duplicate."""
        return {k for k, r in self.records(keys).items() if r.status != Status.FAILED}

    def has_url(self, key: str) -> bool:
        """Whether the article at URL key ``key`` was exported or dropped as a duplicate."""
        return bool(self.seen([key]))

    @abstractmethod
    def doc(self, article: str) -> Doc | None:
        """The doc of ``article``."""

    @abstractmethod
    def by_content(self, content_hash: int) -> Doc | None:
        """A doc whose body hashes to ``content_hash``."""

    @abstractmethod
    def candidates(self, bands: Iterable[int]) -> list[Doc]:
        """Docs that share at least one LSH band key with ``bands``."""

    @abstractmethod
    def validators(self, key: str) -> tuple[str | None, str | None]:
        """``(ETag, Last-Modified)`` last seen for the feed or sitemap at URL key ``key``."""

    # -- writes ------------------------------------------------------------------------------

    @abstractmethod
    def set_validators(self, key: str, etag: str | None, last_modified: str | None) -> None:
        """Remember a feed's validators (pending, committed with the batch)."""

    @abstractmethod
    def add(self, entry: Entry, *, update: bool = False) -> bool:
        """Record ``entry`` as pending unless one of its keys is already seen.

        Returns whether it was recorded. ``update`` records a new version of an exported URL.
        """

    @abstractmethod
    def record_failure(self, key: str, seen_at: int, count: int = 1) -> None:
        """Count ``count`` more failed attempts at the article at ``key`` (pending like the
        rest)."""

    @abstractmethod
    def pending(self) -> int:
        """Number of pending entries and failures."""

    @abstractmethod
    def prepare(self, token: str) -> int:
        """Durably store the pending writes under ``token``; return how many there were."""

    @abstractmethod
    def confirm(self, token: str) -> None:
        """Apply the writes prepared under ``token``: its feed file is published."""

    @abstractmethod
    def discard(self) -> None:
        """Forget this run's pending writes."""

    @abstractmethod
    def recover(self, published: Callable[[str], bool]) -> Recovery:
        """Resolve batches a killed crawl left prepared: apply those whose token
        ``published`` says made it into a finished feed file, discard the others."""

    @abstractmethod
    def has_batch(self, token: str) -> bool:
        """Whether writes are prepared under ``token`` and not yet confirmed or discarded."""

    def commit(self) -> int:
        """Prepare and confirm the pending writes at once (no feed file to wait for)."""
        count = self.prepare(_COMMIT_TOKEN)
        self.confirm(_COMMIT_TOKEN)
        return count

    @abstractmethod
    def close(self) -> None:
        """Release the lock and the connection."""

    # -- size --------------------------------------------------------------------------------

    @abstractmethod
    def counts(self) -> dict[str, int]:
        """Committed rows: ``urls``, ``docs``, ``bands``."""


_COMMIT_TOKEN = "commit:direct"
