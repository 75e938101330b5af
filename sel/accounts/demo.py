"""Demo accounts (``make demo``): one ready account per role, with the password below and 8 secret
questions answered as in DEMO_ANSWERS, and CE200010 with a fresh temporary password."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from sel.accounts import questions
from sel.accounts.models import Role, SecretAnswer, User

DEMO_PASSWORD = "Demo-SEL-2026-portail"  # noqa: S105 (demo data, listed in README)
DEMO_TEMPORARY_PASSWORD = "k7pm-x3qa-9rtv-w2hd"  # noqa: S105
# The demo agent's TOTP key (agents must use a second factor): add it to any authenticator app,
# or print the current code with: python -c "import pyotp; print(pyotp.TOTP('<key>').now())"
DEMO_AGENT_TOTP_SECRET = "JBSWY3DPEHPK3PXPSELDEMOAGENTXYZW"  # noqa: S105
AGENTS_GROUP = "Agents de la Régie"

DEMO_ANSWERS = {
    "q01": "Minou",
    "q02": "Montréal",
    "q03": "Québec",
    "q04": "Saint-Jean",
    "q05": "Sophie",
    "q06": "Civic",
    "q07": "rue des Érables",
    "q08": "Marie",
}

ACCOUNTS = [
    # username, role, first name, last name, practice number
    ("IP100001", Role.PHARMACIST, "Julie", "Tremblay", "100001"),
    ("IP100002", Role.PRESCRIBER, "Marc", "Gagnon", "100002"),
    ("CE200001", Role.PHARMACY_TECHNICIAN, "Sophie", "Roy", ""),
    ("CE200002", Role.ADMIN_ASSISTANT, "Nadia", "Côté", ""),
    ("CE200003", Role.ESTABLISHMENT_STAFF, "Louis", "Bouchard", ""),
    ("CE200004", Role.SOFTWARE_VENDOR, "Émilie", "Gauthier", ""),
    ("CE200005", Role.NURSE, "Isabelle", "Pelletier", ""),
    ("CE200006", Role.TECHNICAL_AIDS_STAFF, "Léa", "Martin", ""),
    ("CE900001", Role.AGENT, "Pierre", "Morin", ""),
    # Establishments (sel/establishments/demo.py gives their grants, register and associations)
    ("CE200020", Role.ESTABLISHMENT_STAFF, "Hélène", "Lévesque", ""),
    ("CE200021", Role.ESTABLISHMENT_STAFF, "Martin", "Bergeron", ""),
    ("IP100020", Role.PROFESSIONAL, "Karine", "Dubé", "100020"),
    ("IP100021", Role.PRESCRIBER, "François", "Simard", "100021"),
]

LOGINS = [
    *[(str(role.label), username, DEMO_PASSWORD) for username, role, *_rest in ACCOUNTS],
    ("Première connexion (mot de passe temporaire)", "CE200010", DEMO_TEMPORARY_PASSWORD),
]

SUPPORT_PERMISSIONS = [
    "support_view_account",
    "support_unlock_account",
    "support_issue_temporary_password",
    "support_clear_questions",
    "support_disable_account",
    "support_send_username",
    "support_issue_pin",
    "support_reset_second_factor",  # not support_act_on_staff: agents' accounts need more
    "change_profession_services",  # what registration with a PIN opens (/acces/regie/professions/)
]


def agents_group() -> Group:
    group, _created = Group.objects.get_or_create(name=AGENTS_GROUP)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="accounts", codename__in=SUPPORT_PERMISSIONS
        )
    )
    return group


def _ready(username: str, role: str, first: str, last: str, practice: str) -> User:
    user, _created = User.objects.update_or_create(
        username=username,
        defaults={
            "email": f"{username.lower()}@demo.sel.example",
            "first_name": first,
            "last_name": last,
            "role": role,
            "practice_number": practice,
            "is_staff": role == Role.AGENT,
            "must_change_password": False,
            "must_set_questions": False,
            "temporary_password_expires_at": None,
            "locked_at": None,
            "password_changed_at": timezone.now(),
        },
    )
    if not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    if user.secret_answers.count() != len(DEMO_ANSWERS):
        SecretAnswer.objects.filter(user=user).delete()
        for code, answer in DEMO_ANSWERS.items():
            SecretAnswer.objects.create(
                user=user, question=code, answer_hash=questions.answer_hash(answer)
            )
    return user


def load() -> None:
    for username, role, first, last, practice in ACCOUNTS:
        user = _ready(username, role, first, last, practice)
        if role == Role.AGENT:
            user.groups.add(agents_group())
            if not user.totp_confirmed_at:
                User.objects.filter(pk=user.pk).update(
                    totp_secret=DEMO_AGENT_TOTP_SECRET, totp_confirmed_at=timezone.now()
                )
    first_login, _created = User.objects.update_or_create(
        username="CE200010",
        defaults={
            "email": "ce200010@demo.sel.example",
            "first_name": "Alex",
            "last_name": "Lavoie",
            "role": Role.ADMIN_ASSISTANT,
            "must_change_password": True,
            "must_set_questions": True,
            "temporary_password_expires_at": timezone.now()
            + timedelta(days=settings.TEMPORARY_PASSWORD_DAYS),
            "temporary_password_used_at": None,
            "password_changed_at": timezone.now(),
        },
    )
    first_login.set_password(DEMO_TEMPORARY_PASSWORD)
    first_login.save(update_fields=["password"])
    SecretAnswer.objects.filter(user=first_login).delete()


def notes() -> list[str]:
    """What ``make demo`` prints besides the logins: the answers and the agent's current code."""
    import pyotp

    answers = ", ".join(DEMO_ANSWERS.values())
    return [
        f"Secret answers of the ready accounts, questions 1 to 8 (see README.md): {answers}",
        f"Régie agent's current second-factor code: {pyotp.TOTP(DEMO_AGENT_TOTP_SECRET).now()}"
        " (README.md says how to get the next ones)",
    ]
