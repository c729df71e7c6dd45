"""Stripe's webhook: a payment counted once however often it arrives; forged or stale
deliveries, and events the site does not use, change nothing."""

import time

import pytest
from djmoney.money import Money

from tests.cards.stripe_fakes import SECRET, completed, event, refunded, sign
from tests.payments.factories import setup
from twinning.cards import services
from twinning.cards.models import CardRefund, CheckoutSession, StripeEvent
from twinning.notifications.models import Notification
from twinning.payments.models import CreditNote, Invoice, Payment
from twinning.registrations.models import Registration

pytestmark = pytest.mark.django_db

WEBHOOK = "/stripe/webhook/"


def opened(registration, session_id="cs_test_1"):
    return CheckoutSession.objects.create(
        registration=registration,
        session_id=session_id,
        amount=registration.total,
        created_by=registration.user,
    )


def deliver(client, payload: bytes, signature: str | None = None):
    return client.post(
        WEBHOOK,
        payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload) if signature is None else signature,
    )


@pytest.fixture
def checkout(stripe_keys):
    _policy, _issuer, coordinator, registration = setup()
    opened(registration)
    return registration, coordinator


def test_one_event_delivered_five_times_is_one_payment_one_e_mail_and_no_second_invoice(
    client, checkout, mailoutbox, django_capture_on_commit_callbacks
):
    registration, _coordinator = checkout
    payload = event("checkout.session.completed", completed("cs_test_1"))
    queued_before = Notification.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        statuses = [deliver(client, payload).status_code for _ in range(5)]

    assert statuses == [200] * 5
    payment = Payment.objects.get()
    assert (payment.method, payment.external_id, payment.amount) == (
        Payment.Method.CARD,
        "pi_1",
        Money(3520, "USD"),
    )
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [registration.user.email]
    assert Notification.objects.count() == queued_before + 1
    # Payments issues invoices by a coordinator's hand: a card payment adds none.
    assert Invoice.objects.count() == 0
    assert StripeEvent.objects.get().processed_at is not None


def test_two_events_for_the_same_payment_intent_count_it_once(client, checkout):
    deliver(client, event("checkout.session.completed", completed("cs_test_1"), event_id="e1"))
    deliver(
        client,
        event("checkout.session.async_payment_succeeded", completed("cs_test_1"), event_id="e2"),
    )

    assert Payment.objects.count() == 1
    assert StripeEvent.objects.count() == 2


@pytest.mark.parametrize(
    "signature",
    [
        pytest.param("t=1,v1=0000", id="garbage"),
        pytest.param("", id="missing"),
        pytest.param(None, id="another-secret"),
        pytest.param(None, id="stale"),
    ],
)
def test_a_bad_or_stale_signature_is_refused_and_changes_nothing(
    client, checkout, signature, request
):
    payload = event("checkout.session.completed", completed("cs_test_1"))
    case = request.node.callspec.id
    queued_before = Notification.objects.count()
    if case == "another-secret":
        signature = sign(payload, secret="whsec_someone_else")
    if case == "stale":
        signature = sign(payload, secret=SECRET, timestamp=int(time.time()) - 301)

    response = deliver(client, payload, signature)

    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0
    assert Payment.objects.count() == 0
    assert Notification.objects.count() == queued_before


def test_a_payload_changed_after_signing_is_refused(client, checkout):
    payload = event("checkout.session.completed", completed("cs_test_1", amount=100))
    signature = sign(payload)
    forged = payload.replace(b'"amount_total": 100', b'"amount_total": 352000')

    response = deliver(client, forged, signature)

    assert (response.status_code, Payment.objects.count()) == (400, 0)


def test_an_event_type_the_site_does_not_use_writes_nothing(client, checkout):
    response = deliver(client, event("customer.created", {"id": "cus_1", "object": "customer"}))

    assert response.status_code == 200
    assert StripeEvent.objects.count() == 0


def test_a_session_the_site_did_not_open_records_no_payment(client, checkout):
    deliver(client, event("checkout.session.completed", completed("cs_elsewhere")))

    assert Payment.objects.count() == 0
    assert StripeEvent.objects.get().note == "Not a session this site opened."


def test_a_session_not_yet_paid_records_no_payment_and_its_later_success_does(client, checkout):
    unpaid = completed("cs_test_1", payment_status="unpaid")
    deliver(client, event("checkout.session.completed", unpaid, event_id="e1"))
    paid_before = Payment.objects.count()
    deliver(
        client,
        event("checkout.session.async_payment_succeeded", completed("cs_test_1"), event_id="e2"),
    )

    assert (paid_before, Payment.objects.count()) == (0, 1)


