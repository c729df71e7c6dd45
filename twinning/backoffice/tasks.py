"""Background work of the back office (django-tasks; `twinning db_worker` runs it).

Both tasks do their work once however often they run: an announcement's deliveries are
unique per person, and a transfer that is checked or done already is left alone. A transfer
runs in two steps when it is an import: the check (a report, nothing written), then, once
its starter confirms, the import itself.
"""

import logging

from django.core.exceptions import ValidationError
from django.utils.translation import override
from django_tasks import task

from twinning.accounts.rules import system_actor
from twinning.backoffice import datasets, services
from twinning.backoffice.models import Announcement, Transfer

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 200


@task()
def announcement_send(announcement_id: int) -> int:
    announcement = Announcement.objects.filter(pk=announcement_id).first()
    if announcement is None:
        return 0
    return services.announcement_deliver(actor=system_actor(), announcement=announcement)


def transfer_execute(transfer: Transfer) -> Transfer:
    """Check an uploaded import, or run an export or a confirmed import, as its starter;
    the report (of the check, then of the import) and the file are kept."""
    if transfer.status in (Transfer.Status.DONE, Transfer.Status.FAILED, Transfer.Status.CHECKED):
        return transfer
    actor = transfer.created_by
    spec = datasets.get(transfer.dataset)

    def progress(done: int, total: int) -> None:
        services.transfer_progress(actor=actor, transfer=transfer, done=done, total=total)

    try:
        with override(actor.preferred_language):
            if transfer.status == Transfer.Status.CHECKING:
                return services.transfer_check(actor=actor, transfer=transfer, progress=progress)
            if transfer.kind == Transfer.Kind.EXPORT:
                header, total, rows = spec.table(actor, transfer.delegation)
                progress(0, total)
                content = datasets.write_file(
                    header,
                    _counted(rows, progress, total),
                    file_format=transfer.format,
                    title=transfer.delegation.slug if transfer.delegation else spec.key,
                )
                return services.transfer_finish(
                    actor=actor, transfer=transfer, content=content, report=[]
                )
            rows = datasets.read_file(bytes(transfer.content), file_format=transfer.format)
            progress(0, len(rows))
            report = spec.importer(
                actor=actor,
                delegation=transfer.delegation,
                rows=rows,
                write=True,
                progress=progress,
            )
            return services.transfer_finish(
                actor=actor, transfer=transfer, content=None, report=report
            )
    except ValidationError as error:
        return services.transfer_finish(
            actor=actor, transfer=transfer, content=None, report=[], error=" ".join(error.messages)
        )


def _counted(rows, progress, total):
    for done, row in enumerate(rows, start=1):
        if done % PROGRESS_EVERY == 0:
            progress(done, total)
        yield row


@task()
def transfer_run(transfer_id: int) -> str:
    transfer = (
        Transfer.objects.select_related("created_by", "delegation").filter(pk=transfer_id).first()
    )
    if transfer is None:
        return "missing"
    return transfer_execute(transfer).status
