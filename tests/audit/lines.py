"""Helpers of the audit tests."""

from twinning.audit.models import AuditEntry


def only_line(action) -> AuditEntry:
    """The one line of ``action`` (the assertion lists every action when there is not one)."""
    lines = list(AuditEntry.objects.filter(action=action))
    assert len(lines) == 1, list(AuditEntry.objects.values_list("action", flat=True))
    return lines[0]
