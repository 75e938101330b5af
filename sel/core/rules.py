"""What every app's rules and decisions share (docs/architecture.md, « Services, rules and
decisions »).

Services check the seeds' rules themselves (each app's ``rules.py``), so that a call without its
form (tests, commands, an API) cannot break one; forms show the same errors on their fields."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext as _

# --- rules refusing a service's input ---------------------------------------------------------


class RuleViolation(ValidationError):
    """A ``ValidationError`` with one or more errors per field, keyed by the field's name (the
    names the service's input and its form share; ``"__all__"`` for the whole)."""

    def __init__(self, errors: Mapping[str, Sequence[ValidationError]]) -> None:
        by_field = {name: list(found) for name, found in errors.items() if found}
        super().__init__(by_field)
        self.field_errors: dict[str, list[ValidationError]] = by_field

    @property
    def fields(self) -> list[str]:
        """The names of the fields at fault."""
        return list(self.field_errors)


def show_rule_errors(form: forms.Form, errors: Mapping[str, Sequence[ValidationError]]) -> None:
    """Each rule's error on its field (unless the field already shows one), else on the form."""
    for name, found in errors.items():
        if name not in form.fields:
            form.add_error(None, list(found))
        elif name not in form.errors:
            form.add_error(name, list(found))


# --- decisions on a waiting object ------------------------------------------------------------


DecidedModel = TypeVar("DecidedModel", bound=models.Model)


class DecisionConflict(Exception):
    """Another agent decided first: the object is no longer in a state this decision applies to.
    ``current`` is the object as the winner left it (locked and re-read): a model with a
    ``status`` field that has choices."""

    def __init__(self, current: Any) -> None:
        super().__init__(current.status)
        self.current = current

    def message(self) -> str:
        """The one message the agent who lost the race reads, in the language of the request."""
        return _(
            "Un autre agent a déjà traité ce dossier. Son état est maintenant : %(status)s. "
            "Votre décision n'a pas été enregistrée ; ce que vous aviez écrit est conservé ici."
        ) % {"status": self.current.get_status_display()}


def decision_lock(obj: DecidedModel, *, waiting: Collection[str]) -> DecidedModel:
    """Lock ``obj``'s row (``select_for_update``, inside the caller's transaction) and re-read it;
    if its status is no longer one of ``waiting``, another decision won: ``DecisionConflict``."""
    locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
    if cast(Any, locked).status not in waiting:
        raise DecisionConflict(locked)
    return locked


@dataclass(frozen=True)
class Decision:
    """One entry of an app's ``DECISIONS`` table: the form the agent fills, the service that
    applies it (called with the decided object, the agent and the form's ``fields`` by name), the
    audit action that service records, and the message shown once it is done. ``permission`` is
    set where the decision needs one beyond the page's gate; ``label`` names its button."""

    form: type[forms.Form]
    service: Callable[..., Any]
    action: str
    fields: tuple[str, ...]
    done: str | Promise
    label: str | Promise = ""
    permission: str = ""

    def arguments(self, form: forms.Form) -> dict[str, Any]:
        """The service's keyword arguments taken from the valid form."""
        return {name: form.cleaned_data[name] for name in self.fields}

    def typed(self, form: forms.Form) -> list[tuple[str, Any]]:
        """What the agent typed, label and value, to show again when the decision lost a race."""
        return [
            (str(form.fields[name].label or name), form.data.get(form.add_prefix(name), ""))
            for name in self.fields
        ]

    def conflict(self, error: DecisionConflict, form: forms.Form) -> dict[str, Any]:
        """The page's context for a decision that lost the race (``includes/decision_conflict``)."""
        return {"message": error.message(), "typed": self.typed(form)}


@dataclass(frozen=True)
class DecisionOutcome:
    """What became of a posted decision: ``done`` (the success message is queued), or the
    ``status`` of the page to show again: 400, the form says why; 409, the decision lost the
    race, ``conflict`` is the context of ``includes/decision_conflict`` and ``current`` the
    object as the winner left it."""

    done: bool
    status: int = 200
    conflict: dict[str, Any] | None = None
    current: Any = None


def decision_post(
    request: HttpRequest, chosen: Decision, form: forms.Form, **target: Any
) -> DecisionOutcome:
    """Apply the decision ``chosen`` with its bound ``form``: the service is called with
    ``target`` (the decided object and the agent, by the service's argument names), the request
    and the form's ``fields``. A rule the service refuses goes on the form's fields; any other
    refusal on the form as a whole."""
    if not form.is_valid():
        return DecisionOutcome(done=False, status=400)
    try:
        chosen.service(request=request, **target, **chosen.arguments(form))
    except DecisionConflict as error:
        return DecisionOutcome(
            done=False, status=409, conflict=chosen.conflict(error, form), current=error.current
        )
    except RuleViolation as violation:
        show_rule_errors(form, violation.field_errors)
        return DecisionOutcome(done=False, status=400)
    except ValidationError as error:
        form.add_error(None, error)
        return DecisionOutcome(done=False, status=400)
    messages.success(request, str(chosen.done))
    return DecisionOutcome(done=True)
