"""Agendas (participants', interpreters'), the coordinators' grid, and the day itself:
check-in, attendance, one-click feedback and the outcomes it feeds."""

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from twinning.accounts.rules import may
from twinning.core import timezones
from twinning.core.middleware import personal
from twinning.delegations import selectors as delegation_selectors
from twinning.delegations.models import Delegation, Outcome
from twinning.matchmaking import feeds, pdf, selectors, services
from twinning.matchmaking.feedback_links import feedback_token_read
from twinning.matchmaking.models import Feedback, Interpreter, Meeting, Participant, Slot


def _delegation(request: HttpRequest, slug: str) -> Delegation:
    return delegation_selectors.delegation_get(slug=slug, user=request.user)


def _viewer(request: HttpRequest, delegation: Delegation) -> dict:
    """The reader's zone for the "Show times in" picker (as on the programme's pages)."""
    name, source = timezones.zone_from_request(request)
    zone = delegation_selectors.viewer_zone(name, delegation)
    return {
        "zone": zone,
        "label": timezones.zone_label(zone.key),
        "source": source,
        "selected": zone.key if source in ("chosen", "profile") else "",
        "choices": timezones.grouped_choices(name if source == "chosen" else ""),
    }


def _status(delegation: Delegation) -> str:
    policy = selectors.agenda_policy(delegation)
    return policy.agenda_status if policy else "draft"


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        flash.error(request, message)


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    # A path on this site only: redirect() would take a bare word ("0") for a view's name.
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        return target
    return fallback


def _pdf_language(request: HttpRequest) -> str:
    value = request.GET.get("lang") or get_language()
    return value if value in pdf.document_languages("both") else get_language()


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return personal(response)


