from django.core.management.base import BaseCommand

from twinning.accounts.rules import system_actor
from twinning.participation.services import participation_purge


class Command(BaseCommand):
    help = (
        "Delete unpublished messages and closed reports older than their retention period "
        "(PARTICIPATION_MESSAGE_RETENTION_DAYS, PARTICIPATION_REPORT_RETENTION_DAYS). "
        "Run it daily, e.g. from cron."
    )

    def handle(self, *args, **options):
        counts = participation_purge(actor=system_actor())
        self.stdout.write("Deleted {messages} message(s) and {reports} report(s).".format(**counts))
