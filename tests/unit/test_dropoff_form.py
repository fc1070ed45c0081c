"""The drop-off form: every field wrong in its own way gets its own message; a good one reads back."""

from decimal import Decimal

import pytest

from app.domain.dropoff import DropOffProblems, read_dropoff

GOOD = dict(mobile="0917 123 4567", delivery_type="store", destination="0234", length="20", width="15",
            height="10", weight="1.5", collect="")


def problems(**changes) -> dict[str, str]:
    with pytest.raises(DropOffProblems) as caught:
        read_dropoff(**{**GOOD, **changes})
    return caught.value.problems


def test_a_good_dropoff_reads_back_in_seed_000s_terms():
    dropoff = read_dropoff(**GOOD)
    assert dropoff.mobile_number == "09171234567" and dropoff.delivery_type == "STORE"
    assert dropoff.dest == {"deliveryLocationId": "0234"} and dropoff.amount_collect == Decimal("0.00")
    door = read_dropoff(**{**GOOD, "delivery_type": "DOOR", "destination": "12 Mabini St, Brgy. Kapitolyo, Pasig",
                           "collect": "1,250.5"})
    assert door.dest == {"shippingAddress": "12 Mabini St, Brgy. Kapitolyo, Pasig"}
    assert door.amount_collect == Decimal("1250.50")


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"mobile": "12345"}, "mobile", "11 digits starting 09"),
    ({"destination": "234"}, "destination", "four digits"),
    ({"delivery_type": "DOOR", "destination": "Pasig"}, "destination", "street, barangay and city"),
    ({"delivery_type": "moon"}, "delivery_type", "STORE or DOOR"),
    ({"length": "abc"}, "length", "a number of cm"),
    ({"weight": "-2"}, "weight", "more than 0 kg"),
    ({"length": "31"}, "length", "each side may be at most 30 cm"),
    ({"length": "30", "width": "30", "height": "30.5"}, "height", "each side may be at most 30 cm"),
    ({"weight": "10.01"}, "weight", "at most 10 kg"),
    ({"collect": "-5"}, "collect", "cannot be negative"),
    ({"collect": "lots"}, "collect", "not an amount of money"),
])
def test_each_wrong_field_says_what_is_wrong(changes, field, message):
    assert message in problems(**changes)[field]


def test_the_volume_limit_has_its_own_message():
    assert problems(length="30", width="30", height="30.01") == {
        "height": "The height is 30.01 cm; each side may be at most 30 cm.",
        "volume": "The volume is 27,009.00 cm³; at most 27,000 cm³ is accepted."}
    largest = read_dropoff(**{**GOOD, "length": "30", "width": "30", "height": "30", "weight": "10"})
    assert largest.package() == {"length": "30", "width": "30", "height": "30", "weight": "10"}


def test_several_wrong_fields_are_all_named_at_once():
    assert set(problems(mobile="", length="", collect="x")) == {"mobile", "length", "collect"}
