from django.core.management.base import BaseCommand

from twinning.accounts.rules import system_actor
from twinning.visas.rotation import rotate_keys


class Command(BaseCommand):
    help = (
        "Re-encrypt all passport data with the first key of TWINNING_FIELD_KEYS. "
        "Afterwards the older keys can be removed from the list."
    )

    def handle(self, *args, **options):
        counts = rotate_keys(actor=system_actor())
        self.stdout.write(
            "Re-encrypted {passports} passport record(s) and {letters} letter(s).".format(**counts)
        )
