"""Profiles, the directory, suggestions, and the coordinators' counterparts pages.

Thin views: reads through selectors, writes through services. Every page of a delegation
answers 404 to whoever may not see its directory, so nobody learns who takes part.
"""

from functools import wraps

from django.contrib import messages as flash
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from twinning.accounts.rules import may, require
from twinning.accounts.services import account_create
from twinning.core.middleware import personal
from twinning.core.translation_fields import field_names
from twinning.delegations import selectors as delegation_selectors
from twinning.delegations.models import Delegation
from twinning.matchmaking import imports, selectors, services
from twinning.matchmaking.forms import SPOKEN_LANGUAGES, ImportForm, NewAccountForm, ProfileForm
from twinning.matchmaking.models import Participant
from twinning.matchmaking.rules import is_own_participant

PAGE_SIZE = 50
IMPORT_SALT = "matchmaking.counterparts-import"
IMPORT_MAX_AGE = 3600


def _delegation(request: HttpRequest, slug: str, action: str) -> Delegation:
    delegation = delegation_selectors.delegation_get(slug=slug, user=request.user)
    if not may(request.user, action, delegation):
        raise Http404
    return delegation


def _errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def directory(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = _delegation(request, slug, "matchmaking.see_directory")
    viewer = selectors.participant_for(delegation=delegation, user=request.user)
    filters = {
        "side": request.GET.get("side", "other"),
        "kind": request.GET.get("kind", ""),
        "sector": request.GET.get("sector", ""),
        "language": request.GET.get("language", ""),
        "q": request.GET.get("q", "").strip()[:100],
    }
    found = selectors.directory(delegation=delegation, viewer=viewer, **filters)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "matchmaking/profiles/directory.html",
        {
            "delegation": delegation,
            "viewer": viewer,
            "page": page,
            "filters": filters,
            "kinds": Participant.Kind.choices,
            "sectors": selectors.sectors(),
            "languages": SPOKEN_LANGUAGES,
            "is_coordinator": may(request.user, "matchmaking.manage_counterparts", delegation),
        },
    )


@login_required
def profile(request: HttpRequest, slug: str, participant_id: int) -> HttpResponse:
    delegation = _delegation(request, slug, "matchmaking.see_directory")
    participant = selectors.participant_get(
        delegation=delegation,
        pk=participant_id,
        user=request.user,
        action="matchmaking.see_profile",
    )
    return render(
        request,
        "matchmaking/profiles/profile.html",
        {
            "delegation": delegation,
            "participant": participant,
            "may_edit": may(request.user, "matchmaking.edit_profile", participant),
            # Someone else's profile, still taking part: "Ask to meet" (flow's request form).
            "may_ask": not is_own_participant(request.user, participant)
            and participant.withdrawn_at is None
            and may(request.user, "matchmaking.see_requests", delegation),
            "may_invite": participant.user_id is None
            and participant.kind != Participant.Kind.DELEGATE
            and may(request.user, "matchmaking.invite_counterpart", participant),
        },
    )


