"""Status-bar widgets: the link to the central system, events waiting, the store bus, the printer, the scanner."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QStatusBar

from app.services.spooler import DRAWER_KICK, PrintResult
from app.status import SyncStatus
from app.ui.plain import tip as plain_tip

OFFLINE_RULES = (
    "Offline, from this counter's own records: claims and pay & claim of parcels it knows, returns of\n"
    "codes it knows (each burnt here), drop-offs (cached rate table, tracking numbers reserved for this\n"
    "counter), receiving parcels it expects, pull-out lists, and tracking as last known. Everything is\n"
    "sent once the central system is back. A code or parcel this counter has never seen needs it online."
)


class ShrinkingLabel(QLabel):
    """A status-bar label that gives up room when the bar is narrow (a 1024-pixel screen): its text then
    ends in "…", and the whole of it opens its tooltip."""

    def __init__(self) -> None:
        super().__init__()
        self._full, self._tip, self._least = "", "", ""

    def text(self) -> str:
        return self._full

    def setText(self, text: str, *, least: str = "") -> None:
        """`least`: the start of `text` that is never cut."""
        self._full, self._least = text, least
        self._fit()
        self.updateGeometry()

    def setToolTip(self, tip: str) -> None:
        self._tip = tip
        self._fit()

    def sizeHint(self) -> QSize:
        frame = self.width() - self.contentsRect().width()  # padding and border, from the style sheet
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + frame + 4, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        least = self.fontMetrics().horizontalAdvance(self._least + " …") + self.width() - self.contentsRect().width() + 4
        return QSize(min(least, self.sizeHint().width()), super().minimumSizeHint().height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, self.contentsRect().width())
        if shown != self._full:
            shown = shown.removesuffix("…").rstrip(" ·") + "…"  # "copy…", not "copy  ·…"
        super().setText(shown)
        super().setToolTip(plain_tip(self._full) + self._tip if shown != self._full else self._tip)


class SyncIndicator(ShrinkingLabel):
    """Online/offline and how many events wait, always visible."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("syncIndicator")
        self.show_status(SyncStatus())

    def show_status(self, status: SyncStatus) -> None:
        if status.online is None:
            link, state = "● Connecting…", "unknown"
        elif status.online:
            link, state = "● Online", "online"
        else:
            link, state = "● Offline: working from this counter's copy", "offline"
        waiting = "all events sent" if status.waiting == 0 else f"{status.waiting} event{'s' * (status.waiting != 1)} waiting"
        if status.parked:
            waiting += f" ({status.parked} refused: F6 Exceptions)"
        if status.fetching:
            waiting += f"  ·  fetching parcels: {status.fetching:,} so far…"
        tip = (OFFLINE_RULES + "\n\n" + status.problem if status.online is False
               else status.problem or "Connected to the central system.")
        if status.stopped:  # a worker restarting after an error outranks everything else
            problems = [problem for _, problem in status.stopped]
            link, state = f"⚠ {problems[0]}" + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""), "stopped"
            tip = "\n".join(problems) + "\n\nIt starts again by itself; if this stays, call support.\n\n" + tip
        text = f"{link}  ·  {waiting}"
        self.setText(text, least=text if len(text) <= 50 else link.partition(":")[0])  # before the store bus
        self.setProperty("state", state)
        self.setToolTip(plain_tip(tip))
        self.style().unpolish(self)
        self.style().polish(self)


STORE_BUS_ALONE = (
    "The store hub cannot be reached: this terminal works alone, as without a store bus. What it\n"
    "records waits (\"to share\") and goes to the other terminals once the hub is back; a code or a\n"
    "parcel's cash used at two terminals meanwhile shows in F6 on both."
)


TWIN = ("Another terminal of the store runs under this terminal's id: each would get only some of the\n"
        "store's facts. Give each terminal its own terminal_id (the setup screen, or settings.toml).")


