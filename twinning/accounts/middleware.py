from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404

# Views a staff user may reach before completing two-factor login.
_OPEN_VIEWS = frozenset(
    {
        "accounts:two_factor",
        "accounts:two_factor_enrol",
        "accounts:logout",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
    }
)


class RequireTwoFactorForStaffMiddleware:
    """Staff accounts are signed in only halfway until they pass a TOTP check.

    django-otp's middleware marks the request's user as verified or not; here an
    unverified staff user is sent to set up or enter their authenticator code.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "requires_two_factor", False)
            and not user.is_verified()
            and not self._is_open(request)
        ):
            target = reverse("accounts:two_factor")
            if request.method == "GET":
                # Back to the page asked for once the code is in (checked there for safety).
                target += "?" + urlencode({"next": request.get_full_path()})
            return redirect(target)
        return self.get_response(request)

    @staticmethod
    def _is_open(request) -> bool:
        if request.path.startswith(("/static/", "/media/")):
            return True
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return True
        return match.view_name in _OPEN_VIEWS
