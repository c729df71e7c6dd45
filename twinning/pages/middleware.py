from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_path

from twinning.pages import consent


class LanguageCookieConsentMiddleware:
    """Remember the reader's language in a cookie only with their consent to preferences.

    With consent, a page viewed under /en/ or /zh-hans/ sets Django's language cookie to
    that language, so the bare address (/) opens it next time. Without consent the cookie
    is never set, and one left from earlier (consent withdrawn) is deleted.
    Sits after LocaleMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        name = settings.LANGUAGE_COOKIE_NAME
        choice = consent.consent_from_request(request)
        if choice is None or not choice.preferences:
            morsel = response.cookies.get(name)
            if morsel is not None and morsel.value:
                del response.cookies[name]  # something tried to set it: not without consent
            if name in request.COOKIES and name not in response.cookies:
                consent.language_cookie_delete(response)
        elif _is_page_view(request, response):
            language = get_language_from_path(request.path_info)
            if language and request.COOKIES.get(name) != language:
                consent.language_cookie_set(response, language)
        if _is_html(response):
            # The banner depends on the consent cookie.
            patch_vary_headers(response, ["Cookie"])
        return response


def _is_html(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("text/html")


def _is_page_view(request: HttpRequest, response: HttpResponse) -> bool:
    return request.method == "GET" and response.status_code == 200 and _is_html(response)
