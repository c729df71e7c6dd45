"""The consent cookie: which optional cookies a visitor accepted, under which policy version.

Only strictly necessary cookies are set until the visitor chooses. The choice itself is
kept in a signed cookie (``twinning_consent``) holding the server-side record's public id,
the cookie-policy version it answered and the accepted optional categories, so reading it
costs no database query.
"""

import uuid
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from twinning.core import timezones
from twinning.pages.models import ConsentRecord

COOKIE_NAME = "twinning_consent"
COOKIE_SALT = "twinning.pages.consent"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
PREFERENCES = ConsentRecord.Category.PREFERENCES


@dataclass(frozen=True)
class CookieInfo:
    name: str
    purpose: str
    lifetime: str
    necessary: bool


def cookies_used() -> list[CookieInfo]:
    """Every cookie the site can set, for the cookie settings page."""
    return [
        CookieInfo(
            settings.SESSION_COOKIE_NAME,
            _("Keeps you signed in; set only when you sign in."),
            _("two weeks, or until you sign out"),
            True,
        ),
        CookieInfo(
            settings.CSRF_COOKIE_NAME,
            _("Protects the site's forms against requests forged by other sites."),
            _("one year"),
            True,
        ),
        CookieInfo(
            COOKIE_NAME,
            _("Remembers your cookie choice, so we do not ask on every page."),
            _("one year"),
            True,
        ),
        CookieInfo(
            timezones.COOKIE_NAME,
            _(
                "Shows programme times in your time zone: the one your browser reports, or "
                "the one you pick."
            ),
            _("until you close the browser; one year for a zone you pick, with your consent"),
            True,
        ),
        CookieInfo(
            settings.LANGUAGE_COOKIE_NAME,
            _("Remembers the language you last read, so the bare address opens it next time."),
            _("one year"),
            False,
        ),
    ]


@dataclass(frozen=True)
class Consent:
    """A choice as read back from the cookie."""

    public_id: uuid.UUID
    policy_version: int
    categories: frozenset[str]

    @property
    def preferences(self) -> bool:
        return PREFERENCES in self.categories


def _encode(record: ConsentRecord) -> str:
    return f"{record.public_id.hex}:{record.policy_version}:{','.join(sorted(record.categories))}"


def _decode(value: str) -> Consent | None:
    try:
        public_id, version, categories = value.split(":")
        return Consent(
            public_id=uuid.UUID(hex=public_id),
            policy_version=int(version),
            categories=frozenset(
                c for c in categories.split(",") if c in ConsentRecord.Category.values
            ),
        )
    except ValueError:
        return None


def consent_from_request(request: HttpRequest) -> Consent | None:
    """The visitor's choice from the signed cookie; None when absent, forged or expired."""
    if not hasattr(request, "_twinning_consent"):
        value = request.get_signed_cookie(
            COOKIE_NAME, default=None, salt=COOKIE_SALT, max_age=COOKIE_MAX_AGE
        )
        request._twinning_consent = _decode(value) if value else None
    return request._twinning_consent


def consent_cookie_set(response: HttpResponse, record: ConsentRecord) -> None:
    response.set_signed_cookie(
        COOKIE_NAME,
        _encode(record),
        salt=COOKIE_SALT,
        max_age=COOKIE_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def language_cookie_set(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE or COOKIE_MAX_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE or "Lax",
    )


def language_cookie_delete(response: HttpResponse) -> None:
    response.delete_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


def time_zone_cookie_set(response: HttpResponse, zone: str, *, remember: bool) -> None:
    """The zone the reader picked: for this browser session, or a year with their consent.

    Not HttpOnly: the browser-zone script must see that a choice exists, so it does not
    replace it with the browser's zone.
    """
    response.set_cookie(
        timezones.COOKIE_NAME,
        zone,
        max_age=COOKIE_MAX_AGE if remember else None,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


def time_zone_cookie_delete(response: HttpResponse) -> None:
    response.delete_cookie(timezones.COOKIE_NAME, samesite="Lax")
