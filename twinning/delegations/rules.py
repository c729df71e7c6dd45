"""Delegation actions for ``may(user, action, obj)``; the levels live in access.py."""

import rules

from twinning.accounts.rules import (
    add_model_perms,
    is_active_user,
    is_administrator,
    is_coordinator,
)
from twinning.delegations import access
from twinning.delegations.models import Audience


@rules.predicate
def can_view_delegation(user, delegation) -> bool:
    return access.can_see_delegation(user, delegation)


@rules.predicate
def can_view_session(user, session) -> bool:
    return access.reaches(user, session.delegation, session.audience)


@rules.predicate
def can_view_session_title(user, session) -> bool:
    return access.can_see_delegation(user, session.delegation) and (
        session.title_is_public or can_view_session(user, session)
    )


@rules.predicate
def can_view_document(user, document) -> bool:
    if document.session_id and not can_view_session(user, document.session):
        return False
    return access.reaches(user, document.delegation, document.audience)


@rules.predicate
def is_member_of(user, delegation) -> bool:
    return access.reaches(user, delegation, Audience.MEMBERS)


@rules.predicate
def coordinates(user, delegation) -> bool:
    return access.reaches(user, delegation, Audience.COORDINATORS)


@rules.predicate
def coordinates_delegation_of(user, obj) -> bool:
    """For an object of a delegation (an outcome, a member): the user coordinates it."""
    return obj is not None and coordinates(user, obj.delegation)


@rules.predicate
def is_own_membership(user, member) -> bool:
    return member is not None and is_active_user(user) and member.user_id == user.pk


rules.add_perm("delegations.see_delegation", can_view_delegation)
rules.add_perm("delegations.see_session_details", can_view_session)
rules.add_perm("delegations.see_session_title", can_view_session_title)
rules.add_perm("delegations.download_document", can_view_document)
rules.add_perm("delegations.view_attendees", is_member_of)
rules.add_perm("delegations.manage_delegation", coordinates)
# The member renews their own card address; the coordinators anyone's.
rules.add_perm("delegations.renew_card_token", is_own_membership | coordinates_delegation_of)
# A delegation's confirmed coordinators (and administrators) put its outcomes into the
# archive and publish them there in one step, whatever their site role: they answer for
# what their delegation achieved. The record is then an ordinary archive record, which
# moderators can hide or correct; the coordinators get no other right in the archive.
rules.add_perm("delegations.publish_outcome", coordinates_delegation_of)
# Recording an outcome (e.g. from a matchmaking meeting that found cooperation possible).
rules.add_perm("delegations.record_outcome", coordinates)
# A member prints their own badge; the coordinators print everyone's.
rules.add_perm("delegations.print_badge", is_own_membership | coordinates_delegation_of)
# The briefing book lists every attendee, so it goes to those who may see the attendees.
rules.add_perm("delegations.download_briefing_book", is_member_of)
# Membership follows a confirmed registration (the system actor) or a coordinator's decision.
rules.add_perm("delegations.confirm_member", coordinates | is_administrator)

for model in (
    "delegation",
    "venue",
    "aim",
    "fee",
    "member",
    "contact",
    "session",
    "document",
    "outcome",
):
    add_model_perms(
        f"delegations.{model}",
        view=is_coordinator,
        add=is_coordinator,
        change=is_coordinator,
        delete=is_administrator,
    )

# The background queue (briefing books being built) is read-only, and for administrators.
add_model_perms(
    "django_tasks_database.dbtaskresult",
    view=is_administrator,
    add=rules.always_deny,
    change=rules.always_deny,
    delete=rules.always_deny,
)
