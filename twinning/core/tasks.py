"""Background tasks left "running" by a worker that died are run again.

django-tasks-db marks a task RUNNING when a worker claims it and never looks at it again:
a worker killed mid-task (a deploy, a crash, the machine) leaves it so for ever. A task
running for longer than any task takes is therefore put back in the queue. This is safe
because every task of the project does its work once however often it runs (the outbox
marks an e-mail sent under a row lock; a briefing book replaces the previous one), and a
live worker still on a slow task merely repeats work.
"""

import datetime

from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

STALE_AFTER = datetime.timedelta(minutes=10)


def tasks_requeue_stale(*, stale_after: datetime.timedelta = STALE_AFTER, now=None) -> int:
    """Put tasks claimed longer than ``stale_after`` ago back in the queue; how many."""
    now = now or timezone.now()
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=now - stale_after
    ).update(status=TaskResultStatus.READY, run_after=now)
