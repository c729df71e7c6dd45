"""Who writes and reads the audit log."""

import rules

from twinning.accounts.rules import add_model_perms, is_active_user, is_administrator

# Every active account (and the system actor) leaves a line for what its own gated
# action did; the line is written by that action's service, never on its own.
rules.add_perm("audit.record", is_active_user)

add_model_perms(
    "audit.auditentry",
    view=is_administrator,
    add=rules.always_deny,
    change=rules.always_deny,
    delete=rules.always_deny,
)
