"""Demo data of the exception-drugs service (idempotent): a few drugs with indications, insured
persons, requests in each status, the delegation IP100002 → CE200002 and the grants."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from sel.access.models import Grant, OnlineService, ServiceCode
from sel.accounts.models import Role, User
from sel.exception_drugs.models import (
    Channel,
    Delegation,
    Drug,
    ExceptionRequest,
    Indication,
    InsuredPerson,
    RequestKind,
    StatedIdentity,
    Status,
    StatusChange,
)

DEMO_PASSWORD = "Demo-SEL-2026-portail"  # noqa: S105 (the documented demo password)

DRUGS = [
    (
        "02258595",
        "Adalimumab",
        "40 mg/0,8 mL",
        "Seringue",
        True,
        [
            (
                "RH001",
                "Polyarthrite rhumatoïde modérée ou grave",
                "Moderate or severe rheumatoid arthritis",
            )
        ],
    ),
    (
        "02402475",
        "Dabigatran",
        "150 mg",
        "Capsule",
        True,
        [
            (
                "CV010",
                "Prévention de l'AVC en fibrillation auriculaire",
                "Stroke prevention in atrial fibrillation",
            )
        ],
    ),
    (
        "02456915",
        "Sémaglutide",
        "1 mg/dose",
        "Stylo injecteur",
        True,
        [
            (
                "EN020",
                "Diabète de type 2 après échec de la metformine",
                "Type 2 diabetes after metformin failure",
            )
        ],
    ),
    ("02247087", "Méthotrexate", "2,5 mg", "Comprimé", False, []),
]

PEOPLE = [
    ("TREM56623101", "Tremblay", "Marie", date(1956, 12, 31), "F"),
    ("GAGL72031502", "Gagnon", "Luc", date(1972, 3, 15), "M"),
]

USERS = [
    ("IP100001", Role.PHARMACIST, "Claire", "Pharmacienne"),
    ("IP100002", Role.PRESCRIBER, "Jean", "Prescripteur"),
    ("CE200001", Role.PHARMACY_TECHNICIAN, "Anne", "Technicienne"),
    ("CE200002", Role.ADMIN_ASSISTANT, "Julie", "Adjointe"),
    ("CE200005", Role.NURSE, "Isabelle", "Infirmière"),
]

# Who works for whom (issue #12): the assistant and the nurse for the prescriber, the
# technician for the pharmacy of the owner pharmacist, as the approval of their 4313 links them.
LINKS = [
    ("IP100002", "CE200002", ""),
    ("IP100002", "CE200005", ""),
    ("IP100001", "CE200001", "Pharmacie du Quartier (démo)"),
]


def _user(username: str, role: str, first: str, last: str, *, staff: bool = False) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "role": role,
            "first_name": first,
            "last_name": last,
            "email": f"{username.lower()}@exemple.qc.ca",
            "is_staff": staff,
            "password_changed_at": timezone.now(),
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _grant(user: User, service: OnlineService) -> None:
    if not Grant.objects.filter(
        user=user, online_service=service, revoked_at__isnull=True
    ).exists():
        Grant.objects.create(user=user, online_service=service)


def load() -> None:
    service = OnlineService.objects.get(code=ServiceCode.EXCEPTION_DRUGS)
    users = {username: _user(username, role, f, la) for username, role, f, la in USERS}
    for user in users.values():
        _grant(user, service)
    agent = _user("CE900001", Role.AGENT, "Paul", "Agent", staff=True)
    group, _ = Group.objects.get_or_create(name="Agents de la Régie")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="exception_drugs",
            codename__in=["process_exceptionrequest", "search_consultation_audit"],
        )
    )
    agent.groups.add(group)
    prescriber = users["IP100002"]
    for principal, delegate, pharmacy in LINKS:
        if (
            not Delegation.objects.in_force()
            .filter(prescriber=users[principal], assistant=users[delegate])
            .exists()
        ):
            Delegation.objects.create(
                prescriber=users[principal], assistant=users[delegate], pharmacy=pharmacy
            )

    drugs = {}
    for din, name, strength, form, is_exception, indications in DRUGS:
        drug, _ = Drug.objects.update_or_create(
            din=din,
            defaults={
                "name": name,
                "strength": strength,
                "form": form,
                "is_exception": is_exception,
            },
        )
        for code, text_fr, text_en in indications:
            Indication.objects.update_or_create(
                drug=drug, code=code, defaults={"text_fr": text_fr, "text_en": text_en}
            )
        drugs[din] = drug
    people = {}
    for nam, last, first, born, sex in PEOPLE:
        people[nam], _ = InsuredPerson.objects.update_or_create(
            nam=nam,
            defaults={"last_name": last, "first_name": first, "birth_date": born, "sex": sex},
        )

    today = timezone.localdate()
    now = timezone.now()
    samples = [
        ("ME26DEMO0001", "TREM56623101", "02258595", Channel.ONLINE, Status.ACCEPTED, 40),
        ("ME26DEMO0002", "TREM56623101", "02402475", Channel.FAX, Status.IN_PROCESSING, 3),
        ("ME26DEMO0003", "GAGL72031502", "02456915", Channel.MAIL, Status.AWAITING_INFORMATION, 12),
        ("ME26DEMO0004", "GAGL72031502", "02258595", Channel.ONLINE, Status.REFUSED, 60),
    ]
    for reference, nam, din, channel, status, days_ago in samples:
        drug = drugs[din]
        received = now - timedelta(days=days_ago)
        decided = (
            received + timedelta(days=5) if status in (Status.ACCEPTED, Status.REFUSED) else None
        )
        exception_request, created = ExceptionRequest.objects.update_or_create(
            reference=reference,
            defaults={
                "kind": RequestKind.EXCEPTION_DRUG,
                "insured_person": people[nam],
                "drug": drug,
                "prescriber": prescriber,
                "indication": drug.indications.first(),
                "justification": "" if drug.indications.exists() else "Intolérance documentée.",
                "channel": channel,
                "received_at": received,
                "status": status,
                "status_changed_at": decided or received,
                "decided_at": decided,
                "authorized_from": today - timedelta(days=35)
                if status == Status.ACCEPTED
                else None,
                "authorized_until": today + timedelta(days=330)
                if status == Status.ACCEPTED
                else None,
                "refusal_reason": "Critères de l'indication non remplis."
                if status == Status.REFUSED
                else "",
                "information_requested": "Résultats de laboratoire récents."
                if status == Status.AWAITING_INFORMATION
                else "",
                "recorded_by": agent if channel != Channel.ONLINE else None,
            },
        )
        # The demo prescriber stated the register's identity, so a renewal shows it back.
        person = people[nam]
        StatedIdentity.objects.get_or_create(
            request=exception_request,
            defaults={
                "last_name": person.last_name,
                "first_name": person.first_name,
                "birth_date": person.birth_date,
                "sex": person.sex,
            },
        )
        if created:
            StatusChange.objects.create(
                request=exception_request, to_status=Status.IN_PROCESSING, changed_at=received
            )
            if status != Status.IN_PROCESSING:
                StatusChange.objects.create(
                    request=exception_request,
                    from_status=Status.IN_PROCESSING,
                    to_status=status,
                    changed_at=decided or received + timedelta(days=2),
                    changed_by=agent,
                )
