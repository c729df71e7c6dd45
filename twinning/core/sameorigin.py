"""Refusing cross-site posts without a CSRF token, for forms on cacheable public pages.

A CSRF token would make every public page unique per visitor, so no page could be cached
(core/public_cache.py). The few tokenless forms (the cookie-consent choice) are protected by
what the browser itself says about where a request comes from:

1. ``Sec-Fetch-Site`` (every current browser): ``cross-site`` is refused; ``same-origin``,
   ``same-site`` and ``none`` (typed or bookmarked) pass.
2. Without it, ``Origin``: it must be the site's configured address (TWINNING_BASE_URL), the
   request's own origin, or one of CSRF_TRUSTED_ORIGINS; ``null`` is refused.
3. Without either (old browsers, scripts), a ``Referer`` from another origin is refused and
   anything else passes: a forged request needs a victim's browser, and browsers send
   ``Origin`` on every cross-origin POST.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


def _allowed_origins(request: HttpRequest) -> set[str]:
    own = f"{request.scheme}://{request.get_host()}"
    return {
        _origin(url)
        for url in (settings.TWINNING_BASE_URL, own, *settings.CSRF_TRUSTED_ORIGINS)
        if _origin(url)
    }


def is_cross_site(request: HttpRequest) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site.lower() not in {"same-origin", "same-site", "none"}
    origin = request.headers.get("Origin")
    if origin:
        return origin.lower() not in _allowed_origins(request)
    referer = request.headers.get("Referer")
    return bool(referer) and _origin(referer) not in _allowed_origins(request)


def same_site_post_only(view):
    """Replace Django's token check on ``view`` by the checks above (answering 403)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method not in ("GET", "HEAD", "OPTIONS") and is_cross_site(request):
            return HttpResponseForbidden(
                _("This form can only be sent from this site's own pages."),
                content_type="text/plain; charset=utf-8",
            )
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapper)
