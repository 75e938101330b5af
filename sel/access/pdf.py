"""Printable PDFs with fpdf2 (pure Python): the request laid out like the paper form, and the
registered-mail letter carrying credentials (seed 004)."""

from __future__ import annotations

import io
from typing import Any

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from fpdf import FPDF

from sel.access.models import AccessRequest, FormFamily, Function, Signature
from sel.notices.contacts import postal_address_for, support_lines_as_text

_REPLACEMENTS = {"–": "-", "—": "-", "’": "'", "«": '"', "»": '"', "…": "...", "→": "->"}


def _latin1(text: Any) -> str:
    """The PDF core fonts speak Latin-1: map the few typographic characters that are not."""
    value = str(text)
    for old, new in _REPLACEMENTS.items():
        value = value.replace(old, new)
    return value.encode("latin-1", "replace").decode("latin-1")


class _Form(FPDF):
    def text_line(self, text: Any, height: float = 5) -> None:
        """One line of text across the page; the next starts at the left margin below it."""
        self.cell(0, height, _latin1(text), new_x="LMARGIN", new_y="NEXT")

    def heading(self, text: str) -> None:
        self.ln(2)
        self.set_fill_color(11, 61, 145)
        self.set_text_color(255, 255, 255)
        self.set_font("Helvetica", "B", 10)
        self.cell(0, 7, _latin1(text), fill=True, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(0, 0, 0)

    def boxes(self, pairs: list[tuple[str, Any]], columns: int = 2) -> None:
        width = (self.w - self.l_margin - self.r_margin) / columns
        for index, (label, value) in enumerate(pairs):
            x, y = self.get_x(), self.get_y()
            self.set_font("Helvetica", "", 7)
            self.cell(width, 4, _latin1(label), border="LTR")
            self.set_xy(x, y + 4)
            self.set_font("Helvetica", "B", 10)
            self.cell(width, 6, _latin1(value or ""), border="LBR")
            if index % columns == columns - 1 or index == len(pairs) - 1:
                self.set_xy(self.l_margin, y + 10)
            else:
                self.set_xy(x + width, y)

    def paragraph(self, text: str, size: int = 8) -> None:
        self.set_font("Helvetica", "", size)
        self.multi_cell(0, 4, _latin1(text), new_x="LMARGIN", new_y="NEXT")

    def signature_box(self, label: str, signature: Signature | None) -> None:
        y = self.get_y()
        self.set_font("Helvetica", "", 7)
        self.cell(0, 4, _latin1(label), border="LTR", new_x="LMARGIN", new_y="NEXT")
        self.cell(0, 22, "", border="LBR", new_x="LMARGIN", new_y="NEXT")
        if signature is not None and signature.image:
            self.image(io.BytesIO(bytes(signature.image)), x=self.l_margin + 2, y=y + 5, h=18)
        if signature is not None:
            when = timezone.localtime(signature.signed_at).strftime("%Y-%m-%d %H:%M")
            self.set_font("Helvetica", "", 7)
            self.text_line(f"Signé le {when} – empreinte {signature.content_hash[:16]}…", 4)


def _function_label(code: str) -> str:
    try:
        return str(Function(code).label)
    except ValueError:
        return code


def _send_to(pdf: _Form, family: str) -> None:
    """Where this form is sent, each address on its own line as the paper form prints it, then
    the Centre d'assistance's lines (``sel.notices.contacts``, the one source)."""
    address = postal_address_for(family)
    pdf.set_font("Helvetica", "B", 9)
    if address.email:
        pdf.text_line("Veuillez remplir le formulaire, le signer et nous l'envoyer :")
        pdf.set_font("Helvetica", "", 9)
        pdf.text_line(f"- par courriel : {address.email} OU")
        pdf.text_line("- par la poste :")
    else:
        pdf.text_line(
            "Veuillez remplir et signer le formulaire et l'envoyer à l'adresse suivante :"
        )
        pdf.set_font("Helvetica", "", 9)
    for line in address.lines:
        pdf.text_line(line)
    pdf.ln(2)
    pdf.set_font("Helvetica", "B", 9)
    pdf.text_line("Pour nous joindre :")
    pdf.set_font("Helvetica", "", 8)
    with translation.override("fr-ca"):
        for line in support_lines_as_text().splitlines():
            pdf.text_line(line, 4)


def access_request_pdf_bytes(access_request: AccessRequest) -> bytes:
    r = access_request
    pdf = _Form(format="Letter")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.text_line("Demande d'accès aux services en ligne", 8)
    pdf.set_font("Helvetica", "", 9)
    pdf.text_line(f"{r.form_type.name_fr} – version {r.form_version.number}")
    pdf.text_line(f"Numéro de référence : {r.reference}")
    signatures = {s.role: s for s in r.signatures.filter(superseded=False)}

    pdf.heading("1. Description des services en ligne demandés")
    section1 = [("Application", s.name_fr) for s in r.online_services.all()]
    if r.scope:
        section1.append(("L'objet de la demande s'applique aux registres", r.get_scope_display()))
    if r.credentials:
        section1.append(("Identifiants", r.get_credentials_display()))
    pdf.boxes(section1, columns=1)

    pdf.heading("2. Utilisateur")
    pdf.boxes(
        [
            ("Nom", r.user_last_name),
            ("Prénom", r.user_first_name),
            ("Sexe", r.user_sex),
            ("Fonction", _function_label(r.user_function)),
            ("Nom d'utilisateur actuel (CE)", r.user_existing_username),
            ("Nom de la pharmacie ou de l'établissement", r.organization_name),
            ("Numéro", r.organization_number),
            ("Adresse de correspondance (lieu de travail)", r.user_address),
            ("Code postal", r.user_postal_code),
            ("Téléphone / poste", f"{r.user_phone} {r.user_phone_ext}".strip()),
            ("Télécopieur", r.user_fax),
            ("Adresse électronique", r.user_email),
        ]
    )
    if r.family == FormFamily.ESTABLISHMENT and r.board_resolution:
        pdf.paragraph(
            "L'utilisateur atteste avoir été désigné signataire autorisé par une résolution "
            "du conseil d'administration."
        )
    pdf.paragraph(
        "Je m'engage : à ne pas divulguer les éléments d'identification qui seront délivrés "
        "à mon nom "
        "afin de me permettre d'avoir accès aux services en ligne de la Régie dans le cadre de la "
        "présente demande; à n'utiliser ces éléments d'identification que pour les fins pour "
        "lesquelles ils seront délivrés."
    )
    pdf.signature_box("SIGNATURE DE L'UTILISATEUR", signatures.get(Signature.Role.USER))

    pdf.heading("3. Autorisation")
    pdf.boxes(
        [
            ("Nom", r.auth_last_name),
            ("Prénom", r.auth_first_name),
            ("Sexe", r.auth_sex),
            ("Fonction", _function_label(r.auth_function) if r.auth_function else ""),
            ("Numéro de pratique", r.auth_practice_number),
            ("Nom de la pharmacie ou de l'établissement", r.auth_organization_name),
            ("Adresse de correspondance (lieu de travail)", r.auth_address),
            ("Code postal", r.auth_postal_code),
            ("Téléphone / poste", f"{r.auth_phone} {r.auth_phone_ext}".strip()),
            ("Télécopieur", r.auth_fax),
            ("Adresse électronique", r.auth_email),
        ]
    )
    pdf.paragraph(
        "Je m'engage : à ne pas divulguer les éléments d'identification délivrés au nom de "
        "l'utilisateur mentionné ci-dessus dont je pourrais prendre connaissance; à transmettre "
        "à cet utilisateur, en toute sécurité, les éléments d'identification qui seront "
        "délivrés à son nom. "
        "J'autorise l'utilisateur ci-dessus à se servir des formulaires électroniques prévus pour "
        "l'application mentionnée à la section 1."
    )
    pdf.signature_box("SIGNATURE", signatures.get(Signature.Role.AUTHORIZER))

    pdf.heading(
        "4. Privilèges d'accès créés et éléments d'identification remis (à l'usage de la Régie)"
    )
    pdf.boxes(
        [
            ("Période de validité jusqu'au", r.valid_until.isoformat() if r.valid_until else ""),
            ("Numéro de référence", r.reference),
            ("Nom d'utilisateur", r.username_issued),
            ("Date d'inscription", r.registration_date.isoformat() if r.registration_date else ""),
        ]
    )
    if r.family == FormFamily.ESTABLISHMENT:
        pdf.heading("5. Numéros d'établissement supplémentaires")
        numbers = r.establishment_numbers or []
        pdf.boxes([("Numéro", n) for n in numbers] or [("Numéro", "")], columns=3)
    pdf.ln(3)
    _send_to(pdf, r.family)
    return bytes(pdf.output())


def access_request_pdf(access_request: AccessRequest) -> HttpResponse:
    response = HttpResponse(
        access_request_pdf_bytes(access_request), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="demande-{access_request.reference}.pdf"'
    return response


def credentials_letter_pdf_bytes(
    access_request: AccessRequest, *, username: str, temporary_password: str | None
) -> bytes:
    """Seed 004: « Les éléments d'identification (identifiant et mot de passe) vous sont
    actuellement envoyés par courrier recommandé »: the letter for the mail room, in the user's
    language (the one they filled the form in, or that the agent recorded for a paper form)."""
    return labelled_credentials_letter_pdf_bytes(
        access_request,
        credentials=[
            (gettext_lazy("Nom d'utilisateur"), username),
            (
                gettext_lazy("Mot de passe temporaire"),
                temporary_password or gettext_lazy("(mot de passe actuel inchangé)"),
            ),
        ],
        closing=gettext_lazy(
            "À la première connexion, vous serez dirigé vers la page Questions secrètes pour "
            "choisir et répondre à huit questions secrètes."
        ),
    )


def labelled_credentials_letter_pdf_bytes(
    access_request: AccessRequest, *, credentials: list[tuple[Any, Any]], closing: Any
) -> bytes:
    """The registered-mail letter of ``credentials_letter_pdf_bytes`` with other credentials
    (label and value, labels lazy: they are written in the user's language) and closing words:
    a B2B client's id and initial secret (sel.b2b)."""
    with translation.override(access_request.user_language):
        return _credentials_letter(access_request, credentials=credentials, closing=closing)


def _credentials_letter(
    r: AccessRequest, *, credentials: list[tuple[Any, Any]], closing: Any
) -> bytes:
    english = translation.get_language() == "en"
    pdf = _Form(format="Letter")
    pdf.add_page()
    pdf.set_font("Helvetica", "", 10)
    for line in postal_address_for(r.family).lines:
        pdf.text_line(line)
    pdf.ln(8)
    pdf.set_font("Helvetica", "B", 10)
    pdf.text_line(_("COURRIER RECOMMANDÉ"))
    pdf.set_font("Helvetica", "", 10)
    for line in (
        f"{r.user_first_name} {r.user_last_name}",
        r.organization_name,
        r.user_address,
        r.user_postal_code,
    ):
        pdf.text_line(line)
    pdf.ln(8)
    pdf.text_line(_("Québec, le %(date)s") % {"date": timezone.localdate().isoformat()})
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 11)
    pdf.text_line(
        _("Objet : éléments d'identification – demande %(reference)s") % {"reference": r.reference},
        6,
    )
    pdf.set_font("Helvetica", "", 10)
    services = ", ".join(s.name_en if english else s.name_fr for s in r.online_services.all())
    pdf.paragraph(
        _(
            "Votre demande d'accès aux services en ligne (%(services)s) est acceptée. Voici vos "
            "éléments d'identification. Gardez-les confidentiels : ils sont pour votre usage "
            "uniquement et ne doivent pas être partagés."
        )
        % {"services": services},
        size=10,
    )
    pdf.ln(2)
    pdf.boxes([(str(label), str(value)) for label, value in credentials])
    if r.valid_until:
        pdf.paragraph(
            _("Accès valide jusqu'au %(date)s.") % {"date": r.valid_until.isoformat()}, size=10
        )
    pdf.paragraph(str(closing), size=10)
    return bytes(pdf.output())
