"""Click-and-collect web orders at the shop (seed 003): finding them by status and by what a person
remembers of them (the order number, the customer, an item)."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.domain.weborders import status_filter
from app.store import Database, WebOrderCache

SHOWN = 200  # rows on screen at most; the count says when there are more
MOST_WORDS = 8  # words a search matches at once (each is one more condition for SQLite)
LONGEST_WORD = 100


@dataclass(frozen=True)
class Found:
    orders: list[dict] = field(default_factory=list)
    problem: str = ""  # a filter that cannot be read, said plainly


class WebOrderList:
    def __init__(self, db: Database):
        self.cache = WebOrderCache(db)

    def find(self, status: str, query: str = "") -> Found:
        """`status` as the seed allows (``all``, ``All``, ``0``, names or numbers); `query` words must all match."""
        try:
            statuses = status_filter(status)
        except ValueError as exc:
            return Found(problem=str(exc))
        words = query.split()
        if len(words) > MOST_WORDS or any(len(word) > LONGEST_WORD for word in words):
            return Found(problem=f"Search by at most {MOST_WORDS} words of at most {LONGEST_WORD} letters each: "
                                 "an order number, a name, a phone number or an item.")
        return Found(self.cache.find(statuses, words, limit=SHOWN))

    def pending(self) -> int:
        return self.cache.count("PENDING")
