"""A person's delegation memberships (personal-data registry)."""

from twinning.core.personal_data import Erasure
from twinning.core.templatetags.twinning import translated_value
from twinning.delegations.models import Member


def export(user, *, actor) -> list[dict]:
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
    return erasure
