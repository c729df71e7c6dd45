from django.core.management.base import BaseCommand

from twinning.accounts.rules import system_actor
from twinning.visas.services import passport_purge


class Command(BaseCommand):
    help = (
        "Delete passport data, and the visa letters' copies of it, once "
        "VISAS_PASSPORT_RETENTION_DAYS have passed since the trip ended. Run it daily."
    )

    def handle(self, *args, **options):
        counts = passport_purge(actor=system_actor())
        self.stdout.write(
            "Deleted {passports} passport record(s); cleared {letters} letter(s).".format(**counts)
        )
