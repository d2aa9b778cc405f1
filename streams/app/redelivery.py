"""Faust's consumer must not drop a fetched message that no agent acknowledged.

faust-streaming's fetch loop (``Consumer._drain_messages``) skips a fetched message whose
offset is below the partition's read offset (``Consumer._read_offset``), taking it for one
it already delivered. After a rebalance that is not so. When table recovery ends
(``Recovery``), Faust resumes the stream partitions, *then* awaits the seek back to the
committed offsets, and only then resumes flow control, which clears every agent's queue
(``FlowControlEvent.resume``). Messages the fetch loop handed out in between are thrown away
unacknowledged, and a batch it was still handing out when the seek returned moves the read
offset past the committed one again. The same messages, fetched again from the committed
offset, are then skipped. Faust commits only a run of acknowledged offsets that starts at the
committed one (``Consumer._new_offset``), so the partition's commit stops in front of them for
good while the agents go on with later offsets: nothing committed, Faust believes it has read
everything, the skipped claims are never judged (faust-streaming #221 is this race).

:func:`install` wraps ``Consumer.getmany`` so that such a message (below the read offset,
at or above the committed one, not acknowledged) lowers the read offset to itself and is
delivered after all: at-least-once, a duplicate at worst.
"""

from __future__ import annotations

import logging
from typing import Any

from faust.transport.consumer import Consumer

log = logging.getLogger(__name__)


def must_deliver(consumer: Any, tp: Any, offset: int) -> bool:
    """Would Faust skip this message although nobody acknowledged it?"""
    read = consumer._read_offset[tp]
    if read is None or offset >= read:
        return False  # Faust delivers it anyway
    committed = consumer._committed_offset[tp]
    return (committed is None or offset >= committed) and offset not in consumer._acked_index[tp]


def install() -> None:
    """Patch Faust's consumer (once per process)."""
    if getattr(Consumer.getmany, "_gainsay_redelivers", False):
        return
    getmany = Consumer.getmany

    async def getmany_redelivering(self, timeout: float):
        async for tp, message in getmany(self, timeout):
            if must_deliver(self, tp, message.offset):
                log.warning("redelivering %s offset %d: Faust would skip it (read offset %s) "
                            "though it is not acknowledged", tp, message.offset,
                            self._read_offset[tp])
                self._read_offset[tp] = message.offset
            yield tp, message

    getmany_redelivering._gainsay_redelivers = True
    Consumer.getmany = getmany_redelivering
