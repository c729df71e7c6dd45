"""The one permission gate: ``require`` refuses a missing actor and unknown actions."""

import pytest
from django.core.exceptions import PermissionDenied

from tests.accounts.factories import UserFactory
from twinning.accounts.models import Role
from twinning.accounts.rules import may, require, system_actor

pytestmark = pytest.mark.django_db


def test_require_refuses_a_missing_actor():
    with pytest.raises(PermissionDenied):
        require(None, "backoffice.access")


def test_require_refuses_an_actor_without_the_right():
    with pytest.raises(PermissionDenied):
        require(UserFactory(role=Role.VISITOR), "backoffice.access")


def test_require_accepts_an_actor_with_the_right():
    require(UserFactory(role=Role.COORDINATOR), "backoffice.access")


def test_an_unknown_action_is_a_programming_error_not_a_refusal():
    with pytest.raises(LookupError):
        require(UserFactory(role=Role.ADMINISTRATOR), "backoffice.acess")


def test_the_system_actor_is_one_account_that_cannot_sign_in():
    actor = system_actor()
    assert system_actor().pk == actor.pk
    assert actor.is_system
    assert not actor.has_usable_password()
    assert may(actor, "backoffice.access")


def test_a_superuser_gets_what_the_rules_grant_and_no_more(db):
    """Django's User.has_perm says yes to a superuser for everything; the gate asks the rule."""
    from tests.visas.factories import RegistrationFactory

    registration = RegistrationFactory()
    superuser = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)

    assert may(superuser, "registrations.decide_registration", registration)
    assert not may(superuser, "visas.read_passport", registration)
    with pytest.raises(PermissionDenied):
        require(superuser, "visas.read_letter", registration)


@pytest.mark.parametrize(
    "permission",
    [
        "pages.delete_pageversion",
        "pages.change_pageversion",
        "pages.delete_consentrecord",
        "visas.delete_passportaccess",
        "visas.change_passportrecord",
        "django_tasks_database.change_dbtaskresult",
    ],
)
def test_what_the_rules_refuse_everyone_a_superuser_may_not_do_in_the_admin_either(permission):
    superuser = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)

    assert not superuser.has_perm(permission)


def test_a_superuser_keeps_what_the_rules_give_administrators_and_undeclared_permissions():
    superuser = UserFactory(role=Role.ADMINISTRATOR, is_staff=True, is_superuser=True)

    assert superuser.has_perm("pages.view_pageversion")
    assert superuser.has_perm("accounts.manage_users")
    assert superuser.has_perm("auth.change_group")  # no rule: Django's own answer
