"""A real ``redis-server`` for the tests, on a free port of 127.0.0.1, stopped afterwards.

``scripts/test`` installs redis-server when it is absent, so under CI (``CI`` set) a missing
server is a failure; on a developer machine without one the tests that need it are skipped.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from typing import TYPE_CHECKING

import pytest
import redis

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path


def redis_server_binary() -> str:
    """Path of redis-server; skip the test without one, unless in CI where it must exist."""
    path = shutil.which("redis-server") or (
        "/usr/bin/redis-server" if os.path.exists("/usr/bin/redis-server") else None
    )
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("redis-server is not installed; scripts/test installs it")
        pytest.skip("redis-server is not installed (scripts/test installs it)")
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """One ``redis-server`` process in ``directory``; its data survives :meth:`stop` and
    :meth:`start` (append-only file), as a production Redis's would."""

    def __init__(self, directory: Path, password: str | None = None) -> None:
        self.directory = directory
        self.password = password
        """``--requirepass``: clients must give it (the URLs here do not)."""
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                redis_server_binary(), "--port", str(self.port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "yes", "--appendfsync", "always",
                "--dir", str(self.directory),
                *(("--requirepass", self.password) if self.password else ()),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = self.client()
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start on port {self.port}") from None
                time.sleep(0.05)
        client.close()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, password=self.password)


def running_redis(directory: Path) -> Iterator[RedisServer]:
    """Fixture body: a started server, stopped when the fixture ends."""
    server = RedisServer(directory)
    server.start()
    try:
        yield server
    finally:
        server.stop()
