"""The form renderer: Django's own Jinja2 widget templates, falling back to the template
language for widgets that ship no Jinja2 template (the admin's)."""

from __future__ import annotations

import functools
from typing import Any

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template.exceptions import TemplateDoesNotExist


class FormRenderer(BaseRenderer):
    """Same HTML as the default renderer, at under half its CPU per field (bench/RESULTS.md);
    pages themselves stay in the Django template language. A field with its label, help and
    errors (``{{ form.x.as_field_group }}`` in every template) is
    ``sel/core/jinja2/sel/field.html``."""

    field_template_name = "sel/field.html"

    @functools.cached_property
    def jinja2(self) -> Jinja2:
        return Jinja2()

    @functools.cached_property
    def django_templates(self) -> DjangoTemplates:
        return DjangoTemplates()

    def get_template(self, template_name: str) -> Any:
        try:
            return self.jinja2.get_template(template_name)
        except TemplateDoesNotExist:
            return self.django_templates.get_template(template_name)
