"""What a use case answers, for the screen to show: a tone, a headline and the details; and what the
screen says when the work itself failed."""

from __future__ import annotations

import enum
import errno
import sqlite3
from dataclasses import dataclass

from app.domain.parcels import Parcel


class Tone(enum.Enum):
    OK = "ok"  # done: go ahead
    NEXT = "next"  # waiting for the clerk's next scan
    WARNING = "warning"  # nothing happened; read the message
    STOP = "stop"  # hard stop: do not hand anything over


@dataclass(frozen=True)
class Outcome:
    tone: Tone
    title: str
    detail: str = ""
    parcel: Parcel | None = None
    recorded: bool = False  # something was written to the outbox or the print queue
    awaiting_label_of: Parcel | None = None  # the claim goes on: the counter waits for this parcel's label
    awaiting_cash_of: Parcel | None = None  # pay & claim goes on: the counter waits for the cash received
    needs_approval: str = ""  # nothing done yet: a supervisor must approve this, then the same is asked again
    needs_confirmation: str = ""  # nothing done yet: the clerk confirms this question, then it is asked again

    @classmethod
    def warning(cls, title: str, detail: str = "", parcel: Parcel | None = None) -> Outcome:
        return cls(Tone.WARNING, title, detail, parcel)

    @classmethod
    def stop(cls, title: str, detail: str = "", parcel: Parcel | None = None) -> Outcome:
        return cls(Tone.STOP, title, detail, parcel)


def unknown_status(parcel: Parcel, what_not_to_do: str) -> Outcome:
    """A parcel whose status the central system gave but this counter does not know: a hard stop."""
    return Outcome.stop(f"{parcel.status.value}: not known to this counter, {what_not_to_do}.",
                        "The central system gave this parcel a status this counter does not know. Keep the "
                        "parcel where it is and call support.", parcel)


_DISK_TROUBLE = ("disk is full", "disk i/o error", "readonly database", "unable to open database", "malformed")


def disk_trouble(error: BaseException) -> bool:
    """The local disk is full, read-only or failing: nothing can be recorded until it is mended."""
    return (isinstance(error, sqlite3.Error) and any(t in str(error).lower() for t in _DISK_TROUBLE)
            or isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EIO, errno.EROFS))


def failed(doing: str, error: BaseException) -> Outcome:
    """What the clerk is told when the work for `doing` raised: the change was one transaction, so
    nothing of it was recorded; what to do next."""
    if disk_trouble(error):
        return Outcome.stop("The disk is full or failing: nothing was recorded.",
                            f"While {doing}: {error}. Call support; do not hand anything over until it is fixed.")
    return Outcome.stop(f"That did not work: nothing was recorded ({doing}).",
                        f"{type(error).__name__}: {str(error)[:200]}. Try once more; if it happens again, call "
                        "support (the details are in the log).")
