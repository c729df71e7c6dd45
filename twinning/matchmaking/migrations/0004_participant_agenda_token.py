from django.db import migrations, models

import twinning.matchmaking.models


def fill(apps, schema_editor):
    Participant = apps.get_model("matchmaking", "Participant")
    for participant in Participant.objects.only("pk"):
        participant.agenda_token = twinning.matchmaking.models.new_claim_token()
        participant.save(update_fields=["agenda_token"])


class Migration(migrations.Migration):
    dependencies = [
        ("matchmaking", "0003_agenda_meeting_outcome"),
    ]

    operations = [
        migrations.AddField(
            model_name="participant",
            name="agenda_token",
            field=models.CharField(default=twinning.matchmaking.models.new_claim_token, max_length=64),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="participant",
            name="agenda_token",
            field=models.CharField(
                default=twinning.matchmaking.models.new_claim_token, max_length=64, unique=True
            ),
        ),
    ]
