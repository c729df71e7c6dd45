"""The one place that answers "may this user do this action on this object".

Every view, download and API call asks ``may(user, action, obj)``; each app adds its own
actions in its ``rules.py`` with predicates built from the ones here.
"""

import rules
from django.core.exceptions import PermissionDenied
from rules.permissions import permissions

from twinning.accounts.models import SYSTEM_EMAIL, Role, User


@rules.predicate
def is_active_user(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def has_role(*roles: Role):
    names = frozenset(roles)

    @rules.predicate(name=f"has_role({','.join(sorted(names))})")
    def predicate(user) -> bool:
        if not is_active_user(user):
            return False
        # The system actor (commands, imports, tasks) holds every role: whoever runs a
        # command has the server's shell already. It can never sign in (no password).
        return user.is_superuser or user.role in names or user.role == Role.SYSTEM

    return predicate


is_administrator = has_role(Role.ADMINISTRATOR)
is_coordinator = has_role(Role.COORDINATOR, Role.ADMINISTRATOR)
is_moderator = has_role(Role.MODERATOR, Role.ADMINISTRATOR)
is_back_office = has_role(Role.COORDINATOR, Role.MODERATOR, Role.ADMINISTRATOR)


@rules.predicate
def is_self(user, target) -> bool:
    return is_active_user(user) and target is not None and user.pk == target.pk


rules.add_perm("backoffice.access", is_back_office)
rules.add_perm("accounts.manage_users", is_administrator)
# Anyone may create their own account (signed-in people need none).
rules.add_perm("accounts.sign_up", ~is_active_user)
# A set-up link goes to the account's own address, asked by itself or by an administrator.
rules.add_perm("accounts.send_totp_enrolment_link", is_self | is_administrator)
# A person's data: the person downloads it; an administrator exports or erases it on request.
rules.add_perm("accounts.export_personal_data", is_self | is_administrator)
rules.add_perm("accounts.erase_personal_data", is_administrator)


def add_model_perms(model_label: str, *, view, add, change, delete) -> None:
    """Declare who may view, add, change and delete a model (the admin asks these).

    ``model_label`` is "app_label.modelname"; the app itself becomes visible in the
    admin to whoever may view any of its models.
    """
    app_label, model_name = model_label.split(".")
    for action, predicate in (("view", view), ("add", add), ("change", change), ("delete", delete)):
        rules.add_perm(f"{app_label}.{action}_{model_name}", predicate)
    module = permissions.get(app_label)
    rules.set_perm(app_label, view if module is None else module | view)


def may(user, action: str, obj=None) -> bool:
    """True when ``user`` may perform ``action`` (a rules permission name) on ``obj``."""
    # The named rule itself, not User.has_perm: that says yes to a superuser for every
    # action, which would override the rules that leave administrators out on purpose
    # (passport data and visa letters, someone else's waiting-list place). The rules
    # grant administrators what they should have (has_role, delegations.access).
    return bool(user) and rules.has_perm(action, user, obj)


def require(actor: User, action: str, obj=None) -> None:
    """The one permission gate of every write: refuse unless ``actor`` may do ``action``.

    There is no "no actor" case: a missing actor is refused like any other, so a caller
    that forgets to pass one fails loudly instead of skipping the check. Commands and
    tasks pass ``system_actor()``.
    """
    if actor is None:
        raise PermissionDenied(f"{action}: no actor")
    if not rules.perm_exists(action):
        # A typo in an action name must not read as "nobody may": it is a programming error.
        raise LookupError(f"Unknown action {action!r}: declare it in an app's rules.py")
    if not may(actor, action, obj):
        raise PermissionDenied(action)


def system_actor() -> User:
    """The account that management commands, imports and background tasks act as.

    Created on first use; recorded as the author of what it writes (revisions, later the
    audit log). Its password is unusable, so nobody can sign in as it.
    """
    user = User.objects.filter(email=SYSTEM_EMAIL).first()
    if user is None:
        user, _created = User.objects.get_or_create(
            email=SYSTEM_EMAIL,
            defaults={"full_name": "Twinning (system)", "role": Role.SYSTEM, "is_active": True},
        )
        if _created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
    return user


# Requests are written by the services alone; administrators read them in the admin.
add_model_perms(
    "accounts.personaldatarequest",
    view=is_administrator,
    add=rules.always_deny,
    change=rules.always_deny,
    delete=rules.always_deny,
)
