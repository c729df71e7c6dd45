from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

NO_STORE = "private, no-store"


class NoStoreForPersonalPagesMiddleware:
    """No browser or proxy keeps a copy of a page made for one person.

    Every response to a signed-in user is personal (their name in the header, their
    profile, a TOTP secret, member-only sessions, the back office), and so is every response
    that sets a cookie. Views that serve personal data without a session (secret calendar
    and card addresses) mark themselves with ``personal``. Public pages for anonymous
    visitors keep whatever caching their view chose.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (
            (user is not None and user.is_authenticated)
            or response.cookies
            or getattr(response, "personal", False)
        ):
            response["Cache-Control"] = NO_STORE
            response.headers.pop("Expires", None)
        return response


def personal(response: HttpResponse) -> HttpResponse:
    """Mark a response as holding someone's personal data (see the middleware)."""
    response.personal = True
    response["Cache-Control"] = NO_STORE
    return response
