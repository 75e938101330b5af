"""The Régie's contact details, in one place: every page, email and printed form that gives a
telephone number, opening hours, an email address or a postal address takes it from here.

What the seeds say, with their dates, and what we decided (also said once on the contact page):

- Seed 002 (« 2 juin 2015 ») is the only seed that says which line serves whom: a table with two
  columns, « Pharmaciens » and « Autres professionnels », each with its telephone, fax and
  « Heures de service ». Its section 4 sends everyone with a locked account, a failed login, a
  forgotten username or a lost NIP to the « Centre d'assistance aux professionnels » at the
  second column's numbers, « faites le 1 pour les services en ligne ».
- Seed 000 (service opened « à compter du 8 mai 2017 ») repeats the second column's numbers,
  fax and hours for the online services; seed 001 (written after « décembre 2017 ») gives the
  same numbers as « Les coordonnées du Centre d'assistance aux professionnels » to pharmacy
  staff. No later seed withdraws either line, so both are current: the pharmacists' line for
  pharmacists, the other line for every other professional and, for the online services (option
  1), for everyone.
- Seed 004 (« À compter du 31 mars 2022 ») prints other numbers and hours under a bare
  « Téléphone » heading at the foot of a newsletter about software developers' access. It names
  no service or audience for them and says nothing of replacing the Centre d'assistance: the
  contact page shows them, dated, as that newsletter's numbers, and no other page uses them.
- Hours: 001's form 4313 prints « mercredi de 10 h 30 à 16 h », where 000 and 002 say
  « 16 h 30 ». We follow 002's table, as 000 confirms.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
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
    """One telephone line: whom it serves, its numbers, its hours and the seeds that give it."""

    audience: str
    phones: list[Line]
    faxes: list[Line] = field(default_factory=list)
    hours: str = ""
    serves: str = ""
    seeds: tuple[str, ...] = ()


@dataclass(frozen=True)
class PostalAddress:
    """Where a paper form is sent, as the form itself prints it."""

    forms: str
    lines: tuple[str, ...]
    email: str = ""
    seed: str = ""


# The date each seed gives itself (or the latest date it mentions, when it has no date).
SEED_DATES = {
    "000": gettext_noop("2017 (« à compter du 8 mai 2017 »)"),
    "001": gettext_noop("décembre 2017 ou après (« depuis décembre 2017 »)"),
    "002": gettext_noop("2 juin 2015"),
    "003": gettext_noop("formulaire non daté"),
    "004": gettext_noop("2022 (« À compter du 31 mars 2022 »)"),
}

GENERAL_EMAIL = "services.professionnels@ramq.gouv.qc.ca"  # seed 002 « Courriel », seed 000
ONLINE_SERVICES_EMAIL = "sel.professionnels@ramq.gouv.qc.ca"  # seeds 001 and 002, section 4
ACCESS_REQUESTS_EMAIL = "Demandes_acces_SEL@ramq.gouv.qc.ca"  # seed 003
EARLIER_EMAIL = GENERAL_EMAIL  # the name other modules used before; same address
IDENTITY_NOTE = gettext_noop(
    "Après avoir établi votre identité, faites le 1 pour les services en ligne."
)

PHARMACISTS = ContactColumn(
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
    serves=gettext_noop("Les pharmaciens."),
    seeds=("002",),
)

OTHER_PROFESSIONALS = ContactColumn(
    audience=gettext_noop("Autres professionnels"),
    phones=[
        Line(gettext_noop("Québec"), "418 643-8210"),
        Line(gettext_noop("Montréal"), "514 873-3480"),
        Line(gettext_noop("Ailleurs au Québec"), "1 800 463-4776"),
    ],
    faxes=[Line(gettext_noop("Québec"), "418 646-9251")],
    hours=gettext_noop("du lundi au vendredi, de 8 h 30 à 16 h 30 (mercredi de 10 h 30 à 16 h 30)"),
    serves=gettext_noop(
        "Les autres professionnels et leur personnel et, pour les services en ligne (compte "
        "verrouillé, nom d'utilisateur oublié, NIP, mot de passe temporaire), tout le monde, "
        "personnel des pharmacies compris."
    ),
    seeds=("002", "000", "001"),
)

NEWSLETTER_2022 = ContactColumn(
    audience=gettext_noop("Infolettre sur l'accès des développeurs de logiciels"),
    phones=[
        Line(gettext_noop("Québec"), "418 780-4208"),
        Line(gettext_noop("Montréal"), "514 687-3612"),
        Line(gettext_noop("Ailleurs au Québec"), "1 888 330-3023"),
    ],
    hours=gettext_noop(
        "Du lundi au vendredi, de 8 h 30 à 12 h et de 13 h à 16 h 30 (mercredi de 10 h à 12 h "
        "et de 13 h à 16 h 30)"
    ),
    serves=gettext_noop(
        "L'infolettre ne dit ni quel service répond à ces numéros ni qu'ils remplacent ceux du "
        "Centre d'assistance."
    ),
    seeds=("004",),
)

WEB = ["www.ramq.gouv.qc.ca/courriel", "www.ramq.gouv.qc.ca/professionnels"]  # seed 004

ADDRESS_4313 = PostalAddress(
    forms="4313",
    lines=(
        "Régie de l'assurance maladie du Québec",
        "Centre d'assistance aux professionnels",
        "Case postale 500",
        "Québec (Québec) G1K 7B4",
    ),
    seed="001",
)
ADDRESS_ESTABLISHMENTS_AND_B2B = PostalAddress(
    forms="establishments,b2b",
    lines=(
        "Régie de l'assurance maladie du Québec",
        "C. P. 6600, succ. Terminus",
        "Québec (Québec) G1K 7T3",
    ),
    email=ACCESS_REQUESTS_EMAIL,
    seed="003",
)


def support_lines() -> list[ContactColumn]:
    """The two lines of the Centre d'assistance aux professionnels, each with its own hours, as
    seed 002's table gives them: « Pharmaciens » and « Autres professionnels »."""
    return [PHARMACISTS, OTHER_PROFESSIONALS]


