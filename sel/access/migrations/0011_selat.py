"""SELAT, the technical aids online service (seed 002: « les utilisateurs du service en ligne des
aides technique (SELAT) doivent remplir le formulaire de demande d'accès aux services en ligne »):
its service, its form family and functions (ours: the seeds name no SELAT function), its form."""

import datetime

from django.db import migrations, models

SERVICE = (
    "selat",
    "Service en ligne des aides techniques (SELAT)",
    "Technical aids online service (SELAT)",
)
FORM = {
    "code": "selat",
    "family": "technical_aids",
    "name_fr": "Demande d'accès aux services en ligne – Service en ligne des aides techniques (SELAT)",
    "name_en": "Online services access request – Technical aids online service (SELAT)",
    "user_functions": ["aids_admin_staff", "aids_technician", "aids_professional"],
    "authorizer_functions": ["aids_dispenser_owner", "aids_dispenser_manager"],
    "email_delivery_from": None,
    "position": 1,
}
# Seed 002 is dated « 2 juin 2015 »; it already sends SELAT's users to the access form.
VERSION = ("2015", datetime.date(2015, 6, 2), None)


def load(apps, schema_editor):
    OnlineService = apps.get_model("access", "OnlineService")
    FormType = apps.get_model("access", "FormType")
    FormVersion = apps.get_model("access", "FormVersion")
    code, name_fr, name_en = SERVICE
    service, _ = OnlineService.objects.update_or_create(
        code=code, defaults={"name_fr": name_fr, "name_en": name_en}
    )
    # After 4313 on the list of forms: the other forms move down one place.
    FormType.objects.filter(position__gte=FORM["position"]).exclude(code=FORM["code"]).update(
        position=models.F("position") + 1
    )
    form_type, _ = FormType.objects.update_or_create(
        code=FORM["code"], defaults={k: v for k, v in FORM.items() if k != "code"}
    )
    form_type.services.set([service])
    number, valid_from, valid_until = VERSION
    FormVersion.objects.update_or_create(
        form_type=form_type,
        number=number,
        defaults={"valid_from": valid_from, "valid_until": valid_until},
    )


class Migration(migrations.Migration):

    dependencies = [
        ('access', '0010_numbers_by_regie'),
    ]

    operations = [
        migrations.AlterField(
            model_name='accessrequest',
            name='auth_function',
            field=models.CharField(blank=True, choices=[('admin_assistant', 'Adjoint administratif'), ('nurse', 'Infirmier'), ('pharmacy_technician', 'Technicien en pharmacie'), ('pharmacist_owner', 'Pharmacien propriétaire'), ('health_professional', 'Professionnel de la santé'), ('admin_secretary', 'Secrétaire administratif'), ('project_coordinator', 'Coordonnateur du projet'), ('director', 'Directeur'), ('optilab_representative', "Représentant autorisé d'une grappe de services (OPTILAB)"), ('gmf_representative', "Représentant autorisé d'un GMF"), ('dsp', 'Directeur des services professionnels'), ('dg', 'Directeur général'), ('gmf_physician_responsible', 'Médecin responsable du GMF'), ('gmf_physician_coresponsible', 'Médecin coresponsable du GMF'), ('vendor_it_lead', 'Responsable informatique désigné du développeur de logiciels'), ('vendor_officer', 'Dirigeant du développeur de logiciels'), ('aids_admin_staff', 'Personnel administratif du dispensateur'), ('aids_technician', 'Technicien du dispensateur'), ('aids_professional', 'Professionnel dispensateur (audioprothésiste, orthésiste-prothésiste, oculariste…)'), ('aids_dispenser_owner', 'Professionnel propriétaire du cabinet ou du laboratoire'), ('aids_dispenser_manager', 'Responsable du laboratoire ou du distributeur')], max_length=40, verbose_name='fonction'),
        ),
        migrations.AlterField(
            model_name='formtype',
            name='family',
            field=models.CharField(choices=[('professional', 'Professionnels et pharmacies (4313)'), ('establishment', 'Établissements du réseau de la santé'), ('b2b', 'Développeurs de logiciels (B2B)'), ('technical_aids', "Dispensateurs d'aides techniques (SELAT)")], max_length=16, verbose_name='famille'),
        ),
        migrations.RunPython(load, migrations.RunPython.noop),
    ]
