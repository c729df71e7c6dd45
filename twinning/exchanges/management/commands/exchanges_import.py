from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from twinning.accounts.models import User
from twinning.accounts.rules import may, system_actor
from twinning.exchanges.importing import (
    MAX_FILE_SIZE,
    MAX_FILE_SIZE_MB,
    ImportFileError,
    ImportReport,
    exchanges_import,
    rows_from_file,
)


class Command(BaseCommand):
    help = (
        "Import exchange records from a CSV or JSON file (see docs/import-format.md). "
        "Prints a report; the exit status is 1 if any row was not imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The CSV or JSON file to import.")
        parser.add_argument(
            "--user",
            metavar="EMAIL",
            help="Import as this back-office user (recorded in the history, and publishing "
            "only if they may publish). Without it the import runs as the system actor.",
        )

    def handle(self, *args, file: str, user: str | None = None, **options):
        account = self._account(user) if user else system_actor()
        path = Path(file)
        try:
            if path.stat().st_size > MAX_FILE_SIZE:
                raise CommandError(
                    _("The file is larger than %(size)s MB.") % {"size": MAX_FILE_SIZE_MB}
                )
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(
                _("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc.strerror}
            ) from None
        try:
            rows = rows_from_file(data, name=path.name)
        except ImportFileError as exc:
            raise CommandError(exc.message) from None
        report = exchanges_import(rows=rows, actor=account, source_name=path.name)
        self._print(report)
        if report.has_failures:
            raise CommandError(
                ngettext(
                    "%(count)s row was not imported.",
                    "%(count)s rows were not imported.",
                    report.failed,
                )
                % {"count": report.failed}
            )

    def _account(self, email: str) -> User:
        account = User.objects.filter(email__iexact=email.strip()).first()
        if account is None:
            raise CommandError(
                _("There is no user with the e-mail address %(email)s.") % {"email": email}
            )
        if not may(account, "exchanges.import_exchanges"):
            raise CommandError(
                _("%(email)s may not import exchange records.") % {"email": account.email}
            )
        return account

    def _print(self, report: ImportReport) -> None:
        for result in report.rows:
            row = _("Row %(row)s") % {"row": result.row}
            line = "\t".join([row, result.key, str(result.outcome.label)])
            self.stdout.write(self.style.ERROR(line) if result.errors else line)
            for error in result.errors:
                self.stdout.write("    " + error)
            for warning in result.warnings:
                self.stdout.write("    " + _("Warning: %(message)s") % {"message": warning})
        self.stdout.write(
            ", ".join(f"{outcome.label}: {count}" for outcome, count in report.summary)
        )
