"""Who may register, manage registrations and use the waiting list."""

import rules

from twinning.accounts.rules import add_model_perms, is_active_user, is_administrator
from twinning.delegations.rules import coordinates


@rules.predicate
def is_registrant(user, registration) -> bool:
    return bool(registration is not None and registration.user_id == user.pk)


@rules.predicate
def coordinates_registration(user, registration) -> bool:
    return registration is not None and coordinates(user, registration.delegation)


@rules.predicate
def is_waiting(user, entry) -> bool:
    return bool(entry is not None and entry.user_id == user.pk)


# Anyone signed in may ask for a seat; whether the delegation still takes registrations
# is a business rule of the service (it answers with a reason, not a bare refusal).
rules.add_perm("registrations.register", is_active_user)
rules.add_perm("registrations.join_waiting_list", is_active_user)
rules.add_perm(
    "registrations.see_registration", is_active_user & (is_registrant | coordinates_registration)
)
rules.add_perm(
    "registrations.cancel_registration", is_active_user & (is_registrant | coordinates_registration)
)
rules.add_perm("registrations.decide_registration", coordinates_registration)
rules.add_perm("registrations.manage_registrations", coordinates)
rules.add_perm("registrations.leave_waiting_list", is_active_user & is_waiting)
rules.add_perm("registrations.accept_offer", is_active_user & is_waiting)
# Expiring holds and offers is the scheduler's work (the system actor).
rules.add_perm("registrations.expire", is_administrator)
# A payment confirms: recorded by a coordinator, or matched by the system from a statement.
rules.add_perm("registrations.mark_paid", coordinates_registration | is_administrator)

for model in (
    "registrationpolicy",
    "cancellationrule",
    "discountcode",
    "registration",
    "waitinglistentry",
    "waitinglistevent",
):
    add_model_perms(
        f"registrations.{model}",
        view=is_administrator,
        add=is_administrator,
        change=is_administrator,
        delete=is_administrator,
    )
