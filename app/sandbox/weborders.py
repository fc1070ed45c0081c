"""Click-and-collect web orders of seed 003 in the sandbox: catalogue, orders, sales and item transfers.

One group (the sandbox's tenant) with web shops; a web shop may have a turnover shop id, and then
"upon delivering a Web Order ... an item transfer from deliver shop id, to turnover shop id", "if an
item is returned, an item transfer ... to the return shop id, from the turnover shop id", and "all
Web Order sales must be to the turnover shop id" (seed 003). The group's return policy says whether
the customer is refunded at the register.
"""

from __future__ import annotations

import json
from decimal import Decimal

from app.domain.clock import now_iso
from app.domain.errors import ErrorType
from app.domain.weborders import (
    NO_REFUND_AT_REGISTER,
    REFUND_AT_REGISTER,
    WebOrderStatus,
    can_follow,
    ean13_check_digit,
)
from app.sandbox.database import SandboxDb
from app.sandbox.errors import ApiError


def _ean(body: str) -> str:
    return body + ean13_check_digit(body)


# VariantId is unique per group; EAN is not (seed 003): the tuna single and its promo pack share one.
DEMO_CATALOGUE = [
    ("V-1001", _ean("480001664429"), "Bottled water 500 ml", "20.00", "Aisle 1, chiller"),
    ("V-1002", _ean("480001655555"), "Instant noodles, beef", "15.50", "Aisle 3, top shelf"),
    ("V-1003", _ean("480000000001"), "Canned tuna 155 g", "42.00", "Aisle 4"),
    ("V-1004", _ean("480000000001"), "Canned tuna 155 g, promo pack", "40.00", "Aisle 4, promo end"),
    ("V-1005", _ean("480012345678"), "Phone charger USB-C", "349.00", "Counter, locked case"),
    ("V-1006", _ean("480098765432"), "Umbrella, black", "199.00", "Near the door"),
]
DEMO_WEB_SHOPS = {"WS-DIRECT": None, "WS-GROUP": "0301"}  # web shop -> turnover shop id


