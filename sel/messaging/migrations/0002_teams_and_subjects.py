from django.db import migrations


def load(apps, schema_editor):
    from sel.messaging.catalogue import messaging_catalogue_load

    messaging_catalogue_load(
        apps.get_model("messaging", "Team"), apps.get_model("messaging", "Subject")
    )


class Migration(migrations.Migration):
    dependencies = [("messaging", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
