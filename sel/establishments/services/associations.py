"""The *Association* application: who authorizes which professional's requests."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.services import record
from sel.establishments.access import ASSOCIATION, installations_in_scope
from sel.establishments.models import (
    Association,
    AssociationChange,
    Installation,
    PaymentRequest,
    Signatory,
    Status,
)
from sel.establishments.rules import (
    association_change_keeps_waiting_requests,
    association_change_not_in_the_past,
    association_dates_must_not_overlap,
    association_signatory_in_register,
    association_within_grant,
)
from sel.establishments.services._common import raise_errors
from sel.outbox.services import send_email_later


def _email_signatory(
    association: Association,
    *,
    template: str,
    to: User | None = None,
    extra: dict[str, str] | None = None,
) -> None:
    signatory = to or association.signatory.user
    send_email_later(
        to=signatory.email,
        language=signatory.language,
        template=f"establishments/{template}",
        context={
            "professional": association.professional.get_full_name(),
            "installation": f"{association.installation.number} {association.installation.name}",
            "valid_from": association.valid_from.isoformat(),
            "valid_until": association.valid_until.isoformat() if association.valid_until else "",
            **(extra or {}),
        },
    )


def _signatory_label(signatory: Signatory) -> str:
    return f"{signatory.user.get_full_name()} ({signatory.user.username})"


def _history(
    association: Association,
    kind: str,
    actor: User,
    changes: dict[str, list[str | None]] | None = None,
) -> None:
    AssociationChange.objects.create(
        association=association, kind=kind, actor=actor, changes=changes or {}
    )


def _signatory_in_register(installation: Installation, username: str) -> Signatory | None:
    """The entry in force today of the installation's establishment's register, by username."""
    return (
        Signatory.objects.in_force_on(timezone.localdate())
        .filter(
            establishment_id=installation.establishment_id,
            user__username__iexact=username.strip(),
        )
        .select_related("user")
        .first()
    )


def _other_periods(
    association: Association | None, *, professional: User, installation: Installation
) -> list[tuple[date, date | None]]:
    """The periods of the other associations in force of the same professional and
    installation, locked (two changes at once cannot both pass the overlap rule)."""
    others = Association.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=timezone.localdate()),
        ended_at__isnull=True,
        professional=professional,
        installation=installation,
    )
    if association is not None:
        others = others.exclude(pk=association.pk)
    return [(a.valid_from, a.valid_until) for a in others.select_for_update()]


def link_waiting_requests(association: Association) -> int:
    """Requests of the association's professional and installation whose period it covers and
    that wait without an association in force enter its signatory's queue."""
    covered = PaymentRequest.objects.filter(
        professional_id=association.professional_id,
        installation_id=association.installation_id,
        status__in=[Status.SUBMITTED, Status.AWAITING],
        period_start__gte=association.valid_from,
    ).filter(Q(association__isnull=True) | Q(association__ended_at__isnull=False))
    if association.valid_until is not None:
        covered = covered.filter(period_end__lte=association.valid_until)
    return covered.update(association=association, status=Status.AWAITING)


@transaction.atomic
def association_create(
    *,
    user: User,
    installation_number: str,
    professional: User,
    signatory_username: str,
    valid_from: date,
    valid_until: date | None,
    request: HttpRequest | None = None,
) -> Association:
    """Associate a signatory of the register with a professional at one installation of the
    user's scope, for a period; the signatory is told by email."""
    in_scope = installations_in_scope(user, ASSOCIATION)
    installation = in_scope.filter(number=installation_number.strip()).first()
    raise_errors(
        association_within_grant(
            installation_id=installation.pk if installation else None,
            in_scope=[installation.pk] if installation else [],
        )
    )
    assert installation is not None
    signatory = _signatory_in_register(installation, signatory_username)
    raise_errors(
        association_signatory_in_register(signatory_found=signatory is not None),
        association_dates_must_not_overlap(
            valid_from=valid_from,
            valid_until=valid_until,
            others=_other_periods(None, professional=professional, installation=installation),
        ),
    )
    assert signatory is not None
    association = Association.objects.create(
        signatory=signatory,
        professional=professional,
        installation=installation,
        valid_from=valid_from,
        valid_until=valid_until,
        created_by=user,
    )
    linked = link_waiting_requests(association)
    _history(association, AssociationChange.Kind.CREATED, user)
    record(
        action=Action.ASSOCIATION_CREATED,
        actor=user,
        target=association,
        request=request,
        details={
            "installation": installation.number,
            "professional": professional.pk,
            "signatory": signatory.user_id,
            "requests_linked": linked,
        },
    )
    _email_signatory(association, template="association_created")
    return association


