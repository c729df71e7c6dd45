"""Reading bank statements: CSV with a column mapping, and ISO 20022 CAMT.053 XML.

Both give the same rows (credits only: what came in). Bad input raises
``StatementError`` with a message for the person who uploaded the file.
"""

import csv
import datetime
import hashlib
import io
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from defusedxml import ElementTree
from django.utils.translation import gettext as _
from djmoney.money import Money

# The confirmation posts the file back base64-encoded: it must stay under Django's
# DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB), so a statement is at most 1 MB (months of bookings).
MAX_BYTES = 1024 * 1024


class StatementError(ValueError):
    pass


@dataclass(frozen=True)
class Mapping:
    """Which CSV column holds what (1-based column numbers or header names)."""

    date: str
    amount: str
    reference: str
    currency: str = ""
    counterparty: str = ""
    default_currency: str = "USD"
    decimal_comma: bool = False
    date_format: str = "%Y-%m-%d"
    delimiter: str = ","


@dataclass(frozen=True)
class Row:
    booking_date: datetime.date
    amount: Money
    reference: str
    counterparty: str
    raw: dict = field(hash=False)
    bank_id: str = ""


def file_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def fingerprints(rows: list[Row]) -> list[str]:
    """One fingerprint per booking; identical bookings in one file are told apart by order."""
    seen: Counter = Counter()
    prints = []
    for row in rows:
        key = "|".join(
            [
                row.booking_date.isoformat(),
                str(row.amount.amount),
                str(row.amount.currency),
                " ".join(row.reference.split()).upper(),
                " ".join(row.counterparty.split()).upper(),
                row.bank_id,
            ]
        )
        seen[key] += 1
        prints.append(hashlib.sha256(f"{key}|{seen[key]}".encode()).hexdigest())
    return prints


def _decimal(text: str, *, decimal_comma: bool) -> Decimal:
    text = (text or "").strip().replace(" ", "").replace("\u00a0", "")
    if decimal_comma:
        text = text.replace(".", "").replace("'", "").replace(",", ".")
    else:
        text = text.replace(",", "").replace("'", "")
    try:
        value = Decimal(text)
    except InvalidOperation as error:
        raise StatementError(_("“%(value)s” is not an amount.") % {"value": text}) from error
    if not value.is_finite():
        raise StatementError(_("“%(value)s” is not an amount.") % {"value": text})
    return value.quantize(Decimal("0.01"))


def _decode(content: bytes) -> str:
    if len(content) > MAX_BYTES:
        raise StatementError(_("The file is larger than 1 MB."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise StatementError(_("The file is not text."))  # pragma: no cover - cp1252 decodes most


def _column(record: list[str], header: list[str], name: str) -> str:
    if not name:
        return ""
    if name.isdigit():
        index = int(name) - 1
    else:
        lowered = [h.strip().lower() for h in header]
        if name.strip().lower() not in lowered:
            raise StatementError(_("The file has no column “%(name)s”.") % {"name": name})
        index = lowered.index(name.strip().lower())
    if not 0 <= index < len(record):
        raise StatementError(_("A row has no column %(name)s.") % {"name": name})
    return record[index].strip()


def parse_csv(content: bytes, mapping: Mapping) -> list[Row]:
    """Rows of a CSV export with a header line; debits (negative amounts) are left out."""
    reader = csv.reader(io.StringIO(_decode(content)), delimiter=mapping.delimiter or ",")
    try:
        header = next(reader)
    except StopIteration as error:
        raise StatementError(_("The file is empty.")) from error
    rows = []
    for line, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        day = _column(record, header, mapping.date)
        try:
            when = datetime.datetime.strptime(day, mapping.date_format).date()
        except ValueError as error:
            raise StatementError(
                _("Line %(line)s: the date does not read as %(format)s.")
                % {"line": line, "format": mapping.date_format}
            ) from error
        text = _column(record, header, mapping.amount)
        try:
            amount = _decimal(text, decimal_comma=mapping.decimal_comma)
        except StatementError as error:
            raise StatementError(
                _("Line %(line)s: %(error)s") % {"line": line, "error": error}
            ) from error
        if amount < 0:
            continue
        currency = (
            _column(record, header, mapping.currency).upper() or mapping.default_currency.upper()
        )
        if len(currency) != 3 or not currency.isalpha():
            raise StatementError(
                _("Line %(line)s: “%(value)s” is not a currency.")
                % {"line": line, "value": currency}
            )
        rows.append(
            Row(
                booking_date=when,
                amount=Money(amount, currency),
                reference=_column(record, header, mapping.reference),
                counterparty=_column(record, header, mapping.counterparty),
                raw=dict(zip(header, record, strict=False)),
            )
        )
    return rows


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(element, *path: str):
    """The first descendant along ``path`` of local names, whatever the namespace."""
    current = [element]
    for name in path:
        current = [child for node in current for child in node if _local(child.tag) == name]
        if not current:
            return None
    return current[0]


def _all(element, name: str) -> list:
    return [node for node in element.iter() if _local(node.tag) == name]


def _text(element, *path: str) -> str:
    node = _find(element, *path)
    return (node.text or "").strip() if node is not None else ""


def parse_camt053(content: bytes) -> list[Row]:
    """The credit entries (``Ntry`` with ``CdtDbtInd`` CRDT) of a CAMT.053 statement."""
    if len(content) > MAX_BYTES:
        raise StatementError(_("The file is larger than 1 MB."))
    try:
        root = ElementTree.fromstring(content)
    except Exception as error:  # defusedxml raises its own and ElementTree's errors
        raise StatementError(_("The file is not a CAMT.053 statement.")) from error
    if not _all(root, "Stmt"):
        raise StatementError(_("The file is not a CAMT.053 statement."))
    rows = []
    for entry in _all(root, "Ntry"):
        if _text(entry, "CdtDbtInd") != "CRDT":
            continue
        amount_node = _find(entry, "Amt")
        if amount_node is None:
            raise StatementError(_("An entry has no amount."))
        amount = _decimal(amount_node.text or "", decimal_comma=False)
        currency = (amount_node.get("Ccy") or "").upper()
        day = _text(entry, "BookgDt", "Dt") or _text(entry, "BookgDt", "DtTm")[:10]
        try:
            when = datetime.date.fromisoformat(day)
        except ValueError as error:
            raise StatementError(_("An entry has no booking date.")) from error
        references = [node.text.strip() for node in _all(entry, "Ref") if node.text]
        references += [node.text.strip() for node in _all(entry, "Ustrd") if node.text]
        debtor = next(
            (n for n in _all(entry, "Dbtr") + _all(entry, "Debtor") if _text(n, "Nm")), None
        )
        if debtor is None:
            party = _find(entry, "NtryDtls", "TxDtls", "RltdPties", "Dbtr", "Pty")
            debtor = party
        rows.append(
            Row(
                booking_date=when,
                amount=Money(amount, currency),
                reference=" ".join(references)[:300],
                counterparty=_text(debtor, "Nm") if debtor is not None else "",
                raw={
                    "amount": str(amount),
                    "currency": currency,
                    "booking_date": day,
                    "references": references,
                    "entry_ref": _text(entry, "NtryRef"),
                    "account_servicer_ref": _text(entry, "AcctSvcrRef"),
                },
                bank_id=_text(entry, "AcctSvcrRef") or _text(entry, "NtryRef"),
            )
        )
    return rows
