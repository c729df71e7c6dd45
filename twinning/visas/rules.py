"""Who may see and change passport data, travel details and visa letters.

Passport data is for the delegate themself and the delegation's own coordinators only: a
site administrator who does not coordinate the delegation is not among them (unlike
other coordinator actions, ``delegations.rules.coordinates``). Commands, tasks and the
demo act as the system actor.
"""

import rules

from twinning.accounts.models import Role
from twinning.accounts.rules import add_model_perms, is_active_user, is_administrator
from twinning.delegations.models import Member
from twinning.registrations.models import Registration
from twinning.registrations.rules import is_registrant


@rules.predicate
def is_system(user) -> bool:
    return bool(is_active_user(user) and user.role == Role.SYSTEM)


def _coordinates_itself(user, delegation) -> bool:
    if not is_active_user(user) or delegation is None:
        return False
    cache = user.__dict__.setdefault("_visa_coordinates", {})
    if delegation.pk not in cache:
        cache[delegation.pk] = Member.objects.filter(
            delegation_id=delegation.pk, user=user, confirmed=True, role=Member.Role.COORDINATOR
        ).exists()
    return cache[delegation.pk]


@rules.predicate
def coordinates_delegation(user, delegation) -> bool:
    return _coordinates_itself(user, delegation)


@rules.predicate
def coordinates_registration(user, registration) -> bool:
    return registration is not None and _coordinates_itself(user, registration.delegation)


@rules.predicate
def is_confirmed(user, registration) -> bool:
    return registration is not None and registration.status == Registration.Status.CONFIRMED


own_or_coordinated = is_active_user & (is_registrant | coordinates_registration)

rules.add_perm("visas.read_passport", own_or_coordinated | is_system)
rules.add_perm("visas.edit_passport", is_confirmed & ((is_active_user & is_registrant) | is_system))
rules.add_perm("visas.see_travel", own_or_coordinated)
rules.add_perm("visas.edit_travel", is_confirmed & is_active_user & is_registrant)
rules.add_perm("visas.manage_visas", coordinates_delegation)
rules.add_perm("visas.issue_letter", coordinates_registration | is_system)
rules.add_perm("visas.revoke_letter", coordinates_registration)
rules.add_perm("visas.read_letter", own_or_coordinated)
rules.add_perm("visas.purge", is_system)
rules.add_perm("visas.rotate_keys", is_system)

# The admin shows the access log and the letters' numbers, never passport data.
for model in ("passportrecord", "visaletter", "passportaccess", "traveldetails"):
    add_model_perms(
        f"visas.{model}",
        view=is_administrator,
        add=rules.always_deny,
        change=rules.always_deny,
        delete=rules.always_deny,
    )
add_model_perms(
    "visas.hostorganisation",
    view=is_administrator,
    add=is_administrator,
    change=is_administrator,
    delete=is_administrator,
)
