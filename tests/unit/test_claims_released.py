"""A claim taken on the store hub goes back when the database fails the transaction that records its
use (a full disk): another terminal must not be refused for what never happened here. Any other
refusal inside the transaction keeps it (the use was recorded before)."""

from __future__ import annotations

import sqlite3

import pytest

from app.bus.claims import ClaimAnswer
from app.services.lookup import ParcelLookup
from app.services.usecase import CounterUseCase
from app.store import Database, ParcelCache, UsedClaim
from printers.documents import StoreHeader


class Gate:
    def __init__(self):
        self.released: list[str] = []

    def take(self, subject: str) -> ClaimAnswer:
        return ClaimAnswer(UsedClaim(subject))

    def release(self, subject: str) -> None:
        self.released.append(subject)


@pytest.fixture
def use_case(tmp_path):
    db = Database(tmp_path / "t.db")
    gate = Gate()
    yield CounterUseCase(db, ParcelLookup(ParcelCache(db), None), store=StoreHeader("0166", "Store", "T1"),
                         claims=gate), gate
    db.close()


def test_a_failed_transaction_gives_the_claim_back(use_case):
    case, gate = use_case
    claim = case.claim("cod.1200000000000000090", "taken elsewhere", "")
    with pytest.raises(sqlite3.OperationalError), case.using(claim):
        raise sqlite3.OperationalError("database or disk is full")
    assert gate.released == ["cod.1200000000000000090"]


def test_a_refusal_inside_the_transaction_keeps_it(use_case):
    case, gate = use_case
    claim = case.claim("cod.1200000000000000090", "taken elsewhere", "")
    with pytest.raises(LookupError), case.using(claim):
        raise LookupError("paid already")
    assert gate.released == []
