"""Faust's fetch loop must not skip a message no agent acknowledged (streams/app/redelivery.py)."""

from collections import defaultdict
from types import SimpleNamespace

from streams.app.redelivery import must_deliver


def consumer(read: int | None, committed: int | None, acked: set[int]):
    return SimpleNamespace(_read_offset=defaultdict(lambda: None, tp=read),
                           _committed_offset=defaultdict(lambda: None, tp=committed),
                           _acked_index=defaultdict(set, tp=acked))


def test_a_skipped_unacknowledged_message_is_delivered():
    # the read offset ran to 12 while 10 and 11 were fetched again from the committed 10
    assert must_deliver(consumer(read=12, committed=10, acked=set()), "tp", 10)
    assert must_deliver(consumer(read=12, committed=10, acked={10}), "tp", 11)


def test_what_faust_delivers_or_rightly_skips_is_left_alone():
    assert not must_deliver(consumer(read=12, committed=10, acked=set()), "tp", 12)  # delivered anyway
    assert not must_deliver(consumer(read=None, committed=None, acked=set()), "tp", 0)  # first read
    assert not must_deliver(consumer(read=12, committed=10, acked={10, 11}), "tp", 11)  # acknowledged
    assert not must_deliver(consumer(read=12, committed=11, acked=set()), "tp", 10)  # committed already