class WebOrderBook:
    def __init__(self, db: SandboxDb):
        self.db = db
        t = db.utils
        t["catalogue"].create({"variant_id": str, "ean": str, "name": str, "price": str, "location_hint": str},
                              pk="variant_id", if_not_exists=True)
        t["catalogue"].create_index(["ean"], if_not_exists=True)
        t["web_shops"].create({"id": str, "turnover_shop_id": str}, pk="id", if_not_exists=True)
        t["weborders"].create({"order_no": str, "shop_id": str, "status": str, "body": str, "seq": int},
                              pk="order_no", if_not_exists=True)
        t["weborders"].create_index(["shop_id", "seq"], if_not_exists=True)
        t["sales"].create({"id": int, "order_no": str, "shop_id": str, "amount": str, "lines": str, "at": str},
                          pk="id", if_not_exists=True)
        t["transfers"].create({"id": int, "order_no": str, "from_shop": str, "to_shop": str, "lines": str,
                               "reason": str, "at": str}, pk="id", if_not_exists=True)
        t["refunds"].create({"id": int, "order_no": str, "shop_id": str, "amount": str, "at_register": int,
                             "at": str}, pk="id", if_not_exists=True)
        if not t["catalogue"].count:
            self.load_demo()

    def load_demo(self) -> None:
        with self.db.transaction():
            self.db.utils["catalogue"].insert_all(
                [{"variant_id": v, "ean": e, "name": n, "price": p, "location_hint": h}
                 for v, e, n, p, h in DEMO_CATALOGUE])
            self.db.utils["web_shops"].insert_all(
                [{"id": shop, "turnover_shop_id": turnover} for shop, turnover in DEMO_WEB_SHOPS.items()])
            self.set_return_policy(REFUND_AT_REGISTER)

    # Group settings -----------------------------------------------------------------------------

    def return_policy(self) -> str:
        rows = self.db._rows("SELECT value FROM meta WHERE key = 'return_policy'")
        return rows[0][0] if rows else REFUND_AT_REGISTER

    def set_return_policy(self, policy: str) -> None:
        if policy not in (REFUND_AT_REGISTER, NO_REFUND_AT_REGISTER):
            raise ValueError(f"returnPolicy must be {REFUND_AT_REGISTER} or {NO_REFUND_AT_REGISTER}")
        with self.db.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('return_policy', ?)", (policy,))

    def web_shops(self) -> dict[str, str | None]:
        return {r["id"]: r["turnover_shop_id"] for r in self.db._rows("SELECT * FROM web_shops")}

    def set_turnover_shop(self, web_shop: str, turnover_shop: str | None) -> None:
        with self.db.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO web_shops (id, turnover_shop_id) VALUES (?, ?)",
                         (web_shop, turnover_shop))

    # Catalogue ----------------------------------------------------------------------------------

    def variant(self, variant_id: str) -> dict | None:
        rows = self.db._rows("SELECT * FROM catalogue WHERE variant_id = ?", (variant_id,))
        return dict(rows[0]) if rows else None

    def by_ean(self, ean: str) -> list[dict]:
        return [dict(r) for r in self.db._rows("SELECT * FROM catalogue WHERE ean = ? ORDER BY variant_id", (ean,))]

    # Orders -------------------------------------------------------------------------------------

    def order(self, order_no: str) -> dict | None:
        rows = self.db._rows("SELECT body FROM weborders WHERE order_no = ?", (order_no,))
        return json.loads(rows[0][0]) if rows else None

    def orders(self, statuses: set[WebOrderStatus], shop_id: str | None = None) -> list[dict]:
        rows = self.db._rows("SELECT body FROM weborders ORDER BY seq")
        found = [json.loads(r[0]) for r in rows]
        return [o for o in found if WebOrderStatus[o["Status"]] in statuses and (shop_id in (None, o["ShopId"]))]

    def since(self, shop_id: str, cursor: int, limit: int) -> tuple[list[dict], int, bool]:
        rows = self.db._rows("SELECT body, seq FROM weborders WHERE shop_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                             (shop_id, cursor, limit + 1))
        more = len(rows) > limit
        rows = rows[:limit]
        return [json.loads(r["body"]) for r in rows], (rows[-1]["seq"] if rows else cursor), more

    def newest_change(self, shop_id: str) -> int:
        return self.db._rows("SELECT coalesce(max(seq), 0) FROM weborders WHERE shop_id = ?", (shop_id,))[0][0]

    def save(self, order: dict) -> None:
        order["UpdatedAt"] = now_iso()
        with self.db.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO weborders (order_no, shop_id, status, body, seq) VALUES (?, ?, ?, ?, ?)",
                         (order["OrderNo"], order["ShopId"], order["Status"], json.dumps(order), self.db._next_seq()))

    def move(self, order: dict, wanted: WebOrderStatus, shop_id: str, details: dict) -> dict:
        """A status change at a shop, with what it entails (transfers, sale, refund); in one transaction."""
        current = WebOrderStatus[order["Status"]]
        if not can_follow(current, wanted):
            raise ApiError(ErrorType.INVALID_OPERATION, f"Web order {order['OrderNo']} is {current.name} and "
                                                        f"cannot become {wanted.name}")
        with self.db.transaction():
            order = {**order, "Status": wanted.name, "StatusCode": wanted.value}
            if wanted is WebOrderStatus.PICKED:
                order["Picked"] = shop_lines(order, details.get("lines"), none_means=[])
                order["ShortPicks"] = details["shortPicks"] if isinstance(details.get("shortPicks"), list) else []
            if wanted is WebOrderStatus.DELIVERED:
                self._delivered(order, shop_id, details)
            if wanted is WebOrderStatus.RETURNED:
                order["Return"] = self._returned(order, shop_id, details)
            self.save(order)
        return order

    def _delivered(self, order: dict, shop_id: str, details: dict) -> None:
        turnover = self.web_shops().get(order["WebShopId"])
        lines = shop_lines(order, details.get("lines"))
        if turnover:
            self._transfer(order["OrderNo"], shop_id, turnover, lines, "DELIVERY")
        if details.get("sale"):
            self.record_sale(order, turnover or shop_id, lines)

    def _returned(self, order: dict, shop_id: str, details: dict) -> dict:
        lines = shop_lines(order, details.get("lines"))
        turnover = self.web_shops().get(order["WebShopId"])
        if turnover:
            self._transfer(order["OrderNo"], turnover, shop_id, lines, "RETURN")
        amount = sum((Decimal(line["Price"]) * line["Quantity"] for line in lines), Decimal("0.00"))
        # What the shop did, when it says so: the cash left its register already.
        at_register = details.get("refundAtRegister")
        if not isinstance(at_register, bool):
            at_register = order.get("ReturnPolicy", self.return_policy()) == REFUND_AT_REGISTER
        with self.db.transaction() as conn:
            conn.execute("INSERT INTO refunds (order_no, shop_id, amount, at_register, at) VALUES (?, ?, ?, ?, ?)",
                         (order["OrderNo"], shop_id, f"{amount:.2f}", int(at_register), now_iso()))
        return {"ShopId": shop_id, "Amount": f"{amount:.2f}", "RefundAtRegister": at_register}

    def _transfer(self, order_no: str, from_shop: str, to_shop: str, lines: list, reason: str) -> None:
        with self.db.transaction() as conn:
            conn.execute("INSERT INTO transfers (order_no, from_shop, to_shop, lines, reason, at) VALUES (?, ?, ?, ?, ?, ?)",
                         (order_no, from_shop, to_shop, json.dumps(lines), reason, now_iso()))

    def record_sale(self, order: dict, shop_id: str, lines: list) -> dict:
        """The sale bound to the OrderNo (seed 003); to the turnover shop when the web shop has one."""
        turnover = self.web_shops().get(order["WebShopId"])
        if turnover and shop_id != turnover:
            raise ApiError(ErrorType.INVALID_DATA, f"Web order sales of {order['WebShopId']} must be made to the "
                                                   f"turnover shop {turnover}, not {shop_id}")
        if self.sales(order["OrderNo"]):
            raise ApiError(ErrorType.DUPLICATE_ID, f"A sale for OrderNo {order['OrderNo']} already exists.")
        amount = sum((Decimal(line["Price"]) * line["Quantity"] for line in lines), Decimal("0.00"))
        with self.db.transaction() as conn:
            conn.execute("INSERT INTO sales (order_no, shop_id, amount, lines, at) VALUES (?, ?, ?, ?, ?)",
                         (order["OrderNo"], shop_id, f"{amount:.2f}", json.dumps(lines), now_iso()))
        return {"OrderNo": order["OrderNo"], "ShopId": shop_id, "Amount": f"{amount:.2f}", "Lines": lines}

    def sales(self, order_no: str) -> list[dict]:
        rows = self.db._rows("SELECT * FROM sales WHERE order_no = ? ORDER BY id", (order_no,))
        return [{"OrderNo": r["order_no"], "ShopId": r["shop_id"], "Amount": r["amount"],
                 "Lines": json.loads(r["lines"]), "At": r["at"]} for r in rows]

    def transfers(self, order_no: str) -> list[dict]:
        rows = self.db._rows("SELECT * FROM transfers WHERE order_no = ? ORDER BY id", (order_no,))
        return [{"OrderNo": r["order_no"], "FromShopId": r["from_shop"], "ToShopId": r["to_shop"],
                 "Lines": json.loads(r["lines"]), "Reason": r["reason"], "At": r["at"]} for r in rows]

    def refunds(self, order_no: str) -> list[dict]:
        rows = self.db._rows("SELECT * FROM refunds WHERE order_no = ? ORDER BY id", (order_no,))
        return [{"OrderNo": r["order_no"], "ShopId": r["shop_id"], "Amount": r["amount"],
                 "RefundAtRegister": bool(r["at_register"])} for r in rows]


