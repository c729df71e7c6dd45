"""Tokens and calls for the API tests."""

import datetime

from django.utils import timezone

from tests.accounts.factories import CoordinatorFactory
from twinning.api.models import ApiToken, Scope, secret_hash
from twinning.api.tokens import token_make

ALL_SCOPES = list(Scope.values)


def token_for(user=None, scopes=None, *, expires_in_days: int = 30, **fields) -> str:
    """A token's plaintext for ``user`` (a new coordinator by default), made directly."""
    user = user or CoordinatorFactory()
    plaintext, prefix, hashed = token_make()
    ApiToken.objects.create(
        owner=user,
        name="test",
        prefix=prefix,
        secret_hash=hashed,
        scopes=ALL_SCOPES if scopes is None else scopes,
        expires_at=timezone.now() + datetime.timedelta(days=expires_in_days),
        **fields,
    )
    return plaintext


def bearer(plaintext: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


__all__ = ["ALL_SCOPES", "bearer", "secret_hash", "token_for"]
