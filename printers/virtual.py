"""The virtual printer: writes what a real printer would get, as files in a folder.

Each job leaves ``<job>-<kind>.pdf`` (what the paper would look like) and ``<job>-<kind>.escpos``
(the exact bytes a receipt printer would receive).
"""

from __future__ import annotations

import os
from pathlib import Path

from printers import escpos, pdf
from printers.documents import Document


class VirtualPrinter:
    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def print(self, job_id: int, document: Document) -> list[Path]:
        self.folder.mkdir(parents=True, exist_ok=True)
        stem = f"{job_id:06d}-{document.kind}"
        outputs = [(self.folder / f"{stem}.pdf", pdf.render(document)),
                   (self.folder / f"{stem}.escpos", escpos.render(document))]
        for path, data in outputs:
            _write_atomically(path, data)
        return [path for path, _ in outputs]


def _write_atomically(path: Path, data: bytes) -> None:
    """A reader never sees half a file: write aside, flush to disk, then rename."""
    tmp = path.with_suffix(path.suffix + ".part")
    with open(tmp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
