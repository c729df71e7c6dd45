"""Protection against automated and abusive submissions, with nothing from outside.

reCAPTCHA and its like are blocked in mainland China, so the forms use what runs here:
a honeypot field, a small arithmetic question signed by the server with the time the
form was shown (too fast means a script), length and link limits, and rate limits per
address and per e-mail address in the cache (Redis in production).
"""

import random
import re
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

CHALLENGE_SALT = "twinning.participation.challenge"
CHALLENGE_MAX_AGE = 2 * 60 * 60
MAX_LINKS = 2
LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


def count_links(text: str) -> int:
    return len(LINK.findall(text or ""))


def new_challenge() -> tuple[str, int, int]:
    a, b = random.randint(1, 9), random.randint(1, 9)
    token = signing.TimestampSigner(salt=CHALLENGE_SALT).sign_object([a, b, time.time()])
    return token, a, b


class ProtectedForm(forms.Form):
    """A form with a honeypot and a signed arithmetic question."""

    # Hidden from people by CSS and from assistive technology; bots fill it in.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    challenge = forms.CharField(widget=forms.HiddenInput)
    answer = forms.IntegerField(label=_("Anti-spam question"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        token = self.data.get("challenge") if self.is_bound else None
        signed = self._unsign(token) if token else None
        self.challenge_replaced = self.is_bound and signed is None
        if signed is None:
            token, a, b = new_challenge()
            signed = (a, b, None)
            if self.is_bound:
                # Keep the visitor's text; only the question is new.
                self.data = self.data.copy()
                self.data["challenge"] = token
                self.data["answer"] = ""
        self.initial["challenge"] = token
        self.fields["answer"].label = _("Anti-spam question: what is %(a)s plus %(b)s?") % {
            "a": signed[0],
            "b": signed[1],
        }
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @staticmethod
    def _unsign(token: str):
        try:
            return signing.TimestampSigner(salt=CHALLENGE_SALT).unsign_object(
                token, max_age=CHALLENGE_MAX_AGE
            )
        except (signing.BadSignature, TypeError, ValueError):
            return None

    def public_fields(self):
        """The fields a person fills in, without the protection machinery."""
        return [field for field in self if field.name not in ("website", "challenge", "answer")]

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get("website"))

    def clean(self):
        cleaned = super().clean()
        signed = self._unsign(cleaned.get("challenge", ""))
        if signed is None or self.challenge_replaced:
            raise forms.ValidationError(
                _("The form has expired. Please answer the new question and send it again.")
            )
        a, b, shown_at = signed
        if time.time() - shown_at < settings.PARTICIPATION_MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("That was sent very quickly. Please check the form and send it again.")
            )
        if cleaned.get("answer") is not None and cleaned["answer"] != a + b:
            self.add_error("answer", _("That is not the right answer. Please try again."))
        return cleaned


def over_rate_limit(request: HttpRequest, *, group: str, email: str) -> bool:
    """Count one submission from this address and this e-mail; True if either is over."""
    by_ip = is_ratelimited(
        request,
        group=f"{group}:ip",
        key="ip",
        rate=settings.PARTICIPATION_RATE_PER_IP,
        increment=True,
    )
    by_email = bool(email) and is_ratelimited(
        request,
        group=f"{group}:email",
        key=lambda _group, _request: email.strip().lower(),
        rate=settings.PARTICIPATION_RATE_PER_EMAIL,
        increment=True,
    )
    return by_ip or by_email
