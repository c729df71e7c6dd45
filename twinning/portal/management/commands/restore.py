from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from twinning.core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup archive into a new, empty database (it runs migrate first)."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="restore into a database that already holds rows (same ids are overwritten)",
        )

    def handle(self, *args, archive: Path, force: bool, **options):
        call_command("migrate", interactive=False, verbosity=0)
        try:
            report = backup_restore(source=archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"restored {sum(report.rows.values())} rows and {report.files} files")
