"""A replay's worker never outlives the replay: a hung one is killed with its children."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from streams.kafkaio.replay_worker import stop_worker

STUBBORN = "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)"
HUNG = f"""
import subprocess, sys
child = subprocess.Popen([sys.executable, "-c", {STUBBORN!r}])
print(child.pid, flush=True)
{STUBBORN}
"""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as f:  # a zombie is dead for our purpose
        return f.read().split()[2] != "Z"


def test_a_worker_ignoring_sigterm_is_killed_with_its_pool_children():
    process = subprocess.Popen([sys.executable, "-c", HUNG], stdout=subprocess.PIPE, text=True,
                               start_new_session=True)
    child = int(process.stdout.readline())
    started = time.monotonic()
    stop_worker(process, timeout_s=1.0)
    assert process.returncode is not None and time.monotonic() - started < 15
    deadline = time.monotonic() + 5
    while alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(child)
