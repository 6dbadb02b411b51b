"""A run lock on a file: one crawl per state at a time; a killed crawl releases it."""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from newsbot.exceptions import StateLocked


class RunLock:
    """An exclusive ``flock`` on ``path``. The kernel drops it when the process dies,
    so a crawl killed with SIGKILL never leaves a stale lock behind."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    def acquire(self, what: str) -> None:
        """Take the lock at once or raise :class:`StateLocked` naming the holder."""
        if self._fd is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "unknown"
            os.close(fd)
            raise StateLocked(
                f"{what} is in use by another crawl ({holder}); this crawl exits without "
                "crawling. Runs that overlap (cron) must wait for the previous one."
            ) from None
        os.ftruncate(fd, 0)
        started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        os.pwrite(fd, f"pid {os.getpid()}, started {started}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        """Release the lock if held."""
        if self._fd is None:
            return
        os.ftruncate(self._fd, 0)
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None
