"""The "Pay by card" button's target and Stripe's webhook."""

import logging

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from twinning.accounts.rules import system_actor
from twinning.cards import gateway, services
from twinning.delegations import selectors as delegation_selectors
from twinning.registrations.seats import SeatsBusy
from twinning.registrations.selectors import registration_latest

log = logging.getLogger(__name__)


@login_required
@require_POST
def pay(request: HttpRequest, slug: str) -> HttpResponse:
    if not gateway.enabled():
        raise Http404
    delegation = delegation_selectors.delegation_get(slug=slug, user=request.user)
    registration = registration_latest(delegation=delegation, user=request.user)
    if registration is None:
        raise Http404
    try:
        session = services.checkout_start(registration=registration, actor=request.user)
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        flash.error(request, error.messages[0])
        return redirect("registrations:mine", slug=slug)
    return HttpResponseRedirect(session.url, status=303)


@csrf_exempt
@require_POST
def webhook(request: HttpRequest) -> HttpResponse:
    """Stripe's deliveries: a bad or stale signature is refused and changes nothing."""
    if not gateway.enabled():
        raise Http404
    try:
        event = gateway.event_verify(request.body, request.headers.get("Stripe-Signature", ""))
    except gateway.BadEvent as error:
        log.warning("Stripe webhook refused: %s", error)
        return HttpResponse(status=400)
    try:
        services.stripe_event_process(event=event, actor=system_actor())
    except SeatsBusy:
        # Stripe delivers again later; nothing was written.
        return HttpResponse(status=503)
    return HttpResponse(status=200)
