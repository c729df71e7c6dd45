"""Background work of the API (django-tasks; `twinning db_worker` runs it)."""

from django_tasks import task

from twinning.accounts.rules import system_actor
from twinning.api.services import webhook_deliver


@task()
def webhook_send(delivery_id: int) -> str:
    return webhook_deliver(delivery_id=delivery_id, actor=system_actor())
