from django_tasks import task

from twinning.notifications.services import notification_deliver


@task()
def notification_send(notification_id: int) -> bool:
    return notification_deliver(notification_id=notification_id)
