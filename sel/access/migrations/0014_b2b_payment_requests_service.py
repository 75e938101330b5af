"""Issue #14: « Software can also submit them [payment requests]; reuse the B2B credentials ».
A fifth B2B service, and the B2B form that asks for it. Seed 004 lists four B2B forms (4058,
4123, 4134, 4444); this fifth one comes from issue #14, not from the seed, so it has no form
number of the Régie: its code is ``b2b-paiements``."""

import datetime

from django.db import migrations

SERVICE = (
    "b2b-payment-requests",
    "Demandes de paiement (rémunération par un établissement) – B2B",
    "Payment requests (paid by an establishment) – B2B",
)
FORM = {
    "code": "b2b-paiements",
    "family": "b2b",
    "name_fr": "Demandes de paiement (rémunération par un établissement) – B2B",
    "name_en": "Payment requests (paid by an establishment) – B2B",
    "user_functions": ["vendor_it_lead"],
    "authorizer_functions": ["vendor_officer"],
    # Issued by email, as every B2B form since seed 004's 2022-03-31.
    "email_delivery_from": datetime.date(2022, 3, 31),
    "position": 20,
}
VERSION = ("2026", datetime.date(2026, 1, 1))

def load(apps, schema_editor):
    OnlineService = apps.get_model("access", "OnlineService")
    FormType = apps.get_model("access", "FormType")
    FormVersion = apps.get_model("access", "FormVersion")
    code, name_fr, name_en = SERVICE
    service, _new = OnlineService.objects.update_or_create(
        code=code, defaults={"name_fr": name_fr, "name_en": name_en}
    )
    fields = dict(FORM)
    form_code = fields.pop("code")
    form_type, _new = FormType.objects.update_or_create(code=form_code, defaults=fields)
    form_type.online_services.set([service])
    FormVersion.objects.update_or_create(
        form_type=form_type, number=VERSION[0], defaults={"valid_from": VERSION[1]}
    )

class Migration(migrations.Migration):
    dependencies = [("access", "0013_payment_requests_service")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
