"""Re-encrypt every encrypted value with the newest key (``visas_rotate_keys``)."""

from django.db import transaction

from twinning.accounts.models import User
from twinning.accounts.rules import require
from twinning.visas.models import PassportRecord, VisaLetter

BATCH = 200


def _rotate(model, names: tuple[str, ...]) -> int:
    count = 0
    pks = list(model.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), BATCH):
        with transaction.atomic():
            rows = model.objects.select_for_update().filter(pk__in=pks[start : start + BATCH])
            for row in rows.only("pk", *names):
                # update(), not save(): no "updated" timestamp moves, nothing else is written.
                model.objects.filter(pk=row.pk).update(
                    **{name: getattr(row, name) for name in names}
                )
                count += 1
    return count


def rotate_keys(*, actor: User) -> dict[str, int]:
    require(actor, "visas.rotate_keys")
    return {
        "passports": _rotate(PassportRecord, PassportRecord.ENCRYPTED),
        "letters": _rotate(VisaLetter, VisaLetter.ENCRYPTED),
    }
