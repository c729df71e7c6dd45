from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from twinning.core import timezones
from twinning.core.sameorigin import same_site_post_only
from twinning.pages import consent, selectors, services
from twinning.pages.models import ConsentRecord, Page

CHOICES = {"all": [ConsentRecord.Category.PREFERENCES], "necessary": []}


def page(request: HttpRequest, kind: str) -> HttpResponse:
    """An information or legal page in the version in force; "being prepared" without one."""
    context = {
        "kind": kind,
        "kind_label": Page.Kind(kind).label,
        "version": selectors.page_version_current(kind=kind),
        "is_legal": kind in Page.LEGAL_KINDS,
    }
    if kind == Page.Kind.CONTACT:
        context["contact"] = {
            "email": settings.TWINNING_SERVICE_EMAIL,
            "phone": settings.TWINNING_REPORT_PHONE,
            "address": settings.TWINNING_REPORT_ADDRESS,
        }
    return render(request, "pages/page.html", context)


def cookie_settings(request: HttpRequest) -> HttpResponse:
    choice = consent.consent_from_request(request)
    record = selectors.consent_record_get(public_id=choice.public_id) if choice else None
    return render(
        request,
        "pages/cookie_settings.html",
        {
            "choice": choice,
            "record": record,
            "cookies": consent.cookies_used(),
        },
    )


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("portal:home")


# No CSRF token (a token would make every public page unique per visitor, so no public page
# could be cached): cross-site posts are refused by what the browser says of their origin.
@same_site_post_only
@require_POST
def consent_save(request: HttpRequest) -> HttpResponse:
    """Record the banner's (or the settings page's) choice and go back where the visitor was."""
    categories = CHOICES.get(request.POST.get("choice", ""))
    if categories is None:
        return HttpResponseBadRequest()
    record = services.consent_record_create(categories=categories)
    response = HttpResponseRedirect(_next_url(request))
    consent.consent_cookie_set(response, record)
    if not categories and settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        consent.language_cookie_delete(response)
    if not categories and timezones.COOKIE_NAME in request.COOKIES:
        consent.time_zone_cookie_delete(response)  # a remembered zone goes with the consent
    return response


# No CSRF token, as for the consent (cached pages carry none): cross-site posts are refused.
@same_site_post_only
@require_POST
def time_zone_save(request: HttpRequest) -> HttpResponse:
    """The "Show times in" picker: a zone from the list, or "" for the browser's own."""
    zone = request.POST.get("zone", "")
    if zone and not timezones.is_known(zone):
        return HttpResponseBadRequest(
            _("“%(value)s” is not a known time zone.") % {"value": zone[:64]},
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponseRedirect(_next_url(request))
    if zone:
        choice = consent.consent_from_request(request)
        remember = choice is not None and choice.preferences
        consent.time_zone_cookie_set(response, zone, remember=remember)
    else:
        consent.time_zone_cookie_delete(response)  # the browser's zone is detected again
    return response
