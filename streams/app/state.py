"""Agent state that is durable before the offset of the event that changed it commits.

Faust writes a table change to its changelog through a producer *buffer*, and its commit
drains that buffer with a 0.1 s give-up (``ProducerBuffer.flush_atmost``): under load a
stance write could still sit in the buffer when the claim's offset was committed, and a
SIGKILL then lost it (and with it the alerts the next claims would have raised).
:meth:`DurableTable.put` writes the value and waits until the broker acknowledged the
changelog record, so the agent only moves on (and its offset only becomes committable)
once the state survives the worker.
"""

from __future__ import annotations

from typing import Any, Protocol

import faust


class StateStore(Protocol):
    """The key → value state an agent reads and writes."""

    def get(self, key: str, default: Any = None) -> Any: ...

    async def put(self, key: str, value: Any) -> None:
        """Store ``value``; return once it is durable."""
        ...


class DurableTable(faust.Table):
    """A Faust table whose writes can be awaited until the changelog record is acknowledged."""

    _last_changelog: Any = None

    def send_changelog(self, *args: Any, **kwargs: Any) -> Any:
        fut = super().send_changelog(*args, **kwargs)
        self._last_changelog = fut  # __setitem__ is synchronous: this is the write just made
        return fut

    async def put(self, key: str, value: Any) -> None:
        self[key] = value
        fut, self._last_changelog = self._last_changelog, None
        if fut is not None:
            await fut  # raises if the broker refused the write: the offset then never commits
