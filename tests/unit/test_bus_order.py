"""Of each batch the hub sends, a terminal applies only the facts that follow on from the last one it
applied: a fact it applied before is skipped, and whatever comes after a gap (a fetch cut off by a
crash or by the hub going away) waits for the consumer to be made again from the right place. Only
facts older than the hub keeps may be missing for good."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from app.bus.bus import POSITION, BusSettings, StoreBus
from app.status import SyncMonitor
from app.store import Database


def message(seq: int):
    return SimpleNamespace(metadata=SimpleNamespace(sequence=SimpleNamespace(stream=seq)))


class Hub:
    def __init__(self, first_seq: int = 1):
        self.first_seq = first_seq

    async def stream_info(self, name):
        return SimpleNamespace(state=SimpleNamespace(first_seq=self.first_seq))


@pytest.fixture
def split(tmp_path):
    db = Database(tmp_path / "t.db")
    bus = StoreBus(db.path, BusSettings(("nats://127.0.0.1:1",), "0166", "T1"), SyncMonitor())

    def run(position: int, seqs: list[int], first_seq: int = 1) -> tuple[list[int], list[int]]:
        db.set_meta(POSITION, str(position))
        run, rest = asyncio.run(bus._next_run(Hub(first_seq), db, [message(s) for s in seqs]))
        return [m.metadata.sequence.stream for m in run], [m.metadata.sequence.stream for m in rest]

    yield run
    db.close()


def test_facts_that_follow_on_are_applied(split):
    assert split(10, [11, 12, 13]) == ([11, 12, 13], [])


def test_facts_applied_before_are_skipped(split):
    assert split(10, [9, 10, 11]) == ([11], [])


def test_after_a_gap_nothing_is_applied_until_the_consumer_follows_again(split):
    assert split(10, [13, 14]) == ([], [13, 14])
    assert split(10, [11, 13, 14]) == ([11], [13, 14])  # a redelivered fact among later ones
    assert split(10, [14, 11, 12]) == ([11, 12], [14])  # in the stream's order, whatever came first


def test_only_facts_older_than_the_hub_keeps_may_be_missing(split):
    assert split(10, [50, 51], first_seq=50) == ([50, 51], [])
