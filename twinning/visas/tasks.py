from django_tasks import task

from twinning.accounts.rules import system_actor
from twinning.visas.services import passport_purge


@task()
def visas_purge() -> dict[str, int]:
    """The scheduled job: delete passport data whose retention after the trip has run out."""
    return passport_purge(actor=system_actor())
