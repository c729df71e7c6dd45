"""A task left running by a dead worker runs again, and its e-mail still goes out once."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from tests.accounts.factories import UserFactory
from twinning.notifications.services import notification_queue

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _abandoned(minutes_ago: float) -> DBTaskResult:
    """An e-mail's task, claimed by a worker that then died."""
    user = UserFactory()
    notification_queue(
        actor=user,
        key=f"test-{user.pk}",
        to=user,
        template="registrations/email/received",
        context={"name": "Li", "delegation": "Trip", "status": "S", "total": "$1", "url": "u"},
    )
    result = DBTaskResult.objects.get()
    result.claim("dead-worker")
    DBTaskResult.objects.filter(pk=result.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=minutes_ago)
    )
    return result


def test_an_abandoned_task_runs_again_and_sends_its_e_mail_once(mailoutbox):
    result = _abandoned(minutes_ago=11)

    call_command("tasks_recover")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    call_command("tasks_recover", "--stale-after", "0")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    result.refresh_from_db()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert len(mailoutbox) == 1


def test_a_task_still_running_recently_is_left_alone(mailoutbox):
    result = _abandoned(minutes_ago=1)

    call_command("tasks_recover")

    result.refresh_from_db()
    assert result.status == TaskResultStatus.RUNNING
