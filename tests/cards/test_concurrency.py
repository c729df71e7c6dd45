"""One Stripe event delivered ten times at once: one payment, one e-mail queued."""

import threading

import pytest
from django.db import close_old_connections, connection
from django.test import Client

from tests.cards.stripe_fakes import completed, event, sign
from tests.payments.factories import setup
from twinning.cards.models import CheckoutSession, StripeEvent
from twinning.notifications.models import Notification
from twinning.payments.models import Payment
from twinning.registrations.models import Registration

DELIVERIES = 10


def _deliver_at_once(payload: bytes) -> list[int | str]:
    start = threading.Barrier(DELIVERIES)
    outcomes: list[int | str] = [0] * DELIVERIES

    def deliver(index):
        start.wait()
        try:
            response = Client().post(
                "/stripe/webhook/",
                payload,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=sign(payload),
            )
            outcomes[index] = response.status_code
        except Exception as error:
            outcomes[index] = f"error: {error!r}"
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=deliver, args=(i,)) for i in range(DELIVERIES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_event_delivered_ten_times_at_once_is_one_payment_and_one_e_mail(stripe_keys):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL")
    _policy, _issuer, _coordinator, registration = setup()
    CheckoutSession.objects.create(
        registration=registration,
        session_id="cs_test_1",
        amount=registration.total,
        created_by=registration.user,
    )
    queued_before = Notification.objects.count()

    outcomes = _deliver_at_once(event("checkout.session.completed", completed("cs_test_1")))

    assert outcomes == [200] * DELIVERIES
    assert Payment.objects.count() == 1
    assert StripeEvent.objects.count() == 1
    assert Notification.objects.count() == queued_before + 1
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
