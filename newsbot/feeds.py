"""Feed files published atomically: written under a temporary name, renamed when complete."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scrapy.extensions.feedexport import FileFeedStorage

if TYPE_CHECKING:
    from scrapy import Spider


class AtomicFileFeedStorage(FileFeedStorage):
    """A local feed file that readers see only whole: ``.name.part`` until the crawl ends.

    A crawl killed mid-way leaves a ``.part`` file behind and never a truncated feed.
    In append mode the existing file is copied into the temporary one first.
    """

    def __init__(self, uri: str, *, feed_options: dict[str, Any] | None = None) -> None:
        super().__init__(uri, feed_options=feed_options)
        target = Path(self.path)
        self.temp_path = target.with_name(f".{target.name}.part")

    def open(self, spider: Spider) -> IO[bytes]:
        target = Path(self.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        if self.write_mode == "ab" and target.exists():
            shutil.copyfile(target, self.temp_path)
            return self.temp_path.open("ab")
        return self.temp_path.open("wb")

    def store(self, file: IO[bytes]) -> None:
        file.flush()
        os.fsync(file.fileno())
        file.close()
        os.replace(self.temp_path, self.path)
        _fsync_dir(Path(self.path).parent)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
