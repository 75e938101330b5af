"""The professional's payment-request form: the request's fields and its lines."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sel.core.forms import AccessibleFormMixin
from sel.establishments.forms import date_field
from sel.establishments.models import Mode
from sel.establishments.rules import LineInput, PaymentRequestSection

LINE_ROWS = 10  # blank rows offered; rows left blank are ignored
MAX_LINES = 93  # a month of three activities a day


class PaymentRequestForm(AccessibleFormMixin, forms.Form):
    installation_number = forms.CharField(
        label=_("Numéro de l'installation"),
        help_text=_("5 chiffres, par exemple 51234."),
        max_length=10,
    )
    mode = forms.ChoiceField(label=_("Mode de rémunération"), choices=Mode.choices)
    period_start = date_field(_("Début de la période"))
    period_end = date_field(_("Fin de la période"))


class LineForm(AccessibleFormMixin, forms.Form):
    day = date_field(_("Date"), required=False, help_text=False)
    activity_code = forms.CharField(label=_("Code d'activité"), required=False, max_length=8)
    quantity = forms.CharField(label=_("Quantité"), required=False, max_length=8)

    def clean_quantity(self) -> Decimal | None:
        """7,5 or 7.5: the French decimal comma is accepted."""
        text = self.cleaned_data["quantity"].strip().replace(",", ".")
        if not text:
            return None
        try:
            quantity = Decimal(text)
        except InvalidOperation:
            quantity = Decimal("NaN")
        if (
            not quantity.is_finite()
            or quantity <= 0
            or quantity != quantity.quantize(Decimal("0.01"))
        ):
            raise ValidationError(
                _("Saisissez une quantité plus grande que zéro, par exemple 7,5."), code="quantity"
            )
        return quantity

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = [data.get("day"), data.get("activity_code"), data.get("quantity")]
        if any(v not in (None, "") for v in filled) and not all(
            v not in (None, "") for v in filled
        ):
            raise ValidationError(
                _("Remplissez la date, le code d'activité et la quantité de la ligne."),
                code="incomplete_line",
            )
        return data

    def line(self) -> LineInput | None:
        data = self.cleaned_data
        if not data or data.get("day") is None:
            return None
        return LineInput(
            day=data["day"],
            activity_code=str(data["activity_code"]).strip().upper(),
            quantity=data["quantity"],
        )


LineFormSet = forms.formset_factory(
    LineForm, extra=LINE_ROWS, max_num=MAX_LINES, validate_max=True, absolute_max=MAX_LINES
)


def section_of(form: PaymentRequestForm, lines: Any) -> tuple[PaymentRequestSection, list[int]]:
    """The service's section from the valid forms, and each kept line's row in the formset."""
    kept: list[tuple[int, LineInput]] = []
    for index, line_form in enumerate(lines.forms):
        line = line_form.line()
        if line is not None:
            kept.append((index, line))
    section = PaymentRequestSection(
        installation_number=form.cleaned_data["installation_number"],
        mode=form.cleaned_data["mode"],
        period_start=form.cleaned_data["period_start"],
        period_end=form.cleaned_data["period_end"],
        lines=tuple(line for _index, line in kept),
    )
    return section, [index for index, _line in kept]


def errors_show(
    form: PaymentRequestForm,
    lines: Any,
    rows: list[int],
    errors: dict[str, list[ValidationError]],
) -> None:
    """A service's errors on the request's fields, and each line's on its row."""
    for name, found in errors.items():
        if name.startswith("line-"):
            lines.forms[rows[int(name.removeprefix("line-"))]].add_error(None, found)
        else:
            form.add_error(name if name in form.fields else None, found)
