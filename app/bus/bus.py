"""The store bus: this terminal's link to the store hub (NATS JetStream), on a thread of its own.

It publishes the facts this terminal recorded (``store_facts``, in order, the fact's key as
``Nats-Msg-Id`` so the hub keeps one copy of a fact sent twice), applies the other terminals' facts
from its own durable consumer (a batch per transaction, with the stream position it reached: the
consumer is made anew from there at each start and after a gap, so a crash or a hub outage mid-batch
loses none, and a key applied before is skipped), keeps this terminal in the store's presence list,
and answers the clerk's claims: create-if-absent in a key-value bucket, so of two terminals asking
at once one is refused, told who has it.

The hub may be out of reach at any time; the terminal then works alone and catches up when it is
back (nats-py reconnects by itself, for ever).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import logging
import re
import socket
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import nats
from nats.errors import Error as NatsError
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy, KeyValueConfig, StorageType, StreamConfig
from nats.js.errors import KeyNotFoundError, KeyWrongLastSequenceError, NotFoundError

from app.bus.claims import ClaimAnswer
from app.domain.clock import now_iso
from app.status import SyncMonitor
from app.store import Database, Holder, StoreFacts, UnreadableRecords, UsedClaim
from app.store.database import SIGNED_IN
from app.store.facts import BUS_ON
from app.worker import Worker

log = logging.getLogger(__name__)

CLAIM_SECONDS = 1.0  # the longest a clerk waits for the hub to answer a claim; then the terminal works alone
PING_SECONDS = 3  # how often the link to the hub is checked; two unanswered and it counts as gone
PRESENCE_SECONDS = 5.0  # how often a terminal says it is there; it drops from the list 3 times that after
BATCH = 500  # facts published, or applied in one transaction, at a time
KEEP_FACTS_DAYS = 30  # a terminal off for longer than this starts again from the central system's copy
PRUNE_SECONDS = 6 * 3600  # how often facts older than the hub keeps are forgotten here
FEED = "store bus"  # the unreadable records' feed a fact that cannot be applied is set aside in
POSITION = "store_bus_position"  # meta key: the stream sequence of the last fact applied here


@dataclass(frozen=True)
class BusSettings:
    servers: tuple[str, ...]
    store_id: str
    terminal_id: str
    token: str = ""

    @property
    def subjects(self) -> str:
        return f"store.{self.store_id}.facts.>"

    @property
    def stream(self) -> str:
        return f"FACTS_{self.store_id}"

    @property
    def replicas(self) -> int:
        """Three copies of every fact and claim on a store's three-hub cluster, so one hub may fail."""
        return 3 if len(self.servers) >= 3 else 1


