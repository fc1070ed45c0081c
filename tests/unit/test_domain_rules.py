from decimal import Decimal

import pytest

from app.domain.errors import ErrorType, classify_response
from app.domain.limits import limit_violations
from app.domain.money import MoneyError, format_php, php
from app.domain.parcels import (
    IllegalTransition,
    Parcel,
    ParcelStatus,
    PaymentType,
    can_transition,
    check_transition,
    parcel_from_json,
    parcel_to_json,
)
from app.domain.tracking import STATUSES, Bucket, NdrCode, ndr_for
from tests.helpers.seeds import seed_fact

S = ParcelStatus


def test_the_forward_journey_is_allowed_step_by_step():
    journey = [S.CREATED, S.AT_WAREHOUSE, S.IN_TRANSIT, S.READY_FOR_CLAIM, S.CLAIMED]
    for current, wanted in zip(journey, journey[1:], strict=False):
        check_transition(current, wanted)
    check_transition(S.READY_FOR_CLAIM, S.UNCLAIMED)
    check_transition(S.UNCLAIMED, S.FOR_PULL_OUT)
    check_transition(S.FOR_PULL_OUT, S.PULLED_OUT)


@pytest.mark.parametrize(
    ("current", "wanted"),
    [
        (S.IN_TRANSIT, S.CLAIMED),  # never released before it is received
        (S.CLAIMED, S.CLAIMED),  # never claimed twice
        (S.CLAIMED, S.READY_FOR_CLAIM),
        (S.CREATED, S.READY_FOR_CLAIM),
        (S.PULLED_OUT, S.READY_FOR_CLAIM),
        (S.UNCLAIMED, S.CLAIMED),
    ],
)
def test_illegal_transitions_are_refused(current, wanted):
    assert not can_transition(current, wanted)
    with pytest.raises(IllegalTransition, match=f"cannot become {wanted.value}"):
        check_transition(current, wanted)


def test_status_names_are_the_seed_names():
    assert S.AT_WAREHOUSE.value == "DELIVERED TO WAREHOUSE"
    assert S.IN_TRANSIT.value == "IN-TRANSIT"
    assert S.PULLED_OUT.value == "PULLED OUT FROM STORE"


def test_parcel_json_uses_seed_field_names_and_round_trips():
    parcel = Parcel("76050795432071363", "0166", "001", "Merchant A", S.READY_FOR_CLAIM,
                    PaymentType.COD, Decimal("200.00"), "8123-4567-8901", "item", "09123456789", "A-01")
    data = parcel_to_json(parcel)
    assert {"trackingNumber", "deliveryLocationId", "merchantCode", "claimCode", "paymentType", "amount"} <= set(data)
    assert data["amount"] == "200.00"
    assert parcel_from_json(data) == parcel


def test_tracking_codes_fall_in_the_seed_buckets():
    seed_buckets = seed_fact("tracking buckets")
    for bucket, row in seed_buckets.items():
        assert Bucket(int(bucket)).meaning == row["meaning"]
        for code in row["codes"]:
            assert STATUSES[code].bucket == Bucket(int(bucket))
    assert sum(len(row["codes"]) for row in seed_buckets.values()) == len(STATUSES)
    assert STATUSES[8].description == "Delivered"
    assert {b for b in Bucket if b.terminal} == {Bucket.DELIVERED, Bucket.RETURNED, Bucket.LOST}


def test_ndr_codes_are_the_seeds():
    assert {str(int(code)): code.description for code in NdrCode} == seed_fact("tracking ndr codes")


def test_ndr_maps_on_the_code_and_unknown_codes_are_unknown_exceptions():
    assert ndr_for(1) is NdrCode.CUSTOMER_UNAVAILABLE
    assert ndr_for(11).description == "Shipment Seized By Customer"
    assert ndr_for(99) is NdrCode.UNKNOWN_EXCEPTION


