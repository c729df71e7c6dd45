"""The registration panel on the delegation page (the delegations app's summary slot)."""

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone

from twinning.accounts.rules import may
from twinning.registrations import selectors


def delegation_summary(request: HttpRequest, delegation) -> str:
    summary = selectors.summary(delegation=delegation, user=request.user, now=timezone.now())
    if summary is None:
        return ""
    return render_to_string(
        "registrations/includes/panel.html",
        {
            "delegation": delegation,
            "summary": summary,
            "manages": may(request.user, "registrations.manage_registrations", delegation),
        },
        request=request,
    )
