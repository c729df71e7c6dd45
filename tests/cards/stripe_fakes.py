"""Stripe, as the tests see it: payloads signed here, Stripe's answers faked (no network)."""

import hashlib
import hmac
import json
import time
from types import SimpleNamespace

import pytest

from twinning.cards import gateway

SECRET = "whsec_test_secret"


def sign(payload: bytes, *, secret: str = SECRET, timestamp: int | None = None) -> str:
    """The ``Stripe-Signature`` header Stripe would send: HMAC-SHA256 of "t.payload"."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def event(kind: str, obj: dict, *, event_id: str = "evt_1") -> bytes:
    body = {"id": event_id, "object": "event", "type": kind, "data": {"object": obj}}
    return json.dumps(body).encode()


def completed(session_id: str, *, amount: int = 352000, intent: str = "pi_1", **extra) -> dict:
    return {
        "id": session_id,
        "object": "checkout.session",
        "payment_intent": intent,
        "payment_status": "paid",
        "amount_total": amount,
        "currency": "usd",
        **extra,
    }


def refunded(*, intent: str = "pi_1", refund_id: str = "re_1", amount: int = 100000) -> dict:
    return {
        "id": "ch_1",
        "object": "charge",
        "payment_intent": intent,
        "amount_refunded": amount,
        "currency": "usd",
        "refunds": {
            "data": [{"id": refund_id, "amount": amount, "currency": "usd", "status": "succeeded"}]
        },
    }


class FakeStripe:
    """Records each call the site makes to Stripe and answers as Stripe would."""

    def __init__(self):
        self.sessions: list[dict] = []
        self.refunds: list[dict] = []

    def checkout_session_create(self, **kwargs):
        self.sessions.append(kwargs)
        number = len(self.sessions)
        return SimpleNamespace(id=f"cs_test_{number}", url=f"https://checkout.stripe.test/{number}")

    def refund_create(self, **kwargs):
        self.refunds.append(kwargs)
        return SimpleNamespace(id=f"re_test_{len(self.refunds)}", status="succeeded")


@pytest.fixture
def stripe_keys(settings):
    settings.STRIPE_SECRET_KEY = "sk_test_key"
    settings.STRIPE_WEBHOOK_SECRET = SECRET


@pytest.fixture
def fake_stripe(monkeypatch, stripe_keys):
    fake = FakeStripe()
    monkeypatch.setattr(gateway, "checkout_session_create", fake.checkout_session_create)
    monkeypatch.setattr(gateway, "refund_create", fake.refund_create)
    return fake