@pytest.mark.parametrize(
    ("status", "type_name", "expected", "transient"),
    [
        (401, "UNAUTHORIZED", ErrorType.UNAUTHORIZED, False),
        (500, "INTERNAL_SERVER_ERROR", ErrorType.INTERNAL_SERVER_ERROR, True),
        (422, "PLACE_ORDER_FAILED", ErrorType.PLACE_ORDER_FAILED, True),
        (422, "UNMAPPED_ERROR", ErrorType.UNMAPPED_ERROR, True),
        (429, "TOO_MANY_REQUESTS", ErrorType.TOO_MANY_REQUESTS, True),
        (422, "INVALID_DATA", ErrorType.INVALID_DATA, False),
        (400, "INVALID_DATA", ErrorType.INVALID_DATA, False),
        (409, "ORDER_ALREADY_CANCELED", ErrorType.ORDER_ALREADY_CANCELED, False),
        (503, None, ErrorType.INTERNAL_SERVER_ERROR, True),  # a proxy's bare 503
        (502, "SOMETHING_NEW", ErrorType.INTERNAL_SERVER_ERROR, True),
        (418, None, ErrorType.UNMAPPED_ERROR, True),
    ],
)
def test_error_taxonomy_of_seed_004(status, type_name, expected, transient):
    info = classify_response(status, type_name, "")
    assert info.type is expected
    assert info.transient is transient
    assert info.http_code == status


def test_every_error_row_of_seed_004_is_classified_as_the_seed_says():
    rows = seed_fact("shipping error types")
    assert len({row["endpoint"] for row in rows}) == 7
    for row in rows:
        info = classify_response(row["httpCode"], row["type"], row["description"])
        assert (info.type.name, info.http_code, info.transient) == (
            row["type"], row["httpCode"], row["severity"] == "Transient"), row


def test_package_limits_of_seed_000():
    D = Decimal
    assert limit_violations(D(30), D(30), D(30), D(10)) == []
    problems = limit_violations(D("30.5"), D(30), D(30), D("10.1"))
    assert any("length is 30.5 cm" in p for p in problems)
    assert any("volume" in p for p in problems)
    assert any("weight is 10.1 kg" in p for p in problems)
    assert limit_violations(D(0), D(1), D(1), D(1)) == ["The length must be more than 0 cm."]


def test_money_is_decimal_pesos():
    assert php("200") == Decimal("200.00")
    assert php("1,234.565") == Decimal("1234.57")
    assert format_php(php("1234.5")) == "PHP 1,234.50"
    with pytest.raises(TypeError):
        php(1.5)
    for bad in ("abc", "-1", "NaN", "Infinity"):
        with pytest.raises(MoneyError):
            php(bad)


def test_the_returns_chain_follows_seed_001_with_its_triggers():
    from app.domain.parcels import TRANSITIONS, Actor

    seed = seed_fact("returns status flow")
    assert seed[0]["trigger"] == "Kiosk transaction" and seed[0]["status"] == ParcelStatus.FOR_RETURN.value
    triggers = {"Kiosk transaction": Actor.KIOSK, "POS transaction": Actor.POS, "ECMS job": Actor.ECMS_JOB,
                "SBS Returns": Actor.POS, "Trucker scanning": Actor.TRUCKER_SCAN, "DC scanning": Actor.DC_SCAN}
    for before, after in zip(seed, seed[1:], strict=False):
        actor = TRANSITIONS[(ParcelStatus(before["status"]), ParcelStatus(after["status"]))]
        assert actor is triggers[after["trigger"]], after


def test_only_the_right_actor_may_make_a_change():
    from app.domain.parcels import Actor

    check_transition(S.IN_TRANSIT, S.READY_FOR_CLAIM, Actor.POS)
    with pytest.raises(IllegalTransition, match="IN-TRANSIT → READY FOR CLAIM is done by POS transaction, not by Trucker scanning"):
        check_transition(S.IN_TRANSIT, S.READY_FOR_CLAIM, Actor.TRUCKER_SCAN)
    assert not can_transition(S.CREATED, S.AT_WAREHOUSE, Actor.POS)
    assert can_transition(S.CREATED, S.AT_WAREHOUSE, Actor.DC_SCAN)


