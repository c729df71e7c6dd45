from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from twinning.accounts.rules import may
from twinning.core import timezones
from twinning.core.middleware import personal
from twinning.core.uploads import user_file_response
from twinning.delegations import calendars, cards, selectors, services
from twinning.delegations.models import Document, Member, Outcome
from twinning.delegations.timefmt import zoned_span


def _viewer_zone(request: HttpRequest, delegation) -> dict:
    """The zone times are also shown in, for the template's "Show times in" picker."""
    name, source = timezones.zone_from_request(request)
    zone = selectors.viewer_zone(name, delegation)
    return {
        "zone": zone,
        "label": timezones.zone_label(zone.key),
        "source": source,
        "selected": zone.key if source in ("chosen", "profile") else "",
        "choices": timezones.grouped_choices(name if source == "chosen" else ""),
    }


def delegation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "delegations/delegation_list.html",
        {"delegations": selectors.delegation_list_public()},
    )


def delegation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = selectors.delegation_get(slug=slug, user=request.user)
    viewer = _viewer_zone(request, delegation)
    return render(
        request,
        "delegations/delegation_detail.html",
        {
            "delegation": delegation,
            "viewer": viewer,
            "days": selectors.programme(
                delegation=delegation, user=request.user, zone_name=viewer["zone"].key
            ),
            "documents": selectors.documents_for(delegation=delegation, user=request.user),
            "manages": may(request.user, "delegations.manage_delegation", delegation),
            "is_member": may(request.user, "delegations.view_attendees", delegation),
        },
    )


def session_detail(request: HttpRequest, slug: str, session_id: int) -> HttpResponse:
    delegation = selectors.delegation_get(slug=slug, user=request.user)
    session = selectors.session_get(delegation=delegation, session_id=session_id)
    if not may(request.user, "delegations.see_session_details", session):
        if not may(request.user, "delegations.see_session_title", session):
            raise Http404
        # A closed session shows its title, and says who may see the rest.
        return render(request, "delegations/session_closed.html", {"session": session}, status=403)
    viewer = _viewer_zone(request, delegation)
    return render(
        request,
        "delegations/session_detail.html",
        {
            "session": session,
            "viewer": viewer,
            "time": zoned_span(
                session.starts_at, session.ends_at, session.venue.zone, viewer["zone"]
            ),
            "documents": [
                d
                for d in session.documents.all()
                if may(request.user, "delegations.download_document", d)
            ],
            "attendees": selectors.attendees(delegation=delegation)
            if session.audience != "public"
            and may(request.user, "delegations.view_attendees", delegation)
            else None,
        },
    )


def document_download(request: HttpRequest, slug: str, document_id: int) -> FileResponse:
    delegation = selectors.delegation_get(slug=slug, user=request.user)
    document = (
        Document.objects.select_related("session", "delegation")
        .filter(delegation=delegation, pk=document_id)
        .first()
    )
    if document is None or not may(request.user, "delegations.download_document", document):
        # Whether the file exists is itself not told to those who may not have it.
        raise Http404
    response = user_file_response(
        document.file, content_type=document.content_type, download_name=document.original_name
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _ics(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


def delegation_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = selectors.delegation_get(slug=slug, user=request.user)
    return _ics(calendars.delegation_calendar(delegation), f"{delegation.slug}.ics")


def member_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """A member's own feed, behind a secret address they can revoke."""
    member = (
        Member.objects.select_related("delegation", "user")
        .filter(calendar_token=token, confirmed=True, user__is_active=True)
        .first()
    )
    if member is None:
        raise Http404
    return personal(_ics(calendars.member_calendar(member), f"{member.delegation.slug}-mine.ics"))


@login_required
def my_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    """Where a member finds (and can renew) the secret address of their own feed."""
    delegation = selectors.delegation_get(slug=slug, user=request.user)
    member = Member.objects.filter(delegation=delegation, user=request.user, confirmed=True).first()
    if member is None:
        raise PermissionDenied
    if request.method == "POST":
        member = calendars.member_calendar_token_renew(member=member)
        flash.success(request, _("Your calendar has a new address; the old one no longer works."))
        return redirect("delegations:my_calendar", slug=slug)
    feed = settings.TWINNING_BASE_URL + reverse(
        "delegations:member_calendar", kwargs={"token": member.calendar_token}
    )
    return render(
        request, "delegations/my_calendar.html", {"delegation": delegation, "feed_url": feed}
    )


@login_required
def my_card(request: HttpRequest, slug: str) -> HttpResponse:
    """Where a member finds the address of their vCard (their badge's QR code) and renews it."""
    delegation = selectors.delegation_get(slug=slug, user=request.user)
    member = Member.objects.filter(delegation=delegation, user=request.user, confirmed=True).first()
    if member is None:
        raise PermissionDenied
    if request.method == "POST":
        cards.member_card_token_renew(actor=request.user, member=member)
        flash.success(
            request,
            _(
                "Your card has a new address; the old one no longer works. Print your badge "
                "again: the new badge carries the new address."
            ),
        )
        return redirect("delegations:my_card", slug=slug)
    return render(
        request,
        "delegations/my_card.html",
        {"delegation": delegation, "member": member, "card_url": cards.card_url(member)},
    )


@login_required
def outcome_publish(request: HttpRequest, slug: str, outcome_id: int) -> HttpResponse:
    delegation = selectors.delegation_get(slug=slug, user=request.user)
    outcome = Outcome.objects.filter(delegation=delegation, pk=outcome_id).first()
    if outcome is None or not may(request.user, "delegations.publish_outcome", outcome):
        raise Http404  # as for every other object of a delegation one may not act on
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        exchange = services.outcome_publish_to_archive(outcome=outcome, actor=request.user)
    except ValidationError as error:
        flash.error(request, " ".join(error.messages))
        return redirect(delegation.get_absolute_url())
    flash.success(request, _("The outcome is now a record of the exchange archive."))
    return redirect(exchange.get_absolute_url())