def shop_lines(order: dict, given: object, none_means: list | None = None) -> list[dict]:
    """The order's own lines (names, EANs, prices) in the quantities a shop reports with
    ``[{"VariantId", "Quantity"}]``; the lines as placed (or `none_means`) when it reports none.
    A shop's own prices or names are not taken: a sale or a refund is the web shop's figures."""
    if not given:
        return order["Lines"] if none_means is None else none_means
    if not isinstance(given, list):
        raise ApiError(ErrorType.VALIDATION_ERROR, 'details.lines is a list of {"VariantId", "Quantity"}')
    placed = {line["VariantId"]: line for line in order["Lines"]}
    lines = []
    for line in given:
        variant = line.get("VariantId") if isinstance(line, dict) else None
        if not isinstance(variant, str) or variant not in placed:
            raise ApiError(ErrorType.INVALID_DATA, f"details.lines: {str(variant)[:40]!r} is not a line of web order "
                                                   f"{order['OrderNo']}")
        quantity, ordered = line.get("Quantity"), int(placed[variant]["Quantity"])
        if not isinstance(quantity, int) or isinstance(quantity, bool) or not 0 < quantity <= ordered:
            raise ApiError(ErrorType.VALIDATION_ERROR, f"details.lines: the Quantity of {variant} is from 1 to "
                                                       f"{ordered}")
        lines.append({**placed[variant], "Quantity": quantity})
    return lines
