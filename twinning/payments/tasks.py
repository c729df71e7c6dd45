from django_tasks import task

from twinning.accounts.rules import system_actor
from twinning.payments.services import reminders_send


@task()
def payments_remind(days: int = 5) -> int:
    """The scheduled reminder: registrants who still owe, their deadline within ``days``."""
    return reminders_send(actor=system_actor(), days=days)