class StoreBus(Worker):
    thread_name = "store-bus"
    title = "The store bus"

    def __init__(self, db_path: str | Path, settings: BusSettings, monitor: SyncMonitor, *,
                 on_applied=lambda db: None):
        super().__init__(on_trouble=monitor.worker_trouble)
        monitor.update(store_bus=True)
        self.db_path = db_path
        self.settings = settings
        self.monitor = monitor
        self.on_applied = on_applied  # after other terminals' facts were applied: with this thread's connection
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task | None = None
        self._kick: asyncio.Event | None = None
        self._claims = None  # the claims' key-value bucket, while connected
        self._terminals = None  # the presence bucket, while connected
        self._ready = threading.Event()  # the loop and the task exist: stop and wake can reach them

    # -- from other threads ----------------------------------------------------------------------

    def start(self) -> None:
        """From here on what this terminal records is kept for the store: before the first action, not
        once the bus thread is up."""
        with contextlib.closing(Database(self.db_path)) as db:
            db.set_meta(BUS_ON, "1")
        super().start()

    def wake(self) -> None:
        """Something was recorded: publish it now."""
        super().wake()
        if self._loop is not None and self._kick is not None:
            self._loop.call_soon_threadsafe(self._kick.set)

    def stop(self, timeout: float = 15.0) -> None:
        self._stop.set()
        if self._ready.wait(timeout=1) and self._loop is not None:
            self._loop.call_soon_threadsafe(self._task.cancel)
        super().stop(timeout)

    def take(self, subject: str) -> ClaimAnswer:
        """A claim for the clerk (on the clerk's thread): this terminal's, another's (refused), or, with the
        hub out of reach or slow, this terminal's alone."""
        loop, claims = self._loop, self._claims
        if loop is None or claims is None or not self.monitor.status.store_online:
            return ClaimAnswer(UsedClaim(subject, alone=True))
        future = asyncio.run_coroutine_threadsafe(self._take(claims, subject), loop)
        try:
            return future.result(timeout=CLAIM_SECONDS)
        except (concurrent.futures.TimeoutError, NatsError, OSError) as exc:
            future.cancel()
            log.info("claim %s taken alone: the store hub did not answer (%s)", subject, exc)
            return ClaimAnswer(UsedClaim(subject, alone=True))

    def release(self, subject: str) -> None:
        """A claim of ours given back (the use of it was not recorded): another terminal may take it."""
        loop, claims = self._loop, self._claims
        if loop is None or claims is None:
            return
        future = asyncio.run_coroutine_threadsafe(self._release(claims, subject), loop)
        try:
            future.result(timeout=CLAIM_SECONDS)
        except (concurrent.futures.TimeoutError, NatsError, OSError) as exc:
            future.cancel()
            log.info("claim %s not given back: the store hub did not answer (%s)", subject, exc)

    # -- the bus thread --------------------------------------------------------------------------

    def run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._kick = asyncio.Event()
        self._task = asyncio.current_task()
        self._ready.set()
        db = self._db = Database(self.db_path)
        facts = StoreFacts(db)
        self._report(facts, online=None)
        connection = None
        try:
            connection = await nats.connect(
                servers=list(self.settings.servers), token=self.settings.token or None,
                name=f"counterpos {self.settings.store_id} {self.settings.terminal_id}", connect_timeout=2,
                reconnect_time_wait=1, max_reconnect_attempts=-1, allow_reconnect=True,
                # a cable pulled or a switch gone sends nothing back: unanswered pings tell it in seconds
                ping_interval=PING_SECONDS, max_outstanding_pings=2,
                error_cb=self._link_error, disconnected_cb=self._gone, reconnected_cb=self._back)
            await self._serve(connection, db, facts)
        except asyncio.CancelledError:
            if not self._stop.is_set():
                raise
        finally:
            self._claims = None
            if connection is not None and not connection.is_closed:
                await connection.close()
            db.close()

    async def _serve(self, connection, db: Database, facts: StoreFacts) -> None:
        js = connection.jetstream(timeout=5)
        while True:
            try:
                await self._setup(js)
                break
            except (NatsError, OSError) as exc:  # out of reach, or a hub cluster still choosing its leader
                log.info("the store's stream waits for the hub: %s", exc)
                self._report(facts, online=False, problem=f"store hub not ready: {exc}"[:300])
                await asyncio.sleep(1.0)
        self._report(facts, online=True)
        self.working()  # from the thread that serves: the store bus works again after an unexpected error
        await asyncio.gather(self._publishing(js, facts), self._applying(js, db, facts), self._presence(js, facts))

    async def _setup(self, js) -> None:
        """The stream and buckets, made by the first terminal to come (asking again changes nothing)."""
        replicas = self.settings.replicas
        await js.add_stream(StreamConfig(name=self.settings.stream, subjects=[self.settings.subjects],
                                         storage=StorageType.FILE, max_age=KEEP_FACTS_DAYS * 86400,
                                         duplicate_window=86400, num_replicas=replicas))
        self._claims = await js.create_key_value(KeyValueConfig(
            bucket=f"claims_{self.settings.store_id}", history=1, storage=StorageType.FILE,
            ttl=KEEP_FACTS_DAYS * 86400, replicas=replicas))
        self._terminals = await js.create_key_value(KeyValueConfig(
            bucket=f"terminals_{self.settings.store_id}", history=1, storage=StorageType.MEMORY,
            ttl=3 * PRESENCE_SECONDS, replicas=replicas))

    async def _publishing(self, js, facts: StoreFacts) -> None:
        while not self._stop.is_set():
            pending = facts.pending(BATCH)
            if not pending:
                self._kick.clear()
                try:
                    await asyncio.wait_for(self._kick.wait(), timeout=1.0)
                except TimeoutError:
                    pass
                continue
            try:
                # sent in order on the one connection, so the hub keeps them in order; all answered, then marked
                await asyncio.gather(*(js.publish(self._subject(fact.kind), self._message(facts, fact),
                                                  headers={"Nats-Msg-Id": fact.key}) for fact in pending))
            except (NatsError, OSError) as exc:
                log.info("facts wait for the store hub: %s", exc)
                self._report(facts, online=False, problem=str(exc))
                await asyncio.sleep(1.0)
                continue
            facts.published([fact.key for fact in pending])
            self._report(facts, online=True)

    def _subject(self, kind: str) -> str:
        return f"store.{self.settings.store_id}.facts.{self.settings.terminal_id}.{_token(kind)}"

    def _message(self, facts: StoreFacts, fact) -> bytes:
        return json.dumps({"key": fact.key, "terminal": self.settings.terminal_id, "kind": fact.kind,
                           "family": fact.family, "subject": fact.subject, **fact.body,
                           "rows": facts.rows_of(fact.family, fact.subject)}, sort_keys=True).encode()

    async def _follow(self, js, db: Database):
        """This terminal's consumer, from the fact after the last one applied here (its stream sequence
        is kept in this database, in the transaction that applied it). Made anew each time: the hub's
        own count of what it delivered is not trusted, as a fetch cut off by the hub going away, or
        by this terminal being killed, left facts the hub thinks delivered."""
        start = int(db.get_meta(POSITION, "0") or 0) + 1
        with contextlib.suppress(NotFoundError):
            await js.delete_consumer(self.settings.stream, self.settings.terminal_id)
        return await js.pull_subscribe(
            self.settings.subjects, durable=self.settings.terminal_id, stream=self.settings.stream,
            config=ConsumerConfig(ack_policy=AckPolicy.ALL, max_ack_pending=-1, opt_start_seq=start,
                                  deliver_policy=DeliverPolicy.BY_START_SEQUENCE))

    async def _applying(self, js, db: Database, facts: StoreFacts) -> None:
        consumer = None
        while not self._stop.is_set():
            try:
                if consumer is None:
                    consumer = await self._follow(js, db)
                messages = await consumer.fetch(BATCH, timeout=1.0)
                run, rest = await self._next_run(js, db, messages)
            except TimeoutError:
                continue
            except (NatsError, OSError) as exc:
                log.info("facts of the store wait: %s", exc)
                await asyncio.sleep(1.0)
                continue
            if run:
                applied = self._apply(db, facts, run)
                await run[-1].ack()  # after the commit; acknowledges the whole run
                if applied:
                    self.on_applied(db)
                    self._report(facts, online=True)
            if rest:  # facts between did not come (a fetch cut off, by a crash or the hub going away)
                log.info("store facts before %d did not come: following again from the last applied", _seq(rest[0]))
                with contextlib.suppress(NatsError, OSError):
                    await consumer.unsubscribe()
                consumer = None

    async def _next_run(self, js, db: Database, messages: list) -> tuple[list, list]:
        """Of a fetched batch, the facts that follow on from the last one applied, one after another (a
        fact before them was applied already: skipped), and whatever comes after a gap."""
        expected = int(db.get_meta(POSITION, "0") or 0) + 1
        fresh = sorted((m for m in messages if _seq(m) >= expected), key=_seq)
        if not fresh:
            return [], []
        if _seq(fresh[0]) != expected:  # unless the facts between are older than the hub keeps
            expected = max(expected, (await js.stream_info(self.settings.stream)).state.first_seq)
        run = []
        for message in fresh:
            if _seq(message) != expected:
                break
            run.append(message)
            expected += 1
        return run, fresh[len(run):]

    def _apply(self, db: Database, facts: StoreFacts, messages: list) -> int:
        applied = 0
        with db.transaction():
            db.set_meta(POSITION, str(_seq(messages[-1])))
            for message in messages:
                try:
                    fact = json.loads(message.data)
                except ValueError as exc:
                    UnreadableRecords(db).add(FEED, message.data.decode("utf-8", "replace")[:2000], str(exc))
                    continue
                if isinstance(fact, dict) and fact.get("terminal") == self.settings.terminal_id:
                    continue  # our own, back from the hub
                applied += facts.apply_or_set_aside(fact, FEED)
        return applied

    async def _presence(self, js, facts: StoreFacts) -> None:
        me = uuid.uuid4().hex  # this run of this terminal: another under the same id is a set-up mistake
        told = None  # the revision of our last presence: one put after it by another run is a twin's
        pruned = None
        while not self._stop.is_set():
            if pruned is None or time.monotonic() - pruned > PRUNE_SECONDS:
                cutoff = (datetime.now(UTC) - timedelta(days=KEEP_FACTS_DAYS + 1)).strftime("%Y-%m-%dT%H:%M:%SZ")
                log.info("store facts pruned: %d older than %s", facts.prune(cutoff), cutoff)
                pruned = time.monotonic()
            try:
                twin = told is not None and await self._twin(me, told)
                if twin and not self.monitor.status.store_twin:
                    log.warning("another terminal of the store is also %s", self.settings.terminal_id)
                told = await self._terminals.put(self.settings.terminal_id,
                                                 json.dumps({"at": now_iso(), "run": me}).encode())
                self.monitor.update(store_terminals=len(await self._terminals.keys()), store_twin=twin)
                self._report(facts, online=True)
            except (NatsError, OSError) as exc:  # out of reach: the disconnect callback says so
                log.info("store presence not told: %s", exc)
                self._report(facts, online=None)
            await asyncio.sleep(PRESENCE_SECONDS)

    async def _twin(self, me: str, told: int) -> bool:
        """Whether another run said it is this terminal since we last did (so not the run before ours, a
        crash ago, whose word lingers 15 s): two terminals under one id would share one consumer, each
        applying only some of the facts."""
        try:
            entry = await self._terminals.get(self.settings.terminal_id)
        except KeyNotFoundError:
            return False
        try:
            return entry.revision > told and json.loads(entry.value).get("run") not in (me, None)
        except (ValueError, AttributeError):
            return False

    async def _take(self, claims, subject: str) -> ClaimAnswer:
        value = json.dumps({"terminal_id": self.settings.terminal_id, "staff_id": self._clerk(),
                               "at": now_iso()}).encode()
        try:
            await claims.create(_token(subject), value)
            return ClaimAnswer(UsedClaim(subject))
        except KeyWrongLastSequenceError:
            entry = await claims.get(_token(subject))
            holder = Holder(**json.loads(entry.value))
            if holder.terminal_id == self.settings.terminal_id:
                return ClaimAnswer(UsedClaim(subject))  # ours already: asked again after a restart
            return ClaimAnswer(None, holder)

    async def _release(self, claims, subject: str) -> None:
        with contextlib.suppress(KeyNotFoundError):
            entry = await claims.get(_token(subject))
            if json.loads(entry.value).get("terminal_id") == self.settings.terminal_id:
                await claims.delete(_token(subject), last=entry.revision)

    def _clerk(self) -> str:
        return self._db.get_meta(SIGNED_IN, "") or ""  # on the bus thread, its connection

    def _report(self, facts: StoreFacts, *, online: bool | None, problem: str = "") -> None:
        changes = {"store_facts_waiting": facts.waiting_count(), "store_conflicts": facts.open_conflicts(),
                   "store_refused": facts.open_refusals()}
        if online is not None:
            changes.update(store_online=online, store_problem=problem)
        self.monitor.update(**changes)

    async def _link_error(self, error: Exception) -> None:
        log.info("store hub: %s", error)
        self.monitor.update(store_online=False, store_problem=f"store hub not reachable: {error}"[:300])

    async def _gone(self) -> None:
        self.monitor.update(store_online=False, store_problem="the store hub went away")

    async def _back(self) -> None:
        self.monitor.update(store_online=True, store_problem="")
        self.wake()


