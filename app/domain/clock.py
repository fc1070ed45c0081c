"""The time as the program sees it. Services take a `Clock` so that tests can set the time.

Timestamps are what the central system writes: UTC, ISO 8601, second precision. The clerk's and the
customer's papers show local time.
"""

from __future__ import annotations

from datetime import UTC, datetime


class Clock:
    """The machine's clock."""

    def now(self) -> datetime:
        """Now, in UTC."""
        return datetime.now(UTC)

    def iso(self) -> str:
        """Now as the central system writes it: ``2026-11-23T10:01:00Z``."""
        return self.now().strftime("%Y-%m-%dT%H:%M:%SZ")

    def local_stamp(self) -> str:
        """Now in local time, to the minute, as receipts print it."""
        return self.now().astimezone().strftime("%Y-%m-%d %H:%M")


SYSTEM_CLOCK = Clock()


def now_iso() -> str:
    return SYSTEM_CLOCK.iso()
