"""The audit log's search page: who did what, to what and when, for the coordinators.

Administrators read every line; a delegation's confirmed coordinators read the lines about
the delegations they coordinate and the lines of their own acts; anyone else gets 403 (as
the back office's other pages without a delegation in their address). Filters by
delegation, actor, area, type of object and dates, a free-text search, newest first, 50 a
page. The page runs the same number of queries for 1 line as for 10,000: the actors are
joined, the delegations' titles, the names of what was acted on (a registration's person,
a participant's organisation, a meeting's two sides) and the slots of moves are fetched
once per page. Passport data never
reaches the page: a read is told as "Read passport data of <name>".
"""

import datetime
from urllib.parse import urlencode

from django import forms
from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from twinning.accounts.models import User
from twinning.accounts.rules import may
from twinning.audit.models import AuditEntry
from twinning.audit.summaries import AREAS, actions_matching, summary
from twinning.core.templatetags.twinning import translated_value
from twinning.delegations.models import Delegation, Member
from twinning.matchmaking.models import Meeting, Participant, Slot
from twinning.registrations.models import Registration

PER_PAGE = 50
REGISTRATION = "registrations.Registration"
PARTICIPANT = "matchmaking.Participant"
DELEGATION = "delegations.Delegation"
MEETING = "matchmaking.Meeting"
MOVED = "matchmaking.meeting_moved"


def _registration_name(registration) -> str:
    return registration.user.full_name or registration.user.email


def _participant_name(participant) -> str:
    return translated_value(participant, "organisation")[0] or f"#{participant.pk}"


def _meeting_name(meeting) -> str:
    return (
        f"{_participant_name(meeting.participant_a)} / {_participant_name(meeting.participant_b)}"
    )


# The objects whose name a line shows instead of their number: one query each per page.
NAMED = {
    MEETING: (
        lambda: Meeting.objects.select_related("participant_a", "participant_b"),
        _meeting_name,
    ),
    REGISTRATION: (lambda: Registration.objects.select_related("user"), _registration_name),
    PARTICIPANT: (lambda: Participant.objects.all(), _participant_name),
    DELEGATION: (lambda: Delegation.objects.all(), lambda d: translated_value(d, "title")[0]),
}


