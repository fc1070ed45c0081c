"""What a use case answers, for the screen to show: a tone, a headline and the details."""

from __future__ import annotations

import enum
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
