"""What a counter needs from the central system to take drop-offs offline: the rate table and a block
of tracking numbers reserved for it. Topped up whenever the central system can be reached."""

from __future__ import annotations

from app.central.client import CentralClient
from app.domain.rates import RateTable
from app.store import Database, DropOffs

BLOCK_SIZE = 50  # tracking numbers asked for at a time
TOP_UP_BELOW = 10


def stock_up(db: Database, client: CentralClient, store_id: str, terminal_id: str, *, fresh_rates: bool) -> None:
    """Fetch the rate table (always with `fresh_rates`, else only when there is none) and more numbers
    when few are left. Raises the client's errors."""
    dropoffs = DropOffs(db)
    if fresh_rates or dropoffs.rates is None:
        dropoffs.rates = RateTable.from_json(client.rates())
    if dropoffs.numbers_left() < TOP_UP_BELOW:
        dropoffs.add_numbers(client.tracking_numbers(store_id, terminal_id, BLOCK_SIZE))
