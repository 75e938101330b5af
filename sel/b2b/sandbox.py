"""The sandbox that training credentials reach (seed 004's « identifiants de formation [...] pour
leurs travaux informatiques »): synthetic insured persons, physicians, family-doctor
registrations and technical aids, all in the ``training`` environment. Nobody real is in it.

Documented persons (the help page's guide uses them):

| NAM | who | health insurance | drug plan | family doctor |
|---|---|---|---|---|
| SABL80010112 | Léa Sablon, 1980-01-01 | covered, no end | covered, no end | 1000001 |
| GAGM65521514 | Marie Gagnon, 1965-02-15 | covered, no end | ended 2024-12-31 | none |
| ROYJ90113007 | Jean Roy, 1990-11-30 | ended 2023-06-30 | never | none |

Physicians 1000001 (Anne Tremblay, GMF des Érables) and 1000002 (Paul Côté, Clinique du Parc);
aids ``audition/AUD-101``, ``mobilite/MOB-201``, ``vision/VIS-301``. Then ``persons`` more
synthetic persons, drawn from a fixed seed (the same on every machine), a third of them
registered with one of the two physicians.

SELAT claims (form 4134) made with training credentials are processed by no agent: they move by
themselves, one step every ``CLAIM_STEP`` (``claim_next_step``), so that a vendor's software sees
every status. An amount ending in ,99 $ is refused, any other accepted.

Payment requests (issue #14, the service « Demandes de paiement – B2B ») made with training
credentials go to the sandbox's own table, never to the establishments': every training client
may send them for the sandbox's installations ``99001`` (Hôpital du Bac-à-Sable) and ``99002``
(CLSC du Bac-à-Sable), for the professionals ``1000001`` (associated at both) and ``1000002``
(associated at ``99001`` only); any other practice number is unknown. The rules are the
portal's (the same functions: period, lines, rate table, period already claimed). A request
waits « en attente d'autorisation », then, one ``CLAIM_STEP`` later, the sandbox's signatory
decides it (``payment_decision``): refused when its total ends in ,99 $, authorized otherwise."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction

from sel.b2b.models import (
    AidClaim,
    ClaimStatus,
    Coverage,
    Environment,
    InsuredPerson,
    Physician,
    Plan,
    Registration,
    TechnicalAid,
)

TRAINING = Environment.TRAINING
SURNAMES = ["Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie",
            "Fortin", "Gagné", "Ouellet", "Pelletier", "Bélanger", "Lévesque"]  # fmt: skip
FIRST_NAMES = ["Léa", "Emma", "Alice", "Zoé", "Chloé", "Noah", "Liam", "William", "Thomas",
               "Jacob", "Olivia", "Florence", "Charlotte", "Nathan", "Félix"]  # fmt: skip
FEMALE = {"Léa", "Emma", "Alice", "Zoé", "Chloé", "Olivia", "Florence", "Charlotte", "Marie"}

DOCUMENTED = [
    # nam, last, first, birth, health (start, end), drug (start, end) or None, physician
    ("SABL80010112", "Sablon", "Léa", date(1980, 1, 1), (date(1980, 1, 1), None),
     (date(1998, 1, 1), None), "1000001"),
    ("GAGM65521514", "Gagnon", "Marie", date(1965, 2, 15), (date(1965, 2, 15), None),
     (date(2000, 1, 1), date(2024, 12, 31)), None),
    ("ROYJ90113007", "Roy", "Jean", date(1990, 11, 30), (date(1990, 11, 30), date(2023, 6, 30)),
     None, None),
]  # fmt: skip
PHYSICIANS = [
    ("1000001", "Tremblay", "Anne", "GMF des Érables", True),
    ("1000002", "Côté", "Paul", "Clinique du Parc", False),
]
AIDS = [
    ("audition", "AUD-101", "Aide de suppléance à l'audition – amplificateur"),
    ("mobilite", "MOB-201", "Fauteuil roulant manuel"),
    ("vision", "VIS-301", "Loupe électronique"),
]


def _letters(name: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().upper()
    return (plain + "XXX")[:3]


def synthetic_nam(last: str, first: str, born: date, serial: int) -> str:
    """A NAM of the documented structure (sel.exception_drugs.nam) for a synthetic person."""
    month = born.month + (50 if first in FEMALE else 0)
    return f"{_letters(last)}{_letters(first)[0]}{born:%y}{month:02d}{born:%d}{serial % 100:02d}"


@transaction.atomic
def sandbox_load(*, persons: int = 200, environment: str = TRAINING) -> int:
    """Creates the sandbox (documented rows first); running it again adds nothing. Returns the
    number of insured persons in the environment."""
    physicians = {}
    for number, last, first, clinic, gmf in PHYSICIANS:
        physicians[number], _new = Physician.objects.get_or_create(
            environment=environment,
            practice_number=number,
            defaults={"last_name": last, "first_name": first, "clinic_name": clinic, "is_gmf": gmf},
        )
    for category, aid_code, label in AIDS:
        TechnicalAid.objects.get_or_create(
            environment=environment, code=aid_code, defaults={"category": category, "label": label}
        )
    rows = list(DOCUMENTED)
    draw = random.Random(4123)
    for serial in range(persons):
        last, first = draw.choice(SURNAMES), draw.choice(FIRST_NAMES)
        born = date(draw.randint(1935, 2024), draw.randint(1, 12), draw.randint(1, 28))
        drug_end = date(2025, 6, 30) if serial % 7 == 0 else None
        physician = PHYSICIANS[serial % 2][0] if serial % 3 == 0 else None
        rows.append(
            (synthetic_nam(last, first, born, serial), last, first, born, (born, None),
             (max(born, date(1997, 1, 1)), drug_end), physician)
        )  # fmt: skip
    existing = set(
        InsuredPerson.objects.filter(environment=environment).values_list("nam", flat=True)
    )
    for nam, last, first, born, health, drug, physician in rows:
        if nam in existing:
            continue
        existing.add(nam)
        person = InsuredPerson.objects.create(
            environment=environment, nam=nam, last_name=last, first_name=first, birth_date=born
        )
        Coverage.objects.create(
            person=person, plan=Plan.HEALTH, starts_on=health[0], ends_on=health[1]
        )
        if drug is not None:
            Coverage.objects.create(
                person=person, plan=Plan.DRUG, starts_on=drug[0], ends_on=drug[1]
            )
        if physician is not None:
            Registration.objects.create(
                person=person, physician=physicians[physician], consent_date=date(2024, 1, 15)
            )
    return InsuredPerson.objects.filter(environment=environment).count()


# The training claims' schedule: each step waits this long after the previous one.
CLAIM_STEP = timedelta(minutes=2)
CLAIM_REFUSED_CENTS = Decimal("0.99")
CLAIM_REFUSAL_FR = (
    "Bac à sable : une réclamation dont le montant se termine par ,99 $ est refusée. Aucune "
    "réclamation de formation n'est examinée par la Régie."
)
CLAIM_REFUSAL_EN = (
    "Sandbox: a claim whose amount ends in .99 is refused. No training claim is reviewed by "
    "the Régie."
)


def claim_next_step(claim: AidClaim) -> str:
    """The sandbox's next move for an open training claim: « take » a received one in
    processing, then « refuse » one whose amount ends in ,99 $ and « accept » any other."""
    if claim.status == ClaimStatus.RECEIVED:
        return "take"
    return "refuse" if claim.amount % 1 == CLAIM_REFUSED_CENTS else "accept"


# --- payment requests (issue #14) ------------------------------------------------------------

PAYMENT_INSTALLATIONS = {"99001": "Hôpital du Bac-à-Sable", "99002": "CLSC du Bac-à-Sable"}
# practice number: (name, installations where an association names the professional)
PAYMENT_PROFESSIONALS = {
    "1000001": ("Anne Tremblay", frozenset({"99001", "99002"})),
    "1000002": ("Paul Côté", frozenset({"99001"})),
}
PAYMENT_SIGNATORY = "Denise Lavoie (signataire du bac à sable / sandbox signatory)"
PAYMENT_REFUSAL = (
    "Bac à sable : une demande dont le total se termine par ,99 $ est refusée. / Sandbox: a "
    "request whose total ends in .99 is refused."
)
# As in production (establishments.models.CLAIMING): only a refused request frees its period.
PAYMENT_CLAIMING = ("submitted", "awaiting", "authorized", "transmitted", "returned")


def payment_decision(found: Any) -> tuple[str, str]:
    """The sandbox signatory's decision on a waiting training request: (status, reason)."""
    if found.total % 1 == CLAIM_REFUSED_CENTS:
        return "refused", PAYMENT_REFUSAL
    return "authorized", ""
