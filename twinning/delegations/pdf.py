"""A delegation's PDF documents, written as HTML templates and printed by WeasyPrint.

Each function returns the PDF's bytes in ``language``: one of the portal's languages, or
"both" (every language side by side, one column each; see the ``parallel`` template tag).
Texts come from the templates and the catalogue, content fields through
``translated_value``; fonts are the system's (Noto Sans CJK), and nothing is ever fetched:
the fetcher accepts only ``data:``.
"""

import datetime
import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import segno
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from twinning.core.translation_fields import language_codes
from twinning.delegations import access, selectors
from twinning.delegations.cards import card_url
from twinning.delegations.models import Delegation, Member, Session

LANGUAGES = (*language_codes(), "both")
TEMPLATES = Path(__file__).resolve().parent / "templates" / "delegations" / "pdf"

# WeasyPrint logs each of its seven steps at INFO for every document: not worth a log line.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


class UnknownLanguage(ValueError):
    pass


def document_languages(language: str) -> list[str]:
    """The languages of a document, in the order of its columns."""
    if language == "both":
        return language_codes()
    if language in LANGUAGES:
        return [language]
    raise UnknownLanguage(language)


@cache
def _stylesheet() -> str:
    return (TEMPLATES / "print.css").read_text(encoding="utf-8")


def _render(template_name: str, context: dict, *, language: str) -> bytes:
    # Imported here: WeasyPrint loads Pango when imported, and only PDFs need it.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    languages = document_languages(language)
    with translation.override(languages[0]):
        html = render_to_string(
            template_name,
            {
                **context,
                "languages": languages,
                "both": len(languages) > 1,
                "site_name": settings.TWINNING_SITE_NAME,
            },
        )
    # No network and no files: images are inline (SVG) and the stylesheet is given here.
    fetcher = URLFetcher(allowed_protocols={"data"})
    base_url = TEMPLATES.as_uri() + "/"
    stylesheet = CSS(string=_stylesheet(), base_url=base_url, url_fetcher=fetcher)
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(
        stylesheets=[stylesheet]
    )


def render_document(template_name: str, context: dict, *, language: str) -> bytes:
    """Print a template of any app with the delegations' stylesheet (higher apps' PDFs)."""
    return _render(template_name, context, language=language)


@dataclass(frozen=True)
class ItineraryEntry:
    session: Session
    start: str
    end: str
    zone: str
    details: bool


@dataclass(frozen=True)
class ItineraryDay:
    date: datetime.date
    entries: list[ItineraryEntry]


def itinerary_days(*, delegation: Delegation, user, audience: str | None = None):
    """The sessions ``user`` may see the title of, by day in each venue's local time.

    ``audience`` caps what is shown at that audience's level, whoever ``user`` is: a
    briefing book stored for the members shows no coordinators-only details.
    """
    user = user or AnonymousUser()
    cap = access.REQUIRED[audience] if audience else None
    days = []
    for day in selectors.programme(delegation=delegation, user=user):
        entries = []
        for entry in day["entries"]:
            session, details = entry.session, entry.details_visible
            if cap is not None and access.REQUIRED[session.audience] > cap:
                if not session.title_is_public:
                    continue
                details = False
            entries.append(
                ItineraryEntry(session, entry.time.start, entry.time.end, entry.time.zone, details)
            )
        if entries:
            first = entries[0].session
            days.append(ItineraryDay(first.starts_at.astimezone(first.venue.zone).date(), entries))
    return days


def _delegation_context(delegation: Delegation, kind) -> dict:
    return {
        "delegation": delegation,
        "document_kind": kind,
        "fees": list(delegation.fees.all()),
        "contacts": list(delegation.contacts.all()),
    }


def itinerary_pdf(*, delegation: Delegation, user, language: str) -> bytes:
    context = _delegation_context(delegation, _("Itinerary"))
    context["days"] = itinerary_days(delegation=delegation, user=user)
    return _render("delegations/pdf/itinerary.html", context, language=language)


def terms_pdf(*, delegation: Delegation, language: str) -> bytes:
    from twinning.pages.selectors import page_version_current

    context = _delegation_context(delegation, _("Terms and conditions"))
    context["site_terms"] = page_version_current(kind="terms")
    return _render("delegations/pdf/terms.html", context, language=language)


@dataclass(frozen=True)
class FormField:
    label: str
    size: str = ""


# The registration form's blanks, in order; a tuple is two fields on one line.
FORM_FIELDS = (
    FormField(_("Full name")),
    (FormField(_("Organisation")), FormField(_("Job title"))),
    (FormField(_("E-mail address")), FormField(_("Telephone"))),
    FormField(_("Name as in your passport")),
    FormField(_("Dietary needs or allergies"), "tall"),
)


def registration_form_pdf(*, delegation: Delegation, language: str) -> bytes:
    context = _delegation_context(delegation, _("Registration form"))
    context["fields"] = [
        {"pair": field} if isinstance(field, tuple) else field for field in FORM_FIELDS
    ]
    context["signature_label"] = _("Signature")
    context["date_label"] = _("Date")
    return _render("delegations/pdf/registration_form.html", context, language=language)


def badge_qr_svg(member: Member, language: str | None = None) -> str:
    """The badge's QR code: the address of the member's vCard, as inline SVG."""
    return segno.make(card_url(member, language), error="m").svg_inline(scale=4, omitsize=True)


def badge_pdf(*, member: Member, language: str) -> bytes:
    languages = document_languages(language)
    context = {
        "delegation": member.delegation,
        "member": member,
        "name": member.user.full_name or member.user.email,
        # segno writes the SVG itself from a URL we build: no user text reaches the markup.
        "qr_svg": mark_safe(badge_qr_svg(member, languages[0])),  # nosec B308 B703
    }
    return _render("delegations/pdf/badge.html", context, language=language)


def counterpart_profiles(delegation: Delegation):
    """For now the destination city's organisations in the archive (matchmaking will add
    the real counterparts)."""
    from twinning.people.models import Organisation

    destination = delegation.cities[1]
    return Organisation.objects.filter(city=destination, hidden=False).order_by("kind", "slug")


def briefing_book_pdf(
    *, delegation: Delegation, user, language: str, audience: str | None = None
) -> bytes:
    """Itinerary, delegate directory and counterpart profiles in one book.

    ``audience`` caps the itinerary as in ``itinerary_days`` (a stored book is read by
    everyone in its audience, not only by whoever asked for it).
    """
    context = _delegation_context(delegation, _("Briefing book"))
    context.update(
        {
            "aims": list(delegation.aims.all()),
            "days": itinerary_days(delegation=delegation, user=user, audience=audience),
            "directory": list(selectors.attendees(delegation=delegation)),
            "counterparts": list(counterpart_profiles(delegation)),
        }
    )
    return _render("delegations/pdf/briefing_book.html", context, language=language)
