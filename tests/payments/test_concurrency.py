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