def test_every_central_status_has_a_tracking_code_in_a_seed_bucket():
    from app.domain.tracking import PARCEL_TRACKING

    assert set(PARCEL_TRACKING) == set(ParcelStatus)
    assert STATUSES[PARCEL_TRACKING[ParcelStatus.CLAIMED][0]].bucket is Bucket.DELIVERED
    assert STATUSES[PARCEL_TRACKING[ParcelStatus.PULLED_OUT][0]].bucket is Bucket.RETURNED
    code, ndr = PARCEL_TRACKING[ParcelStatus.UNCLAIMED]
    assert code == 9 and ndr is NdrCode.CUSTOMER_UNAVAILABLE  # an NDR comes with a failed delivery only
    assert all(n is None for c, n in PARCEL_TRACKING.values() if c != 9)


def test_web_order_status_filters_follow_seed_003():
    from app.domain.weborders import WebOrderStatus as W
    from app.domain.weborders import status_filter

    for everything in ("all", "All", "0", None, ""):
        assert status_filter(everything) == set(W)
    assert status_filter("pending,3") == {W.PENDING, W.PICKED}
    with pytest.raises(ValueError, match="unknown status 'shipped'"):
        status_filter("shipped")


def test_ean13_check_digits():
    from app.domain.weborders import ean13_check_digit, valid_ean13

    assert ean13_check_digit("400638133393") == "1" and valid_ean13("4006381333931")
    assert not valid_ean13("4006381333932") and not valid_ean13("400638133393")


def test_one_return_rule_for_the_central_system_the_kiosk_and_the_counter():
    from datetime import UTC, datetime

    from app.domain.returns import ReturnRefusal, return_refusal, startable_return

    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    until = "2026-11-30T15:59:59Z"
    assert return_refusal("REGISTERED", until, "", "0166", now) is None
    assert return_refusal("FOR RETURN", until, "0166", "0166", now) is None
    assert return_refusal("FOR RETURN", until, "0234", "0166", now) == "RETURN_STARTED_ELSEWHERE"
    assert return_refusal("REGISTERED", until, "", "0166", datetime(2026, 12, 1, tzinfo=UTC)) == "RETURN_EXPIRED"
    assert return_refusal("EXPIRED", until, "", "0166", now) == "RETURN_EXPIRED"
    assert return_refusal("RETURNED", until, "0166", "0166", now) == "RETURN_ALREADY_USED"
    record = {"status": "FOR RETURN", "validUntil": until, "deliveryLocationId": "0234"}
    with pytest.raises(ReturnRefusal, match="started at store 0234") as refused:
        startable_return([record], "AXDY1", "0166", now)
    assert refused.value.reason == "RETURN_STARTED_ELSEWHERE"
    with pytest.raises(ReturnRefusal, match="already used"):
        startable_return([{**record, "status": "EXPIRED"}, {**record, "status": "RETURNED"}], "AXDY1", "0166", now)



@pytest.mark.parametrize(("typed", "pesos"), [("1500", "1500.00"), ("1,500", "1500.00"), ("1,500.50", "1500.50"),
                                              ("PHP 200.5", "200.50"), ("₱200", "200.00"), (" 349.50 ", "349.50"),
                                              ("100000", "100000.00")])
def test_cash_typed_in_a_money_format_is_read_exactly(typed, pesos):
    from app.domain.money import read_tendered

    assert str(read_tendered(typed)) == pesos


@pytest.mark.parametrize(("typed", "why"), [
    ("1e30", "not an amount of cash"), ("56760443750346720", "not an amount of cash"), ("-5", "not an amount"),
    ("349.505", "more than two decimals"), ("1,50", "not an amount"), ("", "not an amount"), ("NaN", "not an amount"),
    ("١٢٣", "not an amount"), ("12 34", "not an amount"), ("100000.01", "more than a counter takes"),
    ("9" * 300, "not an amount")])
def test_anything_else_typed_as_cash_is_refused_never_rounded(typed, why):
    from app.domain.money import read_tendered

    with pytest.raises(MoneyError, match=why):
        read_tendered(typed)
