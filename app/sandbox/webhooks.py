"""Delivers merchants' webhooks: at least once, retried with backoff until the receiver answers 2xx.

Each delivery carries an ``Idempotency-Key`` header so a receiver can drop repeats; every attempt
is recorded (``GET /sandbox/webhooks``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import requests

from app.backoff import backoff_delay
from app.sandbox.database import SandboxDb
from app.worker import Worker

log = logging.getLogger(__name__)


class WebhookDispatcher(Worker):
    thread_name = "sandbox-webhooks"

    def __init__(
        self,
        db: SandboxDb,
        *,
        retry_base: float = 1.0,
        retry_cap: float = 300.0,
        timeout: float = 5.0,
        refreshers: dict[str, Callable[[dict], dict]] | None = None,
    ):
        super().__init__()
        self.db = db
        # kind -> payload updater run just before each attempt (the tracking API's latest_status).
        self.refreshers = refreshers or {}
        self.retry_base = retry_base
        self.retry_cap = retry_cap
        self.timeout = timeout

    def run(self) -> None:
        with requests.Session() as session:
            while self.next_round():
                self.deliver_due(session)
                self.pause(min(1.0, self.retry_base))

    def deliver_due(self, session: requests.Session) -> None:
        for delivery in self.db.due_webhooks():
            status, error = None, ""
            try:
                payload = self.refreshers.get(delivery["kind"], lambda p: p)(delivery["payload"])
                headers = {**delivery["headers"], "Idempotency-Key": delivery["idempotency_key"]}
                response = session.post(delivery["url"], json=payload, headers=headers, timeout=self.timeout)
                status = response.status_code
                delivered = 200 <= status < 300
                error = "" if delivered else f"HTTP {status}"
            except requests.RequestException as exc:
                delivered, error = False, f"{type(exc).__name__}: {exc}"
            retry_at = None
            if not delivered:
                delay = backoff_delay(delivery["attempts"], base=self.retry_base, cap=self.retry_cap)
                retry_at = time.time() + delay
                log.info("webhook %s to %s failed (%s), again in %.1fs", delivery["id"], delivery["url"], error, delay)
            self.db.webhook_attempted(delivery["id"], status, error, retry_at)
