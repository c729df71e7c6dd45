"""The delegation's PDF documents and the delegates' vCards."""

from django.conf import settings
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django_tasks import TaskResultStatus

from twinning.accounts.rules import may, require
from twinning.delegations import cards, pdf, selectors, tasks
from twinning.delegations.models import Member


def _language(request: HttpRequest) -> str | None:
    """The ``lang`` asked for (default: the page's language), or None when unknown."""
    value = request.POST.get("lang") or request.GET.get("lang") or get_language()
    return value if value in pdf.LANGUAGES else None


def _unknown_language() -> HttpResponse:
    return HttpResponseBadRequest(
        _("Unknown language: use one of %(choices)s.")
        % {"choices": ", ".join(f"lang={code}" for code in pdf.LANGUAGES)},
        content_type="text/plain; charset=utf-8",
    )


def _pdf(content: bytes, filename: str, *, private: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    # Documents for members (or shaped by who reads them) are never kept by any cache.
    response["Cache-Control"] = "private, no-store" if private else "private, max-age=300"
    return response


@require_safe
def itinerary(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = selectors.delegation_get(slug=slug, user=request.user)
    language = _language(request)
    if language is None:
        return _unknown_language()
    content = pdf.itinerary_pdf(delegation=delegation, user=request.user, language=language)
    return _pdf(
        content,
        f"{delegation.slug}-itinerary-{language}.pdf",
        private=request.user.is_authenticated,
    )


@require_safe
def terms(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = selectors.delegation_get(slug=slug, user=request.user)
    language = _language(request)
    if language is None:
        return _unknown_language()
    content = pdf.terms_pdf(delegation=delegation, language=language)
    return _pdf(content, f"{delegation.slug}-terms-{language}.pdf", private=False)


@require_safe
def registration_form(request: HttpRequest, slug: str) -> HttpResponse:
    delegation = selectors.delegation_get(slug=slug, user=request.user)
    language = _language(request)
    if language is None:
        return _unknown_language()
    content = pdf.registration_form_pdf(delegation=delegation, language=language)
    return _pdf(content, f"{delegation.slug}-registration-form-{language}.pdf", private=False)


@require_safe
@login_required
def badge(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    """A confirmed member's badge: for the member and the delegation's coordinators."""
    delegation = selectors.delegation_get(slug=slug, user=request.user)
    member = (
        Member.objects.select_related("user", "delegation")
        .filter(delegation=delegation, pk=member_id, confirmed=True)
        .first()
    )
    if member is None or not may(request.user, "delegations.print_badge", member):
        # Whether such a member exists is not told to others.
        raise Http404
    language = _language(request)
    if language is None:
        return _unknown_language()
    content = pdf.badge_pdf(member=member, language=language)
    return _pdf(content, f"{delegation.slug}-badge-{member.pk}-{language}.pdf", private=True)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def briefing_book(request: HttpRequest, slug: str) -> HttpResponse:
    """The book at once for a small delegation; a large one's is made in the background."""
    delegation = selectors.delegation_get(slug=slug, user=request.user)
    require(request.user, "delegations.download_briefing_book", delegation)
    language = _language(request)
    if language is None:
        return _unknown_language()
    members = selectors.attendees(delegation=delegation).count()
    if members <= settings.DELEGATION_BRIEFING_BOOK_SYNC_LIMIT:
        content = pdf.briefing_book_pdf(delegation=delegation, user=request.user, language=language)
        return _pdf(content, f"{delegation.slug}-briefing-book-{language}.pdf", private=True)
    if request.method == "POST":
        result = tasks.build_briefing_book.enqueue(delegation.pk, request.user.pk, language)
        if result.status == TaskResultStatus.FAILED:
            flash.error(request, _("The briefing book could not be made. Please try again later."))
        else:
            flash.success(
                request,
                _(
                    "The briefing book is being prepared. It will appear in the documents "
                    "list of this page in a few minutes."
                ),
            )
        return redirect(delegation.get_absolute_url())
    return render(
        request,
        "delegations/briefing_book_queue.html",
        {"delegation": delegation, "language": language, "members": members},
    )


@require_safe
def card(request: HttpRequest, token: str) -> HttpResponse:
    """A confirmed member's vCard, for whoever scanned their badge."""
    member = (
        Member.objects.select_related("delegation", "user")
        .filter(card_token=token, confirmed=True, user__is_active=True)
        .first()
    )
    if member is None:
        raise Http404
    response = HttpResponse(cards.vcard_for(member), content_type="text/vcard; charset=utf-8")
    filename = slugify(member.user.full_name) or "contact"
    response["Content-Disposition"] = f'inline; filename="{filename}.vcf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
