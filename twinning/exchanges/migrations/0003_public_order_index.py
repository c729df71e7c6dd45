"""An index in the archive's public order (newest first, then key), for published records.

Without it both databases sort every public record to show one page of 25. SQLite does
not accept NULLS LAST in an index, but its descending order puts NULLs last already.
"""

from django.db import migrations

CREATE = {
    "sqlite": "CREATE INDEX exchanges_public_order ON exchanges_exchange "
    "(date_start DESC, key) WHERE status = 'published' AND hidden = 0",
    "postgresql": "CREATE INDEX exchanges_public_order ON exchanges_exchange "
    "(date_start DESC NULLS LAST, key) WHERE status = 'published' AND NOT hidden",
}


def create(apps, schema_editor):
    statement = CREATE.get(schema_editor.connection.vendor)
    if statement:
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor in CREATE:
        schema_editor.execute("DROP INDEX exchanges_public_order")


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0002_initial")]

    operations = [migrations.RunPython(create, drop)]
