"""Sign-in throttling: a cool-off per account and per client address that grows and expires.

After ``LOGIN_FAILURES_PER_ACCOUNT`` wrong passwords for one account (or
``LOGIN_FAILURES_PER_ADDRESS`` from one address) every sign-in for it is refused, even with
the right password, for ``LOGIN_COOLOFF_SECONDS``; each further failure after a cool-off
doubles it, up to ``LOGIN_COOLOFF_MAX_SECONDS``. Attempts refused during a cool-off are not
counted, and the count is forgotten after ``LOGIN_THROTTLE_MEMORY_SECONDS`` without a
failure: a stranger can delay a real user's sign-in by minutes at most, never lock it.

The state lives in the cache (Redis in production) rather than django-axes, whose
cool-off is one fixed period: growth would need a second store beside its table.
"""

import hashlib
import math
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest

from twinning.core.clientip import client_ip_key


def _cache():
    # The limits cache fails closed: with Redis away, sign-in answers 503 (core/cache.py).
    return caches["limits"]


def _now() -> float:
    return time.time()


def _keys(request: HttpRequest, email: str) -> list[tuple[str, int]]:
    """(cache key, failure limit) for the account and for the address."""
    account = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    address = client_ip_key("login", request)
    return [
        (f"login-throttle:account:{account}", settings.LOGIN_FAILURES_PER_ACCOUNT),
        (f"login-throttle:address:{address}", settings.LOGIN_FAILURES_PER_ADDRESS),
    ]


def seconds_to_wait(request: HttpRequest, email: str) -> int:
    """How long sign-ins for this account or from this address are refused; 0 if not."""
    now = _now()
    waits = [
        (state or {}).get("until", 0) - now
        for state in _cache().get_many([key for key, _limit in _keys(request, email)]).values()
    ]
    return max([0, *(math.ceil(wait) for wait in waits)])


def failure_record(request: HttpRequest, email: str) -> None:
    """Count a wrong password; start or lengthen a cool-off where a limit is reached."""
    now = _now()
    for key, limit in _keys(request, email):
        state = _cache().get(key)
        if state is None or now - state["last"] > settings.LOGIN_THROTTLE_MEMORY_SECONDS:
            # The cache's expiry removes old counts too; this makes the rule exact.
            state = {"failures": 0, "until": 0}
        state["failures"] += 1
        state["last"] = now
        beyond = state["failures"] - limit
        if beyond >= 0:
            cooloff = min(
                settings.LOGIN_COOLOFF_SECONDS * 2**beyond, settings.LOGIN_COOLOFF_MAX_SECONDS
            )
            state["until"] = now + cooloff
        memory = max(settings.LOGIN_THROTTLE_MEMORY_SECONDS, math.ceil(state["until"] - now))
        _cache().set(key, state, timeout=memory)


def success_record(request: HttpRequest, email: str) -> None:
    """A right password outside a cool-off clears the account's count (not the address's:
    an attacker holding one account must not reset the count of the others)."""
    _cache().delete(_keys(request, email)[0][0])
