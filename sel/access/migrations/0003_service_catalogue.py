from django.db import migrations

SERVICES = [
    (
        "exception-drugs",
        "Médicaments d'exception et patient d'exception – Consultation des demandes d'autorisation",
        "Exception drugs and exceptional patient – Consultation of authorization requests",
    ),
    (
        "online-payment-authorization",
        "Autorisation des demandes de paiement en ligne",
        "Online payment request authorization",
    ),
    (
        "authorizer-professional-association",
        "Association entre le responsable de l'autorisation et le professionnel",
        "Association between the authorization officer and the professional",
    ),
    (
        "b2b-clientele-registration",
        "Inscription de la clientèle des professionnels de la santé – B2B (4058)",
        "Health professionals' clientele registration – B2B (4058)",
    ),
    ("b2b-eligibility", "Vérification de l'admissibilité – B2B (4123)", "Eligibility verification – B2B (4123)"),
    ("b2b-selat", "SELAT – B2B (4134)", "SELAT – B2B (4134)"),
    (
        "b2b-family-doctor",
        "Identité du médecin de famille – B2B (4444)",
        "Family doctor identity – B2B (4444)",
    ),
]


def load(apps, schema_editor):
    OnlineService = apps.get_model("access", "OnlineService")
    for code, name_fr, name_en in SERVICES:
        OnlineService.objects.update_or_create(
            code=code, defaults={"name_fr": name_fr, "name_en": name_en}
        )


class Migration(migrations.Migration):
    dependencies = [("access", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
