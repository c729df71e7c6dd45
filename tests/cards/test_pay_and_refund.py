"""The "Pay by card" button and Checkout, and refunds through Stripe (Stripe faked)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from djmoney.money import Money

from tests.accounts.factories import UserFactory, verified_login
from tests.cards.stripe_fakes import event, sign
from tests.payments.factories import IssuerFactory, coordinator_of, register
from tests.registrations.factories import RegistrationPolicyFactory
from twinning.cards import services
from twinning.cards.models import CardRefund, CheckoutSession
from twinning.payments import services as payment_services
from twinning.payments.models import CreditNote, Payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def trip():
    today = timezone.localdate()
    policy = RegistrationPolicyFactory(
        deadline=timezone.now() + datetime.timedelta(days=30),
        delegation__travel_start=today + datetime.timedelta(days=60),
        delegation__travel_end=today + datetime.timedelta(days=70),
        delegation__programme_start=today + datetime.timedelta(days=61),
        delegation__programme_end=today + datetime.timedelta(days=69),
    )
    IssuerFactory().delegations.add(policy.delegation)
    registration = register(policy, now=timezone.now())
    return policy, coordinator_of(policy.delegation), registration


def mine(policy):
    return f"/en/delegations/{policy.delegation.slug}/registration/"


def pay(policy):
    return f"/en/delegations/{policy.delegation.slug}/card/pay/"


def test_without_keys_the_site_offers_bank_transfer_only(client, trip, settings):
    settings.STRIPE_SECRET_KEY = settings.STRIPE_WEBHOOK_SECRET = ""
    policy, _coordinator, registration = trip
    client.force_login(registration.user)

    page = client.get(mine(policy)).content.decode()

    assert "Pay by bank transfer" in page
    assert "Pay by card" not in page
    assert client.post(pay(policy)).status_code == 404


def test_with_one_key_only_no_card_payment_is_offered(client, trip, settings):
    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = "sk_test_key", ""
    policy, _coordinator, registration = trip
    client.force_login(registration.user)

    assert "Pay by card" not in client.get(mine(policy)).content.decode()


def test_with_keys_the_registrant_pays_by_card_on_stripes_checkout(client, trip, fake_stripe):
    policy, _coordinator, registration = trip
    client.force_login(registration.user)

    page = client.get(mine(policy)).content.decode()
    response = client.post(pay(policy))

    assert "Pay by card" in page
    assert (response.status_code, response["Location"]) == (303, "https://checkout.stripe.test/1")
    asked = fake_stripe.sessions[0]
    assert (asked["amount"], asked["registration_id"]) == (Money(3520, "USD"), registration.pk)
    assert asked["success_url"].startswith("http://")
    assert asked["success_url"].endswith(mine(policy) + "?card=paid")
    session = CheckoutSession.objects.get()
    assert (session.session_id, session.registration, session.amount) == (
        "cs_test_1",
        registration,
        Money(3520, "USD"),
    )


def test_the_card_payment_asks_for_what_is_left_after_a_part_payment(client, trip, fake_stripe):
    policy, coordinator, registration = trip
    payment_services.payment_record(
        registration=registration, amount=Money(520, "USD"), actor=coordinator
    )
    client.force_login(registration.user)

    client.post(pay(policy))

    assert fake_stripe.sessions[0]["amount"] == Money(3000, "USD")


def test_someone_else_cannot_open_a_checkout_for_a_registration(trip, fake_stripe):
    _policy, _coordinator, registration = trip
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.checkout_start(registration=registration, actor=UserFactory())
    assert (fake_stripe.sessions, CheckoutSession.objects.count()) == ([], 0)


def test_nothing_due_opens_no_checkout(trip, fake_stripe):
    _policy, coordinator, registration = trip
    payment_services.payment_record(
        registration=registration, amount=Money(3520, "USD"), actor=coordinator
    )
    registration.refresh_from_db()

    with pytest.raises(ValidationError):
        services.checkout_start(registration=registration, actor=registration.user)
    assert fake_stripe.sessions == []


def card_payment(registration, coordinator) -> Payment:
    return payment_services.payment_record(
        registration=registration,
        amount=Money(3520, "USD"),
        actor=coordinator,
        method=Payment.Method.CARD,
        external_id="pi_1",
    )


def test_a_coordinator_refunds_a_card_payment_through_stripe(trip, fake_stripe):
    _policy, coordinator, registration = trip
    payment = card_payment(registration, coordinator)

    refund = services.card_refund(
        payment=payment, amount=Money(1000, "USD"), reason="Single room dropped", actor=coordinator
    )

    assert fake_stripe.refunds[0]["payment_intent"] == "pi_1"
    assert fake_stripe.refunds[0]["amount"] == Money(1000, "USD")
    assert (refund.refund_id, refund.amount, refund.reason) == (
        "re_test_1",
        Money(1000, "USD"),
        "Single room dropped",
    )


def test_a_refund_and_its_webhook_are_recorded_once(client, trip, fake_stripe):
    _policy, coordinator, registration = trip
    payment = card_payment(registration, coordinator)
    services.card_refund(payment=payment, amount=Money(1000, "USD"), reason="", actor=coordinator)
    stripe_says = {
        "id": "re_test_1",
        "object": "refund",
        "amount": 100000,
        "currency": "usd",
        "payment_intent": "pi_1",
        "status": "succeeded",
    }
    payload = event("refund.created", stripe_says, event_id="evt_refund")

    client.post(
        "/stripe/webhook/", payload, content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload),
    )  # fmt: skip

    assert CardRefund.objects.count() == 1


def test_a_card_refund_credits_the_invoice_in_force(trip, fake_stripe):
    _policy, coordinator, registration = trip
    payment_services.billing_details_set(
        registration=registration, actor=coordinator, name="Cascade", address="1 Main St"
    )
    invoice = payment_services.invoice_issue(registration=registration, actor=coordinator)
    payment = card_payment(registration, coordinator)

    services.card_refund(payment=payment, amount=Money(500, "USD"), reason="", actor=coordinator)

    note = CreditNote.objects.get()
    assert (note.invoice, note.amount, note.reason) == (
        invoice,
        Money(500, "USD"),
        "Card payment refunded.",
    )


@pytest.mark.parametrize("amount", [Money(3521, "USD"), Money(0, "USD"), Money(10, "EUR")])
def test_a_refund_beyond_the_payment_is_refused_before_stripe_is_asked(trip, fake_stripe, amount):
    _policy, coordinator, registration = trip
    payment = card_payment(registration, coordinator)

    with pytest.raises(ValidationError):
        services.card_refund(payment=payment, amount=amount, reason="", actor=coordinator)
    assert (fake_stripe.refunds, CardRefund.objects.count()) == ([], 0)


def test_a_second_refund_is_limited_to_what_is_left(trip, fake_stripe):
    _policy, coordinator, registration = trip
    payment = card_payment(registration, coordinator)
    services.card_refund(payment=payment, amount=Money(3000, "USD"), reason="", actor=coordinator)

    with pytest.raises(ValidationError, match=r"\$520"):
        services.card_refund(
            payment=payment, amount=Money(600, "USD"), reason="", actor=coordinator
        )
    assert len(fake_stripe.refunds) == 1


def test_a_bank_payment_is_not_refunded_through_stripe(trip, fake_stripe):
    _policy, coordinator, registration = trip
    payment = payment_services.payment_record(
        registration=registration, amount=Money(3520, "USD"), actor=coordinator
    )

    with pytest.raises(ValidationError):
        services.card_refund(payment=payment, amount=Money(10, "USD"), reason="", actor=coordinator)
    assert fake_stripe.refunds == []


def refunds_page(policy):
    return f"/en/delegations/{policy.delegation.slug}/card/payments/"


def test_a_coordinator_refunds_from_the_card_payments_page(client, trip, fake_stripe):
    policy, coordinator, registration = trip
    payment = card_payment(registration, coordinator)
    verified_login(client, coordinator)

    listed = client.get(refunds_page(policy)).content.decode()
    response = client.post(
        refunds_page(policy), {"payment": payment.pk, "amount": "200.00", "reason": "Dinner"}
    )

    assert "$3,520" in listed
    assert response.status_code == 302
    assert CardRefund.objects.get().amount == Money(200, "USD")


def test_a_refund_above_what_is_left_is_a_400_and_asks_stripe_nothing(client, trip, fake_stripe):
    policy, coordinator, registration = trip
    payment = card_payment(registration, coordinator)
    verified_login(client, coordinator)

    response = client.post(refunds_page(policy), {"payment": payment.pk, "amount": "9999"})

    assert (response.status_code, fake_stripe.refunds) == (400, [])


@pytest.mark.parametrize("who", ["registrant", "stranger"])
def test_only_coordinators_see_the_card_payments_page(client, trip, fake_stripe, who):
    policy, coordinator, registration = trip
    payment = card_payment(registration, coordinator)
    client.force_login(registration.user if who == "registrant" else UserFactory())

    seen = client.get(refunds_page(policy)).status_code
    posted = client.post(refunds_page(policy), {"payment": payment.pk, "amount": "10"})

    assert (seen, posted.status_code, fake_stripe.refunds) == (404, 404, [])


def test_without_keys_the_card_payments_page_is_not_there(client, trip, settings):
    settings.STRIPE_SECRET_KEY = settings.STRIPE_WEBHOOK_SECRET = ""
    policy, coordinator, _registration = trip
    verified_login(client, coordinator)

    assert client.get(refunds_page(policy)).status_code == 404


@pytest.mark.parametrize(
    ("keys", "form_action"),
    [
        (("sk_test_key", "whsec_x"), ["'self'", "https://checkout.stripe.com"]),
        (("", ""), ["'self'"]),
    ],
)
def test_the_pay_form_may_go_on_to_stripes_page_only_when_cards_are_on(keys, form_action):
    import os
    import subprocess
    import sys

    environment = os.environ | {"DEBUG": "true", "SECRET_KEY": "x"}
    environment |= {"STRIPE_SECRET_KEY": keys[0], "STRIPE_WEBHOOK_SECRET": keys[1]}
    code = "import twinning.settings as s; print(s.CONTENT_SECURITY_POLICY['DIRECTIVES'])"
    run = subprocess.run(
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )

    assert f"'form-action': {form_action!r}" in run.stdout


def test_back_from_stripe_the_registrant_is_told_the_payment_is_being_confirmed(
    client, trip, fake_stripe
):
    policy, _coordinator, registration = trip
    client.force_login(registration.user)

    page = client.get(mine(policy) + "?card=paid").content.decode()

    assert "your card payment is being confirmed" in page
    assert 'action="' + pay(policy) + '"' not in page


def test_a_session_stripe_reports_completed_sends_the_registrant_nowhere(
    client, trip, fake_stripe, monkeypatch
):
    from types import SimpleNamespace

    from twinning.cards import gateway

    policy, _coordinator, registration = trip
    completed_session = SimpleNamespace(id="cs_done", url=None)
    monkeypatch.setattr(gateway, "checkout_session_create", lambda **kwargs: completed_session)
    client.force_login(registration.user)

    response = client.post(pay(policy))

    assert (response.status_code, response["Location"]) == (302, mine(policy))
    assert CheckoutSession.objects.count() == 0


def test_a_card_refund_lowers_what_was_paid_and_is_emailed_once(
    trip, fake_stripe, mailoutbox, django_capture_on_commit_callbacks
):
    from twinning.payments import selectors as payment_selectors
    from twinning.payments.models import Refund

    _policy, coordinator, registration = trip
    payment = card_payment(registration, coordinator)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.card_refund(
            payment=payment, amount=Money(1000, "USD"), reason="", actor=coordinator
        )

    refund = Refund.objects.get()
    assert (refund.method, refund.external_id, refund.amount) == (
        Refund.Method.CARD,
        CardRefund.objects.get().refund_id,
        Money(1000, "USD"),
    )
    assert payment_selectors.paid_amount(registration) == Money(2520, "USD")
    assert [mail.subject.split(":")[0] for mail in mailoutbox] == ["Refund"]