def _calendar(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return personal(response)


def _by_token(find, slug: str, token: str, *, published: bool = False):
    """The participant or interpreter behind a secret address (``find`` looks it up), else
    404; with ``published``, 404 too while the agenda is a draft."""
    found = find(slug=slug, token=token)
    if found is None or (published and _status(found.delegation) == "draft"):
        raise Http404
    return found


def _agenda_page(
    request, template: str, delegation, owner: dict, entries, *, token: str, early=False
) -> HttpResponse:
    """An agenda page behind a secret address (or the interpreter's own): ``owner`` the
    participant or interpreter in the context, ``entries(zone)`` their meetings, shown once
    the agenda is no longer a draft (or ``early``: to the coordinators)."""
    viewer = _viewer(request, delegation)
    status = _status(delegation)
    shown = status != "draft" or early
    return render(
        request,
        template,
        {
            "delegation": delegation,
            **owner,
            "viewer": viewer,
            "status": status,
            "published": shown,
            "token": token,
            "entries": entries(viewer["zone"]) if shown else [],
        },
    )


# ------------------------------------------------------------------ a participant's agenda
def _own_participant(request: HttpRequest, delegation: Delegation) -> Participant:
    participant = selectors.participant_of(user=request.user, delegation=delegation)
    if participant is None:
        raise PermissionDenied
    return participant


@require_safe
@login_required
def agenda(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = _delegation(request, slug)
    participant = _own_participant(request, delegation)
    viewer = _viewer(request, delegation)
    published = may(request.user, "matchmaking.see_agenda", participant)
    return render(
        request,
        "matchmaking/agenda/agenda.html",
        {
            "delegation": delegation,
            "participant": participant,
            "viewer": viewer,
            "status": _status(delegation),
            "entries": selectors.participant_agenda(
                participant=participant, viewer_zone=viewer["zone"]
            )
            if published
            else [],
            "published": published,
            "verdicts": Feedback.Verdict.choices,
        },
    )


@require_safe
@login_required
def agenda_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = _delegation(request, slug)
    participant = _own_participant(request, delegation)
    if not may(request.user, "matchmaking.see_agenda", participant):
        raise Http404  # nothing to print while the agenda is a draft
    language = _pdf_language(request)
    content = pdf.participant_agenda_pdf(participant=participant, language=language)
    return _pdf(content, f"{delegation.slug}-meetings-{language}.pdf")


# ------------------------------------------------------------------ an interpreter's agenda
def _interpreter_page(request, delegation, interpreter, *, token: str) -> HttpResponse:
    return _agenda_page(
        request,
        "matchmaking/agenda/interpreter.html",
        delegation,
        {"interpreter": interpreter},
        lambda zone: selectors.interpreter_agenda(interpreter=interpreter, viewer_zone=zone),
        token=token,
        early=may(request.user, "matchmaking.see_grid", delegation),
    )


def _interpreter(slug: str, token: str, *, published: bool = False) -> Interpreter:
    return _by_token(selectors.interpreter_by_token, slug, token, published=published)


@require_safe
def interpreter_agenda(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """Behind the interpreter's secret address: no account needed."""
    interpreter = _interpreter(slug, token)
    return personal(_interpreter_page(request, interpreter.delegation, interpreter, token=token))


@require_safe
def interpreter_agenda_pdf(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    interpreter = _interpreter(slug, token, published=True)
    language = _pdf_language(request)
    content = pdf.interpreter_agenda_pdf(interpreter=interpreter, language=language)
    return _pdf(content, f"{slug}-interpreting-{language}.pdf")


@require_safe
def interpreter_calendar(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    interpreter = _interpreter(slug, token, published=True)
    return _calendar(feeds.interpreter_calendar(interpreter), f"{slug}-interpreting.ics")


@require_safe
@login_required
def interpreting(request: HttpRequest, slug: str) -> HttpResponse:
    """The signed-in interpreter's own agenda."""
    delegation = _delegation(request, slug)
    interpreter = selectors.interpreter_of(user=request.user, delegation=delegation)
    if interpreter is None or not may(
        request.user, "matchmaking.see_interpreter_agenda", interpreter
    ):
        raise PermissionDenied
    return _interpreter_page(request, delegation, interpreter, token=interpreter.calendar_token)


# ---------------------------------------- the agenda of a participant without an account
def _linked(slug: str, token: str, *, published: bool = False) -> Participant:
    return _by_token(selectors.participant_by_agenda_token, slug, token, published=published)


@require_safe
def participant_agenda(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """Behind the participant's secret address (sent when the agenda is published): no
    account needed; nothing shown while the agenda is a draft."""
    participant = _linked(slug, token)
    page = _agenda_page(
        request,
        "matchmaking/agenda/linked.html",
        participant.delegation,
        {"participant": participant},
        lambda zone: selectors.participant_agenda(participant=participant, viewer_zone=zone),
        token=token,
    )
    return personal(page)


@require_safe
def participant_agenda_pdf(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    participant = _linked(slug, token, published=True)
    language = _pdf_language(request)
    content = pdf.participant_agenda_pdf(participant=participant, language=language)
    return _pdf(content, f"{slug}-meetings-{language}.pdf")


@require_safe
def participant_calendar(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    participant = _linked(slug, token, published=True)
    return _calendar(feeds.participant_calendar(participant), f"{slug}-meetings.ics")


# ------------------------------------------------------------------ the coordinators' grid
def _coordinated(request: HttpRequest, slug: str) -> Delegation:
    delegation = _delegation(request, slug)
    if not may(request.user, "matchmaking.see_grid", delegation):
        raise Http404
    return delegation


def _meeting(delegation: Delegation, meeting_id: int) -> Meeting:
    meeting = selectors.meeting_get(delegation=delegation, meeting_id=meeting_id)
    if meeting is None:
        raise Http404
    return meeting


@require_safe
@login_required
def grid(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = _coordinated(request, slug)
    viewer = _viewer(request, delegation)
    the_grid = selectors.grid(delegation=delegation, viewer_zone=viewer["zone"])
    moving = None
    if request.GET.get("move", "").isdigit():
        moving = next((m for m in the_grid.meetings if m.pk == int(request.GET["move"])), None)
    return render(
        request,
        "matchmaking/agenda/grid.html",
        {
            "delegation": delegation,
            "grid": the_grid,
            "viewer": viewer,
            "status": _status(delegation),
            "moving": moving,
            "attendance": Meeting.Attendance.choices,
            "accountless": selectors.accountless_with_meetings(delegation),
        },
    )


@login_required
@require_POST
def agenda_link_renew(request: HttpRequest, slug: str, participant_id: int) -> HttpResponse:
    delegation = _coordinated(request, slug)
    participant = Participant.objects.filter(delegation=delegation, pk=participant_id).first()
    if participant is None:
        raise Http404
    services.agenda_link_renew(actor=request.user, participant=participant)
    flash.success(
        request,
        _("A new agenda link for %(name)s: the old one no longer works.")
        % {"name": participant.organisation},
    )
    return redirect(reverse("matchmaking:grid", kwargs={"slug": slug}) + "#agenda-links")


@login_required
@require_POST
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = _coordinated(request, slug)
    try:
        services.agenda_publish(
            actor=request.user, delegation=delegation, status=request.POST.get("status", "")
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        flash.success(request, _("The agenda is published; the participants are told by e-mail."))
    return redirect("matchmaking:grid", slug=slug)


@login_required
@require_POST
def meeting_move(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    delegation = _coordinated(request, slug)
    meeting = _meeting(delegation, meeting_id)
    slot = Slot.objects.filter(delegation=delegation, pk=request.POST.get("slot") or 0).first()
    interpreter = None
    if request.POST.get("interpreter"):
        interpreter = Interpreter.objects.filter(
            delegation=delegation, pk=request.POST["interpreter"]
        ).first()
    table = request.POST.get("table", "")
    if slot is None or not table.isdigit():
        flash.error(request, _("Choose a slot and a table."))
        return redirect(_grid_url(slug, move=meeting.pk))
    try:
        services.meeting_move(
            actor=request.user,
            meeting=meeting,
            slot=slot,
            table=int(table),
            interpreter=interpreter,
        )
    except ValidationError as error:
        _errors(request, error)
        return redirect(_grid_url(slug, move=meeting.pk))
    flash.success(request, _("The meeting is moved and locked there."))
    return redirect(_grid_url(slug))


def _grid_url(slug: str, *, move: int | None = None) -> str:
    url = reverse("matchmaking:grid", kwargs={"slug": slug})
    return f"{url}?move={move}#move" if move else url


@login_required
@require_POST
def meeting_lock(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    delegation = _coordinated(request, slug)
    meeting = _meeting(delegation, meeting_id)
    services.meeting_lock(
        actor=request.user, meeting=meeting, locked=request.POST.get("locked") == "1"
    )
    return redirect(_back(request, _grid_url(slug)))


@login_required
@require_POST
def meeting_cancel(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    delegation = _coordinated(request, slug)
    meeting = _meeting(delegation, meeting_id)
    try:
        services.meeting_cancel(
            actor=request.user, meeting=meeting, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        flash.success(request, _("The meeting is cancelled; its table is free."))
    return redirect(_back(request, _grid_url(slug)))


@login_required
@require_POST
def attendance(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    delegation = _coordinated(request, slug)
    meeting = _meeting(delegation, meeting_id)
    try:
        services.meeting_attendance_set(
            actor=request.user, meeting=meeting, attendance=request.POST.get("attendance", "")
        )
    except ValidationError as error:
        _errors(request, error)
    return redirect(_back(request, _grid_url(slug)))


# ------------------------------------------------------------------ the day itself
@login_required
@require_POST
def check_in(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    """The coordinators at the desk, or either side at the table."""
    delegation = _delegation(request, slug)
    meeting = _meeting(delegation, meeting_id)
    if not may(request.user, "matchmaking.check_in", meeting):
        raise Http404
    try:
        services.meeting_check_in(actor=request.user, meeting=meeting)
    except ValidationError as error:
        _errors(request, error)
    else:
        flash.success(request, _("Checked in."))
    return redirect(_back(request, reverse("matchmaking:agenda", kwargs={"slug": slug})))


def _give(request, meeting: Meeting, participant: Participant, actor) -> bool:
    try:
        services.meeting_feedback_give(
            actor=actor,
            meeting=meeting,
            participant=participant,
            verdict=request.POST.get("verdict", ""),
            comment=request.POST.get("comment", ""),
        )
    except ValidationError as error:
        _errors(request, error)
        return False
    flash.success(request, _("Thank you: your answer is recorded."))
    return True


@login_required
@require_POST
def feedback(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    """One click on the agenda page: this side's verdict on the meeting."""
    delegation = _delegation(request, slug)
    meeting = _meeting(delegation, meeting_id)
    participant = selectors.participant_of(user=request.user, delegation=delegation)
    if participant is None or participant.pk not in (
        meeting.participant_a_id,
        meeting.participant_b_id,
    ):
        raise Http404
    _give(request, meeting, participant, request.user)
    return redirect(reverse("matchmaking:agenda", kwargs={"slug": slug}) + f"#meeting-{meeting.pk}")


def feedback_link(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """From the e-mail after the meeting: the signed link says which meeting and which side;
    the page's buttons record the answer in one click (a GET never writes: mail scanners
    open links)."""
    ids = feedback_token_read(token)
    meeting = participant = None
    if ids is not None:
        meeting = (
            Meeting.objects.select_related(
                "slot__venue", "participant_a", "participant_b", "delegation", "interpreter"
            )
            .filter(pk=ids[0], delegation__slug=slug, status=Meeting.Status.SCHEDULED)
            .first()
        )
    if meeting is not None and ids[1] in (meeting.participant_a_id, meeting.participant_b_id):
        participant = Participant.objects.select_related("member__user", "user").get(pk=ids[1])
    if participant is None:
        raise Http404
    account = selectors.participant_account(participant)
    if account is None:
        raise Http404
    given = Feedback.objects.filter(meeting=meeting, participant=participant).first()
    # The signed link stands for the side it was sent to: the answer is theirs.
    if request.method == "POST" and _give(request, meeting, participant, account):
        return personal(redirect(request.path))
    counterpart = (
        meeting.participant_b
        if participant.pk == meeting.participant_a_id
        else meeting.participant_a
    )
    response = render(
        request,
        "matchmaking/agenda/feedback_link.html",
        {
            "delegation": meeting.delegation,
            "meeting": meeting,
            "counterpart": counterpart,
            "given": given,
            "verdicts": Feedback.Verdict.choices,
        },
    )
    return personal(response)


@require_safe
@login_required
def outcomes(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = _delegation(request, slug)
    if not may(request.user, "matchmaking.see_outcomes", delegation):
        raise Http404
    return render(
        request,
        "matchmaking/agenda/outcomes.html",
        {
            "delegation": delegation,
            "summary": selectors.outcomes_summary(delegation=delegation),
            "verdicts": Feedback.Verdict.choices,
            "kinds": Outcome.Kind.choices,
        },
    )


@login_required
@require_POST
def outcome_record(request: HttpRequest, slug: str, meeting_id: int) -> HttpResponse:
    delegation = _delegation(request, slug)
    if not may(request.user, "matchmaking.see_outcomes", delegation):
        raise Http404
    meeting = _meeting(delegation, meeting_id)
    try:
        services.meeting_outcome_record(
            actor=request.user,
            meeting=meeting,
            kind=request.POST.get("kind") or Outcome.Kind.OTHER,
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        flash.success(
            request,
            _(
                "The meeting is among the delegation's outcomes; publish it from the "
                "delegation's page."
            ),
        )
    return redirect("matchmaking:outcomes", slug=slug)
