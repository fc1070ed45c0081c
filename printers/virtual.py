"""The virtual printer: writes what a real printer would get, as files in a folder.

Each job leaves ``<job>-<kind>.pdf`` (what the paper would look like) and ``<job>-<kind>.escpos``
(the exact bytes a receipt printer would receive).
"""

from __future__ import annotations

from pathlib import Path

from printers import escpos, pdf
from printers.documents import Document
from printers.transports import write_atomically


class VirtualPrinter:
    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def print(self, job_id: int, document: Document) -> list[Path]:
        self.folder.mkdir(parents=True, exist_ok=True)
        stem = f"{job_id:06d}-{document.kind}"
        outputs = [(self.folder / f"{stem}.pdf", pdf.render(document)),
                   (self.folder / f"{stem}.escpos", escpos.render(document))]
        for path, data in outputs:
            write_atomically(path, data)
        return [path for path, _ in outputs]


