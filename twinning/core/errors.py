"""The server-error page: rendered from the template alone, with no request context.

A 500 may come from the database or a context processor itself, so nothing here touches
either; the language is the one the URL prefix already activated.
"""

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponseServerError
from django.template import loader

logger = logging.getLogger(__name__)


def server_error(request: HttpRequest) -> HttpResponseServerError:
    try:
        content = loader.get_template("500.html").render({"site_name": settings.TWINNING_SITE_NAME})
    except Exception:  # the error page must never fail in turn
        logger.exception("The 500 page could not be rendered")
        content = "<!DOCTYPE html><title>Server error</title><h1>Server error (500)</h1>"
    return HttpResponseServerError(content)
