from django.db import migrations

TABLES = ("payments_invoice", "payments_creditnote")

FUNCTION = """
CREATE OR REPLACE FUNCTION payments_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'an issued % is never changed nor deleted', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
"""


def references(apps, schema_editor):
    Registration = apps.get_model("registrations", "Registration")
    PaymentReference = apps.get_model("payments", "PaymentReference")
    for pk in Registration.objects.filter(payment_reference__isnull=True).values_list(
        "pk", flat=True
    ):
        PaymentReference.objects.create(registration_id=pk, body=str(pk))


def triggers(apps, schema_editor):
    # Issued documents are immutable in the database too, whatever code touches them.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_immutable BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION payments_refuse_change()"
        )


def triggers_drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_immutable ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS payments_refuse_change()")


class Migration(migrations.Migration):
    dependencies = [
        ("payments", "0001_invoices_payments_statements"),
        ("registrations", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(references, migrations.RunPython.noop),
        migrations.RunPython(triggers, triggers_drop),
    ]
