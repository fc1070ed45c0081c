"""Whatever a scanner sends, the counter answers with a message, and records only what it says it recorded.

The counter here is a real one: a signed-in clerk, the demo store's parcels at the real sandbox over
loopback HTTP, every use case. The scans are garbage bytes mixed with the store's real codes (CLAIM,
REFERENCE and RETURN codes and labels, whole or damaged, with a scanner's prefixes and line ends)
and figures a clerk might type, in any order, so claims, payments and returns really happen. As at
the counter, a short text counts as typed (cash is only ever typed), a longer one as scanned.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.central.client import CentralClient
from app.compose import build_session
from app.domain.parcels import ParcelStatus
from app.services.lookup import ParcelLookup
from app.services.outcome import Tone
from app.store import Database, ParcelCache
from printers.documents import StoreHeader
from scanners.events import scan_event
from scanners.framing import Framer
from tests.conftest import TOKEN
from tests.helpers.staff import sign_in_demo_clerk


@pytest.fixture
def counter(tmp_path, sandbox):
    db = Database(tmp_path / "fuzz.db")
    lookup = ParcelLookup(ParcelCache(db), CentralClient(sandbox.url, TOKEN, timeout=(2.0, 5.0)))
    session = build_session(db, lookup, StoreHeader("0166", "", "T1"), reports_dir=tmp_path / "reports")
    sign_in_demo_clerk(db)
    yield db, session
    db.close()


def real_codes(demo) -> list[str]:
    parcels = demo.for_store(ParcelStatus.READY_FOR_CLAIM) + demo.cash_on_delivery() + demo.returns()
    return [c for p in parcels for c in (p.claim_code, p.tracking_number) if c]


def written(db: Database) -> int:
    """Rows in the outbox and the print queue: what a scan that records anything adds to."""
    return db.conn.execute("SELECT (SELECT count(*) FROM outbox) + (SELECT count(*) FROM print_jobs)").fetchone()[0]


def scans(codes: list[str]):
    code = st.sampled_from(codes).map(str.encode)
    damaged = st.tuples(code, st.integers(0, 16), st.binary(max_size=2)).map(lambda t: t[0][:t[1]] + t[2] + t[0][t[1]:])
    typed_figure = st.from_regex(r"\A[0-9]{1,9}(\.[0-9]{1,3})?\Z", fullmatch=True).map(str.encode)
    prefix = st.sampled_from([b"", b"]C0", b"]E0", b"\x02"])
    one = st.tuples(prefix, st.one_of(code, damaged, typed_figure, st.binary(max_size=80))).map(b"".join)
    return st.lists(one, max_size=12).map(lambda parts: b"".join(p.replace(b"\r", b"") + b"\r" for p in parts))


@pytest.mark.slow
def test_any_scans_get_an_answer_and_only_what_is_said_recorded_is_recorded(counter, demo):
    db, session = counter
    answered = set()

    @settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
    @given(scans(real_codes(demo)))
    def day_at_the_counter(data):
        for text in Framer("CR").feed(data, now=0.0):
            before = written(db)
            event = scan_event(text, "fuzz")
            typed = len(event.text) < 8  # as the keyboard wedge tells them apart: shorter is a person typing
            outcome = session.handle(event.text, typed=typed)
            assert outcome.title and outcome.tone in Tone
            assert not outcome.title.startswith("Something went wrong"), (text, outcome)  # a swallowed exception
            assert outcome.recorded == (written(db) > before), (text, outcome)
            answered.add(outcome.tone)

    day_at_the_counter()
    assert Tone.OK in answered and Tone.STOP in answered  # parcels really were released, and refusals given
    assert db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
