import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.checkdigit import damm_digit, damm_valid
from app.domain.codes import CodeError, CodeKind, classify, group, issue_code, validate_store_id


@pytest.mark.parametrize("kind", [CodeKind.CLAIM, CodeKind.REFERENCE, CodeKind.RETURN, CodeKind.TRACKING])
def test_issued_codes_classify_as_their_kind(kind):
    rng = random.Random(1)
    for _ in range(50):
        code = issue_code(kind, rng)
        assert classify(code).kind is kind
        assert classify(code).value == code


def test_twelve_digit_codes_are_grouped_and_accept_any_separator():
    code = issue_code(CodeKind.CLAIM, random.Random(2))
    digits = code.replace("-", "")
    assert len(digits) == 12 and code == group(digits)
    assert classify(digits).value == code
    assert classify(f"  {digits[:4]} {digits[4:8]} {digits[8:]} \n").value == code


@given(st.text(alphabet="0123456789", min_size=11, max_size=16), st.integers(0, 15), st.integers(1, 9))
def test_a_single_wrong_digit_is_always_caught(body, position, delta):
    code = body + damm_digit(body)
    position %= len(code)
    wrong = code[:position] + str((int(code[position]) + delta) % 10) + code[position + 1 :]
    assert damm_valid(code)
    assert not damm_valid(wrong)


@given(st.text(alphabet="0123456789", min_size=11, max_size=16), st.integers(0, 15))
def test_a_swap_of_neighbouring_digits_is_always_caught(body, position):
    code = body + damm_digit(body)
    position %= len(code) - 1
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    if swapped != code:
        assert not damm_valid(swapped)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Nothing was scanned"),
        ("hello", "not made of digits"),
        ("12345", "has 5 digits"),
        ("9917-6789-0023", "check digit does not match"),  # the seed's example, one digit off ours
        ("30310533261428120", "check digit does not match"),
        ("5123-4567-8901", "not a claim, reference or return code"),
        ("12\x0034", "control characters"),
        ("9" * 500, "far too long"),
        ("٩٩١٧٦٧٨٩٠٠٢٣", "not made of digits"),  # Arabic-Indic digits are digits to Python, not to us
    ],
)
def test_bad_input_gets_a_clear_message(text, message):
    with pytest.raises(CodeError, match=message):
        classify(text)


@given(st.text(max_size=300))
def test_classify_never_fails_other_than_with_a_message(text):
    try:
        code = classify(text)
    except CodeError as exc:
        assert str(exc)
    else:
        assert code.kind in CodeKind


def test_store_ids_are_four_digits():
    assert validate_store_id(" 0166 ") == "0166"
    for bad in ("166", "01666", "AB12", ""):
        with pytest.raises(CodeError, match="four digits"):
            validate_store_id(bad)
