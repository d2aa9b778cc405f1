"""Faust's fetch loop must not skip a message no agent acknowledged (streams/app/redelivery.py)."""

from collections import defaultdict
from types import SimpleNamespace

from faust.types import TP as TopicPartition

from streams.app.redelivery import (
    lowest_dropped,
    merge_lowest,
    must_deliver,
    not_handed_out,
    to_read_again,
)


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


def event(tp: TopicPartition, offset: int, acked: bool = False):
    return SimpleNamespace(message=SimpleNamespace(tp=tp, offset=offset, acked=acked))


ARTICLES_0, ARTICLES_1 = TopicPartition("articles", 0), TopicPartition("articles", 1)
CHANGELOG = TopicPartition("stance-changelog", 0)


def test_the_lowest_unacknowledged_offset_thrown_away_is_noted_per_partition():
    queued = [event(ARTICLES_0, 9), event(ARTICLES_0, 8), event(ARTICLES_0, 7, acked=True),
              event(ARTICLES_1, 3), SimpleNamespace()]  # an item without a message is ignored
    assert lowest_dropped(queued) == {ARTICLES_0: 8, ARTICLES_1: 3}
    noted = {ARTICLES_0: 5}
    merge_lowest(noted, {ARTICLES_0: 8, ARTICLES_1: 3})
    assert noted == {ARTICLES_0: 5, ARTICLES_1: 3}


def test_only_assigned_input_partitions_not_committed_past_are_read_again():
    consumer = SimpleNamespace(assignment=lambda: {ARTICLES_0, ARTICLES_1, CHANGELOG},
                               _committed_offset=defaultdict(lambda: None, {ARTICLES_1: 4}))
    dropped = {ARTICLES_0: 8, ARTICLES_1: 3, CHANGELOG: 0, TopicPartition("articles", 2): 1}
    acks_enabled = lambda topic: topic == "articles"  # noqa: E731
    # articles[1] is committed at 4, past what was thrown away; articles[2] is not ours
    assert to_read_again(consumer, dropped, acks_enabled) == {ARTICLES_0: 8}
    dropped[ARTICLES_1] = 4
    assert to_read_again(consumer, dropped, acks_enabled) == {ARTICLES_0: 8, ARTICLES_1: 4}


def test_fetched_records_getmany_did_not_hand_out_are_noted_from_the_lowest():
    fetched = {ARTICLES_0: [9, 10, 11], ARTICLES_1: [0, 1, 2], CHANGELOG: [4]}
    handed_out = {ARTICLES_0: {9}, ARTICLES_1: {0, 1, 2}}
    assert not_handed_out(fetched, handed_out) == {ARTICLES_0: 10, CHANGELOG: 4}
    assert not_handed_out({}, {}) == {}
