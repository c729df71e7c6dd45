"""Values that no database column may hold are refused before any save, on every model.

PostgreSQL refuses a NUL byte in text (and in JSON) and a number with more digits than
its column with a database error, rounds extra decimals away (so 0.001 becomes a zero
amount, and a check constraint fails), and SQLite enforces neither ``max_length`` nor
``max_digits``: the same input would be a 500 on one database and a silently wrong value
on the other. Forms already refuse both; services are also
called by the API, imports and tasks, so the rule is kept here once, for every model,
as a ``ValidationError`` naming the field (which the callers show like a form's error).
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


def _number_error(field: models.DecimalField, value) -> str | None:
    if not isinstance(value, Decimal) and hasattr(value, "amount"):
        value = value.amount  # a Money
    if not isinstance(value, Decimal):
        return None
    if not value.is_finite():
        return _("Enter a number.")
    _sign, digits, exponent = value.normalize().as_tuple()
    decimals = max(0, -exponent)
    whole = max(0, len(digits) + exponent)
    if decimals > field.decimal_places:
        return _("Ensure that there are no more than %(max)s decimal places.") % {
            "max": field.decimal_places
        }
    if whole > field.max_digits - field.decimal_places:
        return _("Ensure that there are no more than %(max)s digits before the decimal point.") % {
            "max": field.max_digits - field.decimal_places
        }
    return None


def refuse_unstorable_values(sender, instance, raw=False, **kwargs) -> None:
    if raw:  # fixtures and restores load what was stored before
        return
    errors = {}
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.DecimalField):
            message = _number_error(field, getattr(instance, field.attname))
            if message:
                errors[field.name] = message
            continue
        if not isinstance(field, models.CharField | models.TextField | models.JSONField):
            continue
        value = getattr(instance, field.attname)
        if _has_nul(value):
            errors[field.name] = _("This text contains a NUL character, which cannot be stored.")
        elif (
            isinstance(field, models.CharField)
            and field.max_length
            and isinstance(value, str)
            and len(value) > field.max_length
        ):
            errors[field.name] = _(
                "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d)."
            ) % {"limit_value": field.max_length, "show_value": len(value)}
    if errors:
        raise ValidationError(errors)


def connect() -> None:
    models.signals.pre_save.connect(refuse_unstorable_values, dispatch_uid="core.storable")
