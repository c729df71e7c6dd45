"""The "Pay by card" button's target and Stripe's webhook."""

import logging

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from djmoney.money import Money

from twinning.accounts.rules import may, system_actor
from twinning.cards import gateway, selectors, services
from twinning.cards.forms import RefundForm
from twinning.delegations import selectors as delegation_selectors
from twinning.payments.models import Payment
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


@login_required
def payments(request: HttpRequest, slug: str) -> HttpResponse:
    """The coordinators' list of card payments; each one refunds through Stripe."""
    if not gateway.enabled():
        raise Http404
    delegation = delegation_selectors.delegation_get(slug=slug, user=request.user)
    if not may(request.user, "payments.import_statement", delegation):
        raise Http404
    form = RefundForm(request.POST or None)
    if request.method == "POST":
        payment = get_object_or_404(
            Payment,
            pk=request.POST.get("payment") if str(request.POST.get("payment")).isdigit() else 0,
            registration__delegation=delegation,
            method=Payment.Method.CARD,
        )
        if form.is_valid():
            try:
                services.card_refund(
                    payment=payment,
                    amount=Money(form.cleaned_data["amount"], payment.amount.currency),
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except PermissionDenied as error:
                raise Http404 from error
            except SeatsBusy:
                flash.error(request, _("The site is busy: please send the form again."))
            except ValidationError as error:
                flash.error(request, error.messages[0])
            else:
                flash.success(request, _("The refund is on its way to the card."))
                return redirect("cards:payments", slug=slug)
        else:
            flash.error(request, _("Give the amount to refund."))
    return render(
        request,
        "cards/payments.html",
        {"delegation": delegation, "payments": selectors.card_payments(delegation=delegation)},
        status=400 if request.method == "POST" else 200,
    )
