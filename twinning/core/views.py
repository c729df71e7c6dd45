from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from twinning.accounts.rules import may
from twinning.cities.selectors import relationship_list
from twinning.participation.selectors import backoffice_queues

# Pages the footer links to before their own issue builds them: each says so plainly.
PLACEHOLDER_TITLES = {
    "about": _("About us"),
    "contact": _("Contact us"),
    "privacy": _("Privacy statement"),
    "cookies": _("Cookie policy"),
    "terms": _("Terms of use"),
    "message": _("Leave a message"),
    "report": _("Report content"),
}


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"relationships": relationship_list()})


def placeholder(request: HttpRequest, page: str) -> HttpResponse:
    if page not in PLACEHOLDER_TITLES:
        raise Http404
    return render(request, "core/placeholder.html", {"title": PLACEHOLDER_TITLES[page]})


@login_required
def backoffice(request: HttpRequest) -> HttpResponse:
    """The staff's starting page: the queues waiting for them and the tools."""
    if not may(request.user, "backoffice.access"):
        raise PermissionDenied
    return render(request, "core/backoffice.html", {"queues": backoffice_queues(request.user)})
