"""Faust's consumer must not drop a fetched message that no agent acknowledged.

When table recovery ends after a rebalance (``Recovery.on_recovery_completed``), Faust
resumes the stream partitions, *then* awaits the seek back to the committed offsets, and
only then resumes flow control, which clears every agent's queue (``FlowControlEvent.resume``,
the queues are ``clear_on_resume``). Messages the fetch loop handed out in that window are
thrown away unacknowledged. If the fetch position was already past them, they are never
fetched again; if they are, a batch still being handed out when the seek returned can have
moved the partition's read offset (``Consumer._read_offset``) past them, and the fetch loop
(``Consumer._drain_messages``) skips anything below it as already delivered. Either way
Faust commits only a run of acknowledged offsets that starts at the committed one
(``Consumer._new_offset``), so the partition's commit stops in front of them for good while
the agents go on with later offsets: nothing committed, Faust believes it has read
everything, the thrown-away claims are never judged (a relative of faust-streaming #221).

:func:`install` makes Faust read those messages again, in two places:

* after recovery has resumed flow control (and so cleared the queues), the consumer seeks
  back to the committed offsets once more (to the first offset where nothing is committed
  yet), so what was thrown away is fetched again;
* ``Consumer.getmany`` lets a fetched message that the fetch loop would skip (below the read
  offset, at or above the committed one, not acknowledged) lower the read offset to itself,
  so it is delivered after all.

At-least-once either way: a message read twice is judged twice, which raises no new alert.
"""

from __future__ import annotations

import logging
from typing import Any

from faust.tables.recovery import Recovery
from faust.transport.consumer import Consumer

log = logging.getLogger(__name__)


def must_deliver(consumer: Any, tp: Any, offset: int) -> bool:
    """Would Faust skip this message although nobody acknowledged it?"""
    read = consumer._read_offset[tp]
    if read is None or offset >= read:
        return False  # Faust delivers it anyway
    committed = consumer._committed_offset[tp]
    return (committed is None or offset >= committed) and offset not in consumer._acked_index[tp]


async def seek_back(app: Any) -> None:
    """Seek the agents' input partitions back to the committed offsets, and those with
    nothing committed to their first offset (``seek_to_committed`` leaves them alone)."""
    consumer = app.consumer
    await consumer.perform_seek()
    fresh = [tp for tp in consumer.assignment()
             if app.topics.acks_enabled_for(tp.topic) and consumer._committed_offset[tp] is None]
    if fresh:
        await consumer.seek_wait(await consumer.earliest_offsets(*fresh))


def install() -> None:
    """Patch Faust's consumer and recovery (once per process)."""
    if getattr(Consumer.getmany, "_gainsay_redelivers", False):
        return
    getmany = Consumer.getmany
    on_recovery_completed = Recovery.on_recovery_completed

    async def getmany_redelivering(self, timeout: float):
        async for tp, message in getmany(self, timeout):
            if must_deliver(self, tp, message.offset):
                log.warning("redelivering %s offset %d: Faust would skip it (read offset %s) "
                            "though it is not acknowledged", tp, message.offset,
                            self._read_offset[tp])
                self._read_offset[tp] = message.offset
            yield tp, message

    async def on_recovery_completed_then_seek(self, generation_id: int = 0) -> None:
        await on_recovery_completed(self, generation_id)
        app = self.app
        if app.consumer_generation_id == generation_id and app.consumer.assignment():
            # flow control was resumed just now, clearing what the agents had queued
            await self._wait(seek_back(app), timeout=app.conf.broker_request_timeout)

    getmany_redelivering._gainsay_redelivers = True
    Consumer.getmany = getmany_redelivering
    Recovery.on_recovery_completed = on_recovery_completed_then_seek
