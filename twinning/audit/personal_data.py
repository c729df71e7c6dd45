"""What a person did, as the audit log has it (personal-data registry)."""

from django.utils.translation import gettext_noop

from twinning.audit.models import AuditEntry
from twinning.core.personal_data import Erasure


def export(user, *, actor) -> list[dict]:
    return [
        {"action": e.action, "what": e.target_model, "which": e.target_id, "at": e.at}
        for e in AuditEntry.objects.filter(actor=user).order_by("at", "pk")
    ]


def erase(user, *, actor) -> Erasure:
    erasure = Erasure()
    erasure.keep(
        "audit.AuditEntry",
        ("action", "at", "actor"),
        gettext_noop("The audit log is append-only; it holds ids and states, no names."),
        AuditEntry.objects.filter(actor=user).count(),
    )
    return erasure
