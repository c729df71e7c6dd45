"""Staff sessions end sooner: a back-office session left open is worth more to a thief."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in, dispatch_uid="accounts_staff_session_age")
def shorten_staff_sessions(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session") and user.requires_two_factor:
        request.session.set_expiry(settings.STAFF_SESSION_AGE)
