"""The outbox sender: one thread that delivers recorded events to the central system.

It is the only writer of delivery state. Events go in batches, at most one per parcel per batch so
that a parcel's events are applied in order. Whole-request failures (offline, 5xx, 429) pause
the sender with backoff, on the monotonic clock (a clock set back does not stop delivery), for no
longer than `retry_after_cap` whatever Retry-After asks; per-event refusals are retried
(transient) or parked (hard). A row is marked acknowledged only after the central system has
answered for it.

One bad event must not hold up the rest: a record the central system chokes on can make it answer
500 to every batch that carries it. After SPLIT_AFTER server faults in a row the sender sends the
batch's halves apart: a half that goes is settled, and of a half that fails again while the other
went, the fault is inside it, halved again down to the one event, which is parked (F6) with the
answer. Later events of its parcel wait behind it; other parcels go on. When every half fails (or a
lone event fails and the central system does not answer its ping), it is the central system: pause.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable
from pathlib import Path

from app.backoff import backoff_delay
from app.central.client import CentralClient
from app.central.errors import CentralError, CentralUnreachable
from app.domain.errors import ErrorInfo, ErrorType, classify_response
from app.status import SyncMonitor
from app.store.database import Database
from app.store.facts import StoreFacts
from app.store.outbox import Outbox, OutboxEvent
from app.worker import Worker

log = logging.getLogger(__name__)

IDLE_WAIT = 5.0  # longest wait between two rounds (recount, checkpoint), whatever the backoff
# Seconds between WAL checkpoints. Often enough that the WAL restarts small and a commit overwrites
# blocks it already has (appending to a growing file makes every fsync dearer), measured in
# tests/benchmarks/bench_counter.py; a passive checkpoint with nothing to copy costs almost nothing.
CHECKPOINT_INTERVAL = 0.25
SPLIT_AFTER = 3  # server faults in a row before the batch is split to find the event at fault


class OutboxSender(Worker):
    thread_name = "outbox-sender"
    title = "Sending events"

    def __init__(
        self,
        db_path: str | Path,
        client_factory: Callable[[], CentralClient],
        monitor: SyncMonitor,
        *,
        batch_size: int = 200,
        backoff_base: float = 1.0,
        retry_after_cap: float = 300.0,
        rng: random.Random | None = None,
        shares_refusals: bool = False,
    ):
        self.db_path = db_path
        self.shares_refusals = shares_refusals  # a kiosk's: it has no F6, the store's counters settle them
        self.client_factory = client_factory
        self.monitor = monitor
        self.batch_size = batch_size
        self.backoff_base = backoff_base  # seconds before the first retry; doubles each time (jittered)
        self.retry_after_cap = retry_after_cap
        self.rng = rng or random.Random()
        super().__init__(on_trouble=monitor.worker_trouble)
        self._paused_until = 0.0
        self._failures = 0  # consecutive whole-request failures
        self._server_faults = 0  # of which 5xx answers in a row

    def resume(self) -> None:
        """The central system is reachable again (the poller saw it): send now, not after the backoff."""
        self._paused_until = 0.0
        self.wake()

    def run(self) -> None:
        db = Database(self.db_path)
        outbox = Outbox(db)
        client = self.client_factory()
        next_checkpoint = 0.0
        try:
            while self.next_round():
                if time.monotonic() >= self._paused_until:
                    while self.drain_once(outbox, client) and not self._stop.is_set():
                        pass
                self._report(outbox)
                if time.monotonic() >= next_checkpoint:
                    db.checkpoint()  # the clerk's connection leaves this to us, off its commit path
                    next_checkpoint = time.monotonic() + CHECKPOINT_INTERVAL
                self.pause(self._wait_time(outbox))
        finally:
            client.close()
            db.close()

    def _wait_time(self, outbox: Outbox) -> float:
        paused = self._paused_until - time.monotonic()
        if paused > 0:
            return min(IDLE_WAIT, paused)
        now = time.time()  # retry times are stored, so they are wall-clock times (see Outbox.due)
        due = outbox.next_due_time(now)
        return IDLE_WAIT if due is None else min(IDLE_WAIT, max(0.05, due - now))

    def _report(self, outbox: Outbox) -> None:
        self.monitor.update(waiting=outbox.waiting_count(), parked=outbox.parked_count())

    def drain_once(self, outbox: Outbox, client: CentralClient) -> bool:
        """Send one batch; True if it made progress and more may be due."""
        events = outbox.due(self.batch_size)
        if not events:
            return False
        self._report(outbox)  # before sending: "offline" is never shown beside a stale "nothing waiting"
        progressed = self._send(outbox, client, events)
        self._report(outbox)
        return progressed

    def _send(self, outbox: Outbox, client: CentralClient, events: list[OutboxEvent]) -> bool:
        try:
            results = client.post_events([e.payload for e in events])
        except CentralUnreachable as exc:
            self._pause(f"central system not reachable: {exc}", None, offline=True)
            return False
        except CentralError as exc:
            if _server_fault(exc):
                self._server_faults += 1
                if self._server_faults >= SPLIT_AFTER:
                    return self._narrow(outbox, client, events, exc)
            if exc.transient or exc.info.type is ErrorType.UNAUTHORIZED:
                # The central system is busy, or does not take our token: no event is at fault.
                self._pause(f"central system refused: {exc}", exc.retry_after, offline=False)
                return False
            if len(events) > 1:
                # A hard refusal of the whole batch: find the event at fault by sending one at a time.
                return all(self._send(outbox, client, [event]) for event in events)
            self._park(outbox, events[0], exc.info)
            return True
        self._failures = self._server_faults = 0
        self.monitor.reachable()
        self._settle(outbox, events, results)
        return True

    def _narrow(self, outbox: Outbox, client: CentralClient, events: list[OutboxEvent], fault: CentralError) -> bool:
        """`events` met server faults SPLIT_AFTER times running: find the one at fault (see above)."""
        if len(events) == 1:
            return self._alone(outbox, client, events[0], fault)
        halves = (events[: len(events) // 2], events[len(events) // 2:])
        failing = []
        for half in halves:
            try:
                self._settle(outbox, half, client.post_events([e.payload for e in half]))
            except (CentralError, CentralUnreachable) as exc:
                failing.append((half, exc))
        if not failing:
            self._failures = self._server_faults = 0
            return True
        if len(failing) == 2 or not _server_fault(failing[0][1]):
            return self._paused(failing[0][1])  # the central system itself, not one event
        half, fault = failing[0]
        return self._narrow(outbox, client, half, fault)

    def _alone(self, outbox: Outbox, client: CentralClient, event: OutboxEvent, fault: CentralError) -> bool:
        """The one event left: sent alone SPLIT_AFTER times, each a server fault while the central
        system answers its ping, it is at fault; any other answer ends the search."""
        for _ in range(SPLIT_AFTER):
            try:
                self._settle(outbox, [event], client.post_events([event.payload]))
                self._failures = self._server_faults = 0
                return True
            except (CentralError, CentralUnreachable) as exc:
                fault = exc
            if not (_server_fault(fault) and self._answers_ping(client)):
                return self._paused(fault)
        return self._park_at_fault(outbox, event, fault)

    def _park_at_fault(self, outbox: Outbox, event: OutboxEvent, fault: CentralError) -> bool:
        info = fault.info
        self._park(outbox, event, ErrorInfo(info.type, info.http_code, f"{info.message} (the central system failed "
                                            f"on this event {SPLIT_AFTER} times while others went through)"))
        self._server_faults = 0
        return True

    def _paused(self, error: CentralError | CentralUnreachable) -> bool:
        self._pause(f"central system refused: {error}", getattr(error, "retry_after", None),
                    offline=isinstance(error, CentralUnreachable))
        return False

    @staticmethod
    def _answers_ping(client: CentralClient) -> bool:
        try:
            client.ping()
        except (CentralError, CentralUnreachable):
            return False
        return True

    def _pause(self, problem: str, retry_after: float | None, *, offline: bool) -> None:
        asked = None if retry_after is None else min(retry_after, self.retry_after_cap)
        delay = backoff_delay(self._failures, base=self.backoff_base, cap=60.0, retry_after=asked, rng=self.rng)
        self._failures += 1
        self._paused_until = time.monotonic() + delay
        log.info("sender pauses %.1fs: %s", delay, problem)
        if offline:
            self.monitor.unreachable(problem)
        else:
            self.monitor.update(online=True, problem=problem)

    def _park(self, outbox: Outbox, event: OutboxEvent, info: ErrorInfo) -> None:
        error = json.dumps({"httpCode": info.http_code, **info.to_json()})
        with outbox.db.transaction():
            outbox.park(event.idempotency_key, error)
            if self.shares_refusals:
                StoreFacts(outbox.db).share_refusal(event.idempotency_key, str(event.payload.get("terminalId", "")),
                                                    event.kind, event.parcel_key, event.payload, error)
        log.warning("event %s parked: %s %s", event.idempotency_key, info.type.value, info.message)

    def _settle(self, outbox: Outbox, events: list[OutboxEvent], results: list[dict]) -> None:
        by_key = {r.get("idempotencyKey"): r for r in results if isinstance(r, dict)}
        acked = []
        for event in events:
            result = by_key.get(event.idempotency_key)
            if result is None:
                outbox.retry_later(event.idempotency_key, self._later(event), "no answer for this event")
            elif result.get("result") == "ACCEPTED":
                acked.append(event.idempotency_key)
            else:
                self._refused(outbox, event, result)
        if acked:
            outbox.acknowledge(acked)

    def _refused(self, outbox: Outbox, event: OutboxEvent, result: dict) -> None:
        error = result.get("error") or {}
        info = classify_response(int(result.get("httpCode", 422)), error.get("type"), str(error.get("message", "")))
        if info.transient:
            detail = json.dumps({"httpCode": info.http_code, **info.to_json()})
            outbox.retry_later(event.idempotency_key, self._later(event), detail)
        else:
            self._park(outbox, event, info)

    def _later(self, event: OutboxEvent) -> float:
        return time.time() + backoff_delay(event.attempts, base=self.backoff_base, rng=self.rng)


def _server_fault(error: CentralError | CentralUnreachable) -> bool:
    """A 5xx answer: the central system failed (perhaps on one of our events), it did not refuse."""
    return isinstance(error, CentralError) and error.info.http_code >= 500
