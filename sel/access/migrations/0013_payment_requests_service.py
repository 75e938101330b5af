"""The professionals' side of seed 002's « gestion et autorisation des demandes de paiement par
le Web » (issue #14): submitting payment requests is a service of the catalogue, opened by
registration with a PIN for the physicians (ours: the hourly, sessional, per diem and fixed-fee
modes are physicians' modes of remuneration in an establishment; ``sel.accounts.professions``
says the same for a fresh database), or given to anyone else by an agent (``grant_give``)."""

from django.db import migrations

SERVICE = (
    "payment-requests",
    "Demandes de paiement par le Web (rémunération par un établissement)",
    "Web payment requests (paid by an establishment)",
)
PROFESSIONS = ["medecin"]


def load(apps, schema_editor):
    OnlineService = apps.get_model("access", "OnlineService")
    Profession = apps.get_model("accounts", "Profession")
    code, name_fr, name_en = SERVICE
    OnlineService.objects.update_or_create(
        code=code, defaults={"name_fr": name_fr, "name_en": name_en}
    )
    # What registration opens for these professions; an agent's other choices stay.
    for profession in Profession.objects.filter(code__in=PROFESSIONS):
        if code not in profession.registration_services:
            profession.registration_services = sorted([*profession.registration_services, code])
            profession.save(update_fields=["registration_services"])


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0012_online_service_fields"),
        ("accounts", "0008_role_technical_aids_staff"),
    ]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
