import datetime

from django.core.management.base import BaseCommand

from twinning.core.tasks import STALE_AFTER, tasks_requeue_stale


class Command(BaseCommand):
    help = (
        "Run again the background tasks a dead worker left running: at each worker start and "
        "every few minutes (docs/deploy.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--stale-after",
            type=float,
            default=STALE_AFTER.total_seconds(),
            help="seconds after which a running task counts as abandoned (default: %(default)s)",
        )

    def handle(self, *args, stale_after: float, **options):
        count = tasks_requeue_stale(stale_after=datetime.timedelta(seconds=stale_after))
        if count or options["verbosity"] > 1:
            self.stdout.write(f"{count} abandoned task(s) queued again")
