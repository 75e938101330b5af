"""The outbox's model moves here from ``core`` with its rows: the table ``core_outboundemail``
stays where it is, and only Django's state changes (``core`` 0003 removes the model there)."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('core', '0002_counter'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='OutboundEmail',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('message_id', models.CharField(max_length=255, unique=True)),
                        ('to', models.CharField(max_length=254, verbose_name='destinataire')),
                        ('template', models.CharField(max_length=120)),
                        ('language', models.CharField(max_length=10)),
                        ('context', models.JSONField(blank=True, default=dict)),
                        ('secret_context', models.JSONField(blank=True, default=dict)),
                        ('subject', models.CharField(blank=True, max_length=255, verbose_name='objet')),
                        ('status', models.CharField(choices=[('pending', 'En attente'), ('sent', 'Envoyé'), ('failed', 'Échec définitif')], default='pending', max_length=10)),
                        ('attempts', models.PositiveIntegerField(default=0)),
                        ('last_error', models.TextField(blank=True)),
                        ('next_attempt_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('claimed_until', models.DateTimeField(blank=True, null=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('sent_at', models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        'verbose_name': 'courriel sortant',
                        'verbose_name_plural': 'courriels sortants',
                        'db_table': 'core_outboundemail',
                        'ordering': ['-created_at'],
                        'indexes': [models.Index(fields=['status', 'next_attempt_at'], name='core_outbou_status_f5f1ae_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
