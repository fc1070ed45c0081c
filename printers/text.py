"""Text for printers: characters no printer font has get their usual spelling.

No ESC/POS code page and no Zebra resident font has ``₱``; receipts and labels print ``PHP``, as
Philippine tills do. Arrows, middle dots and curly quotes get their plain forms.
"""

from __future__ import annotations

import unicodedata

_SPELLED = str.maketrans({"₱": "PHP ", "→": "->", "·": "-", "–": "-", "—": "-", "‘": "'", "’": "'", "“": '"',
                          "”": '"', "…": "..."})


def spelled(text: str) -> str:
    """Printable text with the characters printers lack spelled out."""
    return "".join(ch if ch.isprintable() else " " for ch in text.translate(_SPELLED))


def folded(text: str, keep: str = "") -> str:
    """Spelled, then accents dropped to plain ASCII (``Parañaque`` → ``Paranaque``), except `keep`."""
    result = []
    for ch in spelled(text):
        if ch.isascii() or ch in keep:
            result.append(ch)
        else:
            result.append(unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode("ascii"))
    return "".join(result)
