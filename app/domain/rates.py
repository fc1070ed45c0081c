"""Drop-off shipping fees: a rate table the central system publishes and a counter may cache."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from app.domain.money import CENTAVO


@dataclass(frozen=True)
class RateTable:
    store: Decimal  # delivery to another store
    door: Decimal  # delivery to a door address
    cod_rate: Decimal  # share of the amount to collect, charged when the receiver pays on delivery
    cod_minimum: Decimal

    def fee(self, delivery_type: str, amount_collect: Decimal) -> Decimal:
        """The fee the seller pays at the counter for a drop-off (``STORE`` or ``DOOR``)."""
        base = {"STORE": self.store, "DOOR": self.door}[delivery_type]
        if amount_collect > 0:
            base += max(self.cod_minimum, amount_collect * self.cod_rate)
        return base.quantize(CENTAVO, rounding=ROUND_HALF_UP)

    @classmethod
    def from_json(cls, data: dict) -> RateTable:
        return cls(Decimal(data["STORE"]), Decimal(data["DOOR"]), Decimal(data["codRate"]), Decimal(data["codMinimum"]))

    def to_json(self) -> dict:
        return {"STORE": f"{self.store:.2f}", "DOOR": f"{self.door:.2f}",
                "codRate": str(self.cod_rate), "codMinimum": f"{self.cod_minimum:.2f}"}


DEMO_RATES = RateTable(Decimal("85.00"), Decimal("120.00"), Decimal("0.025"), Decimal("10.00"))
