"""`gainsay worker` with kill points: SIGKILLs itself at a chosen point of the pipeline.

Run as ``python -m tests.reliability.faulty_worker worker``. The plan is a file named by
``$RELIABILITY_PLAN``; the test (re)writes it while the worker runs. Its content
``<point> <n>`` arms one kill: at the n-th time ``point`` is reached after the plan was
written, the worker writes ``<point>`` to ``<plan>.fired`` and SIGKILLs itself (no commit,
no flush, no goodbye). Points:

* ``extract``: a batch was extracted in the pool, none of its claims sent yet;
* ``after_alerts``: a claim's alerts are acknowledged, its stance write not made;
* ``commit``: outputs flushed, the offset commit about to go to the broker.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

POINTS = ("extract", "after_alerts", "commit")


class Plan:
    def __init__(self, path: str) -> None:
        self.path = Path(path)
        self.mtime = 0.0
        self.point, self.left = "", 0

    def reached(self, point: str) -> None:
        try:
            mtime = self.path.stat().st_mtime
        except FileNotFoundError:
            return
        if mtime != self.mtime:  # a new plan: re-arm
            self.mtime = mtime
            text = self.path.read_text().split()
            self.point, self.left = (text[0], int(text[1])) if len(text) == 2 else ("", 0)
        if point != self.point or self.left <= 0:
            return
        self.left -= 1
        if self.left == 0:
            Path(f"{self.path}.fired").write_text(point)
            os.kill(os.getpid(), signal.SIGKILL)


def install(plan: Plan) -> None:
    """Wrap the three places with a kill point (the worker's own code runs unchanged)."""
    import faust.transport.drivers.aiokafka as driver

    import streams.app.agents as agents
    import streams.app.extraction_pool as extraction_pool
    import streams.app.state as state

    run = extraction_pool.ExtractionPool.run

    async def run_then_maybe_die(self, payloads):
        results = await run(self, payloads)
        plan.reached("extract")
        return results

    extraction_pool.ExtractionPool.run = run_then_maybe_die

    judge_claim = agents.judge_claim
    last = {"alerts": 0}

    def judge_and_note(*args, **kwargs):
        new_state, alerts = judge_claim(*args, **kwargs)
        last["alerts"] += len(alerts)  # since the last stance write (the judge works in batches)
        return new_state, alerts

    agents.judge_claim = judge_and_note
    put_many = state.DurableTable.put_many

    async def maybe_die_then_put(self, items, deletes=()):
        if self.name == "stance" and last["alerts"]:  # the rows: written after the alerts
            last["alerts"] = 0
            plan.reached("after_alerts")
        await put_many(self, items, deletes)

    state.DurableTable.put_many = maybe_die_then_put
    commit = driver.Consumer._commit

    async def maybe_die_then_commit(self, offsets):
        plan.reached("commit")
        return await commit(self, offsets)

    driver.Consumer._commit = maybe_die_then_commit
    trace_consumer()


def trace_consumer() -> None:
    """Log what Faust's consumer does quietly (diagnostics only, behaviour unchanged): every
    seek back to the committed offsets, the queued events flow control throws away when it
    resumes, fetched records getmany does not hand out, a fetched message the fetch loop will
    skip because the read offset is past it, the fetch positions when recovery completes, and
    the consumer's offsets when the stall guard fires (docs/reliability.md)."""
    import logging

    from faust.tables.recovery import Recovery
    from faust.transport.consumer import Consumer
    from mode.utils.queues import FlowControlEvent

    import streams.app.agents as agents
    from streams.app.redelivery import install as install_redelivery

    install_redelivery()  # first, so the trace sees what Faust's fetch loop gets
    log = logging.getLogger("faulty_worker")
    getmany, perform_seek, resume = Consumer.getmany, Consumer.perform_seek, FlowControlEvent.resume
    wait_next_records = Consumer._wait_next_records
    on_recovery_completed = Recovery.on_recovery_completed
    stalled, consumers = agents.stalled, []

    async def getmany_traced(self, timeout):
        if not consumers:
            consumers.append(self)
        self._trace_fetched = {}
        yielded: dict = {}
        async for tp, message in getmany(self, timeout):
            read = self._read_offset[tp]
            if read is not None and message.offset < read:
                log.warning("TRACE drop %s offset %d < read offset %d", tp, message.offset, read)
            yielded.setdefault(tp, set()).add(message.offset)
            yield tp, message
        for tp, offsets in self._trace_fetched.items():
            lost = [o for o in offsets if o not in yielded.get(tp, ())]
            if lost:
                log.warning("TRACE fetched, not handed out: %s offsets %d..%d (%d; flow active %s, "
                            "generation %s, active %s)", tp, lost[0], lost[-1], len(lost),
                            self.flow_active, self.app.consumer_generation_id,
                            tp in (self._active_partitions or ()))

    async def wait_next_records_traced(self, timeout):
        records, active = await wait_next_records(self, timeout)
        self._trace_fetched = {tp: [r.offset for r in recs] for tp, recs in (records or {}).items()}
        return records, active

    async def on_recovery_completed_traced(self, generation_id=0):
        await on_recovery_completed(self, generation_id)
        try:
            aio = self.app.consumer._thread._consumer
            assignment = aio._subscription.subscription.assignment
            positions = {}
            for tp in assignment.tps:
                state = assignment.state_value(tp)
                positions[f"{tp.topic}[{tp.partition}]"] = (
                    state.position if state.has_valid_position else "?")
            log.warning("TRACE recovery completed (generation %s): fetch positions %s",
                        generation_id, positions)
        except Exception as exc:  # noqa: BLE001 - diagnostics must not break the worker
            log.warning("TRACE recovery completed: %r", exc)

    async def perform_seek_traced(self):
        before = {tp: o for tp, o in self._read_offset.items() if o is not None}
        await perform_seek(self)
        log.warning("TRACE perform_seek read offsets %s -> %s", before,
                    {tp: o for tp, o in self._read_offset.items() if o is not None})

    def resume_traced(self):
        try:
            messages = [getattr(item, "message", None) for queue in self._queues
                        for item in list(queue._queue)]
            offsets = sorted((m.tp.topic, m.tp.partition, m.offset) for m in messages if m is not None)
            if offsets:
                log.warning("TRACE flow resume clears %d queued events: %s", len(offsets), offsets)
        except Exception as exc:  # noqa: BLE001 - diagnostics must not break the worker
            log.warning("TRACE flow resume: %r", exc)
        resume(self)

    def stalled_traced(deps, lag, **kwargs):
        verdict = stalled(deps, lag, **kwargs)
        for c in consumers[-1:] if verdict else []:
            log.warning("TRACE stalled: busy %d, unacked %d, committed %s, read %s, acked %s, gap %s",
                        deps.busy, len(c._unacked_messages), dict(c._committed_offset),
                        dict(c._read_offset), {tp: a[:5] for tp, a in c._acked.items() if a},
                        {tp: g for tp, g in c._gap.items() if g})
        return verdict

    Consumer.getmany = getmany_traced
    Consumer._wait_next_records = wait_next_records_traced
    Recovery.on_recovery_completed = on_recovery_completed_traced
    Consumer.perform_seek = perform_seek_traced
    FlowControlEvent.resume = resume_traced
    agents.stalled = stalled_traced


if __name__ == "__main__":
    install(Plan(os.environ.get("RELIABILITY_PLAN", os.devnull + ".no-plan")))
    from streams.cli import main

    main()
