"""``OutboundEmail`` moved to the ``outbox`` app (outbox 0001): the model leaves ``core``'s state
only; its table and rows stay, now owned by ``outbox``."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_counter'),
        ('outbox', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='OutboundEmail')],
            database_operations=[],
        ),
    ]