class StoreBusIndicator(ShrinkingLabel):
    """The store bus, on a terminal that is on one: how many terminals are there, or that this one works alone."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("storeBus")
        self.hide()

    def show_status(self, status: SyncStatus) -> None:
        self.setVisible(status.store_bus)
        waiting = f" · {status.store_facts_waiting} to share" if status.store_facts_waiting else ""
        if status.store_online is None:
            text, state, tip = f"Store: connecting…{waiting}", "unknown", "Looking for the store hub."
        elif status.store_online:
            count = status.store_terminals
            text, state = f"Store: {count} terminal{'s' * (count != 1)}{waiting}", "online"
            tip = "The store's counters and kiosk share what each records, offline from the central system too."
        else:
            text, state, tip = f"Store bus down: working alone{waiting}", "offline", STORE_BUS_ALONE
        conflicts, refused = status.store_conflicts, status.store_refused
        settle = [f"{conflicts} store conflict{'s' * (conflicts != 1)}"] * bool(conflicts) + \
                 [f"{refused} refused at the kiosk"] * bool(refused)
        mend = ["Another terminal uses this one's id"] * status.store_twin + [f"{' · '.join(settle)}: F6"] * bool(settle)
        if mend:  # first: someone must look (a shared id first of all: until it is mended, facts go astray)
            text, state = f"⚠ {' · '.join(mend)} · {text}", "conflict"
        if status.store_twin:
            tip = TWIN + "\n\n" + tip
        self.setText(text, least=text.partition(" · ")[0].partition(":")[0])
        self.setProperty("state", state)
        self.setToolTip(plain_tip(tip + (f"\n\n{status.store_problem}" if status.store_problem else "")))
        self.style().unpolish(self)
        self.style().polish(self)


class CounterStatusBar(QStatusBar):
    def __init__(self, place: str) -> None:
        super().__init__()
        self.setSizeGripEnabled(False)
        self.sync = SyncIndicator()
        self.store_bus = StoreBusIndicator()
        self.printer = ShrinkingLabel()
        self.printer.setText("Printer: ready")
        self.printer.setObjectName("printerStatus")
        self.scanner = ShrinkingLabel()
        self.scanner.hide()  # until a scanner says how it is
        self._in_doubt = 0
        self.disk = QLabel()
        self.disk.setObjectName("diskTrouble")
        self.disk.setWordWrap(True)
        self.disk.hide()
        self.staff = ShrinkingLabel()
        self.staff.setText("Nobody signed in")
        self.staff.setObjectName("staffName")
        self.addWidget(self.disk, 1)
        self.addWidget(self.sync, 1)
        self.addWidget(self.store_bus)
        self.addPermanentWidget(self.staff)
        self.addPermanentWidget(self.scanner)
        self.addPermanentWidget(self.printer)
        self.addPermanentWidget(QLabel(place))

    def show_print(self, result: PrintResult) -> None:
        if self._in_doubt:
            return  # a print that may not have printed stays in sight until it is checked
        if result.error:
            self.printer.setText(f"Printer {result.printer}, job {result.job_id}: {result.error}")
            self.printer.setProperty("state", "problem")
        else:
            done = "Cash drawer opened" if result.document == DRAWER_KICK else f"Printed {result.document.replace('-', ' ')}"
            self.printer.setText(f"{done} #{result.job_id}")
            self.printer.setProperty("state", "ok")
            self.printer.setToolTip(plain_tip(result.output))
        self.printer.style().unpolish(self.printer)
        self.printer.style().polish(self.printer)

    def show_in_doubt(self, jobs: list) -> None:
        """Prints that may not have printed: shown until each is checked in F6."""
        checked, self._in_doubt = self._in_doubt > 0, len(jobs)
        if jobs:
            self.printer.setText(f"⚠ {len(jobs)} print{'s' * (len(jobs) != 1)} may not have printed: F6 to check",
                                 least=f"⚠ {len(jobs)} print{'s' * (len(jobs) != 1)}")
            self.printer.setProperty("state", "problem")
            self.printer.setToolTip(plain_tip("\n".join(f"{job.document.replace('-', ' ')} #{job.id}: {job.last_error}"
                                                         for job in jobs)))
        else:
            self.printer.setText("Printer: every print checked" if checked else "Printer: ready")
            self.printer.setProperty("state", "ok")
            self.printer.setToolTip("")
        self.printer.style().unpolish(self.printer)
        self.printer.style().polish(self.printer)

    def show_disk_trouble(self, text: str) -> None:
        """The local disk's trouble, in sight until it clears; "" once something is recorded again."""
        self.disk.setText(text)
        self.disk.setVisible(bool(text))

    def show_scanner(self, status: str) -> None:
        self.scanner.setText(f"Scanner: {status}")
        self.scanner.show()
