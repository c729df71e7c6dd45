"""A person's API tokens and webhook subscriptions (personal-data registry)."""

from django.utils.translation import gettext_noop

from twinning.api.models import ApiToken, WebhookSubscription
from twinning.core.personal_data import Erasure

MODELS = ("api.ApiToken", "api.WebhookSubscription")


def export(user, *, actor) -> dict:
    return {
        "api_tokens": list(
            ApiToken.objects.filter(owner=user).values(
                "name", "prefix", "scopes", "created_at", "expires_at", "revoked_at"
            )
        )
    }


def erase(user, *, actor) -> Erasure:
    erasure = Erasure()
    tokens, _detail = ApiToken.objects.filter(owner=user).delete()
    erasure.count("api.ApiToken", tokens)
    subscriptions = WebhookSubscription.objects.filter(created_by=user).count()
    erasure.keep(
        "api.WebhookSubscription",
        ("created_by",),
        gettext_noop("Who set up a subscription: the account is anonymised."),
        subscriptions,
    )
    return erasure
