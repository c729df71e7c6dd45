"""Twenty invoices issued at the same moment get the numbers 1 to 20: no gap, no repeat."""

import pytest
from django.db import connection

from tests.concurrency import at_once
from tests.payments.factories import IssuerFactory, coordinator_of, register
from tests.registrations.factories import NOW, RegistrationPolicyFactory
from twinning.payments import services
from twinning.payments.models import Invoice

ISSUES = 20


def _issue_at_once(registrations, actor) -> list[str]:
    def issue(registration) -> str:
        services.invoice_issue(registration=registration, actor=actor, now=NOW)
        return "issued"

    return at_once(issue, registrations)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_invoice_issues_get_consecutive_numbers():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL")
    policy = RegistrationPolicyFactory(delegation__capacity=ISSUES)
    IssuerFactory(code="SSCO").delegations.add(policy.delegation)
    coordinator = coordinator_of(policy.delegation)
    registrations = [register(policy) for _ in range(ISSUES)]
    for registration in registrations:
        services.billing_details_set(
            registration=registration, actor=coordinator, name="Payer", address="Somewhere"
        )

    outcomes = _issue_at_once(registrations, coordinator)

    assert outcomes == ["issued"] * ISSUES
    sequences = sorted(Invoice.objects.values_list("sequence", flat=True))
    assert sequences == list(range(1, ISSUES + 1))
    assert Invoice.objects.order_by("sequence").first().number == "SSCO-2027-0001"


# ---------------------------------------------------------------- refunds
REFUNDS = 10


def _paid_registration():
    from djmoney.money import Money

    policy = RegistrationPolicyFactory()
    coordinator = coordinator_of(policy.delegation)
    registration = register(policy)
    payment = services.payment_record(
        registration=registration, amount=Money(3520, "USD"), actor=coordinator, received_at=NOW
    )
    return coordinator, registration, payment


def _refund_at_once(payment, coordinator, keys, amount) -> list[str]:
    from django.core.exceptions import ValidationError

    from twinning.payments.models import Refund

    def give_back(key) -> str:
        try:
            services.refund_record(
                payment=payment,
                amount=amount,
                method=Refund.Method.BANK,
                external_id=key,
                reason="Cancelled",
                actor=coordinator,
            )
        except ValidationError:
            return "refused"
        return "recorded"

    return at_once(give_back, keys)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_refund_sent_ten_times_at_once_is_recorded_and_emailed_once():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL")
    from djmoney.money import Money

    from twinning.notifications.models import Notification
    from twinning.payments import selectors
    from twinning.payments.models import Refund

    coordinator, registration, payment = _paid_registration()

    outcomes = _refund_at_once(payment, coordinator, ["bank-same"] * REFUNDS, Money(3520, "USD"))

    assert outcomes == ["recorded"] * REFUNDS
    assert Refund.objects.count() == 1
    assert Notification.objects.filter(key__startswith="payments.refund-").count() == 1
    assert selectors.paid_amount(registration) == Money(0, "USD")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_different_full_refunds_at_once_give_the_money_back_once():
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL")
    from djmoney.money import Money

    from twinning.payments.models import Refund

    coordinator, registration, payment = _paid_registration()
    keys = [f"bank-{n}" for n in range(REFUNDS)]

    outcomes = _refund_at_once(payment, coordinator, keys, Money(3520, "USD"))

    assert sorted(outcomes) == ["recorded"] + ["refused"] * (REFUNDS - 1)
    assert Refund.objects.filter(registration=registration).count() == 1
