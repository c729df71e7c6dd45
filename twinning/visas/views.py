"""Visa and travel pages: thin views over the services and selectors.

Whoever may not see a registration's passport data or letter gets 404, never 403: the
answer does not tell whether there is anything to see.
"""

from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from twinning.accounts.rules import may
from twinning.core.translation_fields import localized_values, texts_by_language
from twinning.delegations import selectors as delegation_selectors
from twinning.registrations import selectors as registration_selectors
from twinning.registrations.models import Registration
from twinning.visas import pdf, selectors, services
from twinning.visas.forms import HostForm, PassportForm, TravelForm
from twinning.visas.models import PassportAccess


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _own_registration(request: HttpRequest, slug: str, action: str):
    delegation = delegation_selectors.delegation_get(slug=slug, user=request.user)
    registration = registration_selectors.registration_active(
        delegation=delegation, user=request.user
    )
    if registration is None or not may(request.user, action, registration):
        raise Http404
    return delegation, registration


def _coordinated_registration(request: HttpRequest, slug: str, registration_id: int):
    delegation = delegation_selectors.delegation_get(slug=slug, user=request.user)
    registration = (
        Registration.objects.select_related("user", "delegation")
        .filter(pk=registration_id, delegation=delegation)
        .first()
    )
    if registration is None or not may(request.user, "visas.manage_visas", delegation):
        raise Http404
    return delegation, registration


@never_cache
@login_required
def passport(request: HttpRequest, slug: str) -> HttpResponse:
    delegation, registration = _own_registration(request, slug, "visas.edit_passport")
    if request.method == "POST":
        form = PassportForm(request.POST)
        if form.is_valid():
            try:
                services.passport_save(
                    registration=registration,
                    actor=request.user,
                    data=form.data_object(),
                    request=request,
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                flash.success(request, _("Your passport data is saved."))
                return redirect("registrations:mine", slug=slug)
    else:
        record = selectors.passport_get_for(
            actor=request.user, registration=registration, request=request
        )
        initial = {}
        if record is not None:
            initial = {
                field: getattr(record, field)
                for field in PassportForm.base_fields
                if hasattr(record, field)
            }
        form = PassportForm(initial=initial)
    return render(
        request,
        "visas/passport_form.html",
        {"delegation": delegation, "registration": registration, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def travel(request: HttpRequest, slug: str) -> HttpResponse:
    delegation, registration = _own_registration(request, slug, "visas.edit_travel")
    if request.method == "POST":
        form = TravelForm(request.POST)
        if form.is_valid():
            try:
                services.travel_save(
                    registration=registration, actor=request.user, data=form.data_object()
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                flash.success(request, _("Your travel details are saved."))
                return redirect("registrations:mine", slug=slug)
    else:
        details = selectors.travel_get(registration)
        initial = {}
        if details is not None:
            initial = {field: getattr(details, field) for field in TravelForm.base_fields}
        form = TravelForm(initial=initial)
    return render(
        request,
        "visas/travel_form.html",
        {"delegation": delegation, "registration": registration, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def coordinator(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = delegation_selectors.delegation_get(slug=slug, user=request.user)
    if not may(request.user, "visas.manage_visas", delegation):
        raise Http404
    host = selectors.host_get(delegation)
    initial = {}
    if host is not None:
        initial = {"signatory": host.signatory}
        for field in ("name", "address"):
            initial |= localized_values(field, texts_by_language(host, field))
    form = HostForm(request.POST or None, initial=initial, languages=settings.LANGUAGES)
    if request.method == "POST" and form.is_valid():
        try:
            services.host_set(
                delegation=delegation,
                actor=request.user,
                names=form.texts("name"),
                addresses=form.texts("address"),
                signatory=form.cleaned_data["signatory"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            flash.success(request, _("The host organisation is saved."))
            return redirect("visas:coordinator", slug=slug)
    return render(
        request,
        "visas/coordinator.html",
        {
            "delegation": delegation,
            "rows": selectors.visa_rows(delegation=delegation),
            "host": host,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
def review(request: HttpRequest, slug: str, registration_id: int) -> HttpResponse:
    delegation, registration = _coordinated_registration(request, slug, registration_id)
    try:
        record = selectors.passport_get_for(
            actor=request.user, registration=registration, request=request
        )
    except PermissionDenied as error:
        raise Http404 from error
    return render(
        request,
        "visas/review.html",
        {
            "delegation": delegation,
            "registration": registration,
            "passport": record,
            "travel": selectors.travel_get(registration),
            "letter": selectors.letter_current(registration),
            "host": selectors.host_get(delegation),
        },
    )


@login_required
@require_POST
def issue(request: HttpRequest, slug: str, registration_id: int) -> HttpResponse:
    _delegation, registration = _coordinated_registration(request, slug, registration_id)
    try:
        letter = services.visa_letter_issue(
            registration=registration, actor=request.user, request=request
        )
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        flash.error(request, error.messages[0])
    else:
        flash.success(request, _("Letter %(number)s is issued.") % {"number": letter.number})
    return redirect("visas:coordinator", slug=slug)


def _letter(request: HttpRequest, slug: str, letter_id: int, action: str):
    delegation = delegation_selectors.delegation_get(slug=slug, user=request.user)
    letter = selectors.letter_get(letter_id=letter_id, delegation=delegation)
    if letter is None or not may(request.user, action, letter.registration):
        raise Http404
    return letter


@login_required
@require_POST
def revoke(request: HttpRequest, slug: str, letter_id: int) -> HttpResponse:
    letter = _letter(request, slug, letter_id, "visas.revoke_letter")
    try:
        services.visa_letter_revoke(letter=letter, actor=request.user, request=request)
    except ValidationError as error:
        flash.error(request, error.messages[0])
    else:
        flash.success(request, _("Letter %(number)s is revoked.") % {"number": letter.number})
    return redirect("visas:coordinator", slug=slug)


@login_required
def letter_pdf(request: HttpRequest, slug: str, letter_id: int) -> HttpResponse:
    letter = _letter(request, slug, letter_id, "visas.read_letter")
    if letter.purged_at is not None or letter.revoked_at is not None:
        raise Http404
    content = pdf.letter_pdf(letter=letter)
    selectors.log_access(
        registration=letter.registration,
        actor=request.user,
        action=PassportAccess.Action.LETTER_READ,
        request=request,
        letter=letter,
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="visa-letter-{letter.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def verify(request: HttpRequest, token: str) -> HttpResponse:
    letter = selectors.letter_by_token(token)
    if letter is None:
        raise Http404
    today = timezone.localdate()
    if letter.revoked_at is not None:
        state = "revoked"
    elif letter.valid_until < today:
        state = "expired"
    else:
        state = "valid"
    selectors.log_access(
        registration=letter.registration,
        actor=request.user,
        action=PassportAccess.Action.LETTER_VERIFY,
        request=request,
        letter=letter,
    )
    response = render(request, "visas/verify.html", {"letter": letter, "state": state})
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
