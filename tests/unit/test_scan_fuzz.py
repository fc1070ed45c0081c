"""Whatever a scanner sends, the counter answers with a message and records nothing by mistake."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.compose import build_session
from app.services.lookup import ParcelLookup
from app.services.outcome import Tone
from app.store import Database, Outbox, ParcelCache
from printers.documents import StoreHeader
from scanners.events import scan_event
from scanners.framing import Framer
from tests.helpers.staff import sign_in_demo_clerk


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(st.binary(max_size=4096))
def test_any_bytes_from_a_scanner_get_an_answer_and_change_nothing(tmp_path, data):
    db = Database(tmp_path / "fuzz.db")
    lookup = ParcelLookup(ParcelCache(db), None)
    session = build_session(db, lookup, StoreHeader("0166", "", "T1"), reports_dir=tmp_path / "reports")
    sign_in_demo_clerk(db)
    framer = Framer("NONE")
    for text in framer.feed(data, now=0.0) + framer.idle(now=1.0):
        outcome = session.handle(scan_event(text, "fuzz").text)
        assert outcome.title and outcome.tone in (Tone.WARNING, Tone.STOP)
    assert Outbox(db).waiting_count() == 0
    db.close()
