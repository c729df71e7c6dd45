"""Each line names the delegation it concerns; the old lines get theirs where it is known.

The table refuses UPDATE (trigger ``audit_auditentry_append_only``): adding the column
changes no row, and the one-off fill of old lines lifts the trigger for this migration's
transaction only (PostgreSQL runs the migration and the ALTERs in one transaction, so no
other session ever sees the table unguarded: ALTER TABLE holds its lock to the end).
"""

from django.db import migrations, models

TRIGGER = "audit_auditentry_append_only"
# Lines whose target is a registration, or whose data names one or a delegation.
REGISTRATION_TARGET = "registrations.Registration"
DELEGATION_TARGET = "delegations.Delegation"


def _int(value):
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _derived(entry, delegation_of_registration) -> int | None:
    data = entry.data if isinstance(entry.data, dict) else {}
    if entry.target_model == DELEGATION_TARGET:
        return _int(entry.target_id)
    if _int(data.get("delegation")) is not None:
        return _int(data.get("delegation"))
    if entry.target_model == REGISTRATION_TARGET:
        return delegation_of_registration.get(_int(entry.target_id))
    registration = _int(data.get("registration"))
    return delegation_of_registration.get(registration) if registration else None


def fill(apps, schema_editor):
    AuditEntry = apps.get_model("audit", "AuditEntry")
    Registration = apps.get_model("registrations", "Registration")
    entries = list(AuditEntry._base_manager.filter(delegation_id__isnull=True).order_by("pk"))
    if not entries:
        return
    delegation_of_registration = dict(Registration.objects.values_list("pk", "delegation_id"))
    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        # Deferred foreign-key checks of rows written in this transaction would make the
        # ALTER fail ("pending trigger events"): they are checked now.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute(f"ALTER TABLE audit_auditentry DISABLE TRIGGER {TRIGGER}")
    by_delegation: dict[int, list[int]] = {}
    for entry in entries:
        delegation = _derived(entry, delegation_of_registration)
        if delegation is not None:
            by_delegation.setdefault(delegation, []).append(entry.pk)
    for delegation, pks in by_delegation.items():
        AuditEntry._base_manager.filter(pk__in=pks).update(delegation_id=delegation)
    if postgres:
        schema_editor.execute(f"ALTER TABLE audit_auditentry ENABLE TRIGGER {TRIGGER}")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_audit_log"),
        ("registrations", "0002_questions"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="delegation_id",
            field=models.PositiveBigIntegerField(
                blank=True, db_index=True, null=True, verbose_name="delegation"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
