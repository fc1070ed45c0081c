"""Status-bar widgets: the link to the central system, events waiting, the printer, the scanner."""

from __future__ import annotations

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


class SyncIndicator(QLabel):
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
            waiting += f"   ·   fetching parcels: {status.fetching:,} so far…"
        tip = (OFFLINE_RULES + "\n\n" + status.problem if status.online is False
               else status.problem or "Connected to the central system.")
        if status.stopped:  # a worker restarting after an error outranks everything else
            problems = [problem for _, problem in status.stopped]
            link, state = f"⚠ {problems[0]}" + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""), "stopped"
            tip = "\n".join(problems) + "\n\nIt starts again by itself; if this stays, call support.\n\n" + tip
        self.setText(f"{link}   ·   {waiting}")
        self.setProperty("state", state)
        self.setToolTip(plain_tip(tip))
        self.style().unpolish(self)
        self.style().polish(self)


class CounterStatusBar(QStatusBar):
    def __init__(self, place: str) -> None:
        super().__init__()
        self.setSizeGripEnabled(False)
        self.sync = SyncIndicator()
        self.printer = QLabel("Printer: ready")
        self.printer.setObjectName("printerStatus")
        self.scanner = QLabel("")
        self._in_doubt = 0
        self.disk = QLabel()
        self.disk.setObjectName("diskTrouble")
        self.disk.setWordWrap(True)
        self.disk.hide()
        self.staff = QLabel("Nobody signed in")
        self.staff.setObjectName("staffName")
        self.addWidget(self.disk, 1)
        self.addWidget(self.sync, 1)
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
        self._in_doubt = len(jobs)
        if jobs:
            self.printer.setText(f"⚠ {len(jobs)} print{'s' * (len(jobs) != 1)} may not have printed: F6 to check")
            self.printer.setProperty("state", "problem")
            self.printer.setToolTip(plain_tip("\n".join(f"{job.document.replace('-', ' ')} #{job.id}: {job.last_error}"
                                                         for job in jobs)))
        else:
            self.printer.setText("Printer: every print checked")
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
