"""Tracking lookup at the counter: one or several tracking numbers → their timelines, in plain words.

Statuses read through seed 002's buckets (placed, dispatched, in transit, out for delivery, failed
delivery with its NDR reason, delivered, returned, lost, damaged). The timelines live at the central
system; offline, the counter says what it last knew of parcels it has.
"""

from __future__ import annotations

from app.central.client import CentralClient
from app.central.errors import CentralError, CentralUnreachable
from app.domain.codes import tracking_numbers
from app.domain.tracking import Bucket, ndr_for
from app.services.outcome import Outcome, Tone
from app.store import ParcelCache

MAX_NUMBERS = 20


class TrackingService:
    def __init__(self, cache: ParcelCache, client: CentralClient | None):
        self.cache = cache
        self.client = client

    def lookup(self, text: str) -> Outcome:
        numbers, wrong = tracking_numbers(text)
        problems = [f"{w.message}, not a tracking number: press F1 and scan it there to serve the customer."
                    if w.code else w.message for w in wrong]
        if not numbers:
            return Outcome.warning(problems[0] if problems else "Type or scan one or more tracking numbers.",
                                   "Tracking numbers have 17 digits; separate several with spaces or commas.")
        if len(numbers) > MAX_NUMBERS:
            return Outcome.warning(f"At most {MAX_NUMBERS} tracking numbers at a time.", "")
        try:
            results = self.client.tracking(numbers) if self.client else None
        except CentralUnreachable:
            results = None
            problems.append("The central system could not be reached: this is what this counter last knew.")
        except CentralError as exc:
            results = None
            problems.append(f"The central system did not answer ({exc.info.message}): this is what this counter "
                            "last knew.")
        blocks = [self._timeline(n, results.get(n) if results else None) for n in numbers]
        title = blocks[0][0] if len(numbers) == 1 else f"{len(numbers)} parcels"
        detail = "\n\n".join(block for _, block in blocks)
        if problems:
            detail += "\n\n" + "\n".join(problems)
        return Outcome(Tone.NEXT, title, detail)

    def _timeline(self, number: str, result: dict | None) -> tuple[str, str]:
        if result is None:  # offline: what this counter last knew
            parcel = self.cache.get(number)
            known = f"last known here: {parcel.status.value.lower()}" if parcel else "not known at this counter"
            return f"{number}: {known}", f"{number}\n  {known} (the central system was not reached)"
        if not result["valid"]:
            return f"{number}: no such parcel", f"{number}\n  no such parcel is tracked"
        latest = result["latest_status"]
        headline = f"{number}: {_words(latest)}"
        lines = [headline] + [f"  {scan['timestamp']}  {_words(scan)}{_where(scan)}" for scan in result["scans"]]
        return headline, "\n".join(lines)


def _words(scan: dict) -> str:
    """One step in one vocabulary: the bucket, in sentence case, then what the carrier called it."""
    bucket = Bucket(scan["clickpost_status_bucket"])
    words = _sentence("Returned" if bucket is Bucket.RETURNED else bucket.meaning)
    if bucket is Bucket.FAILED_DELIVERY and scan.get("ndr") is not None:
        words += f" ({ndr_for(scan['ndr']).description.lower()})"
    status = str(scan["status"]).replace("-", " ").lower()
    return words if status == words.lower() else f"{words}: {status}"


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:].lower()


def _where(scan: dict) -> str:
    return f" · {scan['location']}" if scan.get("location") else ""
