"""Screenshots of the counter window and the kiosk in the states a newcomer sees, with receipts and labels,
for the README.

Run: QT_QPA_PLATFORM=offscreen python scripts/screenshot.py docs/screenshots
It starts the sandbox with demo data, drives the real window with scans, and saves PNGs.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pypdfium2
import requests
import zplkit
from PySide6.QtWidgets import QApplication

from app.compose import build_counter, build_kiosk
from app.domain.parcels import ParcelStatus
from app.main import add_demo_staff, place_demo_web_orders
from app.sandbox.demo import DEMO_STORE, STAFF, STORES, codes_text, demo_data, merchant_reference
from app.sandbox.jobs import mark_unclaimed
from app.sandbox.server import SandboxServer
from app.services.counter import Mode
from app.settings import Settings
from app.ui.lanes import Lane
from app.ui.setup_window import SetupWindow
from printers import zpl
from printers.documents import address_label, shipping_label
from scanners.events import scan_event

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project's own test helpers
from tests.helpers.screens import use_counter_screen  # noqa: E402


def pdf_png(pdf: Path, png: Path, dpi: int = 203) -> None:
    """A printed PDF's first page as a picture, at the printer's resolution."""
    pypdfium2.PdfDocument(str(pdf))[0].render(scale=dpi / 72).to_pil().save(png)


def settle(app: QApplication, seconds: float = 0.6) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp())
    sandbox = SandboxServer(work / "sandbox.db", "demo-token").start()
    (work / "token").write_text("demo-token")
    settings = Settings(
        store_id=DEMO_STORE, store_name=STORES[DEMO_STORE], central_url=sandbox.url,
        token_file=str(work / "token"), db=str(work / "counter.db"), print_dir=str(work / "prints"),
        reports_dir=str(work / "reports"),
        poll_interval=1.0, typed_codes_need_approval=False,  # as in the demo: codes are typed here
    )
    app = QApplication.instance() or QApplication([])
    add_demo_staff(settings.db)
    counter = build_counter(settings, "demo-token", help_text=codes_text())
    counter.start()
    window = counter.window
    window.resize(1366, 768)  # a counter PC's screen
    window.show()
    settle(app, 1.5)
    staff_id, _, _, pin = STAFF[0]
    window.pin_dialog.staff_id.setText(staff_id)
    window.pin_dialog.pin.setText(pin)
    window.pin_dialog.grab().save(str(out / "sign-in.png"))
    window.pin_dialog.submit()
    settle(app, 1.0)
    data = demo_data()
    ready = data.for_store(ParcelStatus.READY_FOR_CLAIM)

    def scan(text: str) -> None:
        window.scan_field.setText(text)
        window.on_scan_field_entered()
        settle(app)

    scan(ready[0].claim_code)
    window.grab().save(str(out / "counter-claim-code.png"))
    scan(ready[1].tracking_number)
    window.grab().save(str(out / "counter-wrong-parcel.png"))
    scan(ready[0].tracking_number)
    settle(app, 1.0)
    window.grab().save(str(out / "counter-released.png"))
    cod = data.cash_on_delivery()[0]
    scan(cod.claim_code)
    scan("1500")
    window.grab().save(str(out / "counter-pay-and-claim.png"))
    scan(cod.tracking_number)
    window._switch(Mode.TRACK)
    settle(app, 0.3)
    scan(f"{cod.tracking_number} {data.for_store(ParcelStatus.IN_TRANSIT)[1].tracking_number}")
    window.grab().save(str(out / "counter-tracking.png"))
    window._switch(Mode.RECEIVE)
    for parcel in data.for_store(ParcelStatus.IN_TRANSIT)[:3] + data.elsewhere()[:1]:
        scan(parcel.tracking_number)
    window.grab().save(str(out / "counter-receive.png"))
    mark_unclaimed(sandbox.db, DEMO_STORE, datetime.now(UTC) + timedelta(days=30))
    window._switch(Mode.PULLOUT)
    settle(app, 1.5)
    scan(data.for_store(ParcelStatus.READY_FOR_CLAIM)[2].tracking_number)
    window.grab().save(str(out / "counter-pullout.png"))
    apo = next(Path(settings.print_dir).glob("*-apo-list.pdf"))
    pdf_png(apo, out / "apo-list.png", dpi=150)
    window._open_dropoff()
    dialog = window.dropoff_dialog
    for name, value in {"mobile": "09171234567", "destination": "0234", "length": "31", "width": "20",
                        "height": "15", "weight": "2.5", "collect": "abc"}.items():
        dialog.fields[name].setText(value)
    dialog.next_step()
    settle(app, 0.3)
    dialog.grab().save(str(out / "dropoff-problems.png"))
    dialog.fields["length"].setText("25")
    dialog.fields["collect"].setText("800")
    dialog.next_step()
    settle(app, 1.0)
    dialog.cash.setText("200")
    dialog.grab().save(str(out / "dropoff-quote.png"))
    dialog.next_step()
    settle(app, 1.0)
    window.grab().save(str(out / "counter-dropoff.png"))
    dropoff = next(Path(settings.print_dir).glob("*-dropoff-receipt.pdf"))
    pdf_png(dropoff, out / "receipt-dropoff.png")
    window._open_shift_close()
    settle(app, 1.5)
    window.shift_dialog.grab().save(str(out / "shift-close.png"))
    window._close_shift(window.shift_dialog.report)
    settle(app, 1.5)
    report = next(Path(settings.reports_dir).glob("shift-*.pdf"))
    pdf_png(report, out / "shift-report.png")
    window.pin_dialog.staff_id.setText(staff_id)  # the next shift
    window.pin_dialog.pin.setText(pin)
    window.pin_dialog.submit()
    settle(app, 1.0)
    requests.post(f"{sandbox.url}/sandbox/faults", headers={"Authorization": "Bearer demo-token"}, timeout=5,
                  json={"kind": "error", "status": 422, "type": "INVALID_DATA", "count": 1,
                        "path": "/store/api/v1/events"})
    window._switch(Mode.RECEIVE)
    settle(app, 0.3)
    scan(data.for_store(ParcelStatus.IN_TRANSIT)[4].tracking_number)
    settle(app, 3.0)
    window._open_exceptions()
    settle(app, 1.0)
    window.exceptions_dialog.note.setText("Checked with the central system's help desk; data fixed.")
    window.exceptions_dialog.grab().save(str(out / "exceptions.png"))
    window.exceptions_dialog.reject()
    place_demo_web_orders(sandbox.url, "demo-token")
    settle(app, 2.5)
    window._set_blink(True)
    window.grab().save(str(out / "counter-weborders-pending.png"))
    window._open_weborders()
    settle(app, 1.0)
    window.weborders_dialog.grab().save(str(out / "weborders.png"))
    window.weborders_dialog.reject()
    window._open_pick("WEB-2042")
    settle(app, 1.0)
    window.on_scan(scan_event("V-1003", "keyboard-wedge"))
    settle(app, 1.0)
    window.pick_dialog.grab().save(str(out / "pick.png"))
    window.pick_dialog.reject()
    window._open_pick("WEB-2041")  # picked, delivered, and one item brought back
    settle(app, 1.0)
    for item in ("V-1001", "V-1001", "V-1005"):
        window.on_scan(scan_event(item, "keyboard-wedge"))
        settle(app, 0.3)
    window.pick_dialog.finish()
    settle(app, 1.0)
    window._deliver("WEB-2041")
    settle(app, 1.0)
    window._open_return("WEB-2041")
    settle(app, 1.0)
    window.on_scan(scan_event("V-1005", "keyboard-wedge"))
    settle(app, 0.3)
    window.return_dialog.grab().save(str(out / "weborder-return.png"))
    window.return_dialog.take_back()
    settle(app, 1.5)
    window.grab().save(str(out / "counter-weborder-refund.png"))
    slip = next(Path(settings.print_dir).glob("*-weborder-return-receipt.pdf"))
    pdf_png(slip, out / "receipt-weborder-return.png")
    window._open_devices()
    settle(app, 1.0)
    window.devices.show_scan(scan_event("]E04006381333931", "keyboard-wedge"))
    settle(app, 0.3)
    window.devices.grab().save(str(out / "devices.png"))
    window.devices.hide()
    window.resize(1024, 768)  # the smaller counter screen
    scan(ready[1].claim_code)
    window.grab().save(str(out / "counter-1024x768.png"))
    label = shipping_label(tracking_number=data.for_store(ParcelStatus.IN_TRANSIT)[0].tracking_number,
                           sender="Merchant A (001)", mobile="09171234567", destination="STORE 0166",
                           destination_name=STORES[DEMO_STORE], route="CDI Pasig → 0166", collect="₱1,250.00",
                           reference="AXDY43322222524544")
    rendered = zplkit.render(zpl.render(label), zplkit.Options(profile="zd621", dpi=203))
    (out / "label-zpl.png").write_bytes(rendered.labels[0].png())
    order = {"OrderNo": "WEB-2042", "WebShopId": "WS-GROUP", "Customer": {"Name": "Jose Reyes", "Phone": "09171234567"},
             "DeliveryAddress": {"Name": "Jose Reyes", "Street": "12 Mabini St", "Barangay": "Kapitolyo",
                                 "City": "Pasig", "PostalCode": "1603"}}
    rendered = zplkit.render(zpl.render(address_label(order, 3)), zplkit.Options(profile="zd621", dpi=203))
    (out / "label-address.png").write_bytes(rendered.labels[0].png())
    pdf_png(Path(settings.print_dir) / "000001-claim-receipt.pdf", out / "receipt-claim.png")
    counter.stop()
    sandbox.stop()


def kiosk(out: Path) -> None:
    """Every kiosk screen, in English and in Filipino, at a 1366x768 touch screen's size."""
    work = Path(tempfile.mkdtemp())
    sandbox = SandboxServer(work / "sandbox.db", "demo-token").start()
    (work / "token").write_text("demo-token")
    settings = Settings(store_id=DEMO_STORE, store_name=STORES[DEMO_STORE], central_url=sandbox.url,
                        token_file=str(work / "token"), db=str(work / "kiosk.db"), print_dir=str(work / "prints"),
                        reports_dir=str(work / "reports"), terminal_id="K1", mode="kiosk")
    app = QApplication.instance() or QApplication([])
    add_demo_staff(settings.db)
    terminal = build_kiosk(settings, "demo-token")
    terminal.start()
    window = terminal.window
    window.resize(1366, 768)
    window.show()
    data = demo_data()
    registered = next(p for p in data.returns() if p.status is ParcelStatus.REGISTERED)
    ready = data.for_store(ParcelStatus.READY_FOR_CLAIM)[0]

    def shoot(name: str) -> None:
        settle(app, 1.2)
        for language in ("en", "fil"):
            window.languages.use(language)
            settle(app, 0.2)
            window.grab().save(str(out / f"kiosk-{name}-{language}.png"))
        window.languages.use("en")

    shoot("start")
    window._enter("return")
    window.field.setText("NOPE-1")
    window._submit()
    shoot("refused")
    window.field.setText(merchant_reference(data, registered))
    window._submit()
    shoot("confirm")
    window._yes()
    shoot("code")
    window.reset()
    window._enter("track")
    window.field.setText(ready.tracking_number)
    window._submit()
    shoot("track")
    window._ask_still_there()
    shoot("still-there")
    window._show(window.pin_page, window.staff_id)
    shoot("staff")
    window.reset()
    window._toggle_view(contrast=True, large=True)
    shoot("contrast")
    window._toggle_view(contrast=False, large=False)
    settle(app, 0.3)  # the ordinary style in place first: larger text needs a wider window
    window.resize(1080, 1920)  # a portrait kiosk
    window._enter("track")
    shoot("portrait")
    window._toggle_view(large=True)
    shoot("portrait-larger")
    slip = next(Path(settings.print_dir).glob("*-return-slip.pdf"))
    pdf_png(slip, out / "receipt-return-slip.png")
    window.locked = False
    terminal.stop()
    sandbox.stop()


def first_run(out: Path) -> None:
    """The setup screen as a store's IT person fills it in, with the answer to a wrong token."""
    app = QApplication.instance() or QApplication([])
    lane = Lane("support")
    window = SetupWindow(lane, Path(tempfile.mkdtemp()) / "settings.toml", lambda _: None, lambda _: None)
    for field, value in (("store_id", DEMO_STORE), ("store_name", STORES[DEMO_STORE]), ("token", "not-the-token"),
                         ("central_url", "https://ecms.example.com"), ("printer_url", "tcp://192.168.1.50:9100")):
        getattr(window, field).setText(value)
    window.show()
    window._say("The central system refused the token: check it and type it again.", problem=True)
    settle(app, 0.5)
    window.grab().save(str(out / "setup.png"))
    window.close()
    lane.shutdown()


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")
    use_counter_screen()  # the layouts a 1366×768 counter screen gets, not Qt's 800×800 offscreen one
    main(folder)
    kiosk(folder)
    first_run(folder)
