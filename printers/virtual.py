"""The virtual printer: writes what a real printer would get, as files in a folder.

Each job leaves ``<job>-<kind>.pdf`` (what the paper would look like) and ``<job>-<kind>.escpos``
(the exact bytes a receipt printer would receive).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from printers.devices import DRAWER_KICK
from printers.documents import Document
from printers.transports import write_atomically


class VirtualPrinter:
    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def describe(self) -> str:
        return f"virtual printer writing PDF and ESC/POS files to {self.folder}"

    def state(self) -> None:
        return None  # a folder is always ready

    def print(self, job_id: int, document: Document, sending: Callable[[], None] = lambda: None) -> str:
        """Write the job's PDF and ESC/POS bytes (`sending()` once they are rendered); returns their
        paths, one per line."""
        from printers import escpos, pdf  # loaded by the first job, not at start (see DevicePrinter.render)

        self.folder.mkdir(parents=True, exist_ok=True)
        stem = f"{job_id:06d}-{document.kind}"
        outputs = [(self.folder / f"{stem}.pdf", pdf.render(document)),
                   (self.folder / f"{stem}.escpos", escpos.render(document))]
        sending()
        for path, data in outputs:
            write_atomically(path, data)
        return "\n".join(str(path) for path, _ in outputs)

    def kick_drawer(self) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"drawer-{time.monotonic_ns()}.escpos"
        write_atomically(path, DRAWER_KICK)
        return f"cash drawer opened ({path})"


