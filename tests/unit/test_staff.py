"""Sign-in, lockout and approvals against a real local database, with a clock the test moves."""

import pytest

from app.domain.staff import PinError, Role, hash_pin, pin_matches
from app.services.staff import LOCK_AFTER, LOCK_SECONDS, Refused, SignIn
from app.store import Journal, StaffExists, StaffStore


class Clock:
    def __init__(self):
        self.now = 1_000_000.0

    def __call__(self):
        return self.now


@pytest.fixture
def desk(db):
    StaffStore(db).add("1001", "Ana Santos", Role.CLERK, "1111")
    StaffStore(db).add("9001", "Ben Cruz", Role.SUPERVISOR, "9999")
    return SignIn(db, "T1", clock=Clock())


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


def test_an_unknown_id_is_refused_without_saying_which_part_was_wrong(desk):
    with pytest.raises(Refused, match="^Wrong staff id or PIN.$"):
        desk.sign_in("5555", "1111")


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
