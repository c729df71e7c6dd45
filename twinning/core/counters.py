"""Numbers without gaps or repeats (invoices, credit notes, letters): a counter row per key.

Call inside the transaction that stores the numbered document: the row lock is held until
it commits, so concurrent callers get consecutive numbers and a rolled-back document gives
its number back. ``bulk_create(ignore_conflicts=True)`` makes the first number of a new key
safe under concurrency too (ON CONFLICT DO NOTHING: no IntegrityError inside the block).
"""

from django.db import models


def counter_next(model: type[models.Model], **key) -> int:
    """Increment and return the ``last`` field of ``model``'s row for ``key``."""
    model.objects.bulk_create([model(**key)], ignore_conflicts=True)
    counter = model.objects.select_for_update().get(**key)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last
