"""Sign-in, lockout and approvals against a real local database, with a clock the test moves."""

import contextlib
import threading
import time

import pytest

from app.domain.staff import PinError, Role, hash_pin, pin_matches
from app.services.staff import LOCK_AFTER, LOCK_SECONDS, Refused, SignIn
from app.store import Database, Journal, StaffExists, StaffStore


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def desk(db):
    StaffStore(db).add("1001", "Ana Santos", Role.CLERK, "1111")
    StaffStore(db).add("9001", "Ben Cruz", Role.SUPERVISOR, "9999")
    clock = Clock()
    return SignIn(db, "T1", clock=clock, monotonic=clock)


def test_a_pin_is_stored_only_as_a_salted_slow_hash():
    first, second = hash_pin("1234"), hash_pin("1234")
    assert first != second and "1234" not in first and first.startswith("scrypt$16384$")
    assert pin_matches("1234", first) and not pin_matches("4321", first)
    for bad in ("123", "123456789", "12a4", "١٢٣٤"):
        with pytest.raises(PinError):
            hash_pin(bad)


def test_the_same_staff_id_cannot_be_registered_twice(db, desk):
    with pytest.raises(StaffExists):
        StaffStore(db).add("1001", "Someone Else", Role.CLERK, "2222")


def test_sign_in_names_who_the_journal_entries_are_by(db, desk):
    assert desk.sign_in("1001", "1111").name == "Ana Santos"
    Journal(db, "T1").record("claimed", "123")
    desk.sign_out("end of shift")
    Journal(db, "T1").record("poll", "")
    who = [(e["action"], e["staff_id"]) for e in Journal(db).entries()]
    assert who == [("signed-in", "1001"), ("claimed", "1001"), ("signed-out", "1001"), ("poll", "")]
    assert desk.current is None


def test_wrong_pins_lock_the_id_for_a_while_then_it_opens_again(db, desk):
    for left in range(LOCK_AFTER - 1, 0, -1):
        with pytest.raises(Refused, match=f"{left} more wrong PIN"):
            desk.sign_in("1001", "0000")
    with pytest.raises(Refused, match="locked for 5 minutes"):
        desk.sign_in("1001", "0000")
    with pytest.raises(Refused, match="locked .* Try again in 5 minutes"):
        desk.sign_in("1001", "1111")  # even the right PIN waits
    desk.clock.now += LOCK_SECONDS + 1
    assert desk.sign_in("1001", "1111").staff_id == "1001"
    actions = [e["action"] for e in Journal(db).entries(subject="1001")]
    assert actions.count("pin-refused") == LOCK_AFTER and "locked" in actions and actions[-1] == "signed-in"


def test_an_unknown_id_is_answered_and_locked_exactly_as_a_known_one(desk):
    said = {}
    for staff_id in ("5555", "1001"):
        said[staff_id] = []
        for _ in range(LOCK_AFTER + 1):
            with pytest.raises(Refused) as refused:
                desk.sign_in(staff_id, "0000")
            said[staff_id].append(str(refused.value).replace(staff_id, "ID"))
    assert said["5555"] == said["1001"]
    assert said["1001"][0] == "Wrong staff id or PIN. 4 more wrong PINs locks this id."
    assert said["1001"][-1] == "Staff id ID is locked after 5 wrong PINs. Try again in 5 minutes."


def test_an_unknown_id_takes_as_long_as_a_known_one(desk):
    def seconds(staff_id: str) -> float:
        started = time.perf_counter()
        with pytest.raises(Refused):
            desk.sign_in(staff_id, "0000")
        return time.perf_counter() - started

    seconds("5555")  # the decoy hash, made once
    known = min(seconds("1001") for _ in range(3))
    unknown = min(seconds(f"55{n}") for n in range(3))
    assert unknown > known / 2  # both pay for scrypt (35 ms here; an unchecked id was 0.4 ms)


def test_the_clock_set_forward_does_not_open_a_lock_and_set_back_does_not_make_it_last(db, desk):
    wall = Clock()
    desk = SignIn(db, "T1", clock=wall, monotonic=lambda: 5.0)  # no time passes
    for _ in range(LOCK_AFTER):
        with pytest.raises(Refused):
            desk.sign_in("1001", "0000")
    wall.now += 3600  # the wall clock jumps an hour ahead
    with pytest.raises(Refused, match="is locked"):
        desk.sign_in("1001", "1111")
    restarted = SignIn(db, "T1", clock=lambda: 1_000_000.0 - 86400)  # a day back, after a restart
    with pytest.raises(Refused, match="Try again in 5 minutes"):
        restarted.sign_in("1001", "1111")  # not for a day and five minutes


def test_tries_at_once_cannot_outrun_the_lock(db, tmp_path):
    StaffStore(db).add("1001", "Ana Santos", Role.CLERK, "1111")
    outcomes = []

    def try_wrong() -> None:
        with contextlib.closing(Database(db.path)) as own:
            try:
                SignIn(own, "T1").sign_in("1001", "0000")
            except Refused as refused:
                outcomes.append(str(refused))

    threads = [threading.Thread(target=try_wrong) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    checked = [o for o in outcomes if not o.startswith("Staff id 1001 is locked after")]
    assert len(outcomes) == 16 and len(checked) == LOCK_AFTER
    assert [e["action"] for e in Journal(db).entries(subject="1001")].count("pin-refused") == LOCK_AFTER


def test_only_a_supervisor_approves_and_the_journal_says_who_asked_and_who_approved(db, desk):
    desk.sign_in("1001", "1111")
    with pytest.raises(Refused, match="Ana Santos is not a supervisor"):
        desk.approve("1001", "1111", "a reprint", "job 7")
    with pytest.raises(Refused, match="Wrong staff id or PIN"):
        desk.approve("9001", "1111", "a reprint", "job 7")
    assert desk.approve("9001", "9999", "a reprint", "job 7").name == "Ben Cruz"
    entry = Journal(db).entries(subject="job 7")[-1]
    assert entry["action"] == "approved" and entry["staff_id"] == "1001" and entry["detail"]["by"] == "9001"


def test_a_counter_without_staff_says_how_to_register_them(db):
    with pytest.raises(Refused, match="counterpos staff add"):
        SignIn(db, "T1").sign_in("1001", "1111")
