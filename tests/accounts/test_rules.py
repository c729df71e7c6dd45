import pytest
from django.contrib.auth.models import AnonymousUser

from tests.accounts.factories import UserFactory
from twinning.accounts.models import Role
from twinning.accounts.rules import may

# The system actor (commands, imports, tasks) holds every role.
BACK_OFFICE = {Role.COORDINATOR, Role.MODERATOR, Role.ADMINISTRATOR, Role.SYSTEM}


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_only_back_office_roles_may_enter_the_back_office(role):
    user = UserFactory(role=role)

    assert may(user, "backoffice.access") is (role in BACK_OFFICE)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(Role))
def test_only_administrators_may_manage_users(role):
    user = UserFactory(role=role)

    assert may(user, "accounts.manage_users") is (role in {Role.ADMINISTRATOR, Role.SYSTEM})


def test_anonymous_visitor_may_do_nothing_protected():
    assert may(AnonymousUser(), "backoffice.access") is False


@pytest.mark.django_db
def test_deactivated_coordinator_loses_access():
    user = UserFactory(role=Role.COORDINATOR, is_active=False)

    assert may(user, "backoffice.access") is False


@pytest.mark.django_db
def test_superuser_may_do_everything():
    user = UserFactory(is_superuser=True)

    assert may(user, "accounts.manage_users")
