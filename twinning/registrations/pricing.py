"""What a registration costs and what a cancellation gives back: plain Python, no Django.

Amounts are ``moneyed.Money`` (decimal with its currency), never floats. The registration
keeps a copy of the cancellation schedule as plain data (``schedule_as_data``), so a later
edit of the delegation's terms never changes what a registrant agreed to.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from moneyed import Money

CENT = Decimal("0.01")


@dataclass(frozen=True)
class PriceList:
    price: Money
    early_bird_price: Money | None = None
    early_bird_until: datetime.date | None = None
    single_room_supplement: Money | None = None
    accompanying_person_price: Money | None = None
    deposit: Money | None = None
    balance_due: datetime.date | None = None


@dataclass(frozen=True)
class Line:
    kind: str  # "fee", "early_bird", "single_room", "accompanying_person", "discount"
    amount: Money


@dataclass(frozen=True)
class Quote:
    lines: tuple[Line, ...]
    total: Money
    due_now: Money  # the deposit, or everything
    balance: Money
    balance_due: datetime.date | None


@dataclass(frozen=True)
class Step:
    """Cancelled on or before ``until``: ``refund_percent`` of what was paid, less ``fee``."""

    until: datetime.date
    refund_percent: int
    fee: Money | None = None


def _round(amount: Money) -> Money:
    return Money(amount.amount.quantize(CENT, rounding=ROUND_HALF_UP), amount.currency)


def quote(
    prices: PriceList,
    *,
    today: datetime.date,
    single_room: bool = False,
    accompanying_person: bool = False,
    discount_percent: int = 0,
) -> Quote:
    """The price of one registration on ``today`` with the options chosen."""
    currency = prices.price.currency
    early = (
        prices.early_bird_price is not None
        and prices.early_bird_until is not None
        and today <= prices.early_bird_until
    )
    lines = [
        Line("early_bird" if early else "fee", prices.early_bird_price if early else prices.price)
    ]
    if single_room and prices.single_room_supplement is not None:
        lines.append(Line("single_room", prices.single_room_supplement))
    if accompanying_person:
        if prices.accompanying_person_price is None:
            raise ValueError("This delegation takes no accompanying persons.")
        lines.append(Line("accompanying_person", prices.accompanying_person_price))
    subtotal = sum((line.amount for line in lines), Money(0, currency))
    if discount_percent:
        if not 0 < discount_percent <= 100:
            raise ValueError("A discount is between 1 and 100 per cent.")
        lines.append(Line("discount", _round(-subtotal * Decimal(discount_percent) / 100)))
    total = _round(sum((line.amount for line in lines), Money(0, currency)))
    deposit = prices.deposit
    if deposit is not None and prices.balance_due is not None and today < prices.balance_due:
        due_now = min(deposit, total)
        return Quote(tuple(lines), total, due_now, total - due_now, prices.balance_due)
    return Quote(tuple(lines), total, total, Money(0, currency), None)


def step_on(schedule: list[Step], on: datetime.date) -> Step | None:
    """The step of the schedule that applies to a cancellation on ``on`` (None: past all)."""
    for step in sorted(schedule, key=lambda s: s.until):
        if on <= step.until:
            return step
    return None


def refund_due(schedule: list[Step], *, paid: Money, on: datetime.date) -> Money:
    """What a cancellation on ``on`` gives back of ``paid`` under ``schedule``.

    The first step whose date is not yet past applies; after the last step nothing is
    refunded. An empty schedule promises nothing, so everything paid comes back.
    """
    if not schedule:
        return paid
    step = step_on(schedule, on)
    if step is None:
        return Money(0, paid.currency)
    refund = paid * Decimal(step.refund_percent) / 100
    if step.fee is not None:
        refund -= step.fee
    return _round(max(refund, Money(0, paid.currency)))


def schedule_as_data(schedule: list[Step]) -> list[dict]:
    return [
        {
            "until": step.until.isoformat(),
            "refund_percent": step.refund_percent,
            "fee": None if step.fee is None else [str(step.fee.amount), str(step.fee.currency)],
        }
        for step in sorted(schedule, key=lambda s: s.until)
    ]


def schedule_from_data(data: list[dict]) -> list[Step]:
    return [
        Step(
            until=datetime.date.fromisoformat(item["until"]),
            refund_percent=int(item["refund_percent"]),
            fee=None if item["fee"] is None else Money(item["fee"][0], item["fee"][1]),
        )
        for item in data
    ]
