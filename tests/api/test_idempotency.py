"""Idempotency-Key on writes: a repeat returns the first answer and writes nothing more."""

import json
import time

import pytest
from django.db import connection
from django.test import Client

from tests.api.factories import bearer, token_for
from tests.concurrency import at_once
from tests.payments.factories import setup
from twinning.api.models import IdempotentRequest
from twinning.api.routers import payments as payments_router
from twinning.payments.models import Payment

BODY = {"amount": "100.00", "currency": "USD", "note": "deposit"}


def _post(client, registration, auth, key, body=None):
    return client.post(
        f"/api/v1/registrations/{registration.pk}/payments",
        json.dumps(body or BODY),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
        **auth,
    )


@pytest.fixture
def paying(db):
    _policy, _issuer, coordinator, registration = setup()
    return registration, bearer(token_for(coordinator))


def test_a_repeat_returns_the_first_answer_and_records_one_payment(client, paying):
    registration, auth = paying

    first = _post(client, registration, auth, "pay-1")
    again = _post(client, registration, auth, "pay-1")

    assert (first.status_code, again.status_code) == (201, 201)
    assert again.content == first.content
    assert again["Idempotent-Replayed"] == "true"
    assert Payment.objects.count() == 1


def test_the_same_key_with_another_body_is_422(client, paying):
    registration, auth = paying
    _post(client, registration, auth, "pay-1")

    other = _post(client, registration, auth, "pay-1", BODY | {"amount": "200.00"})

    assert other.status_code == 422
    assert other.json()["type"] == "/api/v1/problems/idempotency-key-reused"
    assert Payment.objects.count() == 1


def test_a_refusal_is_kept_and_replayed_too(client, paying):
    registration, auth = paying
    body = BODY | {"currency": "CNY"}

    first = _post(client, registration, auth, "pay-cny", body)
    again = _post(client, registration, auth, "pay-cny", body)

    assert (first.status_code, again.status_code) == (409, 409)
    assert again.content == first.content


def test_keys_are_per_token(client, paying):
    registration, auth = paying
    other = bearer(token_for(registration.delegation.members.get(role="coordinator").user))

    _post(client, registration, auth, "pay-1")
    _post(client, registration, other, "pay-1")

    assert Payment.objects.count() == 2


def test_a_server_error_frees_the_key_for_a_retry(client, paying, monkeypatch):
    registration, auth = paying
    real = payments_router.services.payment_record

    def broken(**kwargs):
        raise RuntimeError("database fell over")

    monkeypatch.setattr(payments_router.services, "payment_record", broken)
    client.raise_request_exception = False
    failed = _post(client, registration, auth, "pay-1")
    monkeypatch.setattr(payments_router.services, "payment_record", real)
    retried = _post(client, registration, auth, "pay-1")

    assert (failed.status_code, retried.status_code) == (500, 201)
    assert "Idempotent-Replayed" not in retried


def test_writes_without_a_key_are_not_kept(client, paying):
    registration, auth = paying

    client.post(
        f"/api/v1/registrations/{registration.pk}/payments",
        BODY,
        content_type="application/json",
        **auth,
    )

    assert IdempotentRequest.objects.count() == 0


CALLERS = 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_repeats_while_the_first_runs_get_409_and_one_payment_is_made(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is tested on PostgreSQL")
    _policy, _issuer, coordinator, registration = setup()
    auth = bearer(token_for(coordinator))
    real = payments_router.services.payment_record

    def slow(**kwargs):
        time.sleep(1.0)  # every repeat arrives while the first still runs
        return real(**kwargs)

    monkeypatch.setattr(payments_router.services, "payment_record", slow)

    def call(_n) -> str:
        return str(_post(Client(), registration, auth, "same-key").status_code)

    outcomes = at_once(call, range(CALLERS))

    assert sorted(outcomes) == ["201"] + ["409"] * (CALLERS - 1)
    assert Payment.objects.filter(registration=registration).count() == 1
