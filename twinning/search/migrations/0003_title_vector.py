"""PostgreSQL: a small title-only tsvector with its own GIN index, so that the title
matches of a common word can be ranked without reading every matching document."""

from django.db import migrations

POSTGRESQL = [
    """ALTER TABLE search_searchdocument ADD COLUMN title_vector tsvector
        GENERATED ALWAYS AS (to_tsvector('simple', title_terms)) STORED""",
    "CREATE INDEX search_document_title_vector ON search_searchdocument USING gin (title_vector)",
]
POSTGRESQL_REVERSE = [
    "DROP INDEX search_document_title_vector",
    "ALTER TABLE search_searchdocument DROP COLUMN title_vector",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext_index")]

    operations = [migrations.RunPython(_run(POSTGRESQL), _run(POSTGRESQL_REVERSE))]
