from django.db import migrations

KINDS = ["about", "contact", "privacy", "cookies", "terms"]


def create_pages(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    for kind in KINDS:
        Page.objects.get_or_create(kind=kind)


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [migrations.RunPython(create_pages, migrations.RunPython.noop)]
