from functools import cached_property

from django.http import HttpRequest

from twinning.pages import consent
from twinning.pages.models import Page
from twinning.pages.selectors import page_version_current_number


class ConsentState:
    """What the cookie banner needs, worked out only when a template asks."""

    def __init__(self, request: HttpRequest):
        self.request = request

    @cached_property
    def choice(self) -> consent.Consent | None:
        return consent.consent_from_request(self.request)

    @cached_property
    def banner_needed(self) -> bool:
        """Until the visitor chooses, and again once the cookie policy has a newer version."""
        if self.choice is None:
            return True
        return self.choice.policy_version < page_version_current_number(kind=Page.Kind.COOKIES)

    @property
    def preferences(self) -> bool:
        return bool(self.choice and self.choice.preferences)


def consent_state(request: HttpRequest) -> dict:
    return {"cookie_consent": ConsentState(request)}


def banner_variant(request: HttpRequest) -> str:
    """A cached page differs with and without the cookie banner."""
    return "banner" if ConsentState(request).banner_needed else "no-banner"
