"""Outgoing webhooks: events (core/events.py) to subscribers, signed, retried, logged.

An event makes one ``WebhookDelivery`` per subscriber that wants it, in the event's own
transaction (so a rolled-back write tells nobody) and unique per subscriber and event
key (so one event is never delivered twice). After commit a background task sends it.

Signature (like Stripe's and Standard Webhooks'): the headers ``Twinning-Webhook-Id``,
``Twinning-Webhook-Timestamp`` (Unix seconds) and ``Twinning-Webhook-Signature:
v1=<hex>``, where hex is HMAC-SHA256 with the subscriber's secret over
``"<timestamp>.<body>"``. A receiver recomputes it and refuses old timestamps.
"""

import hashlib
import hmac
import json
import urllib.error
import urllib.request

from django.db import transaction
from django.utils import timezone

from twinning.api.models import WebhookDelivery, WebhookSubscription

USER_AGENT = "Twinning-Webhooks/1"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode() + b"." + body
    return "v1=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def on_event(sender: str, *, key: str, data: dict, **_kwargs) -> None:
    """core.events.happened's receiver: queue the event for each subscriber who wants it."""
    payload = {"id": key, "type": sender, "created_at": timezone.now().isoformat(), "data": data}
    for subscription in WebhookSubscription.objects.filter(active=True):
        if sender not in subscription.events:
            continue
        delivery, created = WebhookDelivery.objects.get_or_create(
            subscription=subscription,
            event_key=key,
            defaults={"event": sender, "payload": payload},
        )
        if created:
            transaction.on_commit(lambda pk=delivery.pk: _enqueue(pk))


def _enqueue(delivery_id: int, run_after=None) -> None:
    from twinning.api.tasks import webhook_send

    task = webhook_send
    if run_after is not None:
        if not task.get_backend().supports_defer:
            return  # no deferred tasks here (tests): the retry is driven by hand
        task = task.using(run_after=run_after)
    task.enqueue(delivery_id)


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float) -> int:
    """POST ``body``; the response's status code (0 when nothing answered)."""
    if not url.startswith(("http://", "https://")):
        raise ValueError("A webhook address is http or https")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        # The scheme is checked above; addresses are set by administrators only.
        with urllib.request.urlopen(request, timeout=timeout) as response:  # nosec B310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def body_and_headers(delivery: WebhookDelivery, *, now) -> tuple[bytes, dict[str, str]]:
    body = json.dumps(delivery.payload, ensure_ascii=False, sort_keys=True).encode()
    timestamp = int(now.timestamp())
    return body, {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Twinning-Webhook-Id": str(delivery.event_key),
        "Twinning-Webhook-Event": delivery.event,
        "Twinning-Webhook-Timestamp": str(timestamp),
        "Twinning-Webhook-Signature": sign(delivery.subscription.secret, timestamp, body),
    }
