"""Drop-offs with no central system at all: priced from the cached table, numbered from the block,
and refused cleanly, with nothing recorded, when the block is used up."""

from __future__ import annotations

from decimal import Decimal

from app.domain.dropoff import read_dropoff
from app.domain.rates import DEMO_RATES
from app.services.dropoff import DropOffService
from app.services.lookup import ParcelLookup
from app.store import DropOffs, Outbox, ParcelCache, Payments
from printers.documents import StoreHeader

SELLER = dict(mobile="09171234567", delivery_type="DOOR", destination="12 Mabini St, Brgy. Kapitolyo, Pasig",
              length="20", width="15", height="10", weight="1.5", collect="1000")


def test_offline_the_block_numbers_each_dropoff_until_it_is_used_up(db):
    service = DropOffService(db, ParcelLookup(ParcelCache(db), None), store=StoreHeader("0166", "", "T1"))
    DropOffs(db).rates = DEMO_RATES
    DropOffs(db).add_numbers(["76050795432071363"])
    dropoff = read_dropoff(**SELLER)
    quote = service.quote(dropoff)
    assert (quote.fee, quote.offline) == (Decimal("145.00"), True)  # PHP 120 to a door + 2.5% of PHP 1,000

    assert service.accept(dropoff, quote, "200").title == "Change: PHP 55.00"
    assert Payments(db).of("76050795432071363").amount == Decimal("145.00")

    refused = service.accept(dropoff, quote, "200")
    assert refused.title == "No tracking numbers left on this counter: nothing was recorded."
    assert not refused.recorded and Outbox(db).waiting_count() == 1
    assert db.execute("SELECT count(*) FROM dropoffs").fetchone()[0] == 1
