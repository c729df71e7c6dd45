from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils import timezone

from twinning.core.backup import backup_write


class Command(BaseCommand):
    help = "Write every database row and stored file to one .tar.gz archive (docs/deploy.md)."

    def add_arguments(self, parser):
        parser.add_argument(
            "-o",
            "--output",
            type=Path,
            default=None,
            help="archive to write (default: twinning-backup-<UTC time>.tar.gz here)",
        )

    def handle(self, *args, output: Path | None, **options):
        output = output or Path(f"twinning-backup-{timezone.now():%Y%m%dT%H%M%SZ}.tar.gz")
        manifest = backup_write(output=output)
        self.stdout.write(
            f"{output}: {sum(manifest['rows'].values())} rows, {len(manifest['files'])} files"
        )
