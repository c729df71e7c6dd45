"""Everything under /api/: rate limits per token (or address) and problem details.

Outermost of the project's own middleware for /api/ paths, so that any error answer made
below it — the framework's, Django's 404 page for an unknown address, a bare 405, a 500 —
leaves as ``application/problem+json`` (RFC 9457), one format everywhere.
"""

import hashlib
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest, PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django_ratelimit.core import get_usage

from twinning.api.problems import as_problem, is_problem, problem
from twinning.core.clientip import client_ip_key
from twinning.core.errors import RETRY_AFTER_SECONDS, UNAVAILABLE
from twinning.core.middleware import NO_STORE

logger = logging.getLogger(__name__)

PREFIX = "/api/"
CLIENT_ERRORS = (Http404, PermissionDenied, SuspiciousOperation, BadRequest)


def _credential_key(_group: str, request: HttpRequest) -> str:
    # The presented credential itself (hashed): a token's limit is its own, and a made-up
    # token gets a bucket of its own too (the address limit still holds it).
    header = request.META.get("HTTP_AUTHORIZATION", "")
    return hashlib.sha256(header.encode()).hexdigest()


def _over_limit(request: HttpRequest) -> int:
    """0 when the request may go on, else the seconds until it may come again."""
    checks = [("api:ip", client_ip_key, settings.TWINNING_API_RATE_PER_IP)]
    if request.META.get("HTTP_AUTHORIZATION"):
        checks.append(("api:token", _credential_key, settings.TWINNING_API_RATE_PER_TOKEN))
    wait = 0
    for group, key, rate in checks:
        usage = get_usage(request, group=group, key=key, rate=rate, increment=True)
        if usage and usage["should_limit"]:
            wait = max(wait, int(usage["time_left"]) + 1)
    return wait


class ApiMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(PREFIX):
            return self.get_response(request)
        try:
            wait = _over_limit(request)
        except UNAVAILABLE:
            return self._unavailable(request)
        if wait:
            return problem(
                request,
                429,
                kind="rate-limited",
                detail=f"Too many requests: try again in {wait} seconds.",
                headers={"Retry-After": str(wait)},
            )
        response = self.get_response(request)
        if response.status_code >= 400 and not is_problem(response):
            response = as_problem(request, response)
        if request.META.get("HTTP_AUTHORIZATION"):
            # An answer to a token is its owner's: no browser or proxy keeps it.
            response["Cache-Control"] = NO_STORE
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not request.path_info.startswith(PREFIX):
            return None
        if isinstance(exception, UNAVAILABLE):
            return self._unavailable(request)
        if isinstance(exception, CLIENT_ERRORS):
            return None  # Django answers 400/403/404, then __call__ makes it a problem
        logger.exception("API error", exc_info=exception)
        return problem(request, 500, detail="Something went wrong on our side.")

    @staticmethod
    def _unavailable(request: HttpRequest) -> HttpResponse:
        return problem(
            request,
            503,
            detail="A service the API needs is away for a moment.",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
