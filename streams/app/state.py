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

import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol

import faust
from faust.streams import _current_event


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
        await self.put_many([(key, value, None)])

    async def put_many(self, items: Iterable[Write], deletes: Iterable[tuple[str, Any]] = ()) -> None:
        """Write (and delete) several keys, then wait for all their changelog records at once
        (one acknowledgement round trip instead of one per key). Each write names the event
        it belongs to (None: the current one): its partition is the changelog partition."""
        pending = []
        for key, value, event in items:
            with processing(event):
                self[key] = value
            pending.append(self._take_changelog())
        for key, event in deletes:
            if key in self:
                with processing(event):
                    del self[key]
                pending.append(self._take_changelog())
        for fut in pending:
            if fut is not None:
                await fut  # raises if the broker refused the write: the offset then never commits

    def _take_changelog(self) -> Any:
        fut, self._last_changelog = self._last_changelog, None
        return fut


#: (key, value, event): a table write on behalf of an event (None: the current event)
Write = tuple[str, Any, Any]


@contextmanager
def processing(event: Any) -> Iterator[None]:
    """Make ``event`` Faust's current event for a table write: the write goes to the
    changelog partition of the event's partition (and a rocksdb store's partition),
    as if made while the agent iterated over it (a batch body runs after the iteration)."""
    if event is None:
        yield
        return
    token = _current_event.set(weakref.ref(event))
    try:
        yield
    finally:
        _current_event.reset(token)


async def put_many(store: StateStore, items: Iterable[Write]) -> None:
    """``store.put_many`` when the store has it (one round trip), else one ``put`` per key."""
    writer = getattr(store, "put_many", None)
    if writer is not None:
        await writer(items)
        return
    for key, value, _event in items:
        await store.put(key, value)


class StanceStore:
    """The judge's stance states, stored so that a claim record is written to a changelog
    once, not with every later write of its key.

    A state (``streams/judge/stance.py``) remembers up to hundreds of full claim records per
    proposition key, and every judged claim changes it: written whole, a busy key (a story
    many articles report on) re-sent its whole history to the changelog for each new claim,
    megabytes per article. Here the ``rows`` table keeps each key's state with its claim
    entries reduced to their event time (``{"t": t}``) and the ``claims`` table keeps each
    remembered claim record once, under ``<key> <US> <claim id>``. :meth:`get` joins them
    back into exactly the state the judge stored; :meth:`put_many` writes the new records
    first, then the rows, then deletes the records the rows no longer name, so a row never
    names a record that is not durable. Both tables are written while the claim's event is
    processed, so their changelog partitions are the claim's partition (co-located).
    A row written whole (an older worker's, or a test's) is read as it is.
    """

    SEP = "\x1f"

    def __init__(self, rows: Any, claims: Any) -> None:
        self.rows = rows
        self.claims = claims

    def get(self, key: str, default: Any = None) -> Any:
        row = self.rows.get(key)
        if not isinstance(row, dict) or not row.get(SLIM):
            return default if row is None else row
        entries = row.get("claims") or {}
        full = {}
        for claim_id, entry in entries.items():
            record = self.claims.get(self._record_key(key, claim_id))
            full[claim_id] = {**entry, "claim": record}
        state = {k: v for k, v in row.items() if k != SLIM}
        state["claims"] = full
        return state

    async def put(self, key: str, value: Any) -> None:
        await self.put_many([(key, value, None)])

    async def put_many(self, items: Iterable[Write]) -> None:
        rows: list[Write] = []
        records: list[Write] = []
        stale: list[tuple[str, Any]] = []
        for key, state, event in items:
            old = self.rows.get(key)
            known = set((old.get("claims") or {}) if isinstance(old, dict) and old.get(SLIM) else ())
            entries = state.get("claims") if isinstance(state, dict) else None
            if not isinstance(entries, dict):  # not a judge state: stored as it is
                rows.append((key, state, event))
                continue
            for claim_id, entry in entries.items():
                if claim_id not in known:
                    records.append((self._record_key(key, claim_id), entry.get("claim"), event))
            stale += [(self._record_key(key, c), event) for c in sorted(known - set(entries))]
            slim = dict(state)  # same key order, so get() gives back the same JSON
            slim["claims"] = {c: {k: v for k, v in e.items() if k != "claim"}
                              for c, e in entries.items()}
            slim[SLIM] = 1
            rows.append((key, slim, event))
        await self.claims.put_many(records)
        await self.rows.put_many(rows)
        await self.claims.put_many((), deletes=stale)

    async def delete_many(self, deletes: Iterable[tuple[str, Any]]) -> None:
        """Forget whole keys (``(key, event)``: the event names the changelog partition):
        the rows first, then their claim records, so no row ever names a missing record."""
        rows, records = [], []
        for key, event in deletes:
            row = self.rows.get(key)
            if row is None:
                continue
            rows.append((key, event))
            entries = row.get("claims") if isinstance(row, dict) and row.get(SLIM) else {}
            records += [(self._record_key(key, c), event) for c in sorted(entries or {})]
        await self.rows.put_many((), deletes=rows)
        await self.claims.put_many((), deletes=records)

    def newest(self) -> Iterator[tuple[str, Any]]:
        """Every local key with its newest claim time (``max_t``), read from the rows alone."""
        for key, row in list(self.rows.items()):
            yield key, row.get("max_t") if isinstance(row, dict) else None

    def _record_key(self, key: str, claim_id: str) -> str:
        return f"{key}{self.SEP}{claim_id}"


#: marks a row whose claim records live in the claims table
SLIM = "records_apart"
