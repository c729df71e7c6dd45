from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from twinning.exchanges.exporting import exchanges_export_csv, exchanges_export_json
from twinning.exchanges.models import Exchange

EXPORTS = {"csv": exchanges_export_csv, "json": exchanges_export_json}


class Command(BaseCommand):
    help = (
        "Export every exchange record as CSV or JSON in the import format "
        "(see docs/import-format.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(EXPORTS), default="csv")
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="Write to this file (default: standard output)."
        )

    def handle(self, *args, **options):
        output = options.get("output")
        queryset = Exchange.objects.all()
        data = EXPORTS[options.get("format") or "csv"](queryset=queryset)
        if not output:
            self.stdout.write(data.decode("utf-8"), ending="")
            return
        try:
            Path(output).write_bytes(data)
        except OSError as exc:
            raise CommandError(
                _("Cannot write %(file)s: %(error)s") % {"file": output, "error": exc.strerror}
            ) from None
        count = queryset.count()
        self.stderr.write(
            ngettext(
                "%(count)s record written to %(file)s.",
                "%(count)s records written to %(file)s.",
                count,
            )
            % {"count": count, "file": output}
        )
