from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from twinning.cities.selectors import relationship_list

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
