"""Importing rows one by one: check, compare with the stored record, write, report."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from twinning.accounts.models import User
from twinning.accounts.rules import may, require
from twinning.exchanges.importing.checking import CheckedRow, Lookups, check_row
from twinning.exchanges.importing.diffing import changed_columns
from twinning.exchanges.importing.parsing import ImportRow
from twinning.exchanges.importing.writing import write_row
from twinning.exchanges.models import Exchange

logger = logging.getLogger(__name__)

Status = Exchange.Status


class Outcome(models.TextChoices):
    CREATED = "created", gettext_lazy("Created")
    UPDATED = "updated", gettext_lazy("Updated")
    UNCHANGED = "unchanged", gettext_lazy("Unchanged")
    FAILED = "failed", gettext_lazy("Failed")


@dataclass
class RowResult:
    row: int
    key: str
    outcome: Outcome
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def messages(self) -> list[str]:
        return [*self.errors, *self.warnings]


@dataclass
class ImportReport:
    source_name: str
    rows: list[RowResult] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for row in self.rows if row.outcome == outcome)

    @property
    def summary(self) -> list[tuple[Outcome, int]]:
        return [(outcome, self.count(outcome)) for outcome in Outcome]

    @property
    def created(self) -> int:
        return self.count(Outcome.CREATED)

    @property
    def updated(self) -> int:
        return self.count(Outcome.UPDATED)

    @property
    def unchanged(self) -> int:
        return self.count(Outcome.UNCHANGED)

    @property
    def failed(self) -> int:
        return self.count(Outcome.FAILED)

    @property
    def has_failures(self) -> bool:
        return self.failed > 0


def _validation_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [str(message) for messages in error.message_dict.values() for message in messages]
    return [str(message) for message in error.messages]


def _stored(key: str) -> Exchange | None:
    if not key:
        return None
    return (
        Exchange.objects.prefetch_related(
            "organisations", "participations", "quantities", "sources"
        )
        .filter(key=key)
        .first()
    )


def _check_complete(checked: CheckedRow, data: dict, exchange: Exchange | None) -> None:
    values = checked.values
    if exchange is None:
        if "relationship" not in values and "relationship" not in data:
            checked.errors.append(_("The relationship is missing."))
        if "category" not in values and "category" not in data:
            checked.errors.append(_("The category is missing."))
    titles = [
        values[column]
        if column in values
        else (getattr(exchange, column) if exchange is not None else "")
        for column in ("title_en", "title_zh_hans")
    ]
    if not any(titles):
        checked.errors.append(_("A title is required, in English or in Chinese."))


class _Importer:
    def __init__(self, *, actor: User, source_name: str):
        self.actor = actor
        # Asked once: whether a row that says "published" is published or goes to review.
        self.may_publish = may(actor, "exchanges.publish_exchange")
        self.lookups = Lookups()
        self.seen: dict[str, int] = {}
        self.comment = _("Imported from %(file)s") % {"file": source_name}

    def row(self, row: ImportRow) -> RowResult:
        raw_key = row.data.get("key")
        result = RowResult(
            row=row.number,
            key=str(raw_key).strip()[:200] if raw_key is not None else "",
            outcome=Outcome.FAILED,
            errors=list(row.errors),
        )
        if result.errors:
            return result
        checked = check_row(row.data, self.lookups)
        self.check_repeated(checked, row.number)
        exchange = _stored(checked.key)
        _check_complete(checked, row.data, exchange)
        status = self.status(checked.status, exchange, result, checked.errors)
        result.errors.extend(checked.errors)
        if result.errors:
            return result
        changed = changed_columns(checked.values, exchange)
        if exchange is not None:
            if not changed and status == exchange.status:
                result.outcome = Outcome.UNCHANGED
                return result
            if not may(self.actor, "exchanges.change_exchange", exchange):
                result.errors.append(self.refusal(exchange))
                return result
        result.outcome = Outcome.CREATED if exchange is None else Outcome.UPDATED
        result.errors.extend(self.write(checked, exchange, changed, status, row.number))
        if result.errors:
            result.outcome = Outcome.FAILED
        return result

    def check_repeated(self, checked: CheckedRow, number: int) -> None:
        key = checked.key
        if key and key in self.seen:
            checked.errors.append(
                _("The key “%(key)s” already appeared in row %(row)s of this file.")
                % {"key": key, "row": self.seen[key]}
            )
        elif key:
            self.seen[key] = number

    def status(
        self, requested: str, exchange: Exchange | None, result: RowResult, errors: list[str]
    ) -> str:
        current = exchange.status if exchange is not None else None
        if not requested:
            return current or Status.DRAFT
        if requested == Status.PUBLISHED:
            if current == Status.PUBLISHED or self.may_publish:
                return Status.PUBLISHED
            result.warnings.append(
                _("You may not publish records, so this record was imported for review.")
            )
            return Status.REVIEW
        if current == Status.PUBLISHED and requested != current and not self.may_publish:
            errors.append(_("This record is published and you may not take it out of publication."))
        return requested

    @staticmethod
    def refusal(exchange: Exchange) -> str:
        if exchange.status == Status.PUBLISHED:
            return _("This record is published: only users who may publish can change it.")
        return _("You may not change this record.")

    def write(
        self,
        checked: CheckedRow,
        exchange: Exchange | None,
        changed: set[str],
        status: str,
        number: int,
    ) -> list[str]:
        """Save one row in its own savepoint; the problems that stopped it, if any."""
        try:
            with transaction.atomic():
                write_row(
                    exchange=exchange or Exchange(key=checked.key),
                    values=checked.values,
                    changed=changed,
                    status=status,
                    actor=self.actor,
                    comment=self.comment,
                )
        except PermissionDenied:
            return [_("You may not change this record.")]
        except ValidationError as exc:
            return _validation_messages(exc)
        except DatabaseError:
            logger.exception("Import of exchange %s (row %s) failed", checked.key, number)
            return [_("The record could not be saved because of a database error.")]
        return []


def exchanges_import(*, rows: Iterable[ImportRow], actor: User, source_name: str) -> ImportReport:
    """Import the rows one by one; a row with problems is reported and skipped.

    A management command run without --user imports as the system actor.
    """
    require(actor, "exchanges.import_exchanges")
    importer = _Importer(actor=actor, source_name=source_name)
    report = ImportReport(source_name=source_name)
    for row in rows:
        report.rows.append(importer.row(row))
    return report
