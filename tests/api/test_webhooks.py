"""Outgoing webhooks: signed, sent after commit, retried after a failure, once per event.

The receiver is a small HTTP server on 127.0.0.1 started by the test (never any outside
address).
"""

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.db import transaction
from djmoney.money import Money

from tests.accounts.factories import UserFactory
from tests.exchanges.factories import ExchangeFactory
from tests.payments.factories import setup
from twinning.accounts.models import Role
from twinning.accounts.rules import system_actor
from twinning.api import services
from twinning.api.models import WebhookDelivery
from twinning.api.tasks import webhook_send
from twinning.core import events
from twinning.exchanges.models import Exchange
from twinning.exchanges.services import exchange_publish
from twinning.payments.services import payment_record

pytestmark = pytest.mark.django_db


class Receiver:
    """Answers each POST with the next status of ``statuses`` (then 200), keeping them."""

    def __init__(self, statuses=()):
        self.statuses = list(statuses)
        self.requests: list[dict] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def _subscribe(url, names=events.EVENTS):
    admin = UserFactory(role=Role.ADMINISTRATOR, is_staff=True)
    return services.webhook_subscription_create(actor=admin, url=url, events=list(names))


def _pay(registration, coordinator, amount=100):
    return payment_record(registration=registration, amount=Money(amount, "USD"), actor=coordinator)


def _verified(subscription, request) -> dict:
    headers = request["headers"]
    timestamp = headers["Twinning-Webhook-Timestamp"]
    expected = hmac.new(
        subscription.secret.encode(),
        timestamp.encode() + b"." + request["body"],
        hashlib.sha256,
    ).hexdigest()
    assert headers["Twinning-Webhook-Signature"] == f"v1={expected}"
    return json.loads(request["body"])


def test_a_payment_is_delivered_signed_with_the_subscribers_secret(
    django_capture_on_commit_callbacks,
):
    _policy, _issuer, coordinator, registration = setup()
    with Receiver() as receiver:
        subscription = _subscribe(receiver.url, [events.PAYMENT_RECEIVED])
        with django_capture_on_commit_callbacks(execute=True):
            payment = _pay(registration, coordinator)

    assert len(receiver.requests) == 1
    event = _verified(subscription, receiver.requests[0])
    assert (event["type"], event["data"]["payment"]) == ("payment.received", payment.pk)
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.response_code, delivery.attempts) == ("delivered", 200, 1)


def test_a_wrong_secret_does_not_verify(django_capture_on_commit_callbacks):
    _policy, _issuer, coordinator, registration = setup()
    with Receiver() as receiver:
        subscription = _subscribe(receiver.url, [events.PAYMENT_RECEIVED])
        with django_capture_on_commit_callbacks(execute=True):
            _pay(registration, coordinator)
    subscription.secret = "not-the-secret"

    with pytest.raises(AssertionError):
        _verified(subscription, receiver.requests[0])


def test_paying_in_full_tells_of_the_payment_and_the_confirmation(
    django_capture_on_commit_callbacks,
):
    _policy, _issuer, coordinator, registration = setup()
    with Receiver() as receiver:
        _subscribe(receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            _pay(registration, coordinator, amount=3520)

    types = sorted(json.loads(r["body"])["type"] for r in receiver.requests)
    assert types == ["payment.received", "registration.confirmed"]


def test_publishing_a_record_is_an_event(django_capture_on_commit_callbacks):
    record = ExchangeFactory(status=Exchange.Status.REVIEW, published_at=None)
    with Receiver() as receiver:
        _subscribe(receiver.url, [events.RECORD_PUBLISHED])
        with django_capture_on_commit_callbacks(execute=True):
            exchange_publish(exchange=record, actor=system_actor())

    assert json.loads(receiver.requests[0]["body"])["data"]["record"] == record.key


def test_a_failed_delivery_is_retried_with_back_off_until_it_arrives(
    django_capture_on_commit_callbacks, settings
):
    settings.TWINNING_WEBHOOK_BACKOFF_SECONDS = 30
    _policy, _issuer, coordinator, registration = setup()
    with Receiver(statuses=[500, 500]) as receiver:
        _subscribe(receiver.url, [events.PAYMENT_RECEIVED])
        with django_capture_on_commit_callbacks(execute=True):
            _pay(registration, coordinator)
        delivery = WebhookDelivery.objects.get()
        first_wait = delivery.next_attempt_at - delivery.created_at
        webhook_send.call(delivery.pk)  # the retry the worker runs at next_attempt_at
        delivery.refresh_from_db()
        second = (delivery.status, delivery.attempts, delivery.response_code)
        second_wait = delivery.next_attempt_at - delivery.created_at
        webhook_send.call(delivery.pk)

    delivery.refresh_from_db()
    assert second == ("pending", 2, 500)
    assert 25 <= first_wait.total_seconds() <= 40
    assert second_wait.total_seconds() >= 55  # doubled
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("delivered", 3, 200)
    assert len(receiver.requests) == 3


def test_a_delivery_gives_up_after_the_last_attempt(django_capture_on_commit_callbacks, settings):
    settings.TWINNING_WEBHOOK_ATTEMPTS = 2
    _policy, _issuer, coordinator, registration = setup()
    with Receiver(statuses=[503, 503, 503]) as receiver:
        _subscribe(receiver.url, [events.PAYMENT_RECEIVED])
        with django_capture_on_commit_callbacks(execute=True):
            _pay(registration, coordinator)
        delivery = WebhookDelivery.objects.get()
        webhook_send.call(delivery.pk)
        webhook_send.call(delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 2)
    assert len(receiver.requests) == 2


def test_a_task_run_again_delivers_nothing_more(django_capture_on_commit_callbacks):
    _policy, _issuer, coordinator, registration = setup()
    with Receiver() as receiver:
        _subscribe(receiver.url, [events.PAYMENT_RECEIVED])
        with django_capture_on_commit_callbacks(execute=True):
            _pay(registration, coordinator)
        delivery = WebhookDelivery.objects.get()
        webhook_send.call(delivery.pk)
        webhook_send.call(delivery.pk)

    assert len(receiver.requests) == 1


def test_one_event_emitted_twice_is_one_delivery(django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        _subscribe(receiver.url, [events.MEETING_SCHEDULED])
        with django_capture_on_commit_callbacks(execute=True):
            for _ in range(2):
                events.emit(events.MEETING_SCHEDULED, key="meeting-7", data={"meeting": 7})

    assert WebhookDelivery.objects.count() == 1
    assert len(receiver.requests) == 1


def test_a_rolled_back_write_tells_nobody(django_capture_on_commit_callbacks):
    _policy, _issuer, coordinator, registration = setup()
    with Receiver() as receiver:
        _subscribe(receiver.url, [events.PAYMENT_RECEIVED])
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            _pay(registration, coordinator)
            transaction.set_rollback(True)

    assert WebhookDelivery.objects.count() == 0
    assert receiver.requests == []


def test_subscribers_hear_only_their_events(django_capture_on_commit_callbacks):
    _policy, _issuer, coordinator, registration = setup()
    with Receiver() as receiver:
        _subscribe(receiver.url, [events.RECORD_PUBLISHED])
        with django_capture_on_commit_callbacks(execute=True):
            _pay(registration, coordinator)

    assert receiver.requests == []


def test_only_http_addresses_may_subscribe():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _subscribe("file:///etc/passwd")
