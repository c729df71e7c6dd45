"""``Idempotency-Key`` on writes: a repeat gets the first answer, not a second write.

The key is claimed by inserting a row (unique per token and key) in its own, at once
committed transaction, before the write runs. So of two requests at the same moment one
inserts and runs, the other finds the row: still running → 409; done → the stored answer
(status and body, marked ``Idempotent-Replayed: true``); sent with another body → 422.
An answer of 5xx is not kept (the row goes), so the client may try again with the key.
"""

import hashlib
import json
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse

from twinning.api.models import IdempotentRequest
from twinning.api.problems import problem
from twinning.registrations.seats import SeatsBusy

JSON = "application/json"
REPLAYED = "Idempotent-Replayed"


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.path.encode(), request.body):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def _messages(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def refusal(request: HttpRequest, error: Exception) -> HttpResponse:
    """A service's refusal as a problem: a business rule (409), the gate (403), busy (503)."""
    if isinstance(error, ValidationError):
        return problem(request, 409, kind="refused", detail=_messages(error))
    if isinstance(error, PermissionDenied):
        return problem(request, 403, detail="The token's owner may not do this.")
    return problem(
        request,
        503,
        detail="Many people are registering right now: send the request again.",
        headers={"Retry-After": "2"},
    )


def _render(request: HttpRequest, run: Callable[[], tuple[int, object]]) -> HttpResponse:
    try:
        status, body = run()
    except (ValidationError, PermissionDenied, SeatsBusy) as error:
        return refusal(request, error)
    data = body.model_dump(mode="json") if hasattr(body, "model_dump") else body
    return HttpResponse(json.dumps(data, ensure_ascii=False), status=status, content_type=JSON)


def idempotent(
    request: HttpRequest, key: str | None, run: Callable[[], tuple[int, object]]
) -> HttpResponse:
    """Answer ``run()`` (status, schema), once per key for this request's token."""
    if not key:
        return _render(request, run)
    fingerprint = _fingerprint(request)
    token = request.auth
    try:
        with transaction.atomic():
            record = IdempotentRequest.objects.create(
                token=token, key=key, request_hash=fingerprint
            )
    except IntegrityError:
        return _repeat(request, token, key, fingerprint)
    try:
        response = _render(request, run)
    except BaseException:
        record.delete()
        raise
    if response.status_code >= 500:
        record.delete()
        return response
    record.state = IdempotentRequest.State.DONE
    record.status = response.status_code
    record.body = response.content
    record.content_type = response["Content-Type"]
    record.save(update_fields=["state", "status", "body", "content_type"])
    return response


def _repeat(request: HttpRequest, token, key: str, fingerprint: str) -> HttpResponse:
    record = IdempotentRequest.objects.filter(token=token, key=key).first()
    if record is None or record.state == IdempotentRequest.State.RUNNING:
        if record is not None and record.request_hash != fingerprint:
            return _reused(request)
        return problem(
            request,
            409,
            kind="idempotency-key-in-use",
            detail="A request with this Idempotency-Key is still running: try again shortly.",
            headers={"Retry-After": "1"},
        )
    if record.request_hash != fingerprint:
        return _reused(request)
    response = HttpResponse(
        bytes(record.body), status=record.status, content_type=record.content_type
    )
    response[REPLAYED] = "true"
    return response


def _reused(request: HttpRequest) -> HttpResponse:
    return problem(
        request,
        422,
        kind="idempotency-key-reused",
        detail="This Idempotency-Key was used for a different request.",
    )
