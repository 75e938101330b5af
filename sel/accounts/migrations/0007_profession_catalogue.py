from django.db import migrations

from sel.accounts.professions import profession_catalogue_load


def load(apps, schema_editor):
    profession_catalogue_load(apps.get_model("accounts", "Profession"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_professions")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
