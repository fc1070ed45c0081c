"""What a terminal needs from the central system to work offline, topped up whenever it can be reached:
a counter's drop-offs need the rate table and a block of tracking numbers reserved for it; a kiosk's
returns need the return IDs to check and a block of RETURN CODEs of its own."""

from __future__ import annotations

from app.central.client import CentralClient
from app.domain.rates import RateTable
from app.store import Database, DropOffs, KioskReturns

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


CODES_BLOCK = 20  # RETURN CODEs a kiosk asks for at a time
CODES_TOP_UP_BELOW = 5


def stock_up_kiosk(db: Database, client: CentralClient, store_id: str, terminal_id: str) -> int:
    """What a kiosk needs to start returns offline: the return IDs changed since last time, and RETURN
    CODEs of its own when few are left. Returns how many return IDs changed. Raises the client's errors."""
    returns = KioskReturns(db)
    changed = 0
    while True:
        page = client.registered_returns(returns.cursor or 0)
        returns.merge_from_central(page["returns"], int(page["cursor"]))
        changed += len(page["returns"])
        if not page["more"]:
            break
    if returns.codes_left() < CODES_TOP_UP_BELOW:
        returns.add_codes(client.return_codes(store_id, terminal_id, CODES_BLOCK))
    return changed
