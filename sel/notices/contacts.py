"""The support centre's contact details, exactly as the seeds give them, in one place."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_noop


@dataclass(frozen=True)
class Line:
    place: str  # as printed in the seed (« Québec », « Ailleurs au Québec »)
    number: str

    @property
    def tel(self) -> str:
        """For a ``tel:`` link: +1 and the ten digits."""
        digits = "".join(ch for ch in self.number if ch.isdigit())
        return f"+1{digits[-10:]}"


@dataclass(frozen=True)
class ContactColumn:
    audience: str
    phones: list[Line]
    faxes: list[Line] = field(default_factory=list)
    hours: str = ""


CURRENT_PHONES = [
    Line(gettext_noop("Québec"), "418 780-4208"),
    Line(gettext_noop("Montréal"), "514 687-3612"),
    Line(gettext_noop("Ailleurs au Québec"), "1 888 330-3023"),
]
CURRENT_HOURS = [
    gettext_noop("Du lundi au vendredi,"),
    gettext_noop("de 8 h 30 à 12 h et de 13 h à 16 h 30"),
    gettext_noop("(mercredi de 10 h à 12 h et de 13 h à 16 h 30)"),
]
CURRENT_WEB = ["www.ramq.gouv.qc.ca/courriel", "www.ramq.gouv.qc.ca/professionnels"]


def support_centre_current() -> dict[str, object]:
    """Seed 004, the most recent newsletter: « Téléphone : Québec 418 780-4208, Montréal
    514 687-3612, Ailleurs au Québec 1 888 330-3023 » and « Heures d'ouverture : Du lundi au
    vendredi, de 8 h 30 à 12 h et de 13 h à 16 h 30 (mercredi de 10 h à 12 h et de 13 h à
    16 h 30) ». These replace the 2015 numbers and hours below."""
    return {"phones": CURRENT_PHONES, "hours": CURRENT_HOURS, "web": CURRENT_WEB}


EARLIER_ISSUED_ON = date(2015, 6, 2)
EARLIER_EMAIL = "services.professionnels@ramq.gouv.qc.ca"
ONLINE_SERVICES_EMAIL = "sel.professionnels@ramq.gouv.qc.ca"
ACCESS_REQUESTS_EMAIL = "Demandes_acces_SEL@ramq.gouv.qc.ca"
IDENTITY_NOTE = gettext_noop(
    "Après avoir établi votre identité, faites le 1 pour les services en ligne."
)


def support_centre_by_audience_2015() -> list[ContactColumn]:
    """Seed 002 (2 juin 2015) keeps the two audiences apart: « Pharmaciens » and « Autres
    professionnels », each with its telephone, fax and « Heures de service ». The seed's table
    came out of the PDF one row shifted in the second column; seed 000 confirms the other
    professionals' fax « Québec 418 646-9251 » and phone « Ailleurs 1 800 463-4776 »."""
    return [
        ContactColumn(
            audience=gettext_noop("Pharmaciens"),
            phones=[
                Line(gettext_noop("Québec"), "418 643-9025"),
                Line(gettext_noop("Ailleurs"), "1 888 883-7427"),
            ],
            faxes=[
                Line(gettext_noop("Québec"), "418 528-5655"),
                Line(gettext_noop("Ailleurs"), "1 866 734-4418"),
            ],
            hours=gettext_noop("du lundi au vendredi, de 8 h 30 à 16 h 30"),
        ),
        ContactColumn(
            audience=gettext_noop("Autres professionnels"),
            phones=[
                Line(gettext_noop("Québec"), "418 643-8210"),
                Line(gettext_noop("Montréal"), "514 873-3480"),
                Line(gettext_noop("Ailleurs"), "1 800 463-4776"),
            ],
            faxes=[Line(gettext_noop("Québec"), "418 646-9251")],
            hours=gettext_noop(
                "du lundi au vendredi, de 8 h 30 à 16 h 30 (mercredi de 10 h 30 à 16 h 30)"
            ),
        ),
    ]
