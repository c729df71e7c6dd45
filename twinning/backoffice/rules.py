"""Who may use the back office's dashboards, lists, transfers and announcements."""

import rules

from twinning.accounts.rules import add_model_perms, is_active_user, is_administrator
from twinning.delegations.models import Member
from twinning.delegations.rules import coordinates


@rules.predicate
def coordinates_announcement(user, announcement) -> bool:
    return announcement is not None and coordinates(user, announcement.delegation)


@rules.predicate
def started_transfer(user, transfer) -> bool:
    return transfer is not None and is_active_user(user) and transfer.created_by_id == user.pk


# A delegation's dashboard and working lists: its coordinators (and administrators).
rules.add_perm("backoffice.view_dashboard", coordinates)
# Announcements go to a delegation's people from its coordinators.
rules.add_perm("backoffice.announce", coordinates)
rules.add_perm("backoffice.see_announcement", coordinates_announcement)
# Sending the e-mails of an announcement is the background task's work (the system actor).
rules.add_perm("backoffice.deliver_announcement", is_administrator)
# A transfer (export or import) is its starter's: nobody else sees its file or report.
rules.add_perm("backoffice.see_transfer", started_transfer)
rules.add_perm("backoffice.run_transfer", started_transfer | is_administrator)

for model in ("announcement", "delivery", "transfer"):
    add_model_perms(
        f"backoffice.{model}",
        view=is_administrator,
        add=rules.always_deny,
        change=rules.always_deny,
        delete=is_administrator,
    )


@rules.predicate
def coordinates_a_delegation(user) -> bool:
    """A confirmed coordinator of at least one delegation (whatever their site role)."""
    return is_active_user(user) and (
        Member.objects.filter(user=user, role=Member.Role.COORDINATOR, confirmed=True).exists()
    )


# The audit log's search page: administrators read every line; a delegation's coordinators
# the lines about their delegations and about their own acts (backoffice/views_audit.py).
rules.add_perm("backoffice.search_audit_log", is_administrator | coordinates_a_delegation)
rules.add_perm("backoffice.read_whole_audit_log", is_administrator)
