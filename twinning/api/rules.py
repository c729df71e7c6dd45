"""Who may hold API tokens and who may manage webhooks.

What a token may then read or write is asked of the same rules as the web pages, for its
owner and object by object (twinning/api/auth.py); the scopes only narrow it further.
"""

import rules

from twinning.accounts.rules import (
    add_model_perms,
    is_active_user,
    is_administrator,
    is_back_office,
)


@rules.predicate
def coordinates_a_delegation(user) -> bool:
    """A confirmed coordinator of some delegation, whatever their site role."""
    from twinning.delegations.models import Member

    return (
        is_active_user(user)
        and Member.objects.filter(user=user, role=Member.Role.COORDINATOR, confirmed=True).exists()
    )


@rules.predicate
def owns_token(user, token) -> bool:
    return token is not None and is_active_user(user) and token.owner_id == user.pk


# Staff (coordinators, moderators, administrators) and the coordinators of a delegation
# make tokens for their own account.
rules.add_perm("api.create_token", is_back_office | coordinates_a_delegation)
rules.add_perm("api.revoke_token", owns_token | is_administrator)
# Webhooks send data outside: administrators only.
rules.add_perm("api.manage_webhooks", is_administrator)
# Delivering a webhook is the worker's work (the system actor).
rules.add_perm("api.deliver_webhook", is_administrator)

for model in ("apitoken", "idempotentrequest", "webhooksubscription", "webhookdelivery"):
    add_model_perms(
        f"api.{model}",
        view=is_administrator,
        add=is_administrator,
        change=is_administrator,
        delete=is_administrator,
    )
