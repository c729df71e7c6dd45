"""A person's delegation memberships (personal-data registry)."""

from twinning.core.personal_data import Erasure
from twinning.core.templatetags.twinning import translated_value
from twinning.delegations.models import Contact, Member


def export(user, *, actor) -> dict:
    return {"memberships": _memberships(user), "contact_for": _contacts(user)}


def _contacts(user) -> list[dict]:
    """A delegation's contact people are not accounts: the same address is the same person."""
    return [
        {
            "delegation": contact.delegation.slug,
            "name": contact.name,
            "role": contact.role,
            "email": contact.email,
            "phone": contact.phone,
        }
        for contact in Contact.objects.filter(email__iexact=user.email).select_related("delegation")
    ]


def _memberships(user) -> list[dict]:
    return [
        {
            "delegation": member.delegation.slug,
            "delegation_title": translated_value(member.delegation, "title")[0],
            "role": member.role,
            "confirmed": member.confirmed,
            "organisation": member.organisation,
            "job_title": member.job_title,
            "phone": member.phone,
        }
        for member in Member.objects.filter(user=user).select_related("delegation")
    ]


def erase(user, *, actor) -> Erasure:
    erasure = Erasure()
    members, _detail = Member.objects.filter(user=user).delete()
    erasure.count("delegations.Member", members)
    contacts, _detail = Contact.objects.filter(email__iexact=user.email).delete()
    erasure.count("delegations.Contact", contacts)
    return erasure
