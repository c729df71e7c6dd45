"""The price in the other city's currency, at a rate coordinators keep, for information."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone, translation
from moneyed import Money

from tests.accounts.factories import CoordinatorFactory, verified_login
from tests.registrations.factories import RegistrationPolicyFactory
from twinning.cities.models import ExchangeRate
from twinning.cities.selectors import rate_on
from twinning.registrations.selectors import approximate

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def policy():
    policy = RegistrationPolicyFactory(
        deadline=timezone.now() + datetime.timedelta(days=30),
        delegation__travel_start=timezone.localdate() + datetime.timedelta(days=60),
        delegation__travel_end=timezone.localdate() + datetime.timedelta(days=70),
        delegation__programme_start=timezone.localdate() + datetime.timedelta(days=61),
        delegation__programme_end=timezone.localdate() + datetime.timedelta(days=69),
        price=Money(3950, "USD"),
    )
    home, destination = policy.delegation.cities
    home.currency, destination.currency = "USD", "CNY"
    home.save()
    destination.save()
    return policy


def rate(value: str, valid_from: datetime.date, pair=("USD", "CNY")) -> ExchangeRate:
    return ExchangeRate.objects.create(
        from_currency=pair[0], to_currency=pair[1], rate=Decimal(value), valid_from=valid_from
    )


def test_rate_on_takes_the_latest_rate_valid_on_or_before_the_date():
    rate("7.1000", datetime.date(2026, 10, 1))
    november = rate("7.2040", datetime.date(2026, 11, 1))
    rate("7.3000", datetime.date(2026, 12, 2))
    rate("0.1388", datetime.date(2026, 11, 30), pair=("CNY", "USD"))

    assert rate_on("USD", "CNY", TODAY) == november
    assert rate_on("USD", "CNY", datetime.date(2026, 12, 2)).rate == Decimal("7.3")
    assert rate_on("USD", "CNY", datetime.date(2026, 9, 30)) is None


def test_the_price_is_converted_into_the_other_citys_currency(policy):
    rate("7.2040", datetime.date(2026, 12, 1))

    result = approximate(Money(3950, "USD"), delegation=policy.delegation, on=TODAY)

    assert result.amount == Money(28460, "CNY")  # 28,455.80
    assert (result.rate, result.from_currency, result.to_currency) == (
        Decimal("7.2040"),
        "USD",
        "CNY",
    )
    assert result.rate_date == datetime.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("price", "rate_value", "expected"),
    [
        ("1.00", "2.5", 3),
        ("1.00", "2.4999", 2),
        ("1.00", "7.2040", 7),
        ("3520.50", "7.2040", 25360),
        ("1234.5", "10", 12350),
        ("1234.4", "10", 12340),
    ],
)
def test_the_approximate_amount_keeps_four_significant_digits_and_whole_units(
    policy, price, rate_value, expected
):
    rate(rate_value, TODAY)

    result = approximate(Money(Decimal(price), "USD"), delegation=policy.delegation, on=TODAY)

    assert result.amount == Money(expected, "CNY")


def test_a_price_in_the_destination_currency_is_shown_in_the_home_currency(policy):
    rate("0.1388", TODAY, pair=("CNY", "USD"))

    result = approximate(Money(25000, "CNY"), delegation=policy.delegation, on=TODAY)

    assert result.amount == Money(3470, "USD")


def test_cities_sharing_a_currency_get_no_approximation(policy):
    _home, destination = policy.delegation.cities
    destination.currency = "USD"
    destination.save()
    rate("7.2040", TODAY)

    assert approximate(Money(3950, "USD"), delegation=policy.delegation, on=TODAY) is None


def test_the_panel_shows_amount_rate_and_its_date_in_english(client, policy):
    rate("7.2040", timezone.localdate() - datetime.timedelta(days=3))
    rate_date = timezone.localdate() - datetime.timedelta(days=3)

    page = client.get(policy.delegation.get_absolute_url()).content.decode()

    with translation.override("en"):
        from django.utils.formats import date_format

        shown = date_format(rate_date, "DATE_FORMAT")
    assert f"≈ CN¥28,460 at 7.2040 CNY per USD (rate of {shown})" in page


def test_the_panel_shows_amount_rate_and_its_date_in_chinese(client, policy):
    rate_date = timezone.localdate() - datetime.timedelta(days=3)
    rate("7.2040", rate_date)

    page = client.get(f"/zh-hans{policy.delegation.get_absolute_url()[3:]}").content.decode()

    shown = f"{rate_date.year}年{rate_date.month}月{rate_date.day}日"
    assert f"约 ¥28,460（按 {shown} 的汇率：1 USD = 7.2040 CNY）" in page


def test_the_panel_shows_no_approximation_without_a_rate(client, policy):
    rate("7.2040", timezone.localdate() + datetime.timedelta(days=1))  # not yet in force

    page = client.get(policy.delegation.get_absolute_url()).content.decode()

    assert "<strong>$3,950</strong>" in page
    assert "≈" not in page
    assert 'class="small approximate"' not in page


def test_coordinators_keep_the_rates_in_the_admin_but_may_not_delete_them(client):
    verified_login(client, CoordinatorFactory())

    response = client.post(
        "/admin/cities/exchangerate/add/",
        {
            "from_currency": "USD",
            "to_currency": "CNY",
            "rate": "7.2040",
            "valid_from": "2026-12-01",
            "source": "Bank of China board rate",
        },
    )

    assert response.status_code == 302
    saved = ExchangeRate.objects.get()
    assert saved.rate == Decimal("7.2040")
    assert client.get(f"/admin/cities/exchangerate/{saved.pk}/delete/").status_code == 403


@pytest.mark.parametrize(
    ("field", "value"), [("from_currency", "usd"), ("to_currency", "USD"), ("rate", "0")]
)
def test_the_admin_refuses_a_malformed_rate(client, field, value):
    verified_login(client, CoordinatorFactory())
    data = {"from_currency": "USD", "to_currency": "CNY", "rate": "7.2", "valid_from": "2026-12-01"}
    data[field] = value

    response = client.post("/admin/cities/exchangerate/add/", data)

    assert response.status_code == 200
    assert not ExchangeRate.objects.exists()
