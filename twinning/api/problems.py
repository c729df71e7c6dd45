"""Errors as RFC 9457 problem details: one format for every error under /api/.

``{"type", "title", "status", "detail", "instance"}`` with ``application/problem+json``;
validation errors add ``errors``: a list of ``{"loc", "msg"}``. ``type`` is a relative
address under /api/v1/problems/ naming the kind of problem, or ``about:blank`` when the
status says it all.
"""

import json
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse

CONTENT_TYPE = "application/problem+json"
PROBLEMS = "/api/v1/problems/"
# Headers of the original answer that a problem keeps (what to do next).
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def problem(
    request: HttpRequest,
    status: int,
    *,
    detail: str = "",
    kind: str = "",
    title: str = "",
    errors: list[dict] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body = {
        "type": f"{PROBLEMS}{kind}" if kind else "about:blank",
        "title": title or _phrase(status),
        "status": status,
        "detail": detail or _phrase(status),
        "instance": request.path,
    }
    if errors is not None:
        body["errors"] = errors
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=CONTENT_TYPE
    )
    for name, value in (headers or {}).items():
        response[name] = value
    response["Cache-Control"] = "no-store"
    return response


def is_problem(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith(CONTENT_TYPE)


def as_problem(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    """Any error answer (Django's 404 page, a bare 405) turned into a problem."""
    kept = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
    return problem(request, response.status_code, headers=kept)


def validation_errors(errors: list[dict]) -> list[dict]:
    """pydantic's errors as the problem's list: where (a path of names) and what."""
    return [
        {"loc": [str(part) for part in error.get("loc", ())], "msg": str(error.get("msg", ""))}
        for error in errors
    ]
