"""Consumer lag as the broker has it: end offsets minus the group's committed offsets."""

from types import SimpleNamespace

from kafka import TopicPartition
from kafka.structs import OffsetAndMetadata

from streams.kafkaio.group_lag import committed_lag

CLAIMS0, CLAIMS1, CLAIMS2 = (TopicPartition("claims", p) for p in range(3))


def test_committed_lag_counts_from_the_committed_offset_or_the_start():
    admin = SimpleNamespace(list_group_offsets=lambda specs: {"g": {
        CLAIMS0: OffsetAndMetadata(40, "", -1), CLAIMS1: OffsetAndMetadata(-1, "", -1)}})
    consumer = SimpleNamespace(end_offsets=lambda tps: {tp: 70 for tp in tps})
    assert committed_lag(admin, consumer, "g", [CLAIMS0, CLAIMS1, CLAIMS2]) == {
        CLAIMS0: 30, CLAIMS1: 70, CLAIMS2: 70}
    assert committed_lag(admin, consumer, "g", []) == {}
