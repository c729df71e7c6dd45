from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.db.models.functions import TruncDate
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from twinning.accounts.rules import may
from twinning.cities.selectors import relationship_list
from twinning.core import backoffice as registry
from twinning.delegations.selectors import delegation_list_public
from twinning.exchanges.selectors import exchange_public_list

HOME_LATEST = 5
HOME_DELEGATIONS = 3


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {
            "relationships": relationship_list(),
            # A row shows title, date and category: none of the list page's prefetches.
            # Newest additions first; those added the same day, newest event first (the
            # demo publishes every record at once), so the order is the one the rows show.
            "latest": exchange_public_list()
            .prefetch_related(None)
            .order_by(
                TruncDate("published_at").desc(), F("date_start").desc(nulls_last=True), "-pk"
            )[:HOME_LATEST],
            "delegations": delegation_list_public()[:HOME_DELEGATIONS],
        },
    )


@login_required
def backoffice(request: HttpRequest) -> HttpResponse:
    """The staff's starting page: what the apps registered, as far as this user may use it."""
    if not may(request.user, "backoffice.access"):
        raise PermissionDenied
    entries = [e for e in registry.entries() if may(request.user, e.permission)]
    queues = [{"label": e.label, "url": e.url(), "count": e.count()} for e in entries if e.is_queue]
    tools = [{"label": e.label, "url": e.url()} for e in entries if not e.is_queue]
    return render(request, "portal/backoffice.html", {"queues": queues, "tools": tools})
