"""Whatever a scanner sends, the counter answers with a message and records nothing by mistake."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.services.claim import ClaimService
from app.services.counter import CounterSession
from app.services.lookup import ParcelLookup
from app.services.outcome import Tone
from app.services.pay_and_claim import PayAndClaimService
from app.services.pullout import PullOutService
from app.services.receive import ReceiveService
from app.services.returns import ReturnService
from app.services.tracking import TrackingService
from app.store import Database, Outbox, ParcelCache
from printers.documents import StoreHeader
from scanners.events import scan_event
from scanners.framing import Framer


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.binary(max_size=4096))
def test_any_bytes_from_a_scanner_get_an_answer_and_change_nothing(tmp_path, data):
    db = Database(tmp_path / "fuzz.db")
    lookup = ParcelLookup(ParcelCache(db), None)
    store = StoreHeader("0166", "", "T1")
    session = CounterSession(ClaimService(db, lookup, store=store),
                             ReceiveService(db, lookup, store_id="0166", terminal_id="T1"),
                             PayAndClaimService(db, lookup, store=store), ReturnService(db, lookup, store=store),
                             TrackingService(ParcelCache(db), None),
                             PullOutService(db, lookup, store=store))
    framer = Framer("NONE")
    for text in framer.feed(data, now=0.0) + framer.idle(now=1.0):
        outcome = session.handle(scan_event(text, "fuzz").text)
        assert outcome.title and outcome.tone in (Tone.WARNING, Tone.STOP)
    assert Outbox(db).waiting_count() == 0
    db.close()
