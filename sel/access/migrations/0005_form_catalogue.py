"""Form types, their versions and the refused shared-mailbox local parts (seeds 000, 001, 003,
004). Staff edit them afterwards in the admin; this only loads the starting data."""

import datetime

from django.db import migrations

FORM_TYPES = [
    # code, family, name_fr, name_en, services, user functions, authorizer functions,
    # email delivery from, versions (number, valid_from, valid_until)
    (
        "4313",
        "professional",
        "Demande d'accès aux services en ligne (4313) – Médicaments d'exception et Patient d'exception",
        "Online services access request (4313) – Exception drugs and exceptional patient",
        ["exception-drugs"],
        ["admin_assistant", "nurse", "pharmacy_technician"],
        ["pharmacist_owner", "health_professional"],
        None,
        [("2015", datetime.date(2015, 6, 1), datetime.date(2017, 5, 7)),
         ("2017", datetime.date(2017, 5, 8), None)],
    ),
    (
        "etablissements",
        "establishment",
        "Demande d'accès aux services en ligne – Établissements du réseau de la santé",
        "Online services access request – Health network establishments",
        ["online-payment-authorization", "authorizer-professional-association"],
        ["admin_secretary", "project_coordinator", "director", "optilab_representative",
         "gmf_representative"],
        ["dsp", "dg", "optilab_representative", "gmf_physician_responsible",
         "gmf_physician_coresponsible"],
        None,
        [("2021", datetime.date(2021, 4, 1), None)],
    ),
    (
        "4058",
        "b2b",
        "Inscription de la clientèle des professionnels de la santé – B2B (4058)",
        "Health professionals' clientele registration – B2B (4058)",
        ["b2b-clientele-registration"],
        ["vendor_it_lead"],
        ["vendor_officer"],
        datetime.date(2022, 3, 31),
        [("2019", datetime.date(2019, 1, 1), datetime.date(2022, 3, 30)),
         ("2022", datetime.date(2022, 3, 31), None)],
    ),
    (
        "4123",
        "b2b",
        "Vérification de l'admissibilité – B2B (4123)",
        "Eligibility verification – B2B (4123)",
        ["b2b-eligibility"],
        ["vendor_it_lead"],
        ["vendor_officer"],
        datetime.date(2022, 3, 31),
        [("2019", datetime.date(2019, 1, 1), datetime.date(2022, 3, 30)),
         ("2022", datetime.date(2022, 3, 31), None)],
    ),
    (
        "4134",
        "b2b",
        "SELAT – B2B (4134)",
        "SELAT – B2B (4134)",
        ["b2b-selat"],
        ["vendor_it_lead"],
        ["vendor_officer"],
        datetime.date(2022, 3, 31),
        [("2019", datetime.date(2019, 1, 1), datetime.date(2022, 3, 30)),
         ("2022", datetime.date(2022, 3, 31), None)],
    ),
    (
        "4444",
        "b2b",
        "Identité du médecin de famille – B2B (4444)",
        "Family doctor identity – B2B (4444)",
        ["b2b-family-doctor"],
        ["vendor_it_lead"],
        ["vendor_officer"],
        datetime.date(2022, 3, 31),
        [("2019", datetime.date(2019, 1, 1), datetime.date(2022, 3, 30)),
         ("2022", datetime.date(2022, 3, 31), None)],
    ),
]

# Seed 003: « et non les adresses de boîte courriel partagée (p. ex. information@xx.com) ».
REFUSED_LOCAL_PARTS = [
    "information", "informations", "info", "infos", "accueil", "reception", "contact",
    "contactez-nous", "contactus", "secretariat", "bureau", "office", "admin", "administration",
    "support", "soutien", "aide", "help", "service", "services", "serviceclient",
    "service.client", "customerservice", "clientele", "ventes", "sales", "direction",
    "comptabilite", "accounting", "facturation", "billing", "rh", "hr", "emplois", "jobs",
    "noreply", "no-reply", "postmaster", "webmaster", "pharmacie", "clinique", "general",
    "equipe", "team", "commun", "shared", "courriel", "mail", "bonjour", "hello",
]


def load(apps, schema_editor):
    OnlineService = apps.get_model("access", "OnlineService")
    FormType = apps.get_model("access", "FormType")
    FormVersion = apps.get_model("access", "FormVersion")
    RefusedMailboxLocalPart = apps.get_model("access", "RefusedMailboxLocalPart")
    for position, row in enumerate(FORM_TYPES):
        code, family, name_fr, name_en, services, users, authorizers, email_from, versions = row
        form_type, _ = FormType.objects.update_or_create(
            code=code,
            defaults={
                "family": family,
                "name_fr": name_fr,
                "name_en": name_en,
                "user_functions": users,
                "authorizer_functions": authorizers,
                "email_delivery_from": email_from,
                "position": position,
            },
        )
        form_type.services.set(OnlineService.objects.filter(code__in=services))
        for number, valid_from, valid_until in versions:
            FormVersion.objects.update_or_create(
                form_type=form_type,
                number=number,
                defaults={"valid_from": valid_from, "valid_until": valid_until},
            )
    for local_part in REFUSED_LOCAL_PARTS:
        RefusedMailboxLocalPart.objects.get_or_create(local_part=local_part)


class Migration(migrations.Migration):
    dependencies = [("access", "0004_requests")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
