"""A delegate's digital business card (vCard 3.0), the target of the QR code on their badge.

The card is public to whoever holds its address: the token is unguessable and printed on
the badge precisely so that counterparts can scan it and keep the delegate's details.
"""

import vobject
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from twinning.accounts.models import User
from twinning.accounts.rules import require
from twinning.core.translation_fields import all_languages, language_codes
from twinning.delegations.models import Member, new_token


def card_url(member: Member, language: str | None = None) -> str:
    """The absolute address of the member's vCard (in ``language``'s URL prefix)."""
    language = language if language in language_codes() else None
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        path = reverse("delegations:card", kwargs={"token": member.card_token})
    return settings.TWINNING_BASE_URL + path


def _titles(delegation) -> list[str]:
    # Every language: the card is exchanged between the two cities.
    return list(dict.fromkeys(all_languages(delegation, "title")))


def vcard_for(member: Member) -> str:
    user, delegation = member.user, member.delegation
    name = user.full_name or user.email
    card = vobject.vCard()
    card.add("fn").value = name
    # Names are not split into given and family names: the order differs between the two
    # languages, and a wrong guess is worse than the whole name in one field.
    card.add("n").value = vobject.vcard.Name(family=name)
    if member.organisation:
        card.add("org").value = [member.organisation]
    if member.job_title:
        card.add("title").value = member.job_title
    email = card.add("email")
    email.value = user.email
    email.type_param = "INTERNET"
    if member.phone:
        phone = card.add("tel")
        phone.value = member.phone
        phone.type_param = "WORK"
    dates = f"{delegation.travel_start.isoformat()} – {delegation.travel_end.isoformat()}"
    card.add("note").value = " / ".join(_titles(delegation)) + f" ({dates})"
    return card.serialize()


@transaction.atomic
def member_card_token_renew(*, actor: User, member: Member) -> Member:
    """Revoke the card's address (a lost badge) and give it a new one.

    Badges printed from now on carry the new address; the old one is 404 at once.
    """
    require(actor, "delegations.renew_card_token", member)
    member.card_token = new_token()
    member.save(update_fields=["card_token"])
    return member
