"""Protection against automated and abusive submissions, with nothing from outside.

reCAPTCHA and its like are blocked in mainland China, so the forms use what runs here:
a honeypot field, a small arithmetic question signed by the server with the time the
form was shown (too fast means a script) and used once only, length and link limits, and
rate limits per address and per e-mail address in the cache (Redis in production).
"""

import random
import re
import secrets
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

from twinning.core.clientip import client_ip_key

CHALLENGE_SALT = "twinning.participation.challenge"
CHALLENGE_MAX_AGE = 2 * 60 * 60
MAX_LINKS = 2
LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


def count_links(text: str) -> int:
    return len(LINK.findall(text or ""))


def new_challenge() -> tuple[str, int, int]:
    a, b = random.randint(1, 9), random.randint(1, 9)
    nonce = secrets.token_urlsafe(12)
    token = signing.TimestampSigner(salt=CHALLENGE_SALT).sign_object([a, b, time.time(), nonce])
    return token, a, b


def challenge_claim(nonce: str) -> bool:
    """Mark a solved question as used; False if it was used before (a replay).

    ``cache.add`` is atomic in Redis and in the per-process cache, so of two identical
    posts racing each other only one wins. The mark outlives the token itself. It is kept
    with the rate limits, which refuse (503) while Redis is away (core/cache.py).
    """
    return caches["limits"].add(
        f"participation:challenge-used:{nonce}", 1, timeout=CHALLENGE_MAX_AGE + 60
    )


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
            self.new_question()
        else:
            self.initial["challenge"] = token
            self._ask(signed[0], signed[1])
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def new_question(self) -> None:
        """Ask a fresh question; a bound form keeps the visitor's text, only the answer goes."""
        token, a, b = new_challenge()
        self.initial["challenge"] = token
        if self.is_bound:
            self.data = self.data.copy()
            self.data["challenge"] = token
            self.data["answer"] = ""
        self._ask(a, b)

    def _ask(self, a: int, b: int) -> None:
        self.fields["answer"].label = _("Anti-spam question: what is %(a)s plus %(b)s?") % {
            "a": a,
            "b": b,
        }

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
        if len(signed) != 4:
            # Signed by an older version, without a nonce: it cannot be made single-use.
            self.new_question()
            raise forms.ValidationError(
                _("The form has expired. Please answer the new question and send it again.")
            )
        a, b, shown_at, nonce = signed
        if time.time() - shown_at < settings.PARTICIPATION_MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("That was sent very quickly. Please check the form and send it again.")
            )
        if cleaned.get("answer") is not None and cleaned["answer"] != a + b:
            self.add_error("answer", _("That is not the right answer. Please try again."))
        # Claimed last, once everything else holds: a form sent back for a typo keeps its
        # question, and only a complete, valid submission uses it up.
        if not self.errors and not challenge_claim(nonce):
            self.new_question()
            raise forms.ValidationError(
                _(
                    "This form was already sent once. Please answer the new question and send "
                    "it again."
                )
            )
        return cleaned


def over_rate_limit(request: HttpRequest, *, group: str, email: str) -> bool:
    """Count one submission from this address and this e-mail; True if either is over."""
    by_ip = is_ratelimited(
        request,
        group=f"{group}:ip",
        key=client_ip_key,
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
