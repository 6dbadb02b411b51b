"""Unfinished files: written in a hidden ``.partial/`` folder beside their final name and
renamed into place when complete, so that no reader (``feeds/*.jsonl*``) ever sees half a
file; the ones a killed run leaves behind are removed by the next run.

A writer holds a lock (``flock``) on its file while it is open: the kernel releases it when
the process dies, however it dies, which is how :func:`sweep` tells a stale file from one a
live crawl (another worker, an overlapping run) is still writing.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
from pathlib import Path
from typing import IO, TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

PARTIAL_DIR = ".partial"


def partial_path(target: Path) -> Path:
    """Where ``target`` is written until it is complete: ``<dir>/.partial/<name>.part``."""
    return target.parent / PARTIAL_DIR / f"{target.name}.part"


def open_partial(target: Path, *, append: bool = False) -> IO[bytes]:
    """Open the partial file of ``target`` for writing, locked; with ``append``, starting
    with what ``target`` holds. Publish it with :func:`publish`."""
    path = partial_path(target)
    while True:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # Truncated only once locked: a live writer's file is never emptied.
            file = open(os.open(path, os.O_WRONLY | os.O_CREAT, 0o644), "wb")  # noqa: SIM115
        except FileNotFoundError:
            continue  # the empty folder was just removed (tidy): make it again
        try:
            fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.close()
            raise FileExistsError(
                errno.EBUSY, "being written by another process", str(target)
            ) from None
        if _same_file(path, file):
            break
        file.close()  # swept between open and lock: make a new one
    file.truncate(0)
    if append and target.exists():
        with target.open("rb") as existing:
            shutil.copyfileobj(existing, file)
    return file


def publish(file: IO[bytes], target: Path) -> None:
    """Close the partial file of ``target``, durably, and rename it to ``target`` (then
    remove the ``.partial/`` folder if nothing else is in it)."""
    file.flush()
    os.fsync(file.fileno())
    os.replace(partial_path(target), target)  # before close: the lock covers the rename
    file.close()
    fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    tidy(target)


def discard(file: IO[bytes], target: Path) -> None:
    """Close and remove the partial file of ``target``: it will not be published."""
    partial_path(target).unlink(missing_ok=True)  # before close: the lock covers the unlink
    file.close()
    tidy(target)


def tidy(target: Path) -> None:
    """Remove the ``.partial/`` folder of ``target`` if it is empty."""
    with contextlib.suppress(OSError):  # not empty (another writer), or already gone
        partial_path(target).parent.rmdir()


def sweep(directories: Iterable[Path], keep: Callable[[Path], bool] = lambda path: False) -> int:
    """Remove the partial files in ``directories`` that no live process holds and ``keep``
    does not claim (a state batch waiting for that file to be published): those of killed
    runs. Also the ``.<name>.part`` files older versions wrote beside the feeds. Returns how
    many were removed."""
    removed = 0
    for directory in directories:
        candidates = [*directory.glob(f"{PARTIAL_DIR}/*.part"), *directory.glob(".*.part")]
        for path in candidates:
            try:
                fd = os.open(path, os.O_RDONLY)
            except OSError:
                continue  # published or removed meanwhile
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                if not keep(path.absolute()) and _same_file(path, fd):
                    path.unlink()
                    removed += 1
            except OSError:
                pass  # held by a live writer
            finally:
                os.close(fd)
    return removed


def _same_file(path: Path, file: IO[bytes] | int) -> bool:
    """Whether ``path`` still names the open ``file``."""
    fd = file if isinstance(file, int) else file.fileno()
    try:
        return os.stat(path).st_ino == os.fstat(fd).st_ino
    except FileNotFoundError:
        return False
