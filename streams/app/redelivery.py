"""Faust's consumer must not lose a fetched message that no agent acknowledged.

faust-streaming 0.15.3 throws fetched messages away in two places without moving the fetch
position back:

* ``Consumer.getmany`` discards records the client returned for a partition Faust has paused
  (table recovery pauses the stream partitions), or all of them when flow stopped meanwhile
  (a rebalance). Its seek back to the committed offsets (``Consumer.perform_seek``) moves
  only partitions with a committed offset; on a partition with nothing committed yet the
  discarded records are never fetched again. Traced with two workers, one SIGKILLed: the
  survivor took over the dead worker's partitions (nothing committed there yet), the fetch
  right after recovery resumed returned them to their end and getmany discarded it all: the
  claims on them were never judged and later commits went past them (alerts lost), and the
  articles on them were never read (the stall guard fired).
* When table recovery ends (``Recovery.on_recovery_completed``), Faust resumes the stream
  partitions, awaits the seek back to the committed offsets, and only then resumes flow
  control, which clears every agent's queue (``FlowControlEvent.resume``; the queues are
  ``clear_on_resume``). What the fetch loop handed out in between is dropped unacknowledged,
  with the fetch position past it (traced after a SIGKILL and restart: the partition's
  commit stopped in front of the dropped messages for good, Faust committing only a run of
  acknowledged offsets from the committed one, ``Consumer._new_offset``).

:func:`install` makes Faust read exactly those messages again:

* for every partition the lowest offset thrown away in either place is noted
  (:func:`not_handed_out`, :func:`lowest_dropped`); Faust's seek back to the committed offsets
  forgets the notes of the partitions it moves, which read them again anyway;
* once recovery is complete, each input partition with a note its commit has not passed is
  sought back to it (:func:`to_read_again`). A partition where nothing was thrown away is
  left alone, so a plain start or rebalance reads nothing twice;
* ``Consumer.getmany`` lets a fetched message that the fetch loop would skip (below the read
  offset, at or above the committed one, not acknowledged) lower the read offset to itself,
  so it is delivered after all (a batch still being handed out when a seek returned can have
  moved the read offset past messages fetched again, ``Consumer._drain_messages``).

At-least-once either way: a message read twice is judged twice, which raises no new alert.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from faust.tables.recovery import Recovery
from faust.transport.consumer import Consumer
from mode.utils.queues import FlowControlEvent

log = logging.getLogger(__name__)
_installed = False


def must_deliver(consumer: Any, tp: Any, offset: int) -> bool:
    """Would Faust skip this message although nobody acknowledged it?"""
    read = consumer._read_offset[tp]
    if read is None or offset >= read:
        return False  # Faust delivers it anyway
    committed = consumer._committed_offset[tp]
    return (committed is None or offset >= committed) and offset not in consumer._acked_index[tp]


def not_handed_out(fetched: Mapping[Any, list[int]], handed_out: Mapping[Any, set[int]]) -> dict[Any, int]:
    """The lowest offset per partition among fetched records getmany did not hand out."""
    lowest = {}
    for tp, offsets in fetched.items():
        left = [o for o in offsets if o not in handed_out.get(tp, ())]
        if left:
            lowest[tp] = min(left)
    return lowest


def lowest_dropped(items: Iterable[Any]) -> dict[Any, int]:
    """The lowest offset per partition among queued events about to be thrown away that
    nobody acknowledged."""
    lowest: dict[Any, int] = {}
    for item in items:
        message = getattr(item, "message", None)
        if message is None or message.acked:
            continue
        if message.offset < lowest.get(message.tp, message.offset + 1):
            lowest[message.tp] = message.offset
    return lowest


def merge_lowest(into: dict[Any, int], more: Mapping[Any, int]) -> None:
    for tp, offset in more.items():
        into[tp] = min(offset, into.get(tp, offset))


def to_read_again(consumer: Any, dropped: Mapping[Any, int],
                  acks_enabled: Callable[[str], bool]) -> dict[Any, int]:
    """Of the thrown-away offsets, those of assigned input partitions (offsets committed by
    Faust) whose commit has not passed them."""
    assigned = consumer.assignment()
    wanted = {}
    for tp, offset in dropped.items():
        committed = consumer._committed_offset[tp]
        if tp in assigned and acks_enabled(tp.topic) and (committed is None or offset >= committed):
            wanted[tp] = offset
    return wanted


def install() -> None:
    """Patch Faust's consumer, flow control and recovery (once per process, even when a test
    entry point has wrapped the patched methods again)."""
    global _installed
    if _installed:
        return
    _installed = True
    getmany, wait_next_records = Consumer.getmany, Consumer._wait_next_records
    perform_seek = Consumer.perform_seek
    resume = FlowControlEvent.resume
    on_recovery_completed = Recovery.on_recovery_completed
    dropped: dict[Any, int] = {}  # partition -> lowest offset thrown away since the last seek

    async def wait_next_records_noted(self, timeout: float):
        records, active = await wait_next_records(self, timeout)
        self._gainsay_fetched = {tp: [r.offset for r in batch] for tp, batch in (records or {}).items()}
        return records, active

    async def getmany_redelivering(self, timeout: float):
        self._gainsay_fetched = {}
        handed_out: dict[Any, set[int]] = {}
        try:
            async for tp, message in getmany(self, timeout):
                if must_deliver(self, tp, message.offset):
                    log.warning("redelivering %s offset %d: Faust would skip it (read offset %s) "
                                "though it is not acknowledged", tp, message.offset,
                                self._read_offset[tp])
                    self._read_offset[tp] = message.offset
                handed_out.setdefault(tp, set()).add(message.offset)
                yield tp, message
        finally:
            merge_lowest(dropped, not_handed_out(self._gainsay_fetched, handed_out))
            self._gainsay_fetched = {}

    def resume_noting_drops(self) -> None:
        merge_lowest(dropped, lowest_dropped(
            item for queue in list(self._queues) for item in list(queue._queue)))
        resume(self)

    async def perform_seek_forgetting_drops(self) -> None:
        noted = dict(dropped)
        dropped.clear()
        try:
            await perform_seek(self)
        except BaseException:
            merge_lowest(dropped, noted)
            raise
        # a partition with a committed offset was sought back to it and reads what was thrown
        # away again; one with nothing committed yet was left where it was
        merge_lowest(dropped, {tp: o for tp, o in noted.items() if not self._committed_offset[tp]})

    async def on_recovery_completed_then_reread(self, generation_id: int = 0) -> None:
        await on_recovery_completed(self, generation_id)
        app = self.app
        if app.consumer_generation_id != generation_id or not dropped:
            return
        wanted = to_read_again(app.consumer, dropped, app.topics.acks_enabled_for)
        dropped.clear()
        if wanted:
            log.warning("re-reading from %s: Faust threw these away unacknowledged",
                        {f"{tp.topic}[{tp.partition}]": offset for tp, offset in sorted(wanted.items())})
            await self._wait(app.consumer.seek_wait(wanted), timeout=app.conf.broker_request_timeout)

    Consumer.getmany = getmany_redelivering
    Consumer._wait_next_records = wait_next_records_noted
    Consumer.perform_seek = perform_seek_forgetting_drops
    FlowControlEvent.resume = resume_noting_drops
    Recovery.on_recovery_completed = on_recovery_completed_then_reread
