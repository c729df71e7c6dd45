"""Registration pages: thin views over the services and selectors."""

from django.contrib import messages as flash
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.accounts.rules import may
from twinning.accounts.services import account_create
from twinning.delegations import selectors as delegation_selectors
from twinning.registrations import exports, pricing, selectors, services
from twinning.registrations.forms import RegistrationForm, WaitingListForm
from twinning.registrations.models import Registration, WaitingListEntry
from twinning.registrations.seats import SeatsBusy

BUSY = _("Many people are registering right now: please send the form again.")


def _delegation(request: HttpRequest, slug: str):
    delegation = delegation_selectors.delegation_get(slug=slug, user=request.user)
    if selectors.policy_get(delegation) is None:
        raise Http404
    return delegation


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _signed_in_user(request: HttpRequest, form: RegistrationForm):
    """The registrant: the signed-in user, an existing account, or one made now."""
    if form.user is not None:
        return form.user
    user = form.existing_user or account_create(
        actor=request.user,
        email=form.cleaned_data["email"],
        full_name=form.cleaned_data["full_name"],
        password=form.cleaned_data["password"],
        preferred_language=translation.get_language(),
    )
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return user


def register(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = _delegation(request, slug)
    now = timezone.now()
    summary = selectors.summary(delegation=delegation, user=request.user, now=now)
    if summary.registration is not None:
        return redirect("registrations:mine", slug=slug)
    offer = summary.waiting if summary.waiting and summary.waiting.status == "offered" else None
    form = RegistrationForm(request.POST or None, policy=summary.policy, request=request)
    if request.method == "POST" and form.is_valid():
        try:
            user = _signed_in_user(request, form)
            if offer is not None and offer.user_id == user.pk:
                services.waiting_list_offer_accept(
                    entry=offer,
                    actor=user,
                    details=form.details(),
                    terms_version=form.cleaned_data["terms_version"],
                    discount_code=form.cleaned_data["discount_code"],
                )
            else:
                services.registration_create(
                    delegation=delegation,
                    user=user,
                    actor=user,
                    details=form.details(),
                    terms_version=form.cleaned_data["terms_version"],
                    discount_code=form.cleaned_data["discount_code"],
                )
        except services.DelegationFull as error:
            flash.warning(request, error.messages[0])
            return redirect("registrations:waiting_list", slug=slug)
        except SeatsBusy:
            form.add_error(None, BUSY)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            flash.success(request, _("Thank you: your registration is received."))
            return redirect("registrations:mine", slug=slug)
    return render(
        request,
        "registrations/register.html",
        {"delegation": delegation, "summary": summary, "form": form, "offer": offer},
        status=200 if not form.errors else 400,
    )


@login_required
def mine(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = _delegation(request, slug)
    registration = selectors.registration_latest(delegation=delegation, user=request.user)
    waiting = selectors.waiting_entry(delegation=delegation, user=request.user)
    if registration is None and waiting is None:
        return redirect("delegations:detail", slug=slug)
    step = None
    if registration is not None and registration.holds_seats:
        step = pricing.step_on(
            pricing.schedule_from_data(registration.cancellation_schedule), timezone.localdate()
        )
    return render(
        request,
        "registrations/mine.html",
        {
            "delegation": delegation,
            "registration": registration,
            "waiting": waiting,
            "cancellation_step": step,
        },
    )


@login_required
@require_POST
def cancel(request: HttpRequest, slug: str, registration_id: int) -> HttpResponse:
    delegation = _delegation(request, slug)
    registration = get_object_or_404(Registration, pk=registration_id, delegation=delegation)
    if not may(request.user, "registrations.see_registration", registration):
        raise Http404
    try:
        services.registration_cancel(registration=registration, actor=request.user)
    except SeatsBusy:
        flash.error(request, BUSY)
    except ValidationError as error:
        flash.error(request, error.messages[0])
    else:
        flash.success(request, _("Your registration is cancelled."))
    if registration.user_id != request.user.pk:
        return redirect("registrations:list", slug=slug)
    return redirect("registrations:mine", slug=slug)


@login_required
def waiting_list(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = _delegation(request, slug)
    summary = selectors.summary(delegation=delegation, user=request.user, now=timezone.now())
    form = WaitingListForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.waiting_list_join(
                delegation=delegation,
                user=request.user,
                actor=request.user,
                seats_wanted=form.cleaned_data["seats"],
            )
        except SeatsBusy:
            form.add_error(None, BUSY)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            flash.success(request, _("You are on the waiting list."))
            return redirect("registrations:mine", slug=slug)
    return render(
        request,
        "registrations/waiting_list.html",
        {"delegation": delegation, "summary": summary, "form": form},
        status=200 if not form.errors else 400,
    )


@login_required
@require_POST
def waiting_list_leave(request: HttpRequest, slug: str, entry_id: int) -> HttpResponse:
    delegation = _delegation(request, slug)
    entry = get_object_or_404(WaitingListEntry, pk=entry_id, delegation=delegation)
    try:
        services.waiting_list_leave(entry=entry, actor=request.user)
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        flash.error(request, error.messages[0])
    else:
        flash.success(request, _("You have left the waiting list."))
    return redirect("delegations:detail", slug=slug)


def _managed(request: HttpRequest, slug: str):
    delegation = _delegation(request, slug)
    if not may(request.user, "registrations.manage_registrations", delegation):
        raise Http404
    return delegation


def _status_filter(request: HttpRequest) -> str:
    status = request.GET.get("status", "")
    return status if status in Registration.Status.values else ""


@login_required
def coordinator_list(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = _managed(request, slug)
    status = _status_filter(request)
    return render(
        request,
        "registrations/coordinator_list.html",
        {
            "delegation": delegation,
            "registrations": selectors.registrations_for_coordinator(
                delegation=delegation, status=status
            ),
            "counts": selectors.status_counts(delegation=delegation),
            "statuses": Registration.Status.choices,
            "status": status,
            "waiting": selectors.waiting_list(delegation=delegation),
        },
    )


@login_required
@require_POST
def decide(request: HttpRequest, slug: str, registration_id: int) -> HttpResponse:
    delegation = _delegation(request, slug)
    registration = get_object_or_404(Registration, pk=registration_id, delegation=delegation)
    if not may(request.user, "registrations.decide_registration", registration):
        raise Http404
    try:
        services.registration_decide(
            registration=registration,
            actor=request.user,
            approve=request.POST.get("decision") == "approve",
        )
    except (ValidationError, SeatsBusy) as error:
        flash.error(request, getattr(error, "messages", [BUSY])[0])
    return redirect("registrations:list", slug=slug)


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def export(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    """The coordinator list as filtered (by status), as a CSV or XLSX file."""
    if kind not in EXPORT_TYPES:
        raise Http404
    delegation = _managed(request, slug)
    status = _status_filter(request)
    header, rows = exports.table(
        selectors.registrations_for_coordinator(delegation=delegation, status=status),
        policy=delegation.registration_policy,
    )
    if kind == "csv":
        body = exports.as_csv(header, rows)
    else:
        body = exports.as_xlsx(header, rows, title=delegation.slug)
    name = f"registrations-{delegation.slug}{'-' + status if status else ''}.{kind}"
    response = HttpResponse(body, content_type=EXPORT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response
