"""Matching scanned items to a web order's lines (seed 003: VariantId first, EAN may be shared)."""

import pytest

from app.domain.picking import NotThisOrder, candidates, lines_of
from app.sandbox.weborders import DEMO_CATALOGUE

CATALOGUE = {variant: (ean, name, hint) for variant, ean, name, _, hint in DEMO_CATALOGUE}
TUNA_EAN = CATALOGUE["V-1003"][0]


def order(*lines: tuple[str, int]) -> dict:
    return {"OrderNo": "WEB-1", "Lines": [{"VariantId": v, "Ean": CATALOGUE[v][0], "Name": CATALOGUE[v][1],
                                           "Quantity": q, "LocationHint": CATALOGUE[v][2]} for v, q in lines]}


def test_a_variant_id_finds_its_line_and_an_ean_every_line_it_fits():
    lines = lines_of(order(("V-1003", 1), ("V-1004", 2), ("V-1001", 1)), {})
    assert [line.variant_id for line in candidates(lines, "V-1004")] == ["V-1004"]
    assert [line.variant_id for line in candidates(lines, TUNA_EAN)] == ["V-1003", "V-1004"]  # the clerk chooses
    assert [line.variant_id for line in candidates(lines, "x", gtin=CATALOGUE["V-1001"][0])] == ["V-1001"]


def test_an_ean_shared_by_a_line_already_picked_needs_no_choice():
    lines = lines_of(order(("V-1003", 1), ("V-1004", 2)), {"V-1003": 1})
    assert [line.variant_id for line in candidates(lines, TUNA_EAN)] == ["V-1004"]


def test_wrong_items_and_extra_quantities_are_refused_with_why():
    lines = lines_of(order(("V-1001", 2)), {"V-1001": 2})
    with pytest.raises(NotThisOrder, match="V-1006 is not in this order"):
        candidates(lines, "V-1006")
    with pytest.raises(NotThisOrder, match=r"Enough already: Bottled water 500 ml \(2\)"):
        candidates(lines, "V-1001")
    with pytest.raises(NotThisOrder, match="not in this order"):
        candidates(lines, "4006381333931")  # an EAN we do not sell in this order
