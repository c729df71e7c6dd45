"""Writes of the API app: tokens, webhook subscriptions, webhook deliveries."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from twinning.accounts.models import User
from twinning.accounts.rules import require
from twinning.api import webhooks
from twinning.api.models import ApiToken, Scope, WebhookDelivery, WebhookSubscription
from twinning.api.tokens import token_make
from twinning.core.events import EVENTS


@transaction.atomic
def api_token_create(
    *, actor: User, name: str, scopes: list[str], days: int | None = None, now=None
) -> tuple[ApiToken, str]:
    """A token for ``actor``'s own account: the row, and the plaintext shown once only."""
    require(actor, "api.create_token")
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    if not scopes or not set(scopes) <= set(Scope.values):
        raise ValidationError({"scopes": _("Choose at least one scope.")})
    days = days or settings.TWINNING_API_TOKEN_DAYS
    if not 1 <= days <= 366:
        raise ValidationError({"days": _("A token lives from one day to one year.")})
    now = now or timezone.now()
    plaintext, prefix, hashed = token_make()
    token = ApiToken.objects.create(
        owner=actor,
        name=name[:100],
        prefix=prefix,
        secret_hash=hashed,
        scopes=sorted(set(scopes)),
        expires_at=now + datetime.timedelta(days=days),
    )
    return token, plaintext


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: User, now=None) -> ApiToken:
    require(actor, "api.revoke_token", token)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = now or timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


@transaction.atomic
def webhook_subscription_create(*, actor: User, url: str, events: list[str]) -> WebhookSubscription:
    """A new subscriber; its secret (``subscription.secret``) is for the receiver to verify."""
    require(actor, "api.manage_webhooks")
    if not url.startswith(("http://", "https://")):
        raise ValidationError({"url": _("Give an http or https address.")})
    if not events or not set(events) <= set(EVENTS):
        raise ValidationError({"events": _("Choose at least one event.")})
    return WebhookSubscription.objects.create(
        url=url,
        events=sorted(set(events)),
        secret=secrets.token_urlsafe(32),
        created_by=actor,
    )


def _backoff(attempts: int) -> datetime.timedelta:
    """30 s, 1 min, 2 min, 4 min… doubling after each failed attempt."""
    return datetime.timedelta(
        seconds=settings.TWINNING_WEBHOOK_BACKOFF_SECONDS * 2 ** (attempts - 1)
    )


def webhook_deliver(*, delivery_id: int, actor: User, now=None) -> str:
    """Send one delivery unless it was sent already; log the try; schedule the next one.

    The row stays locked while it is sent, so a task that runs twice (a retried task, two
    workers) sends it once: the second finds it delivered.
    """
    require(actor, "api.deliver_webhook")
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("subscription")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
            return delivery.status if delivery else "missing"
        now = now or timezone.now()
        body, headers = webhooks.body_and_headers(delivery, now=now)
        delivery.attempts += 1
        try:
            code = webhooks.post(
                delivery.subscription.url,
                body,
                headers,
                timeout=settings.TWINNING_WEBHOOK_TIMEOUT_SECONDS,
            )
            error = "" if 200 <= code < 300 else f"HTTP {code}"
        except (OSError, ValueError) as failure:
            code, error = None, str(failure)[:300]
        delivery.response_code = code
        delivery.last_error = error
        if not error:
            delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
                WebhookDelivery.Status.DELIVERED,
                now,
                None,
            )
        elif delivery.attempts >= settings.TWINNING_WEBHOOK_ATTEMPTS:
            delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.FAILED, None
        else:
            delivery.next_attempt_at = now + _backoff(delivery.attempts)
            transaction.on_commit(
                lambda: webhooks._enqueue(delivery.pk, run_after=delivery.next_attempt_at)
            )
        delivery.save()
        return delivery.status
