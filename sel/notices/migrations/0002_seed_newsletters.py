from django.db import migrations


def load(apps, schema_editor):
    from sel.notices.seeds import seed_newsletters_load

    seed_newsletters_load(apps.get_model("notices", "Newsletter"))


class Migration(migrations.Migration):
    dependencies = [("notices", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
