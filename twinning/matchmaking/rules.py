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


# -- agenda: agendas, the grid, publication, the day itself --------------------------------
@rules.predicate
def agenda_is_published(user, participant) -> bool:
    """Participants see nothing of their agenda while it is a draft."""
    policy = getattr(participant.delegation, "matchmaking_policy", None)
    return policy is not None and policy.agenda_status != "draft"


@rules.predicate
def is_party_to_meeting(user, meeting) -> bool:
    return meeting is not None and (
        is_own_participant(user, meeting.participant_a)
        or is_own_participant(user, meeting.participant_b)
    )


@rules.predicate
def is_own_interpreter(user, interpreter) -> bool:
    return interpreter is not None and is_active_user(user) and interpreter.user_id == user.pk


# A participant's agenda: their own once published; the coordinators' always.
rules.add_perm(
    "matchmaking.see_agenda",
    (is_own_participant & agenda_is_published) | coordinates_participant,
)
rules.add_perm("matchmaking.see_interpreter_agenda", is_own_interpreter | coordinates_delegation_of)
rules.add_perm("matchmaking.publish_agenda", coordinates)
# The secret agenda address of a participant without an account is renewed by coordinators.
rules.add_perm("matchmaking.renew_agenda_link", coordinates_participant)
rules.add_perm("matchmaking.see_grid", coordinates)
rules.add_perm("matchmaking.move_meeting", coordinates_delegation_of)
rules.add_perm("matchmaking.lock_meeting", coordinates_delegation_of)
# One meeting called off (a side cannot come then): like moves and locks.
rules.add_perm("matchmaking.cancel_meeting", coordinates_delegation_of)
# Check-in: the coordinators at the desk, or either participant at the table.
rules.add_perm("matchmaking.check_in", coordinates_delegation_of | is_party_to_meeting)
# No-shows are recorded by the coordinators.
rules.add_perm("matchmaking.record_attendance", coordinates_delegation_of)
# Feedback is given by a side of the meeting for itself (obj: that participant).
rules.add_perm("matchmaking.give_feedback", is_own_participant)
rules.add_perm("matchmaking.see_outcomes", coordinates)
