"""Money going back out: a refund lowers "paid" everywhere, is credited, e-mailed once."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from djmoney.money import Money

from tests.accounts.factories import UserFactory, verified_login
from tests.payments.factories import register, setup
from tests.registrations.factories import NOW
from twinning.accounts.rules import system_actor
from twinning.notifications.models import Notification
from twinning.notifications.services import notification_deliver
from twinning.payments import panels, selectors, services
from twinning.payments.models import CreditNote, Immutable, Payment, Refund
from twinning.registrations import services as registration_services
from twinning.registrations.models import Registration

pytestmark = pytest.mark.django_db


FULL = Money(3520, "USD")


def paid_in_full(amount=FULL):
    policy, _issuer, coordinator, registration = setup()
    payment = services.payment_record(
        registration=registration, amount=amount, actor=coordinator, received_at=NOW
    )
    return policy, coordinator, registration, payment


def refund(payment, coordinator, amount, key="k1", **extra):
    return services.refund_record(
        payment=payment,
        amount=amount,
        method=Refund.Method.BANK,
        external_id=f"bank-{key}",
        reason=extra.pop("reason", "Cancelled in time"),
        actor=coordinator,
        **extra,
    )


def test_a_refund_lowers_what_was_paid_and_raises_what_is_due():
    _policy, coordinator, registration, payment = paid_in_full()

    refund(payment, coordinator, Money(1000, "USD"))

    account = selectors.account(registration, today=NOW.date())
    assert (account.paid, account.due, account.refunded) == (
        Money(2520, "USD"),
        Money(1000, "USD"),
        Money(1000, "USD"),
    )


def test_the_coordinators_list_and_the_export_count_refunds_in_one_annotation():
    policy, coordinator, registration, payment = paid_in_full()
    refund(payment, coordinator, Money(520, "USD"))

    listed = selectors.registrations_with_payments(delegation=policy.delegation).get(
        pk=registration.pk
    )
    annotated, columns = panels.export_columns(Registration.objects.filter(pk=registration.pk))
    row = annotated.get()

    assert listed.paid_amount == 3000
    assert [column.value(row) for column in columns] == [3000, 520]


def test_the_same_refund_asked_twice_is_recorded_once():
    _policy, coordinator, registration, payment = paid_in_full()

    first = refund(payment, coordinator, Money(1000, "USD"), key="same")
    second = refund(payment, coordinator, Money(1000, "USD"), key="same")

    assert first.pk == second.pk
    assert Refund.objects.count() == 1
    assert selectors.paid_amount(registration) == Money(2520, "USD")


@pytest.mark.parametrize(
    "amount", [Money(3521, "USD"), Money(0, "USD"), Money(-5, "USD"), Money(10, "EUR")]
)
def test_a_refund_beyond_the_payment_or_in_another_currency_is_refused(amount):
    _policy, coordinator, _registration, payment = paid_in_full()

    with pytest.raises(ValidationError):
        refund(payment, coordinator, amount)
    assert Refund.objects.count() == 0


def test_a_second_refund_is_limited_to_what_is_left_of_the_payment():
    _policy, coordinator, _registration, payment = paid_in_full()
    refund(payment, coordinator, Money(3000, "USD"), key="a")

    with pytest.raises(ValidationError, match=r"\$520"):
        refund(payment, coordinator, Money(600, "USD"), key="b")
    assert Refund.objects.count() == 1


def test_a_card_payment_is_not_refunded_as_a_bank_transfer():
    _policy, coordinator, registration, _payment = paid_in_full(Money(100, "USD"))
    card = services.payment_record(
        registration=registration,
        amount=Money(100, "USD"),
        actor=coordinator,
        method=Payment.Method.CARD,
        external_id="pi_x",
    )

    with pytest.raises(ValidationError, match="card"):
        refund(card, coordinator, Money(100, "USD"))


def test_a_refund_needs_the_right_and_writes_nothing_without_it():
    _policy, _coordinator, registration, payment = paid_in_full()

    with pytest.raises(PermissionDenied):
        refund(payment, registration.user, Money(10, "USD"))
    with pytest.raises(PermissionDenied):
        refund(payment, UserFactory(), Money(10, "USD"))
    assert Refund.objects.count() == 0


def test_a_refund_credits_the_invoice_in_force():
    _policy, coordinator, registration, payment = paid_in_full()
    services.billing_details_set(
        registration=registration, actor=coordinator, name="Cascade", address="1 Main St"
    )
    invoice = services.invoice_issue(registration=registration, actor=coordinator, now=NOW)

    recorded = refund(payment, coordinator, Money(700, "USD"), reason="")

    note = CreditNote.objects.get()
    assert (note.invoice, note.amount, note.reason, recorded.credit_note) == (
        invoice,
        Money(700, "USD"),
        "Refunded by bank transfer.",
        note,
    )


def test_the_refund_email_is_sent_once_in_the_recipients_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    _policy, coordinator, registration, payment = paid_in_full()
    registration.user.preferred_language = "zh-hans"
    registration.user.save(update_fields=["preferred_language"])
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        recorded = refund(payment, coordinator, Money(1000, "USD"), key="once")
        refund(payment, coordinator, Money(1000, "USD"), key="once")
    notification = Notification.objects.get(key=f"payments.refund-{recorded.pk}")
    retried = notification_deliver(notification_id=notification.pk)

    assert retried is False
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject.startswith("退款")
    assert "$1,000" in mailoutbox[0].body


def test_a_cancelled_registration_is_refunded_and_its_page_shows_it(client):
    policy, coordinator, registration, payment = paid_in_full()
    registration_services.registration_cancel(
        registration=registration, actor=registration.user, now=NOW
    )
    refund(payment, coordinator, Money(3168, "USD"))
    client.force_login(registration.user)

    page = client.get(f"/en/delegations/{policy.delegation.slug}/registration/")

    assert selectors.paid_amount(registration) == Money(352, "USD")
    assert "$3,168" in page.content.decode()


def test_a_recorded_refund_refuses_to_be_changed_or_deleted():
    _policy, coordinator, _registration, payment = paid_in_full()
    recorded = refund(payment, coordinator, Money(10, "USD"))

    recorded.reason = "changed"
    with pytest.raises(Immutable):
        recorded.save()
    with pytest.raises(Immutable):
        recorded.delete()
    with pytest.raises(Immutable):
        Refund.objects.filter(pk=recorded.pk).update(reason="changed")
    with pytest.raises(Immutable):
        Refund.objects.filter(pk=recorded.pk).delete()


@pytest.mark.postgres
def test_the_database_itself_refuses_to_change_a_refund():
    if connection.vendor != "postgresql":
        pytest.skip("the trigger is PostgreSQL's")
    _policy, coordinator, _registration, payment = paid_in_full()
    recorded = refund(payment, coordinator, Money(10, "USD"))

    with (
        pytest.raises(DatabaseError, match="never changed"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM payments_refund WHERE id = %s", [recorded.pk])


def refund_page(policy, registration):
    return f"/en/delegations/{policy.delegation.slug}/payments/{registration.pk}/refund/"


def test_a_coordinator_records_a_bank_refund_from_the_desk_once_however_often_sent(client):
    policy, coordinator, registration, payment = paid_in_full()
    verified_login(client, coordinator)

    shown = client.get(refund_page(policy, registration))
    key = shown.context["form"].initial["key"]
    data = {"payment": payment.pk, "amount": "1000.00", "reason": "Single room dropped", "key": key}
    first = client.post(refund_page(policy, registration), data)
    again = client.post(refund_page(policy, registration), data)
    desk = client.get(f"/en/delegations/{policy.delegation.slug}/payments/").content.decode()

    assert (shown.status_code, first.status_code, again.status_code) == (200, 302, 302)
    assert Refund.objects.get().amount == Money(1000, "USD")
    assert "$2,520" in desk


def test_the_registrant_cannot_open_the_refund_page(client):
    policy, _coordinator, registration, payment = paid_in_full()
    client.force_login(registration.user)

    response = client.post(
        refund_page(policy, registration),
        {"payment": payment.pk, "amount": "10", "reason": "x", "key": "k"},
    )

    assert response.status_code == 404
    assert Refund.objects.count() == 0


def test_a_hold_refunded_in_full_is_released_at_its_deadline():
    policy, coordinator, _registration, _payment = paid_in_full()
    part = register(policy)
    refunded = register(policy)
    services.payment_record(registration=part, amount=Money(100, "USD"), actor=coordinator)
    payment = services.payment_record(
        registration=refunded, amount=Money(100, "USD"), actor=coordinator
    )
    refund(payment, coordinator, Money(100, "USD"))

    registration_services.holds_expire(
        delegation=policy.delegation, actor=system_actor(), now=NOW + datetime.timedelta(days=30)
    )

    part.refresh_from_db()
    refunded.refresh_from_db()
    assert (part.status, refunded.status) == (
        Registration.Status.AWAITING_PAYMENT,
        Registration.Status.EXPIRED,
    )
