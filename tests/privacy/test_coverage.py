"""Every model that holds a personal field is covered by its own app's ``privacy.py``: exported
by it, or listed there as not exported, with the reason (docs/architecture.md, Privacy).

A field is personal when:
- it points to an account (a relation to ``AUTH_USER_MODEL``), or
- its type is an address (``EmailField``, ``GenericIPAddressField``), or
- its name is one of ``PERSONAL_NAMES``, or ends with one (``user_email``, ``auth_last_name``), or
- it is in ``PERSONAL_FIELDS``, the explicit list of what the two rules above cannot see.
"""

from __future__ import annotations

from types import ModuleType

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models

from sel.privacy.services import privacy_parts
from tests.factories import UserFactory

PERSONAL_NAMES = {
    "nam", "first_name", "last_name", "birth_date", "sex", "email", "phone", "fax", "address",
    "postal_code", "practice_number", "username", "alias",
}  # fmt: skip
PERSONAL_FIELDS = {
    "outbox.OutboundEmail.to": "the address an email went to",
    "access.MailRoomLetter.recipient": "the name and address a letter is mailed to",
    "access.Signature.image": "a person's handwritten signature",
    "audit.AuditEvent.subject_key": "the NAM a consultation was about",
}


def personal_fields(model: type[models.Model]) -> list[str]:
    found = []
    for field in model._meta.get_fields():
        if field.auto_created and not field.concrete:
            continue  # a reverse relation: the other model's field
        label = f"{model._meta.label}.{field.name}"
        named = any(field.name == n or field.name.endswith(f"_{n}") for n in PERSONAL_NAMES)
        if (
            (field.is_relation and field.related_model is not None
             and field.related_model._meta.label == settings.AUTH_USER_MODEL)
            or isinstance(field, models.EmailField | models.GenericIPAddressField)
            or named
            or label in PERSONAL_FIELDS
        ):  # fmt: skip
            found.append(field.name)
    return found


def sel_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if model.__module__.startswith("sel.")]


def part_of(app_label: str) -> ModuleType | None:
    return next(
        (part for part in privacy_parts() if part.__name__.split(".")[-2] == app_label), None
    )


def test_the_rule_sees_the_personal_models_it_must() -> None:
    personal = {model._meta.label for model in sel_models() if personal_fields(model)}
    assert {
        "accounts.User", "exception_drugs.InsuredPerson", "exception_drugs.ExceptionRequest",
        "exception_drugs.Delegation", "messaging.Message", "access.AccessRequest",
        "outbox.OutboundEmail",
    } <= personal  # fmt: skip
    assert "exception_drugs.Drug" not in personal
    assert "notices.Newsletter" not in personal


@pytest.mark.parametrize(
    "model",
    [model for model in sel_models() if personal_fields(model)],
    ids=lambda model: model._meta.label,
)
def test_each_model_with_a_personal_field_is_exported_or_says_why_not(
    model: type[models.Model],
) -> None:
    label = model._meta.label
    part = part_of(model._meta.app_label)
    assert part is not None, f"{label} ({personal_fields(model)}): its app has no privacy.py"
    exported, not_exported = part.EXPORTED, part.NOT_EXPORTED
    assert (label in exported) != (label in not_exported), (
        f"{label} ({personal_fields(model)}) must be in exactly one of "
        f"{part.__name__}.EXPORTED and NOT_EXPORTED"
    )
    if label in not_exported:
        assert len(not_exported[label].split()) >= 5, f"{label}: give the reason in a sentence"


@pytest.mark.django_db
def test_each_part_declares_only_its_own_models_and_exports_every_key_it_names() -> None:
    user = UserFactory()
    labels = {model._meta.label for model in sel_models()}
    for part in privacy_parts():
        app_label = part.__name__.split(".")[-2]
        declared = {**part.EXPORTED, **part.NOT_EXPORTED}
        for label in declared:
            assert label in labels, f"{part.__name__}: {label} is no model"
            assert label.split(".")[0] == app_label, f"{part.__name__}: {label} is not its own"
        if part.EXPORTED:
            exported = part.export(user)
            assert set(part.EXPORTED.values()) <= set(exported), part.__name__