def test_a_refund_arriving_before_its_payment_waits_and_is_applied_with_it(client, checkout):
    refund_first = deliver(client, event("charge.refunded", refunded(), event_id="e_refund"))
    waiting = StripeEvent.objects.get(event_id="e_refund").processed_at
    payment_next = deliver(
        client, event("checkout.session.completed", completed("cs_test_1"), event_id="e_paid")
    )

    assert (refund_first.status_code, payment_next.status_code) == (200, 200)
    assert waiting is None
    refund = CardRefund.objects.get()
    assert (refund.refund_id, refund.amount, refund.payment) == (
        "re_1",
        Money(1000, "USD"),
        Payment.objects.get(),
    )
    assert StripeEvent.objects.get(event_id="e_refund").processed_at is not None


def test_the_same_refund_in_two_events_is_recorded_once(client, checkout):
    deliver(client, event("checkout.session.completed", completed("cs_test_1"), event_id="e1"))
    deliver(client, event("charge.refunded", refunded(), event_id="e2"))
    refund = refunded()["refunds"]["data"][0] | {"object": "refund", "payment_intent": "pi_1"}
    deliver(client, event("refund.created", refund, event_id="e3"))

    assert CardRefund.objects.count() == 1


def test_a_refund_credits_the_invoice_in_force(client, checkout):
    from twinning.payments.services import billing_details_set, invoice_issue

    registration, coordinator = checkout
    billing_details_set(registration=registration, actor=coordinator, name="P", address="A")
    invoice = invoice_issue(registration=registration, actor=coordinator)
    deliver(client, event("checkout.session.completed", completed("cs_test_1"), event_id="e1"))
    deliver(client, event("charge.refunded", refunded(), event_id="e2"))

    note = CreditNote.objects.get()
    assert (note.invoice, note.amount) == (invoice, Money(1000, "USD"))


def test_a_payment_for_a_registration_cancelled_meanwhile_is_kept_for_a_refund(client, checkout):
    registration, _coordinator = checkout
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.CANCELLED)

    response = deliver(client, event("checkout.session.completed", completed("cs_test_1")))

    assert response.status_code == 200
    assert Payment.objects.count() == 0
    assert StripeEvent.objects.get().note.startswith("Not recorded: ")


def test_without_keys_the_webhook_is_not_there(client, settings):
    settings.STRIPE_SECRET_KEY = settings.STRIPE_WEBHOOK_SECRET = ""
    payload = event("checkout.session.completed", completed("cs_test_1"))

    assert deliver(client, payload).status_code == 404


def test_the_webhook_takes_only_post(client, stripe_keys):
    assert client.get(WEBHOOK).status_code == 405


def test_an_event_processed_by_hand_twice_is_applied_once(checkout):
    from twinning.accounts.rules import system_actor

    payload = {
        "id": "evt_hand",
        "type": "checkout.session.completed",
        "data": {"object": completed("cs_test_1")},
    }
    first = services.stripe_event_process(event=payload, actor=system_actor())
    second = services.stripe_event_process(event=payload, actor=system_actor())

    assert first.pk == second.pk
    assert Payment.objects.count() == 1


def test_an_administrator_reads_the_events_in_the_admin_and_cannot_change_them(client, checkout):
    from tests.accounts.factories import UserFactory, verified_login
    from twinning.accounts.models import Role

    registration, _coordinator = checkout
    Registration.objects.filter(pk=registration.pk).update(status=Registration.Status.CANCELLED)
    deliver(client, event("checkout.session.completed", completed("cs_test_1")))
    stored = StripeEvent.objects.get()
    verified_login(client, UserFactory(role=Role.ADMINISTRATOR, is_staff=True))

    listing = client.get("/admin/cards/stripeevent/").content.decode()
    change = client.post(f"/admin/cards/stripeevent/{stored.pk}/change/", {"note": "x"})

    assert "Not recorded: " in listing
    assert change.status_code == 403


def test_the_payers_details_in_an_event_are_not_kept(client, checkout):
    details = {"customer_details": {"email": "payer@example.com", "name": "Pat Payer"}}
    deliver(client, event("checkout.session.completed", completed("cs_test_1", **details)))

    kept = StripeEvent.objects.get().data
    assert "customer_details" not in kept
    assert kept["payment_intent"] == "pi_1"


def test_a_refund_in_two_events_lowers_what_was_paid_once(client, checkout):
    from twinning.payments import selectors as payment_selectors
    from twinning.payments.models import Refund

    registration, _coordinator = checkout
    deliver(client, event("checkout.session.completed", completed("cs_test_1"), event_id="e1"))
    deliver(client, event("charge.refunded", refunded(), event_id="e2"))
    refund = refunded()["refunds"]["data"][0] | {"object": "refund", "payment_intent": "pi_1"}
    deliver(client, event("refund.created", refund, event_id="e3"))

    assert Refund.objects.count() == 1
    assert payment_selectors.paid_amount(registration) == Money(2520, "USD")
