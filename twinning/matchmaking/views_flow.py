"""Meeting requests and schedule runs (flow stream): thin views over services and selectors."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.accounts.rules import may, system_actor
from twinning.delegations import selectors as delegation_selectors
from twinning.matchmaking import selectors, services
from twinning.matchmaking.forms import MeetingRequestForm, ScheduleRunForm
from twinning.matchmaking.models import MeetingRequest, Participant, ScheduleRun


def _delegation(request: HttpRequest, slug: str, action: str):
    delegation = delegation_selectors.delegation_get(slug=slug, user=request.user)
    if not may(request.user, action, delegation):
        raise Http404
    return delegation


def _expire(delegation) -> None:
    """Expire on read: nobody waits on the scheduled job to see a lapsed request."""
    services.meeting_requests_expire(actor=system_actor(), delegation=delegation)


@login_required
def requests(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = _delegation(request, slug, "matchmaking.see_requests")
    _expire(delegation)
    mine = list(selectors.own_participants(user=request.user, delegation=delegation))
    return render(
        request,
        "matchmaking/flow/requests.html",
        {
            "delegation": delegation,
            "participants": mine,
            "made": selectors.requests_made(participants=mine),
            "received": selectors.requests_received(participants=mine),
            "closed": services.requests_closed_reason(delegation),
            "coordinates": may(request.user, "matchmaking.manage_requests", delegation),
        },
    )


def _requesters(request: HttpRequest, delegation, target: Participant):
    if may(request.user, "matchmaking.manage_requests", delegation):
        people = Participant.objects.filter(delegation=delegation, withdrawn_at=None)
    else:
        people = selectors.own_participants(user=request.user, delegation=delegation)
    return people.exclude(pk=target.pk).order_by("kind", "pk")


def _apply_errors(form, error: ValidationError) -> None:
    for message in error.messages:
        form.add_error(None, message)


@login_required
def request_new(request: HttpRequest, slug: str, participant_id: int) -> HttpResponse:
    delegation = _delegation(request, slug, "matchmaking.see_requests")
    target = get_object_or_404(
        Participant, pk=participant_id, delegation=delegation, withdrawn_at=None
    )
    requesters = _requesters(request, delegation, target)
    if not requesters:
        raise Http404
    form = MeetingRequestForm(request.POST or None, requesters=requesters)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_request_create(
                actor=request.user,
                requester=form.cleaned_data["requester"],
                target=target,
                priority=form.cleaned_data["priority"],
                message=form.cleaned_data["message"],
                met_before=form.cleaned_data["met_before"],
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            flash.success(request, _("Your request has been recorded."))
            return redirect("matchmaking:requests", slug=slug)
    return render(
        request,
        "matchmaking/flow/request_form.html",
        {
            "delegation": delegation,
            "target": target,
            "form": form,
            "closed": services.requests_closed_reason(delegation),
            "official": target.kind == Participant.Kind.OFFICIAL
            and not may(request.user, "matchmaking.manage_requests", delegation),
        },
    )


def _request(request: HttpRequest, slug: str, request_id: int, action: str) -> MeetingRequest:
    delegation = delegation_selectors.delegation_get(slug=slug, user=request.user)
    meeting_request = get_object_or_404(
        MeetingRequest.objects.select_related("requester", "target", "delegation"),
        pk=request_id,
        delegation=delegation,
    )
    if not may(request.user, action, meeting_request):
        raise Http404
    return meeting_request


def _back(request: HttpRequest, slug: str):
    if request.POST.get("next") == "coordinator":
        return redirect("matchmaking:requests_coordinator", slug=slug)
    return redirect("matchmaking:requests", slug=slug)


@login_required
@require_POST
def request_answer(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    meeting_request = _request(request, slug, request_id, "matchmaking.answer_request")
    try:
        services.meeting_request_answer(
            actor=request.user,
            request=meeting_request,
            accept=request.POST.get("decision") == "accept",
        )
    except ValidationError as error:
        flash.error(request, error.messages[0])
    else:
        flash.success(request, _("Your answer has been sent."))
    return _back(request, slug)


@login_required
@require_POST
def request_withdraw(request: HttpRequest, slug: str, request_id: int) -> HttpResponse:
    meeting_request = _request(request, slug, request_id, "matchmaking.withdraw_request")
    try:
        services.meeting_request_withdraw(actor=request.user, request=meeting_request)
    except ValidationError as error:
        flash.error(request, error.messages[0])
    else:
        flash.success(request, _("Your request has been withdrawn."))
    return _back(request, slug)


@login_required
def requests_coordinator(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = _delegation(request, slug, "matchmaking.manage_requests")
    _expire(delegation)
    status = request.GET.get("status", "")
    status = status if status in MeetingRequest.Status.values else ""
    counts = selectors.request_counts(delegation=delegation)
    return render(
        request,
        "matchmaking/flow/requests_coordinator.html",
        {
            "delegation": delegation,
            "requests": selectors.requests_for_coordinator(delegation=delegation, status=status),
            "statuses": [
                (value, label, counts[value]) for value, label in MeetingRequest.Status.choices
            ],
            "status": status,
            "participants": Participant.objects.filter(delegation=delegation).order_by(
                "kind", "pk"
            ),
        },
    )


@login_required
def schedule(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = _delegation(request, slug, "matchmaking.run_schedule")
    form = ScheduleRunForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.schedule_run_start(
                actor=request.user,
                delegation=delegation,
                time_limit=form.cleaned_data["time_limit"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect("matchmaking:schedule_run", slug=slug, run_id=run.pk)
    runs = list(selectors.schedule_runs(delegation=delegation)[:20])
    return render(
        request,
        "matchmaking/flow/schedule.html",
        {"delegation": delegation, "form": form, "runs": runs},
    )


@login_required
def schedule_run(request: HttpRequest, slug: str, run_id: int) -> HttpResponse:
    delegation = _delegation(request, slug, "matchmaking.run_schedule")
    run = get_object_or_404(ScheduleRun, pk=run_id, delegation=delegation)
    return render(
        request,
        "matchmaking/flow/schedule_run.html",
        {
            "delegation": delegation,
            "run": run,
            "report": selectors.run_report(run=run),
            "working": run.status in (ScheduleRun.Status.QUEUED, ScheduleRun.Status.RUNNING),
        },
    )


@login_required
@require_POST
def participant_withdraw(request: HttpRequest, slug: str, participant_id: int) -> HttpResponse:
    delegation = _delegation(request, slug, "matchmaking.manage_requests")
    participant = get_object_or_404(Participant, pk=participant_id, delegation=delegation)
    run = services.participant_withdraw(actor=request.user, participant=participant)
    flash.success(request, _("The participant no longer takes part in the meetings."))
    if run is not None:
        return redirect("matchmaking:schedule_run", slug=slug, run_id=run.pk)
    return redirect("matchmaking:requests_coordinator", slug=slug)
