"""Reading a presented API token: ``twn_<prefix>_<secret>``, checked against its hash."""

import datetime
import hmac
import secrets

from django.db.models import Q
from django.utils import timezone

from twinning.api.models import ApiToken, secret_hash

PREFIX = "twn"
LAST_USED_EVERY = datetime.timedelta(minutes=1)


def token_make() -> tuple[str, str, str]:
    """A new (plaintext, prefix, hash): 32 random bytes of secret behind a lookup prefix."""
    prefix = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    return f"{PREFIX}_{prefix}_{secret}", prefix, secret_hash(secret)


def token_find(presented: str, *, now=None) -> ApiToken | None:
    """The usable token this string is, or None (unknown, wrong, expired or revoked)."""
    parts = presented.split("_", 2)
    if len(parts) != 3 or parts[0] != PREFIX:
        return None
    _marker, prefix, secret = parts
    token = ApiToken.objects.select_related("owner").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.secret_hash, secret_hash(secret)):
        return None
    now = now or timezone.now()
    if not token.is_usable(now):
        return None
    # One query every time (so a page's query count does not depend on the clock), which
    # writes at most once a minute per token, whatever the traffic.
    ApiToken.objects.filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_EVERY), pk=token.pk
    ).update(last_used_at=now)
    return token
