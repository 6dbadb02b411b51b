"""What a process leaves running or listening, read from ``/proc`` (Linux)."""

from __future__ import annotations

import os
from pathlib import Path

LISTEN = "0A"
"""State of a listening TCP socket in ``/proc/net/tcp``."""


def session(sid: int) -> list[int]:
    """The live processes (zombies are dead) of session ``sid``: a process started with
    ``start_new_session=True`` and everything it started, reparented or not."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue  # gone meanwhile
        state, _ppid, _pgrp, session_id = stat.rsplit(")", 1)[1].split()[:4]
        if int(session_id) == sid and state not in ("Z", "X"):
            found.append(int(entry.name))
    return found


def listening_ports(pid: int) -> list[int]:
    """TCP ports that process ``pid`` listens on."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[len("socket:[") : -1])
    ports = []
    for table in ("tcp", "tcp6"):
        path = Path(f"/proc/{pid}/net/{table}")
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == LISTEN and fields[9] in inodes:
                ports.append(int(fields[1].rsplit(":", 1)[1], 16))
    return ports
