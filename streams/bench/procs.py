"""Resident memory and CPU time of a process and its descendants, read from ``/proc`` (Linux)."""

from __future__ import annotations

import os
import threading
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


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds ``pid`` has used so far (0 if it is gone)."""
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return 0.0
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class CpuMeter:
    """CPU seconds used by ``pid`` and its descendants while the meter runs, children that
    come and go included (sampled every ``every_s``; a child's last sample counts).

    On a machine shared with other work, wall-clock rates follow the load, but the CPU a
    phase needs per article hardly does: the bench reports both."""

    def __init__(self, pid: int, every_s: float = 0.1) -> None:
        self.pid, self.every_s = pid, every_s
        self._start: dict[int, float] = {}
        self._last: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="cpu-meter", daemon=True)

    def _sample(self, baseline: bool = False) -> None:
        for p in descendants(self.pid):
            used = cpu_seconds(p)
            self._start.setdefault(p, used if baseline else 0.0)  # a new child: from 0
            self._last[p] = max(used, self._last.get(p, 0.0))

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            self._sample()

    def __enter__(self) -> CpuMeter:
        if PROC.is_dir():
            self._sample(baseline=True)  # processes already running count from now
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._thread.is_alive():
            self._stop.set()
            self._thread.join()
            self._sample()

    @property
    def seconds(self) -> float:
        return sum(self._last[p] - self._start.get(p, 0.0) for p in self._last)


def load_average() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]
