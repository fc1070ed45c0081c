"""Returns at the counter through the real window against the sandbox: accepted once, refused clearly."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import requests
import zxingcpp

from app.store import Journal
from tests.helpers.central import AUTH, received_events, wait_for


def register_return(sandbox, reference: str) -> dict:
    body = {"merchantCode": "001", "mobileNumber": "09123456789", "merchantReference": reference, "type": "RETURN"}
    return requests.post(f"{sandbox.url}/ecms/api/v1/returns", json=body, headers=AUTH, timeout=5).json()


def test_a_kiosk_slip_is_accepted_once_and_its_code_is_burnt_even_offline(clerk, counter, sandbox, settings, demo,
                                                                          qtbot):
    slip = next(p for p in demo.returns() if p.store_id == "0166")
    assert clerk.scan(slip.claim_code) == "Return accepted. Keep the item for the pull-out."
    receipt = Path(settings.print_dir) / "000001-return-receipt.pdf"
    qtbot.waitUntil(receipt.exists, timeout=10000)
    image = pypdfium2.PdfDocument(receipt.read_bytes())[0].render(scale=300 / 72).to_pil()
    assert [b.text for b in zxingcpp.read_barcodes(image)] == [slip.tracking_number]
    events = wait_for(lambda: received_events(sandbox.url, slip.tracking_number), what="RETURNED reported")
    assert [(e["event"]["status"], e["result"]["result"]) for e in events] == [("RETURNED", "ACCEPTED")]
    assert Journal(counter.db).entries(slip.tracking_number)[0]["action"] == "returned"

    sandbox.stop()  # the central system goes away: the code is refused from this counter's own record
    assert clerk.scan(slip.claim_code) == "This RETURN CODE was already used."
    assert clerk.tone == "stop"


def test_a_merchant_issued_code_is_looked_up_and_accepted_here(clerk, sandbox, demo):
    issued = next(p for p in demo.returns() if p.store_id == "")
    assert clerk.scan(issued.claim_code) == "Return accepted. Keep the item for the pull-out."
    card = clerk.window.result.card.values  # the parcel as it now is: returned, here
    assert (card["Status"].text(), card["For store"].text()) == ("RETURNED", "0166")
    events = wait_for(lambda: received_events(sandbox.url, issued.tracking_number), what="RETURNED reported")
    assert (events[0]["event"]["location"], events[0]["result"]["result"]) == ("0166", "ACCEPTED")


def test_expired_codes_and_returns_started_elsewhere_are_refused(clerk, sandbox):
    sandbox.db.conn.execute("UPDATE merchants SET return_validity_days = -1 WHERE code = '001'")
    expired = register_return(sandbox, "ORDER-OLD")
    assert clerk.scan(expired["returnCode"]).startswith("This RETURN CODE expired on ")
    sandbox.db.conn.execute("UPDATE merchants SET return_validity_days = 7 WHERE code = '001'")
    elsewhere = register_return(sandbox, "ORDER-0234")
    requests.post(f"{sandbox.url}/store/api/v1/returns/issue", json={"reference": "ORDER-0234", "storeId": "0234"},
                  headers=AUTH, timeout=5).raise_for_status()
    assert clerk.scan(elsewhere["returnCode"]) == "This return was started at store 0234."
    assert received_events(sandbox.url) == []
