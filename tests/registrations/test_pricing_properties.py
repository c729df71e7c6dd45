"""Properties of prices, refunds and payment references over many generated inputs."""

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from moneyed import Money

from twinning.payments.reference import reference_format, reference_key
from twinning.registrations import pricing

amounts = st.decimals(min_value=0, max_value=100_000, places=2, allow_nan=False)
days = st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2028, 12, 31))
steps = st.lists(
    st.builds(
        pricing.Step,
        until=days,
        refund_percent=st.integers(min_value=0, max_value=100),
        fee=st.one_of(st.none(), amounts.map(lambda a: Money(a, "USD"))),
    ),
    max_size=4,
    unique_by=lambda step: step.until,
)


@given(schedule=steps, paid=amounts, on=days)
def test_a_refund_is_never_negative_nor_more_than_was_paid(schedule, paid, on):
    refund = pricing.refund_due(schedule, paid=Money(paid, "USD"), on=on)

    assert Money(0, "USD") <= refund <= Money(paid, "USD")


@given(
    price=amounts,
    supplement=amounts,
    discount=st.integers(min_value=0, max_value=100),
    single_room=st.booleans(),
    today=days,
)
def test_a_quote_is_never_negative_and_the_parts_add_up(
    price, supplement, discount, single_room, today
):
    prices = pricing.PriceList(
        price=Money(price, "USD"),
        single_room_supplement=Money(supplement, "USD"),
        deposit=Money(Decimal("1000"), "USD"),
        balance_due=datetime.date(2027, 6, 1),
    )

    quote = pricing.quote(prices, today=today, single_room=single_room, discount_percent=discount)

    assert quote.total >= Money(0, "USD")
    assert quote.due_now + quote.balance == quote.total
    assert quote.due_now <= quote.total


@given(number=st.integers(min_value=1, max_value=10**12), noise=st.sampled_from(["", " ", "-"]))
def test_a_printed_reference_is_found_again_however_it_is_typed(number, noise):
    printed = reference_format(str(number))
    typed = printed.replace(" ", noise).lower()

    assert reference_key(f"Payment {typed} thanks") == str(number)
