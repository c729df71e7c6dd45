"""Writing the audit log (from the services of the apps above)."""

from typing import Any

from django.db import models

from twinning.accounts.models import User
from twinning.accounts.rules import require
from twinning.audit.models import AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _delegation_of(target: models.Model | None, data: dict) -> int | None:
    """The delegation a line concerns, from what is in memory (never a query): the target
    itself, its ``delegation_id``, one of the objects it holds (a payment's registration,
    a row's statement), or ``data["delegation"]``."""
    if target is not None:
        if target._meta.label == "delegations.Delegation":
            return target.pk
        if getattr(target, "delegation_id", None) is not None:
            return target.delegation_id
        for related in target._state.fields_cache.values():
            if getattr(related, "delegation_id", None) is not None:
                return related.delegation_id
    value = data.get("delegation")
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    data: dict | None = None,
    delegation: models.Model | int | None = None,
) -> AuditEntry:
    """One line: ``actor`` did ``action`` ("app.verb") to ``target``, with ``data``.

    Called inside the acting service's transaction, after its own gate. ``actor`` is None
    only for a visitor without an account (its action was public). Keep ``data`` to ids,
    amounts and states: no names, addresses nor passport data. ``delegation`` (an object
    or an id) is the delegation the act concerns, when the target does not tell it.
    """
    if actor is not None and actor.is_authenticated:
        require(actor, "audit.record")
    else:
        actor = None
    return AuditEntry.objects.create(
        actor=actor,
        action=action[:100],
        target_model=target._meta.label if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        data=_plain(data or {}),
        delegation_id=(
            getattr(delegation, "pk", delegation)
            if delegation is not None
            else _delegation_of(target, data or {})
        ),
    )
