"""Moderation and permission changes are all in the audit log: one line per act, with its
actor; a role changed by a claim, members changed in the admin, personal-data requests."""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import PermissionDenied

from tests.accounts.factories import UserFactory
from tests.audit.lines import only_line
from tests.delegations.factories import DelegationFactory
from tests.matchmaking.factories import CounterpartParticipantFactory
from tests.participation.factories import MessageFactory, ReportFactory
from tests.people.factories import PersonFactory
from twinning.accounts import services as account_services
from twinning.accounts.models import Role
from twinning.accounts.rules import system_actor
from twinning.audit.models import AuditEntry
from twinning.matchmaking import services as matchmaking_services
from twinning.participation import services as participation
from twinning.people import services as people_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    return UserFactory(role=Role.MODERATOR, is_staff=True)


@pytest.mark.parametrize(
    ("act", "action"),
    [
        (
            lambda m: participation.message_reply(message=MessageFactory(), body="Yes.", actor=m),
            "participation.reply",
        ),
        (
            lambda m: participation.message_close(message=MessageFactory(), actor=m),
            "participation.close",
        ),
        (
            lambda m: participation.report_start_review(report=ReportFactory(), actor=m),
            "participation.report_review",
        ),
        (
            lambda m: participation.report_notify_reporter(report=ReportFactory(), actor=m),
            "participation.report_notify",
        ),
        (
            lambda m: people_services.people_set_hidden(obj=PersonFactory(), hidden=True, actor=m),
            "people.hide",
        ),
    ],
)
def test_each_moderation_act_is_one_line_with_its_moderator(moderator, act, action):
    act(moderator)

    assert only_line(action).actor == moderator


def test_the_purge_of_old_messages_and_reports_is_one_line():
    participation.participation_purge(actor=system_actor())

    line = only_line("participation.purge")
    assert (line.actor, line.data) == (system_actor(), {"messages": 0, "reports": 0})


def test_a_refused_moderation_act_leaves_no_line():
    with pytest.raises(PermissionDenied):
        participation.message_close(message=MessageFactory(), actor=UserFactory())

    assert AuditEntry.objects.count() == 0


def test_a_claim_that_makes_a_visitor_a_counterpart_is_logged_with_both_roles():
    visitor = UserFactory(role=Role.VISITOR)
    counterpart = CounterpartParticipantFactory(user=None)

    matchmaking_services.profile_claim(
        actor=visitor, participant=counterpart, token=counterpart.claim_token
    )

    line = only_line("matchmaking.profile_claimed")
    assert (line.actor, line.delegation_id, line.data) == (
        visitor,
        counterpart.delegation_id,
        {"role_from": Role.VISITOR, "role_to": Role.COUNTERPART},
    )


def test_members_changed_on_the_delegations_admin_page_are_logged_without_names():
    admin = UserFactory(role=Role.ADMINISTRATOR, is_staff=True)
    delegation = DelegationFactory()

    LogEntry.objects.log_actions(
        admin.pk,
        [delegation],
        CHANGE,
        change_message=[
            {"changed": {"name": "member", "object": "Dana Miller", "fields": ["Role"]}},
            {"added": {"name": "member", "object": "Wang Fang"}},
        ],
        single_object=True,
    )

    line = only_line("delegations.members_changed_in_admin")
    assert (line.actor, line.delegation_id, line.data) == (
        admin,
        delegation.pk,
        {
            "members": [
                {"change": "changed", "fields": ["Role"]},
                {"change": "added", "fields": []},
            ]
        },
    )
    assert "Dana" not in str(line.data)


def test_a_delegation_changed_in_the_admin_without_its_members_is_not_a_permission_line():
    admin = UserFactory(role=Role.ADMINISTRATOR, is_staff=True)

    LogEntry.objects.log_actions(
        admin.pk,
        [DelegationFactory()],
        CHANGE,
        change_message=[{"changed": {"fields": ["Title"]}}],
        single_object=True,
    )

    assert not AuditEntry.objects.filter(action="delegations.members_changed_in_admin").exists()


def test_a_personal_data_export_is_logged_with_who_asked():
    user = UserFactory()

    account_services.personal_data_export(user=user, actor=user)

    line = only_line("accounts.personal_data_export")
    assert (line.actor, line.data) == (user, {"account": user.pk})