def _seq(message) -> int:
    """A fact's place in the store's stream."""
    return message.metadata.sequence.stream


def _token(text: str) -> str:
    """A key-value key or subject tokens: letters, digits, ., - and _ as they are, the rest as =XX."""
    return re.sub(r"[^A-Za-z0-9_.-]", lambda m: "".join(f"={b:02X}" for b in m.group().encode()), text)


def hub_problem(servers: list[str], token: str, timeout: float = 3.0) -> str:
    """Why this terminal cannot use the store hub at any of `servers` with `token`, or "" when one
    answers with JetStream and takes the token. NATS's own handshake over a plain socket: the setup
    screen asks it on its worker thread, and wants a yes or no, not a client that reconnects."""
    problems = []
    for server in servers:
        host, _, port = server.split("://", 1)[-1].rpartition(":")
        try:
            with socket.create_connection((host.strip("[]"), int(port or 4222)), timeout=timeout) as link:
                info = json.loads(_line(link).removeprefix(b"INFO "))
                hello = {"verbose": True, "pedantic": False, "name": "counterpos setup", "lang": "python"}
                if token:
                    hello["auth_token"] = token
                link.sendall(b"CONNECT " + json.dumps(hello).encode() + b"\r\nPING\r\n")
                answer = _line(link)
        except (OSError, ValueError) as exc:
            problems.append(f"{server}: {exc}")
            continue
        if answer.startswith(b"-ERR"):
            refused = "refused the store bus token" if b"Authorization" in answer else answer.decode(errors="replace")
            return f"The store hub at {server} {refused[:200]}."
        if not info.get("jetstream"):
            return f"{server} answers, but not as a store hub (JetStream is off)."
        return ""
    return "The store hub cannot be reached: " + "; ".join(problems)[:400]


def _line(link: socket.socket) -> bytes:
    """One protocol line (without its CRLF), at most 64 KiB."""
    data = b""
    while not data.endswith(b"\r\n"):
        chunk = link.recv(1)
        if not chunk or len(data) > 65536:
            raise ValueError("the connection closed mid-answer")
        data += chunk
    return data[:-2]
