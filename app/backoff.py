"""Exponential backoff with jitter, honouring the server's Retry-After."""

from __future__ import annotations

import random

LONGEST_BACKOFF = 300.0  # seconds: no backoff is longer (a retry time further ahead means the clock went back)


def backoff_delay(
    attempts: int,
    *,
    base: float = 1.0,
    cap: float = LONGEST_BACKOFF,
    retry_after: float | None = None,
    rng: random.Random | None = None,
) -> float:
    """Seconds to wait before try number `attempts` + 1: "equal jitter", never below Retry-After."""
    ceiling = min(cap, base * 2 ** min(attempts, 30))
    delay = ceiling / 2 + (rng or random).uniform(0, ceiling / 2)
    return max(delay, retry_after or 0.0)
