"""Reading a merchant's JSON request: each field checked, each problem a VALIDATION_ERROR (400).

References to things that do not exist (a merchant or store code) are INVALID_DATA (422), as in
seed 004's tables.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from flask import request
from werkzeug.exceptions import BadRequest

from app.domain.codes import CodeError, validate_store_id
from app.domain.dropoff import MOBILE
from app.domain.errors import ErrorType
from app.domain.money import MoneyError, php
from app.sandbox.database import SandboxDb
from app.sandbox.errors import ApiError
from app.sandbox.strict_json import unreadable

LARGEST_NUMBER = 1_000_000_000  # no weight, size or amount of these APIs comes near it


def json_body() -> dict:
    if not request.is_json:
        raise ApiError(ErrorType.VALIDATION_ERROR, "the body must be a JSON object (Content-Type: application/json)")
    try:
        body = request.get_json()
    except BadRequest as exc:  # not JSON, or JSON the sandbox does not take (app.sandbox.strict_json)
        raise ApiError(ErrorType.VALIDATION_ERROR, unreadable(exc)) from None
    if not isinstance(body, dict):
        raise ApiError(ErrorType.VALIDATION_ERROR, "the body must be a JSON object")
    return body


def text(body: dict, name: str, *, max_length: int = 100, required: bool = True) -> str:
    value = body.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ApiError(ErrorType.VALIDATION_ERROR, f"{name} is a required field")
        return ""
    if not isinstance(value, str):
        raise ApiError(ErrorType.VALIDATION_ERROR, f"{name} must be a string")
    if len(value) > max_length:
        raise ApiError(ErrorType.VALIDATION_ERROR, f"{name} must be at most {max_length} characters")
    return value.strip()


def mobile_number(body: dict) -> str:
    value = text(body, "mobileNumber", max_length=13)
    if not MOBILE.fullmatch(value):
        raise ApiError(ErrorType.VALIDATION_ERROR, "mobileNumber must be a mobile number like 09123456789")
    return value


def read_delivery_type(body: dict) -> str:
    """Seed 000's ``deliveryType``: STORE (another store) or DOOR (an address)."""
    value = text(body, "deliveryType", max_length=10).upper()
    if value not in ("STORE", "DOOR"):
        raise ApiError(ErrorType.VALIDATION_ERROR, "deliveryType must be STORE or DOOR")
    return value


def number(body: dict, name: str, *, positive: bool = True) -> Decimal:
    """A decimal given as a string or a number (the seeds send ``"0.5"``)."""
    raw = body.get(name)
    if raw is None or raw == "":
        raise ApiError(ErrorType.VALIDATION_ERROR, f"{name} is a required field")
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        raise ApiError(ErrorType.VALIDATION_ERROR, f"{name} must be a number")
    try:
        value = Decimal(str(raw).strip())
    except ArithmeticError:
        raise ApiError(ErrorType.VALIDATION_ERROR, f"{name} must be a number, not {raw!r}") from None
    if not value.is_finite() or (positive and value <= 0) or value < 0:
        raise ApiError(ErrorType.VALIDATION_ERROR, f"{name} must be {'more than 0' if positive else 'at least 0'}")
    if value > LARGEST_NUMBER:
        raise ApiError(ErrorType.VALIDATION_ERROR, f"{name} must be at most {LARGEST_NUMBER:,}")
    return value


def money(body: dict, name: str, default: str = "0.00") -> Decimal:
    raw = body.get(name, default)
    try:
        return php(str(raw))
    except MoneyError as exc:
        raise ApiError(ErrorType.VALIDATION_ERROR, f"{name}: {exc}") from None


def timestamp(body: dict, name: str, fmt: str, example: str) -> datetime:
    value = text(body, name, max_length=19)
    try:
        return datetime.strptime(value, fmt)
    except ValueError:
        raise ApiError(ErrorType.VALIDATION_ERROR, f"{name} must look like {example}") from None


def day(body: dict, name: str) -> date:
    return timestamp(body, name, "%Y-%m-%d", "2015-08-01").date()


def known_merchant(db: SandboxDb, body: dict) -> dict:
    code = text(body, "merchantCode", max_length=10)
    merchant = db.merchant(code)
    if merchant is None:
        raise ApiError(ErrorType.INVALID_DATA, f"Invalid Data: No such merchantCode {code} exists in our system.")
    return merchant


def known_store(db: SandboxDb, body: dict, name: str = "deliveryLocationId") -> dict:
    value = text(body, name, max_length=10)
    try:
        validate_store_id(value)
    except CodeError as exc:
        raise ApiError(ErrorType.VALIDATION_ERROR, f"{name}: {exc}") from None
    store = db.store(value)
    if store is None:
        raise ApiError(
            ErrorType.INVALID_DATA, f"Invalid Data: No such {name} exists in our system. Please provide a valid {name}."
        )
    return store
