"""The portal's own pages: the two home pages, which gather what every app has for a person."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sel.access.catalogue import grants_with_pages
from sel.access.selectors import grants_valid_for
from sel.portal.home import front_page, waiting_for


def home(request: HttpRequest) -> HttpResponse:
    """Seed 002: « Vos nom et prénom de même que le nouveau menu Paramètres du compte figureront
    à la gauche de la page d'accueil des services en ligne », with what waits for this person;
    for a visitor, what the services are and how to get them."""
    if not request.user.is_authenticated:
        return render(request, "portal/home_public.html", front_page())
    context = {
        "grants": grants_with_pages(grants_valid_for(request.user)),
        "waiting": waiting_for(request.user),
    }
    return render(request, "portal/home.html", context)
