"""Resident memory of a process and its descendants, read from ``/proc`` (Linux)."""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")


def _ppid(stat: str) -> int:
    # "pid (comm) state ppid ...": comm may hold spaces and parentheses
    return int(stat[stat.rindex(")") + 2 :].split()[1])


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (pool children, their helpers)."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            children.setdefault(_ppid((entry / "stat").read_text()), []).append(int(entry.name))
        except (OSError, ValueError):
            continue  # exited while we looked
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, ()))
    return out


def rss_bytes(pid: int) -> int:
    try:
        for line in (PROC / str(pid) / "status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return 0
    return 0


def tree_rss_bytes(pid: int) -> int:
    """RSS of ``pid`` and its descendants (shared pages counted once per process)."""
    if not PROC.is_dir():
        raise RuntimeError("worker memory is read from /proc, which this system does not have")
    return sum(rss_bytes(p) for p in descendants(pid))


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]
