"""Helpers for talking to a sandbox in tests: its inspection API, injected faults, waiting for a condition."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import requests

from app.domain.codes import CodeKind, issue_code
from app.domain.parcels import Actor, ParcelStatus
from app.sandbox.server import SandboxServer
from tests.conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def received_events(sandbox_url: str, tracking_number: str | None = None) -> list[dict]:
    params = {"trackingNumber": tracking_number} if tracking_number else {}
    return requests.get(f"{sandbox_url}/sandbox/events", params=params, headers=AUTH, timeout=5).json()["events"]


def inject_fault(sandbox_url: str, status: int, error_type: str, count: int = -1, **extra: object) -> None:
    body = {"kind": "error", "status": status, "type": error_type, "count": count, **extra}
    requests.post(f"{sandbox_url}/sandbox/faults", json=body, headers=AUTH, timeout=5).raise_for_status()


def wait_for(condition: Callable[[], object], timeout: float = 10.0, what: str = "condition") -> object:
    """Poll `condition` until it is truthy; for checks across processes, where no Qt signal exists."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def restart(sandbox: SandboxServer) -> SandboxServer:
    """The same central system (its database) back on the same port, after `sandbox.stop()`."""
    return SandboxServer(sandbox.db_path, TOKEN, port=int(sandbox.url.rsplit(":", 1)[1])).start()


def parcels_on_the_truck(sandbox: SandboxServer, count: int, seed: int = 11) -> list[tuple[str, str]]:
    """`count` prepaid parcels IN-TRANSIT to store 0166, straight into the sandbox: (tracking number, CLAIM CODE)."""
    rng = random.Random(seed)
    parcels = [(issue_code(CodeKind.TRACKING, rng), issue_code(CodeKind.CLAIM, rng)) for _ in range(count)]
    with sandbox.db.transaction():
        for tracking_number, claim_code in parcels:
            sandbox.db.add_parcel({"trackingNumber": tracking_number, "claimCode": claim_code, "merchantCode": "001",
                                   "merchant": "Merchant A", "deliveryLocationId": "0166", "paymentType": "PREPAID",
                                   "amount": "0.00", "status": ParcelStatus.IN_TRANSIT.value},
                                  Actor.TRUCKER_SCAN, "CDI Pasig")
    return parcels
