"""The project's form renderer (Jinja2 widget templates) gives the same HTML as Django's default."""

from __future__ import annotations

import re
from html import unescape

from django import forms
from django.forms.renderers import DjangoTemplates

from sel.core.renderers import FormRenderer


class EveryWidget(forms.Form):
    name = forms.CharField(max_length=20, help_text="Aide")
    email = forms.EmailField()
    count = forms.IntegerField(min_value=1)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(choices=[("a", "L'un"), ("b", "L'autre")])
    flavour = forms.ChoiceField(choices=[("x", "X"), ("y", "Y")], widget=forms.RadioSelect)
    agree = forms.BooleanField()
    note = forms.CharField(widget=forms.Textarea)
    scan = forms.FileField()
    hidden = forms.CharField(widget=forms.HiddenInput)
    many = forms.MultipleChoiceField(choices=[("1", "Un"), ("2", "Deux")])


def same(html: str) -> str:
    """Entities decoded and whitespace between tags dropped: what a browser makes of it."""
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", unescape(html))).strip()


def test_every_widget_renders_the_same_html_as_with_the_default_renderer() -> None:
    data = {"name": "<b>O'Neil</b>", "kind": "b", "flavour": "y", "many": ["1", "2"], "count": "x"}
    ours = EveryWidget(data, renderer=FormRenderer())
    theirs = EveryWidget(data, renderer=DjangoTemplates())
    for name in EveryWidget.base_fields:
        assert same(str(ours[name])) == same(str(theirs[name])), name
        assert "<b>" not in str(ours[name])  # still escaped


def test_a_field_group_ties_its_help_and_errors_to_the_input() -> None:
    from sel.core.forms import AccessibleFormMixin

    class Accessible(AccessibleFormMixin, EveryWidget):
        pass

    form = Accessible({"name": "x" * 30}, renderer=FormRenderer())
    assert not form.is_valid()
    group = str(form["name"].as_field_group())
    assert '<label for="id_name">Name <span class="required" aria-hidden="true">*</span>' in group
    assert '<p class="help" id="id_name_help">Aide</p>' in group
    assert '<ul class="errorlist" id="id_name_errors"><li>' in group
    assert 'aria-describedby="id_name_help id_name_errors"' in group
    assert 'aria-invalid="true"' in group
    radio = str(form["flavour"].as_field_group())
    assert "<fieldset" in radio and "<legend>Flavour" in radio


def test_a_widget_with_no_jinja2_template_falls_back_to_the_template_language() -> None:
    from django.contrib.admin.widgets import AdminDateWidget

    class AdminForm(forms.Form):
        day = forms.DateField(widget=AdminDateWidget)

    assert 'class="vDateField"' in str(AdminForm(renderer=FormRenderer())["day"])
