"""The visas part of the "my registration" page (the registrations app's detail slot)."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from twinning.accounts.rules import may
from twinning.registrations.models import Registration
from twinning.visas import selectors


def registration_detail(request: HttpRequest, registration: Registration) -> str:
    if registration is None or not may(request.user, "visas.edit_travel", registration):
        return ""
    passport = selectors.passport_get_for(
        actor=request.user, registration=registration, request=request, masked=True
    )
    return render_to_string(
        "visas/includes/registration_panel.html",
        {
            "registration": registration,
            "delegation": registration.delegation,
            "masked_number": selectors.mask(passport.number) if passport else "",
            "passport": passport,
            "travel": selectors.travel_get(registration),
            "letter": selectors.letter_current(registration),
        },
        request=request,
    )


def delegation_summary(request: HttpRequest, delegation) -> str:
    """The coordinators' way to the visa letters, on the delegation page."""
    if not may(request.user, "visas.manage_visas", delegation):
        return ""
    return format_html(
        '<p class="visas-link"><a href="{}">{}</a></p>',
        reverse("visas:coordinator", kwargs={"slug": delegation.slug}),
        _("Travel details and visa letters"),
    )
