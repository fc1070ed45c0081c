"""Two counters of one store, each with its own database, on the real store hub and the sandbox: the
status bar shows the store; what one counter used (a RETURN CODE, a COD parcel's cash, a web order's
pick) the other refuses, saying who used it; what both
used while the hub was down is a conflict in F6 on both, resolved with a note."""

from __future__ import annotations

import contextlib
import socket
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from app.bus.hub import StoreHub
from app.services.exceptions import StoreConflict
from tests.conftest import BUS_TOKEN
from tests.helpers.processes import free_port, port_open
from tests.helpers.staff import CLERK
from tests.qt.conftest import Clerk, open_counter, shown_tip
from tests.qt.test_exceptions import approve_as_supervisor, open_exceptions
from tests.qt.test_picking import open_pick
from tests.qt.test_weborders import place

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def on_bus(settings, store_hub, tmp_path):
    """These settings with the store bus: counter T1, and a function for another counter of the store."""
    secret = tmp_path / "bus-token"
    secret.write_text(BUS_TOKEN)
    secret.chmod(0o600)
    first = replace(settings, store_bus=[store_hub.url], store_bus_token_file=str(secret))

    def terminal(terminal_id: str):
        folder = tmp_path / terminal_id
        return replace(first, terminal_id=terminal_id, db=str(folder / "counter.db"), print_dir=str(folder / "prints"),
                       reports_dir=str(folder / "reports"))

    return first, terminal


_clerks: list[Clerk] = []


@contextlib.contextmanager
def counters(qtbot, *all_settings):
    opened = []
    try:
        for each in all_settings:
            opened.append(open_counter(qtbot, each))
        clerks = [Clerk(qtbot, app.window) for app in opened]
        for clerk, app in zip(clerks, opened, strict=True):
            clerk.wedge = app.wedge
        _clerks[:] = clerks
        yield clerks
    finally:
        for app in reversed(opened):
            app.stop()


def at(clerk: Clerk) -> Clerk:
    """The clerk at the front: key strokes go to the active window, and a scan to its counter alone (each
    counter's keyboard-wedge filter watches the whole application, which holds two counters here and
    one in a store)."""
    for other in _clerks:
        QApplication.instance().removeEventFilter(other.wedge)
    QApplication.instance().installEventFilter(clerk.wedge)
    clerk.window.activateWindow()
    clerk.qtbot.waitUntil(clerk.window.isActiveWindow, timeout=3000)
    return clerk


def store_text(clerk: Clerk) -> str:
    return clerk.window.status.store_bus.text()


def test_the_status_bar_shows_the_store_and_says_when_the_counter_works_alone(qtbot, on_bus, store_hub):
    first, terminal = on_bus
    with counters(qtbot, first, terminal("T2")) as (one, two):
        qtbot.waitUntil(lambda: store_text(one) == "Store: 2 terminals", timeout=20000)
        assert one.window.status.store_bus.isVisible() and one.window.status.store_bus.property("state") == "online"
        store_hub.stop()
        qtbot.waitUntil(lambda: store_text(two).startswith("Store bus down: working alone"), timeout=20000)
        assert "this terminal works alone" in shown_tip(two.window.status.store_bus)


def test_a_counter_without_a_store_bus_shows_none(qtbot, settings):
    with counters(qtbot, settings) as (one,):
        assert not one.window.status.store_bus.isVisible()


def test_a_return_code_accepted_at_one_counter_is_refused_at_the_other_with_who(qtbot, on_bus, demo):
    first, terminal = on_bus
    slip = next(p for p in demo.returns() if p.store_id == "0166")
    with counters(qtbot, first, terminal("T2")) as (one, two):
        qtbot.waitUntil(lambda: store_text(two) == "Store: 2 terminals", timeout=20000)
        at(one)
        assert one.scan(slip.claim_code) == "Return accepted. Keep the item for the pull-out."
        assert at(two).scan(slip.claim_code) == "This RETURN CODE was already used."
        assert two.detail.startswith("At T1 by ") and two.detail.endswith("Do not take the item.")
        assert two.tone == "stop"


def test_cash_for_one_cod_parcel_is_taken_at_one_counter_only(qtbot, on_bus, cod):
    first, terminal = on_bus
    parcel = cod[0]  # PHP 1,250.00
    with counters(qtbot, first, terminal("T2")) as (one, two):
        qtbot.waitUntil(lambda: store_text(two) == "Store: 2 terminals", timeout=20000)
        assert at(one).scan(parcel.claim_code) == "Amount due: PHP 1,250.00"
        assert at(two).scan(parcel.claim_code) == "Amount due: PHP 1,250.00"  # the same customer, twice in line
        assert at(one).scan("1500") == "Change: PHP 250.00"
        assert at(two).scan("1500") == "Cash for this parcel was taken at another counter."
        assert two.detail.startswith("At T1 by ") and two.tone == "stop"
        assert two.window.session.db.execute("SELECT count(*) FROM outbox WHERE kind = 'payment'").fetchone()[0] == 0