def _object_type_label(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


class AuditSearchForm(forms.Form):
    delegation = forms.ModelChoiceField(
        label=gettext_lazy("Delegation"),
        queryset=Delegation.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=gettext_lazy("All"),
    )
    actor = forms.CharField(
        label=gettext_lazy("Who (name or e-mail)"), max_length=200, required=False
    )
    area = forms.ChoiceField(label=pgettext_lazy("audit log filter", "Area"), required=False)
    object_type = forms.ChoiceField(label=gettext_lazy("Type of object"), required=False)
    start = forms.DateField(
        label=pgettext_lazy("audit log filter", "From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label=pgettext_lazy("audit log filter", "To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    q = forms.CharField(
        label=gettext_lazy("Search"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )

    def __init__(self, *args, delegations: QuerySet, object_types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delegation"].queryset = delegations
        self.fields["delegation"].label_from_instance = lambda d: translated_value(d, "title")[0]
        self.fields["area"].choices = [("", _("All"))] + [
            (key, label) for key, (label, _prefixes) in AREAS.items()
        ]
        types = sorted(((t, _object_type_label(t)) for t in object_types), key=lambda c: c[1])
        self.fields["object_type"].choices = [("", _("All")), *types]


def _scope(user: User) -> tuple[QuerySet, QuerySet]:
    """The lines ``user`` may read, and the delegations they may filter by."""
    entries = AuditEntry.objects.select_related("actor")
    delegations = Delegation.objects.order_by("-travel_start", "pk")
    if may(user, "backoffice.read_whole_audit_log"):
        return entries, delegations
    coordinated = list(
        Member.objects.filter(user=user, role=Member.Role.COORDINATOR, confirmed=True).values_list(
            "delegation_id", flat=True
        )
    )
    return (
        entries.filter(Q(delegation_id__in=coordinated) | Q(actor=user)),
        delegations.filter(pk__in=coordinated),
    )


def _day_start(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _search(entries: QuerySet, text: str) -> QuerySet:
    people = (
        Registration.objects.filter(
            Q(user__full_name__icontains=text) | Q(user__email__icontains=text)
        )
        .annotate(key=Cast("pk", CharField()))
        .values("key")
    )
    return entries.filter(
        Q(action__icontains=text)
        | Q(action__in=actions_matching(text))
        | Q(target_model__icontains=text)
        | Q(target_id=text)
        | Q(data__icontains=text)
        | Q(actor__full_name__icontains=text)
        | Q(actor__email__icontains=text)
        | Q(target_model=REGISTRATION, target_id__in=people)
    )


def _filtered(entries: QuerySet, values: dict) -> QuerySet:
    if values.get("delegation"):
        entries = entries.filter(delegation_id=values["delegation"].pk)
    if values.get("actor"):
        entries = entries.filter(
            Q(actor__full_name__icontains=values["actor"])
            | Q(actor__email__icontains=values["actor"])
        )
    if values.get("area") in AREAS:
        prefixes = AREAS[values["area"]][1]
        match = Q()
        for prefix in prefixes:
            match |= Q(action__startswith=prefix)
        entries = entries.filter(match)
    if values.get("object_type"):
        entries = entries.filter(target_model=values["object_type"])
    if values.get("start"):
        entries = entries.filter(at__gte=_day_start(values["start"]))
    if values.get("end"):
        entries = entries.filter(at__lt=_day_start(values["end"] + datetime.timedelta(days=1)))
    if values.get("q"):
        entries = _search(entries, values["q"])
    return entries


def _names(entries: list[AuditEntry]) -> dict[tuple[str, str], str]:
    """(model label, id) → the name shown for it, one query per kind of named object."""
    wanted: dict[str, set[int]] = {label: set() for label in NAMED}
    for entry in entries:
        if entry.target_model in wanted and entry.target_id.isdigit():
            wanted[entry.target_model].add(int(entry.target_id))
        if entry.delegation_id:
            wanted[DELEGATION].add(entry.delegation_id)
    names = {}
    for label, pks in wanted.items():
        rows, name = NAMED[label]
        for obj in rows().filter(pk__in=sorted(pks)):
            names[(label, str(obj.pk))] = name(obj)
    return names


def _slots(entries: list[AuditEntry]) -> dict[int, str]:
    """The slots a move names (from and to), as their start at the venue: one query."""
    pks = {
        place.get("slot")
        for entry in entries
        if entry.action == MOVED
        for place in (entry.data.get("from") or {}, entry.data.get("to") or {})
        if isinstance(place, dict)
    }
    slots = Slot.objects.select_related("venue").filter(
        pk__in=sorted(pk for pk in pks if isinstance(pk, int))
    )
    return {
        slot.pk: date_format(
            slot.starts_at.astimezone(
                slot.venue.zone if slot.venue_id else timezone.get_current_timezone()
            ),
            "SHORT_DATETIME_FORMAT",
        )
        for slot in slots
    }


def _told(entry: AuditEntry, slots: dict[int, str]) -> dict:
    """The line's data with a move's slots as times."""
    if entry.action != MOVED:
        return entry.data
    data = dict(entry.data)
    for side in ("from", "to"):
        place = data.get(side)
        if isinstance(place, dict) and place.get("slot") in slots:
            data[side] = {**place, "slot": slots[place["slot"]]}
    return data


def _actor_name(entry: AuditEntry) -> str:
    if entry.actor is None:
        return _("A visitor without an account")
    if entry.actor.is_system:
        return _("The system")
    return entry.actor.full_name or entry.actor.email


def _line(entry: AuditEntry, names: dict, slots: dict) -> dict:
    key = (entry.target_model, entry.target_id)
    target = names.get(key) or (f"#{entry.target_id}" if entry.target_id else "")
    return {
        "entry": entry,
        "actor": _actor_name(entry),
        "delegation": names.get((DELEGATION, str(entry.delegation_id)), ""),
        "summary": summary(entry.action, _told(entry, slots), target=target),
        "object": (
            f"{_object_type_label(entry.target_model)} #{entry.target_id}"
            if entry.target_model
            else ""
        ),
    }


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not may(request.user, "backoffice.search_audit_log"):
        raise PermissionDenied
    entries, delegations = _scope(request.user)
    object_types = list(
        AuditEntry.objects.exclude(target_model="")
        .order_by("target_model")
        .values_list("target_model", flat=True)
        .distinct()
    )
    # PostgreSQL refuses a NUL byte even in a look-up (the delegation's slug): none gets there.
    params = request.GET.copy()
    for key in params:
        params.setlist(key, [value.replace("\x00", "") for value in params.getlist(key)])
    form = AuditSearchForm(params or None, delegations=delegations, object_types=object_types)
    values = {}
    if form.is_bound:
        form.is_valid()  # the valid fields filter; a wrong one is shown with its error
        values = form.cleaned_data
    page = Paginator(_filtered(entries, values), PER_PAGE).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    names, slots = _names(rows), _slots(rows)
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "backoffice/audit_log.html",
        {
            "form": form,
            "page": page,
            "lines": [_line(entry, names, slots) for entry in rows],
            "query_without_page": urlencode(query),
        },
        status=400 if form.is_bound and form.errors else 200,
    )