@transaction.atomic
def association_end(
    *,
    user: User,
    association: Association,
    end_on: date,
    request: HttpRequest | None = None,
) -> Association:
    """End an association on ``end_on`` (today or later; today closes it at once). The requests
    it no longer covers leave the signatory's queue; the signatory is told by email."""
    locked = Association.objects.select_for_update().get(pk=association.pk)
    today = timezone.localdate()
    if locked.ended_at is not None:
        raise ValidationError(_("Cette association est déjà terminée."), code="already_ended")
    if end_on < max(today, locked.valid_from) or (
        locked.valid_until is not None and end_on > locked.valid_until
    ):
        raise_errors(
            {
                "end_on": [
                    ValidationError(
                        _(
                            "La date de fin doit être entre aujourd'hui (ou le début de "
                            "l'association) et sa fin actuelle."
                        ),
                        code="end_on",
                    )
                ]
            }
        )
    before = locked.valid_until
    locked.valid_until = end_on
    fields = ["valid_until"]
    if end_on == today:
        locked.ended_at = timezone.now()
        locked.ended_by = user
        fields += ["ended_at", "ended_by"]
    locked.save(update_fields=fields)
    _history(
        locked,
        AssociationChange.Kind.ENDED,
        user,
        {"valid_until": [before.isoformat() if before else None, end_on.isoformat()]},
    )
    record(
        action=Action.ASSOCIATION_ENDED,
        actor=user,
        target=locked,
        request=request,
        details={"end_on": end_on.isoformat()},
    )
    _email_signatory(locked, template="association_ended")
    return locked


@transaction.atomic
def association_change(
    *,
    user: User,
    association: Association,
    signatory_username: str,
    valid_from: date,
    valid_until: date | None,
    request: HttpRequest | None = None,
) -> Association:
    """Change an association in force: its signatory (another entry of the register of the
    installation's establishment) or its dates. The same rules as a new one (installation of
    the user's grant, signatory in the register, no overlap), plus ours: no end in the past
    (that is ending it) and the requests waiting under it stay covered. Its history keeps the
    change; the signatory is told by email, and a replaced signatory too."""
    locked = (
        Association.objects.select_for_update()
        .select_related("signatory__user", "installation", "professional")
        .get(pk=association.pk)
    )
    if locked.ended_at is not None:
        raise ValidationError(_("Cette association est déjà terminée."), code="already_ended")
    in_scope = installations_in_scope(user, ASSOCIATION).filter(pk=locked.installation_id)
    signatory = _signatory_in_register(locked.installation, signatory_username)
    uncovered = PaymentRequest.objects.filter(association=locked, status=Status.AWAITING).filter(
        Q(period_start__lt=valid_from)
        | (Q(period_end__gt=valid_until) if valid_until is not None else Q(pk__in=[]))
    )
    raise_errors(
        association_within_grant(
            installation_id=locked.installation_id,
            in_scope=in_scope.values_list("pk", flat=True),
        ),
        association_signatory_in_register(signatory_found=signatory is not None),
        association_change_not_in_the_past(valid_until=valid_until),
        association_dates_must_not_overlap(
            valid_from=valid_from,
            valid_until=valid_until,
            others=_other_periods(
                locked, professional=locked.professional, installation=locked.installation
            ),
        ),
        association_change_keeps_waiting_requests(
            uncovered=list(uncovered.values_list("reference", flat=True)[:5]),
            count=uncovered.count(),
        ),
    )
    assert signatory is not None
    before = locked.signatory
    changes: dict[str, list[str | None]] = {}
    if signatory.pk != before.pk:
        changes["signatory"] = [_signatory_label(before), _signatory_label(signatory)]
    for name, new in (("valid_from", valid_from), ("valid_until", valid_until)):
        old = getattr(locked, name)
        if old != new:
            changes[name] = [
                old.isoformat() if old else None,
                new.isoformat() if new else None,
            ]
    if not changes:
        raise_errors(
            {
                "__all__": [
                    ValidationError(
                        _("Rien n'a changé : modifiez le signataire ou les dates."),
                        code="unchanged",
                    )
                ]
            }
        )
    locked.signatory = signatory
    locked.valid_from = valid_from
    locked.valid_until = valid_until
    locked.save(update_fields=["signatory", "valid_from", "valid_until"])
    linked = link_waiting_requests(locked)
    _history(locked, AssociationChange.Kind.CHANGED, user, changes)
    record(
        action=Action.ASSOCIATION_CHANGED,
        actor=user,
        target=locked,
        request=request,
        details={
            # Accounts by id in the audit trail; the history shown keeps the names.
            **{name: pair for name, pair in changes.items() if name != "signatory"},
            **(
                {"signatory": [before.user_id, signatory.user_id]} if "signatory" in changes else {}
            ),
            "requests_linked": linked,
        },
    )
    _email_signatory(locked, template="association_changed")
    if "signatory" in changes:
        _email_signatory(
            locked,
            template="association_replaced",
            to=before.user,
            extra={"new_signatory": signatory.user.get_full_name()},
        )
    return locked


def associations_exported(*, user: User, count: int, request: HttpRequest | None = None) -> None:
    """The CSV export of a scope's associations is audited (who, how many)."""
    record(
        action=Action.ASSOCIATIONS_EXPORTED,
        actor=user,
        request=request,
        details={"count": count},
    )
