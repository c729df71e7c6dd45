"""Invoices and credit notes: numbered without gap, copied facts, never changed once issued."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from djmoney.money import Money

from tests.accounts.factories import UserFactory
from tests.payments.factories import IssuerFactory, coordinator_of, register, setup
from tests.registrations.factories import NOW, RegistrationPolicyFactory
from twinning.payments import services
from twinning.payments.models import CreditNote, Immutable, Invoice
from twinning.registrations import services as registration_services

pytestmark = pytest.mark.django_db


def billed(registration, name="Cascade Tunnelling Inc.", address="1 Main St\nSeattle"):
    services.billing_details_set(
        registration=registration, actor=registration.user, name=name, address=address, now=NOW
    )
    return registration


def test_invoices_are_numbered_per_issuer_and_year_from_one():
    policy, issuer, coordinator, first = setup()
    second = register(policy)
    other_issuer = IssuerFactory(code="CQFAO")
    other_policy = RegistrationPolicyFactory()
    other_issuer.delegations.add(other_policy.delegation)
    third = register(other_policy)
    next_year = NOW.replace(year=2028)

    numbers = [
        services.invoice_issue(registration=billed(first), actor=coordinator, now=NOW).number,
        services.invoice_issue(
            registration=billed(second), actor=coordinator, now=next_year
        ).number,
        services.invoice_issue(
            registration=billed(third), actor=coordinator_of(other_policy.delegation), now=NOW
        ).number,
    ]

    code = issuer.code.upper()
    assert numbers == [f"{code}-2027-0001", f"{code}-2028-0001", "CQFAO-2027-0001"]


def test_the_invoice_copies_the_issuer_and_billing_address_as_they_were():
    _policy, issuer, coordinator, registration = setup()
    invoice = services.invoice_issue(registration=billed(registration), actor=coordinator, now=NOW)
    issuer.name, issuer.address = "Renamed office", "Elsewhere"
    issuer.save()

    invoice.refresh_from_db()
    assert invoice.issuer_snapshot["name"] == "Seattle Sister City Office"
    assert invoice.billing_address == "1 Main St\nSeattle"
    assert invoice.total == Money(3520, "USD")
    assert invoice.language == "en"


def test_an_invoice_needs_a_billing_address_and_only_one_is_in_force():
    _policy, _issuer, coordinator, registration = setup()
    with pytest.raises(ValidationError, match="billing address"):
        services.invoice_issue(registration=registration, actor=coordinator, now=NOW)
    services.invoice_issue(registration=billed(registration), actor=coordinator, now=NOW)

    with pytest.raises(ValidationError, match="invoice already"):
        services.invoice_issue(registration=registration, actor=coordinator, now=NOW)
    assert Invoice.objects.count() == 1


def test_only_a_coordinator_of_the_delegation_issues_invoices():
    _policy, _issuer, _coordinator, registration = setup()
    with pytest.raises(PermissionDenied):
        services.invoice_issue(registration=billed(registration), actor=UserFactory(), now=NOW)
    with pytest.raises(PermissionDenied):
        services.invoice_issue(registration=registration, actor=registration.user, now=NOW)


def test_an_issued_invoice_refuses_to_be_saved_updated_or_deleted():
    _policy, _issuer, coordinator, registration = setup()
    invoice = services.invoice_issue(registration=billed(registration), actor=coordinator, now=NOW)

    invoice.billing_name = "Someone else"
    with pytest.raises(Immutable):
        invoice.save()
    with pytest.raises(Immutable):
        invoice.delete()
    with pytest.raises(Immutable):
        Invoice.objects.filter(pk=invoice.pk).update(billing_name="Someone else")
    with pytest.raises(Immutable):
        Invoice.objects.filter(pk=invoice.pk).delete()
    assert Invoice.objects.get(pk=invoice.pk).billing_name == "Cascade Tunnelling Inc."


@pytest.mark.postgres
def test_the_database_itself_refuses_to_change_an_issued_invoice():
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    _policy, _issuer, coordinator, registration = setup()
    invoice = services.invoice_issue(registration=billed(registration), actor=coordinator, now=NOW)

    with (
        pytest.raises(DatabaseError, match="never changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE payments_invoice SET billing_name = 'x' WHERE id = %s", [invoice.pk])


def test_credit_notes_may_be_partial_and_never_exceed_what_is_left():
    _policy, issuer, coordinator, registration = setup()
    invoice = services.invoice_issue(registration=billed(registration), actor=coordinator, now=NOW)

    first = services.credit_note_issue(
        invoice=invoice,
        amount=Money(1000, "USD"),
        reason="Shorter stay",
        actor=coordinator,
        now=NOW,
    )
    with pytest.raises(ValidationError, match=r"At most \$2,520"):
        services.credit_note_issue(
            invoice=invoice, amount=Money(2600, "USD"), reason="Refund", actor=coordinator, now=NOW
        )
    second = services.credit_note_issue(
        invoice=invoice, amount=Money(2520, "USD"), reason="Cancelled", actor=coordinator, now=NOW
    )

    code = issuer.code.upper()
    assert [first.number, second.number] == [f"{code}-CN-2027-0001", f"{code}-CN-2027-0002"]
    assert second.invoice == invoice
    with pytest.raises(Immutable):
        second.save()


def test_a_changed_billing_address_cancels_the_invoice_and_issues_a_new_one():
    _policy, _issuer, coordinator, registration = setup()
    old = services.invoice_issue(registration=billed(registration), actor=coordinator, now=NOW)

    billed(registration, name="Port of Seattle", address="2711 Alaskan Way")

    new = Invoice.objects.exclude(pk=old.pk).get()
    note = CreditNote.objects.get()
    assert (note.invoice, note.amount) == (old, old.total)
    assert (new.replaces, new.billing_name, new.total) == (old, "Port of Seattle", old.total)
    assert new.sequence == old.sequence + 1


def test_saving_the_same_billing_address_again_changes_no_invoice():
    _policy, _issuer, coordinator, registration = setup()
    services.invoice_issue(registration=billed(registration), actor=coordinator, now=NOW)

    billed(registration)

    assert (Invoice.objects.count(), CreditNote.objects.count()) == (1, 0)


def test_a_chinese_speaking_payer_gets_the_invoice_in_chinese():
    policy, _issuer, coordinator, _registration = setup()
    registration = register(policy, UserFactory(preferred_language="zh-hans"))
    invoice = services.invoice_issue(registration=billed(registration), actor=coordinator, now=NOW)

    assert invoice.language == "zh-hans"
    assert invoice.lines[0]["description"]["zh-hans"].startswith("报名")
    assert invoice.lines[0]["description"]["en"].startswith("Registration")


def test_next_year_starts_again_at_one_while_this_year_goes_on():
    policy, _issuer, coordinator, registration = setup()
    services.invoice_issue(registration=billed(registration), actor=coordinator, now=NOW)
    later = NOW + datetime.timedelta(days=400)
    second = services.invoice_issue(
        registration=billed(register(policy)), actor=coordinator, now=later
    )
    third = services.invoice_issue(
        registration=billed(register(policy)), actor=coordinator, now=NOW
    )

    assert (second.year, second.sequence, third.year, third.sequence) == (2028, 1, 2027, 2)


def test_a_cancelled_registration_keeps_its_invoice_as_it_was():
    _policy, _issuer, coordinator, registration = setup()
    services.invoice_issue(registration=billed(registration), actor=coordinator, now=NOW)
    registration_services.registration_cancel(
        registration=registration, actor=registration.user, now=NOW
    )

    with pytest.raises(ValidationError, match="not active"):
        billed(registration, name="Someone else")
    assert (Invoice.objects.count(), CreditNote.objects.count()) == (1, 0)