def _edit(request, delegation, participant, *, with_kind, save, done, initial=None):
    form = ProfileForm(
        request.POST or None, participant=participant, initial=initial, with_kind=with_kind
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form)
        except ValidationError as error:
            _errors(form, error)
        else:
            flash.success(request, _("The profile is saved."))
            return redirect(done(saved))
    return render(
        request,
        "matchmaking/profiles/edit.html",
        {"delegation": delegation, "participant": participant, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def my_profile(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = _delegation(request, slug, "matchmaking.see_directory")
    participant = selectors.participant_for(delegation=delegation, user=request.user)
    member, initial = None, None
    if participant is None:
        # A confirmed delegate without a profile yet: it is made when first saved.
        member = selectors.own_delegate_membership(delegation=delegation, user=request.user)
        if member is None:
            raise Http404
        name = member.organisation or request.user.full_name
        initial = dict.fromkeys(field_names("organisation"), name) | {
            "contact_name": request.user.full_name,
            "contact_email": request.user.email,
        }

    def save(form):
        own = participant or services.delegate_profile_start(actor=request.user, member=member)
        return services.profile_update(
            actor=request.user,
            participant=own,
            values=form.values(),
            sectors=form.cleaned_data["sectors"],
        )

    return _edit(
        request,
        delegation,
        participant,
        with_kind=False,
        save=save,
        done=lambda p: reverse("matchmaking:my_profile", kwargs={"slug": slug}),
        initial=initial,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile_edit(request: HttpRequest, slug: str, participant_id: int) -> HttpResponse:
    delegation = _delegation(request, slug, "matchmaking.see_directory")
    participant = selectors.participant_get(
        delegation=delegation,
        pk=participant_id,
        user=request.user,
        action="matchmaking.edit_profile",
    )
    with_kind = participant.kind != Participant.Kind.DELEGATE and may(
        request.user, "matchmaking.manage_counterparts", delegation
    )
    return _edit(
        request,
        delegation,
        participant,
        with_kind=with_kind,
        save=lambda form: services.profile_update(
            actor=request.user,
            participant=participant,
            values=form.values(),
            sectors=form.cleaned_data["sectors"],
        ),
        done=lambda p: reverse(
            "matchmaking:profile", kwargs={"slug": slug, "participant_id": p.pk}
        ),
    )


@login_required
def suggestions(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = _delegation(request, slug, "matchmaking.see_directory")
    reader = selectors.participant_for(delegation=delegation, user=request.user)
    asked = request.GET.get("for", "")
    if asked.isdigit():
        # A coordinator looks at a participant's suggestions (to help them ask).
        reader = selectors.participant_get(
            delegation=delegation,
            pk=int(asked),
            user=request.user,
            action="matchmaking.edit_profile",
        )
    return render(
        request,
        "matchmaking/profiles/suggestions.html",
        {
            "delegation": delegation,
            "reader": reader,
            "rows": selectors.suggestions(reader=reader) if reader is not None else [],
            "may_start": reader is None
            and selectors.own_delegate_membership(delegation=delegation, user=request.user)
            is not None,
        },
    )


# -- the coordinators' counterparts pages


@login_required
def counterparts(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = _delegation(request, slug, "matchmaking.manage_counterparts")
    found = selectors.directory(delegation=delegation, viewer=None, side="all").exclude(
        kind=Participant.Kind.DELEGATE
    )
    return render(
        request,
        "matchmaking/profiles/counterparts.html",
        {"delegation": delegation, "counterparts": found},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def counterpart_new(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = _delegation(request, slug, "matchmaking.manage_counterparts")
    return _edit(
        request,
        delegation,
        None,
        with_kind=True,
        save=lambda form: services.counterpart_create(
            actor=request.user,
            delegation=delegation,
            values=form.values(),
            sectors=form.cleaned_data["sectors"],
        ),
        done=lambda p: reverse(
            "matchmaking:profile", kwargs={"slug": slug, "participant_id": p.pk}
        ),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def counterparts_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload → a per-row preview (nothing written) → confirm → the report."""
    delegation = _delegation(request, slug, "matchmaking.manage_counterparts")
    context = {"delegation": delegation, "form": ImportForm()}
    if request.method != "POST":
        return render(request, "matchmaking/profiles/import.html", context)
    if "payload" in request.POST:
        try:
            rows = signing.loads(
                request.POST["payload"],
                salt=f"{IMPORT_SALT}:{delegation.pk}:{request.user.pk}",
                max_age=IMPORT_MAX_AGE,
            )
        except signing.BadSignature:
            flash.error(request, _("This preview is too old: upload the file again."))
            return render(request, "matchmaking/profiles/import.html", context, status=400)
        report = services.counterparts_import(actor=request.user, delegation=delegation, rows=rows)
        return render(
            request,
            "matchmaking/profiles/import_report.html",
            {"delegation": delegation, "report": report, "done": True},
        )
    form = ImportForm(request.POST, request.FILES)
    context["form"] = form
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = imports.read_rows(upload.read(imports.MAX_FILE_SIZE + 1), name=upload.name)
        except imports.ImportFileError as error:
            form.add_error("file", error.message)
        else:
            report = selectors.import_preview(delegation=delegation, rows=rows)
            payload = signing.dumps(
                rows, salt=f"{IMPORT_SALT}:{delegation.pk}:{request.user.pk}", compress=True
            )
            return render(
                request,
                "matchmaking/profiles/import_report.html",
                {"delegation": delegation, "report": report, "payload": payload, "done": False},
            )
    return render(request, "matchmaking/profiles/import.html", context, status=400)


@login_required
@require_POST
def counterpart_invite(request: HttpRequest, slug: str, participant_id: int) -> HttpResponse:
    delegation = _delegation(request, slug, "matchmaking.manage_counterparts")
    participant = selectors.participant_get(
        delegation=delegation,
        pk=participant_id,
        user=request.user,
        action="matchmaking.invite_counterpart",
    )
    try:
        services.counterpart_invite(actor=request.user, participant=participant)
    except ValidationError as error:
        flash.error(request, error.messages[0])
    else:
        flash.success(
            request,
            _("An invitation to claim the profile is on its way to %(email)s.")
            % {"email": participant.contact_email},
        )
    return redirect("matchmaking:profile", slug=slug, participant_id=participant.pk)


def _personal(view):
    """The claim page is reached by a secret link: no browser or proxy keeps it."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return personal(view(request, *args, **kwargs))

    return wrapped


@_personal
@require_http_methods(["GET", "HEAD", "POST"])
def claim(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The secret link of an invitation: sign in or make an account, then take the profile."""
    delegation = delegation_selectors.delegation_get(slug=slug, user=request.user)
    participant = selectors.participant_by_token(delegation=delegation, token=token)
    if participant is None:
        return render(
            request, "matchmaking/profiles/claim.html", {"delegation": delegation}, status=404
        )
    account_form = None
    if not request.user.is_authenticated:
        account_form = NewAccountForm(request.POST or None)
        if request.method == "POST" and account_form.is_valid():
            user = account_create(
                actor=request.user,
                email=account_form.cleaned_data["email"],
                full_name=account_form.cleaned_data["full_name"],
                password=account_form.cleaned_data["password"],
                preferred_language=translation.get_language(),
            )
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        else:
            return render(
                request,
                "matchmaking/profiles/claim.html",
                {"delegation": delegation, "participant": participant, "form": account_form},
                status=400 if account_form.errors else 200,
            )
    elif request.method != "POST":
        return render(
            request,
            "matchmaking/profiles/claim.html",
            {"delegation": delegation, "participant": participant},
        )
    try:
        services.profile_claim(actor=request.user, participant=participant, token=token)
    except ValidationError as error:
        flash.error(request, error.messages[0])
        return redirect("delegations:detail", slug=slug)
    flash.success(request, _("The profile is yours now: check it and complete it."))
    return redirect("matchmaking:my_profile", slug=slug)


# -- the back office's entry


@login_required
def backoffice_counterparts(request: HttpRequest) -> HttpResponse:
    require(request.user, "matchmaking.open_counterparts")
    delegations = [
        d
        for d in selectors.delegations_with_matchmaking()
        if may(request.user, "matchmaking.manage_counterparts", d)
    ]
    return render(request, "matchmaking/profiles/backoffice.html", {"delegations": delegations})
