"""Background work of the matchmaking (django-tasks; `twinning db_worker` runs it)."""

# -- flow: schedule runs ---------------------------------------------------------------------
from django_tasks import task

from twinning.accounts.rules import system_actor
from twinning.matchmaking.models import ScheduleRun


@task()
def schedule_run(run_id: int) -> str | None:
    """Do a queued schedule run (full or repair); its status afterwards."""
    from twinning.matchmaking import services

    run = ScheduleRun.objects.select_related("delegation").filter(pk=run_id).first()
    if run is None:
        return None
    return services.schedule_run_execute(actor=system_actor(), run=run).status