def support_lines_as_text() -> str:
    """Both lines of seed 002's table with their hours, option 1 and the online services' email,
    as plain text for emails and printed forms, in the active language."""
    rows = []
    for line in support_lines():
        phones = ", ".join(f"{_(phone.place)} {phone.number}" for phone in line.phones)
        rows.append(f"{_(line.audience)} : {phones} ({_(line.hours)})")
    rows.append(_(IDENTITY_NOTE))
    rows.append(f"{_('Courriel :')} {ONLINE_SERVICES_EMAIL}")
    return "\n".join(rows)


def support_centre_current() -> dict[str, object]:
    """What every page shows to reach the Centre d'assistance aux professionnels.

    ``phones`` and ``hours`` are the line seed 002 (section 4) gives « pour un compte verrouillé,
    un échec lors de votre connexion ou l'oubli de votre nom d'utilisateur » (the other
    professionals' line, for everyone's online services); ``lines`` holds both lines of 002's
    table; ``email`` is the online services' address."""
    return {
        "phones": OTHER_PROFESSIONALS.phones,
        "hours": [OTHER_PROFESSIONALS.hours],
        "lines": support_lines(),
        "email": ONLINE_SERVICES_EMAIL,
        "identity_note": IDENTITY_NOTE,
        "web": WEB,
    }


def support_centre_by_audience_2015() -> list[ContactColumn]:
    """Seed 002's table (« 2 juin 2015 »). The table came out of the PDF one row shifted in the
    second column; seed 000 confirms the other professionals' fax « Québec 418 646-9251 » and
    phone « Ailleurs 1 800 463-4776 »."""
    return support_lines()


def postal_address_for(family: str) -> PostalAddress:
    """Where the paper form of ``family`` (an access ``FormFamily`` value) is sent.

    Seed 001 (form 4313): « l'envoyer à l'adresse suivante : Régie de l'assurance maladie du
    Québec Centre d'assistance aux professionnels Case postale 500 Québec (Québec) G1K 7B4 ».
    Seed 003 (establishments): « par courriel : Demandes_acces_SEL@ramq.gouv.qc.ca » or « par
    la poste : Régie de l'assurance maladie du Québec C. P. 6600, succ. Terminus Québec
    (Québec) G1K 7T3 ». The B2B forms are not among the seeds (004 only says a request « peut être
    signée, numérisée et transmise à l'adresse de courriel paraissant au bas du formulaire »):
    sending them to 003's addresses is our decision (issue #12). SELAT's form is not among the
    seeds either; seed 002 sends its users to « joindre le Centre d'assistance aux
    professionnels » for the form: sending it to that centre's address (001's) is ours."""
    if family in ("professional", "technical_aids"):
        return ADDRESS_4313
    return ADDRESS_ESTABLISHMENTS_AND_B2B
