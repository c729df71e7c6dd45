"""Who may see what of a delegation: one level per viewer, computed once per request.

Levels: PUBLIC (anyone), MEMBER (a confirmed delegate or presenter of this delegation),
COORDINATOR (a confirmed coordinator of this delegation, or an administrator). A session
or document is shown to viewers whose level reaches its audience.
"""

from twinning.accounts.models import Role
from twinning.delegations.models import Audience, Delegation, Member

PUBLIC, MEMBER, COORDINATOR = 0, 1, 2
REQUIRED = {Audience.PUBLIC: PUBLIC, Audience.MEMBERS: MEMBER, Audience.COORDINATORS: COORDINATOR}


def viewer_level(user, delegation: Delegation) -> int:
    if user is None or not user.is_authenticated or not user.is_active:
        return PUBLIC
    # The system actor (commands, tasks) holds every role, as in accounts.rules.has_role.
    if user.is_superuser or user.role in (Role.ADMINISTRATOR, Role.SYSTEM):
        return COORDINATOR
    cache = user.__dict__.setdefault("_delegation_levels", {})
    if delegation.pk not in cache:
        roles = set(
            Member.objects.filter(
                delegation_id=delegation.pk, user=user, confirmed=True
            ).values_list("role", flat=True)
        )
        cache[delegation.pk] = (
            COORDINATOR if Member.Role.COORDINATOR in roles else MEMBER if roles else PUBLIC
        )
    return cache[delegation.pk]


def can_see_delegation(user, delegation: Delegation) -> bool:
    return (
        delegation.status != Delegation.Status.DRAFT
        or viewer_level(user, delegation) == COORDINATOR
    )


def reaches(user, delegation: Delegation, audience: str) -> bool:
    return (
        can_see_delegation(user, delegation)
        and viewer_level(user, delegation) >= REQUIRED[audience]
    )
