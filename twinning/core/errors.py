"""The error page for a service that is briefly away (PostgreSQL, the limits cache).

Django answers any uncaught exception with the 500 view, from whichever middleware or view
it rose. When the cause is the database or the limits cache being unreachable, the honest
answer is 503 with ``Retry-After``: nothing is wrong with the request, and the same
request will work once the service is back (connections are opened afresh, no restart).
The page is rendered without context processors and without the database, in the
language of the address.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils import translation
from django.views.defaults import server_error as django_server_error

from twinning.core.cache import CacheUnavailable

UNAVAILABLE = (OperationalError, InterfaceError, CacheUnavailable)
RETRY_AFTER_SECONDS = 30


def service_unavailable(request: HttpRequest) -> HttpResponse:
    language = translation.get_language_from_path(request.path_info) or translation.get_language()
    with translation.override(language):
        content = loader.get_template("503.html").render(
            {"LANGUAGE_CODE": translation.get_language()}
        )
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    """handler500: 503 when a service is away, Django's 500 page otherwise."""
    error = sys.exc_info()[1]
    if isinstance(error, UNAVAILABLE):
        return service_unavailable(request)
    return django_server_error(request, template_name=template_name)
