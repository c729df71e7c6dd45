"""Who may see the directory, keep a profile, ask to meet and run the schedule.

Each stream of the matchmaking work adds its actions below in its own block; the
predicates here are shared.
"""

import rules

from twinning.accounts.rules import add_model_perms, is_active_user, is_administrator
from twinning.delegations.rules import coordinates, is_member_of


@rules.predicate
def is_own_participant(user, participant) -> bool:
    """The participant is this user: a delegate's membership, or a claimed profile."""
    if participant is None or not is_active_user(user):
        return False
    if participant.user_id == user.pk:
        return True
    return participant.member_id is not None and participant.member.user_id == user.pk


@rules.predicate
def coordinates_participant(user, participant) -> bool:
    return participant is not None and coordinates(user, participant.delegation)


@rules.predicate
def coordinates_delegation_of(user, obj) -> bool:
    """For any matchmaking row with a ``delegation``: the user coordinates it."""
    return obj is not None and coordinates(user, obj.delegation)


@rules.predicate
def takes_part_in(user, delegation) -> bool:
    """A confirmed member, or a counterpart whose claimed profile is in this delegation."""
    if delegation is None or not is_active_user(user):
        return False
    return is_member_of(user, delegation) or delegation.participants.filter(user=user).exists()


# -- shared actions ----------------------------------------------------------------------
rules.add_perm("matchmaking.manage", coordinates)

for model in (
    "sector",
    "matchmakingpolicy",
    "participant",
    "slot",
    "interpreter",
    "meetingrequest",
    "schedulerun",
    "meeting",
    "feedback",
):
    add_model_perms(
        f"matchmaking.{model}",
        view=is_administrator,
        add=is_administrator,
        change=is_administrator,
        delete=is_administrator,
    )


# -- profiles: profiles, directory, suggestions, counterparts' import and claim --
from twinning.accounts.rules import is_coordinator  # noqa: E402
from twinning.delegations.models import Member  # noqa: E402


@rules.predicate
def takes_part_in_delegation_of(user, participant) -> bool:
    """The user may read this participant's delegation's directory."""
    return participant is not None and takes_part_in(user, participant.delegation)


@rules.predicate
def keeps_own_delegate_profile(user, member) -> bool:
    """A confirmed delegate's own membership: they may keep a profile for it."""
    return (
        member is not None
        and is_active_user(user)
        and member.user_id == user.pk
        and member.confirmed
        and member.role == Member.Role.DELEGATE
    )


@rules.predicate
def coordinates_delegation_of_member(user, member) -> bool:
    return member is not None and coordinates(user, member.delegation)


@rules.predicate
def claimable(user, participant) -> bool:
    """A counterpart or office profile that nobody has claimed: any signed-in account that
    holds its secret link may take it (the service checks the link)."""
    return (
        participant is not None
        and is_active_user(user)
        and participant.kind != "delegate"
        and participant.user_id is None
    )


# The directory and the profiles: the delegation's coordinators, its confirmed members and
# the counterparts whose claimed profile is in it. Nobody else learns they exist (404).
rules.add_perm("matchmaking.see_directory", coordinates | takes_part_in)
rules.add_perm("matchmaking.see_profile", coordinates_participant | takes_part_in_delegation_of)
rules.add_perm("matchmaking.edit_profile", is_own_participant | coordinates_participant)
rules.add_perm(
    "matchmaking.start_delegate_profile",
    keeps_own_delegate_profile | coordinates_delegation_of_member,
)
# Counterparts often never sign in: the coordinators keep, import and invite them.
rules.add_perm("matchmaking.manage_counterparts", coordinates)
rules.add_perm("matchmaking.invite_counterpart", coordinates_participant)
rules.add_perm("matchmaking.claim_profile", claimable)
# The back office's "Counterparts" entry: who coordinates some delegation.
rules.add_perm("matchmaking.open_counterparts", is_coordinator)


# -- flow: requests, schedule runs, late cancellations --------------------------------------
@rules.predicate
def is_own_target(user, request) -> bool:
    return request is not None and is_own_participant(user, request.target)


@rules.predicate
def is_own_requester(user, request) -> bool:
    return request is not None and is_own_participant(user, request.requester)


# Ask (or say "no, thanks") as this participant: the participant themself, or a
# coordinator on their behalf. Meetings with a government office: coordinators only (the
# service checks "matchmaking.arrange_official_meeting" as well).
rules.add_perm("matchmaking.request_meeting", is_own_participant | coordinates_participant)
rules.add_perm("matchmaking.arrange_official_meeting", coordinates_participant)
rules.add_perm("matchmaking.answer_request", is_own_target | coordinates_delegation_of)
rules.add_perm("matchmaking.withdraw_request", is_own_requester | coordinates_delegation_of)
rules.add_perm("matchmaking.see_requests", takes_part_in | coordinates)
rules.add_perm("matchmaking.manage_requests", coordinates)
# Expiring unanswered requests: the scheduled job (the system actor) or a coordinator.
rules.add_perm("matchmaking.expire_requests", coordinates | is_administrator)
rules.add_perm("matchmaking.run_schedule", coordinates)
rules.add_perm("matchmaking.withdraw_participant", coordinates_participant)
