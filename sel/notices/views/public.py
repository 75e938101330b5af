from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from sel.notices import contacts
from sel.notices.help import HELP_PAGES, help_page_by_slug
from sel.notices.models import Audience
from sel.notices.rendering import render_body
from sel.notices.selectors import (
    newsletter_visible_by_id,
    newsletters_for_references,
    newsletters_published,
)


@require_GET
def newsletter_list(request: HttpRequest) -> HttpResponse:
    audience = request.GET.get("destinataires", "")
    if audience not in Audience.values:
        audience = ""
    return render(
        request,
        "notices/newsletter_list.html",
        {
            "newsletters": newsletters_published(audience=audience or None),
            "audiences": Audience.choices,
            "audience": audience,
        },
    )


@require_GET
def newsletter_detail(request: HttpRequest, newsletter_id: int) -> HttpResponse:
    newsletter = newsletter_visible_by_id(request.user, newsletter_id)  # type: ignore[arg-type]
    body = render_body(newsletter.body, newsletters=newsletters_for_references())
    return render(
        request, "notices/newsletter_detail.html", {"newsletter": newsletter, "body": body}
    )


@require_GET
def help_index(request: HttpRequest) -> HttpResponse:
    return render(request, "notices/help_index.html", {"pages": HELP_PAGES})


@require_GET
def help_page(request: HttpRequest, slug: str) -> HttpResponse:
    page = help_page_by_slug(slug)
    return render(request, "notices/help_page.html", {"page": page, "pages": HELP_PAGES})


@require_GET
def contact(request: HttpRequest) -> HttpResponse:
    """The contact details of ``sel.notices.contacts``, with the seeds and dates they come from."""
    seed_dates = {seed: _(text) for seed, text in contacts.SEED_DATES.items()}
    return render(
        request,
        "notices/contact.html",
        {
            "lines": contacts.support_lines(),
            "newsletter_2022": contacts.NEWSLETTER_2022,
            "seed_dates": seed_dates,
            "general_email": contacts.GENERAL_EMAIL,
            "online_services_email": contacts.ONLINE_SERVICES_EMAIL,
            "identity_note": contacts.IDENTITY_NOTE,
            "addresses": [
                {
                    "title": _("Formulaire 4313"),
                    "postal": contacts.postal_address_for("professional"),
                },
                {
                    "title": _(
                        "Établissements du réseau de la santé et développeurs de logiciels (B2B)"
                    ),
                    "postal": contacts.postal_address_for("establishment"),
                },
            ],
        },
    )
