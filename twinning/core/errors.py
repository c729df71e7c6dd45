"""The error pages Django renders without the request context: 500 and 503.

A 500 may come from the database or a context processor itself, so nothing here touches
either; the language is the one the URL prefix activated. When the cause is the database
or the limits cache being unreachable, the honest answer is 503 with ``Retry-After``:
nothing is wrong with the request, and the same request will work once the service is
back (connections are opened afresh, no restart).
"""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils import translation

from twinning.core.cache import CacheUnavailable

logger = logging.getLogger(__name__)

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
    """handler500: 503 when a service is away, the site's own 500 page otherwise."""
    if isinstance(sys.exc_info()[1], UNAVAILABLE):
        return service_unavailable(request)
    try:
        content = loader.get_template(template_name).render(
            {"site_name": settings.TWINNING_SITE_NAME}
        )
    except Exception:  # the error page must never fail in turn
        logger.exception("The 500 page could not be rendered")
        content = "<!DOCTYPE html><title>Server error</title><h1>Server error (500)</h1>"
    return HttpResponseServerError(content)
