"""Prices and refunds as plain arithmetic on money (no floats, no Django)."""

import datetime

import pytest
from moneyed import Money

from twinning.registrations import pricing

USD = "USD"
PRICES = pricing.PriceList(
    price=Money(3520, USD),
    early_bird_price=Money(3200, USD),
    early_bird_until=datetime.date(2027, 1, 31),
    single_room_supplement=Money(450, USD),
    accompanying_person_price=Money(1800, USD),
    deposit=Money(1000, USD),
    balance_due=datetime.date(2027, 3, 1),
)
SCHEDULE = [
    pricing.Step(until=datetime.date(2027, 2, 1), refund_percent=90),
    pricing.Step(until=datetime.date(2027, 3, 1), refund_percent=50, fee=Money(100, USD)),
    pricing.Step(until=datetime.date(2027, 4, 1), refund_percent=0),
]


@pytest.mark.parametrize(
    ("today", "options", "total"),
    [
        (datetime.date(2027, 1, 31), {}, Money(3200, USD)),
        (datetime.date(2027, 2, 1), {}, Money(3520, USD)),
        (datetime.date(2027, 2, 1), {"single_room": True}, Money(3970, USD)),
        (datetime.date(2027, 2, 1), {"accompanying_person": True}, Money(5320, USD)),
        (datetime.date(2027, 2, 1), {"discount_percent": 10}, Money("3168.00", USD)),
        (
            datetime.date(2027, 1, 1),
            {"single_room": True, "discount_percent": 15},
            Money("3102.50", USD),
        ),
    ],
)
def test_the_total_follows_the_date_and_the_options(today, options, total):
    assert pricing.quote(PRICES, today=today, **options).total == total


def test_before_the_balance_date_only_the_deposit_is_due_now():
    quote = pricing.quote(PRICES, today=datetime.date(2027, 2, 10))

    assert (quote.due_now, quote.balance, quote.balance_due) == (
        Money(1000, USD),
        Money(2520, USD),
        datetime.date(2027, 3, 1),
    )


def test_after_the_balance_date_everything_is_due_now():
    quote = pricing.quote(PRICES, today=datetime.date(2027, 3, 2))

    assert (quote.due_now, quote.balance) == (Money(3520, USD), Money(0, USD))


def test_an_accompanying_person_where_none_is_taken_is_refused():
    prices = pricing.PriceList(price=Money(100, USD))

    with pytest.raises(ValueError, match="accompanying"):
        pricing.quote(prices, today=datetime.date(2027, 1, 1), accompanying_person=True)


@pytest.mark.parametrize(
    ("on", "refund"),
    [
        (datetime.date(2027, 1, 15), Money("3168.00", USD)),
        (datetime.date(2027, 2, 1), Money("3168.00", USD)),
        (datetime.date(2027, 2, 2), Money("1660.00", USD)),
        (datetime.date(2027, 3, 15), Money("0.00", USD)),
        (datetime.date(2027, 4, 2), Money(0, USD)),
    ],
)
def test_the_refund_follows_the_schedule(on, refund):
    assert pricing.refund_due(SCHEDULE, paid=Money(3520, USD), on=on) == refund


def test_a_fee_larger_than_the_refund_gives_nothing_back_not_a_debt():
    steps = [pricing.Step(until=datetime.date(2027, 3, 1), refund_percent=10, fee=Money(500, USD))]

    assert pricing.refund_due(steps, paid=Money(1000, USD), on=datetime.date(2027, 2, 1)) == Money(
        "0.00", USD
    )


def test_the_schedule_survives_its_copy_as_data():
    assert pricing.schedule_from_data(pricing.schedule_as_data(SCHEDULE)) == SCHEDULE
