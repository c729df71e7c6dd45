"""The API at /api/v1/: django-ninja, an OpenAPI 3.1 schema at /api/v1/openapi.json, and
browsable docs at /api/v1/docs served from the project's own static files.

One router per area (``routers/``); every error leaves as RFC 9457 problem details (the
handlers here for what the framework raises, ``middleware.py`` for everything else).
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestInvalid

from twinning.api.auth import ScopeMissing
from twinning.api.idempotency import refusal
from twinning.api.problems import problem, validation_errors
from twinning.api.routers import matchmaking, payments, public, registrations
from twinning.core.translation_fields import language_codes

DESCRIPTION = """\
The Twinning archive and delegations for other systems.

* **Public** reads need no token and show what the public pages show.
* **Coordinators** send `Authorization: Bearer twn_…` with a token made on the account
  page *API tokens*; each token has scopes (`registrations:read`, `payments:write`, …),
  an expiry, and acts for its owner: what the owner may not see on the site answers 404.
* Lists are ordered by (`modified_at`, id): follow `next_cursor`; `modified_since` gives
  only what changed. Translated fields carry every language: `{%(languages)s}`.
* Writes accept `Idempotency-Key`: a repeat returns the first answer (409 while it runs,
  422 for another body). Limits per token answer 429 with `Retry-After`.
* Errors are `application/problem+json` (RFC 9457).
"""

api = NinjaAPI(
    title="Twinning API",
    version="1",
    description=DESCRIPTION % {"languages": ", ".join(f'"{c}": …' for c in language_codes())},
    urls_namespace="api",
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/", public.router)
api.add_router("/", registrations.router)
api.add_router("/", payments.router)
api.add_router("/", matchmaking.router)


@api.exception_handler(RequestInvalid)
def _invalid(request, error: RequestInvalid):
    return problem(
        request,
        422,
        kind="invalid-request",
        detail="The request is not valid: see errors.",
        errors=validation_errors(error.errors),
    )


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, error):
    return problem(
        request,
        401,
        detail="Send a valid token: Authorization: Bearer twn_…",
        headers={"WWW-Authenticate": 'Bearer realm="twinning"'},
    )


@api.exception_handler(ScopeMissing)
def _scope(request, error: ScopeMissing):
    return problem(
        request, 403, kind="scope-missing", detail=f"The token lacks the scope {error.scope}."
    )


@api.exception_handler(Http404)
def _not_found(request, error):
    return problem(request, 404, detail="Nothing here, or nothing this token may see.")


@api.exception_handler(HttpError)
def _http_error(request, error: HttpError):
    return problem(request, error.status_code, detail=str(error))


@api.exception_handler(PermissionDenied)
@api.exception_handler(DjangoValidationError)
def _refused(request, error):
    return refusal(request, error)