@pytest.mark.expect_log(r"parked: INVALID_OPERATION", logger="app.central.sender")
def test_a_code_accepted_at_both_counters_while_the_hub_was_down_is_a_conflict_in_f6_on_both(qtbot, on_bus,
                                                                                           store_hub, demo):
    first, terminal = on_bus
    slip = next(p for p in demo.returns() if p.store_id == "0166")
    with counters(qtbot, first, terminal("T2")) as (one, two):
        qtbot.waitUntil(lambda: store_text(two) == "Store: 2 terminals", timeout=20000)
        store_hub.stop()
        for clerk in (one, two):
            qtbot.waitUntil(lambda clerk=clerk: store_text(clerk).startswith("Store bus down"), timeout=20000)
            assert at(clerk).scan(slip.claim_code) == "Return accepted. Keep the item for the pull-out."
        back = StoreHub(store_hub.settings).start()
        try:
            for clerk in (one, two):
                qtbot.waitUntil(lambda clerk=clerk: store_text(clerk).startswith("⚠ 1 store conflict: F6"),
                                timeout=20000)
            dialog = open_exceptions(qtbot, at(one).window)
            row = next(i for i, item in enumerate(dialog.rows) if isinstance(item, StoreConflict))
            assert dialog.list.item(row).text() == f"Store conflict: RETURN CODE {slip.claim_code}\nused at two terminals"
            dialog.list.setCurrentRow(row)
            shown = dialog.detail.toPlainText()
            assert f"First: At this terminal by {CLERK[1]}" in shown and f"Again: At T2 by {CLERK[1]}" in shown
            dialog.note.setText("One item in the returns bin; T2's receipt taken back.")
            approve_as_supervisor(qtbot, one, dialog, lambda: qtbot.keyClick(dialog, Qt.Key.Key_S,
                                                                              Qt.KeyboardModifier.AltModifier))
            assert dialog.message.text().startswith(f"Resolved: RETURN CODE {slip.claim_code}.")
            qtbot.waitUntil(lambda: "resolved: One item" in dialog.list.item(row).text(), timeout=5000)
            dialog.close()
            qtbot.waitUntil(lambda: "conflict" not in store_text(one), timeout=15000)
        finally:
            back.stop()


def test_a_web_order_picked_at_one_counter_leaves_the_others_pending_list_and_a_second_picker_is_refused(qtbot, on_bus, sandbox):
    first, terminal = on_bus
    place(sandbox, "WEB-7001", "Maria Santos", [{"VariantId": "V-1001", "Quantity": 1}])
    with counters(qtbot, first, terminal("T2")) as (one, two):
        for clerk in (one, two):
            qtbot.waitUntil(lambda clerk=clerk: clerk.window.weborders_badge.text() == "Web orders: 1 pending",
                            timeout=15000)
        sandbox.stop()  # from here only the store bus tells T2
        open_pick(qtbot, at(one).window, lines=1)
        qtbot.waitUntil(lambda: two.window.weborders_badge.text() == "Web orders: none pending", timeout=10000)
        refused = two.window.session.picking.open("WEB-7001").outcome
        assert (refused.title, refused.tone.value) == ("Web order WEB-7001 is being picked at another counter.", "stop")
        assert refused.detail.startswith(f"At T1 by {CLERK[1]}") and refused.detail.endswith("pick another order.")


def test_the_counter_whose_settings_say_store_hub_runs_the_hub_and_the_other_counter_joins_it(qtbot, on_bus,
                                                                                           tmp_path):
    first, terminal = on_bus
    port = free_port()
    hosting = replace(first, store_hub=True, store_hub_port=port, store_bus=[f"nats://127.0.0.1:{port}"])
    joining = replace(terminal("T2"), store_bus=[f"nats://127.0.0.1:{port}"])
    with counters(qtbot, hosting, joining) as (one, two):
        for clerk in (one, two):
            qtbot.waitUntil(lambda clerk=clerk: store_text(clerk) == "Store: 2 terminals", timeout=30000)
    assert not port_open(port)  # the hub stops with the counter that runs it


@pytest.mark.expect_log(r"store hub not started: nats-server stopped at once", logger="app.bus.hub")
def test_a_store_hub_that_cannot_start_says_so_in_the_status_bar(qtbot, on_bus):
    first, _ = on_bus
    with socket.create_server(("0.0.0.0", 0)) as taken:  # another program has the hub's port
        port = taken.getsockname()[1]
        with counters(qtbot, replace(first, store_hub=True, store_hub_port=port)) as (one,):
            qtbot.waitUntil(lambda: one.window.status.sync.text().startswith("⚠ The store hub did not start: "),
                            timeout=20000)
