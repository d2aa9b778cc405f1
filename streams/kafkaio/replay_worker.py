"""The worker a replay runs: a stock ``gainsay worker`` child process, started and stopped by pid."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys
from contextlib import suppress
from dataclasses import fields
from pathlib import Path

from streams.config import Settings

PR_SET_PDEATHSIG = 1


def worker_env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GAINSAY_")}
    env.update({f"GAINSAY_{f.name.upper()}": str(getattr(settings, f.name)) for f in fields(settings)})
    return env


def _die_with_parent() -> None:
    """In the child (Linux): get SIGTERM when the replay process dies, even by SIGKILL."""
    with suppress(OSError, AttributeError):
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def start_worker(settings: Settings, log_path: Path) -> subprocess.Popen:
    """``gainsay worker`` under the replay's settings, output to ``log_path``.

    Its own session keeps a terminal's Ctrl-C for the replay (which then stops it by pid);
    the parent-death signal keeps it from outliving a killed replay.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        return subprocess.Popen([sys.executable, "-m", "streams.cli", "worker"], env=worker_env(settings),
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                                preexec_fn=_die_with_parent if sys.platform == "linux" else None)


def stop_worker(process: subprocess.Popen, timeout_s: float = 30.0) -> None:
    """SIGTERM by pid (Faust shuts down cleanly, closes its pool and leaves the group), SIGKILL
    if it hangs; then SIGKILL whatever is left of its process group (its own session: only
    the worker's pool children), so nothing outlives the replay."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def log_tail(path: Path, lines: int = 40) -> str:
    with suppress(OSError):
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    return ""
