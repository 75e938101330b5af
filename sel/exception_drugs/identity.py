"""Whose word an insured person's identity is, and who may see it (issue « Security perimeter »,
item 5).

- The authoritative identity is the Régie's register: the name, birth date and sex of
  ``InsuredPerson``, loaded by the Régie. A request never writes it, so the first prescriber to
  name a NAM cannot set (or spoil) it for everyone after them.
- What a prescriber types with a NAM is that request's *stated* identity (``StatedIdentity``), kept
  with the request. It must agree with the NAM (``nam_agrees_with_identity``) and, where the
  register knows the person, with the register: otherwise the request is refused, with a message
  that names no stored value, and the refusal is audited.
- A NAM the register does not know is accepted with whatever identity agrees with the NAM: the
  agent who processes the request checks it. The answer is the same as for a known NAM whose
  identity agrees, or with no identity typed (SECURITY.md check 29).
- A stored identity reaches a professional's page only where that same prescriber stated it: the
  renewal of their own request; each such page writes an audit row (who, when, NAM, which fields)
  as a consultation does. The Régie's agents may see both.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from django.utils.translation import gettext_lazy as _

from sel.exception_drugs.models import InsuredPerson, StatedIdentity
from sel.exception_drugs.nam import letters_only

# Shown when a typed identity disagrees with the register: the same words whichever part
# disagrees, so the message tells nothing of what the register holds.
IDENTITY_REFUSED_MESSAGE = _(
    "L'identité saisie ne correspond pas à celle que la Régie connaît pour ce numéro "
    "d'assurance maladie. Vérifiez le nom, le prénom, la date de naissance et le sexe auprès de "
    "la personne assurée."
)


@dataclass(frozen=True)
class Identity:
    """An insured person's identity as typed, every part optional."""

    last_name: str = ""
    first_name: str = ""
    birth_date: date | None = None
    sex: str = ""

    def filled(self) -> list[str]:
        """The names of the parts that were given, in the form's order."""
        return [f.name for f in fields(self) if getattr(self, f.name) not in ("", None)]

    @classmethod
    def stated_on(cls, stated: StatedIdentity | None) -> Identity:
        if stated is None:
            return cls()
        return cls(
            last_name=stated.last_name,
            first_name=stated.first_name,
            birth_date=stated.birth_date,
            sex=stated.sex,
        )


NO_IDENTITY = Identity()


def identity_disagreements(person: InsuredPerson, identity: Identity) -> list[str]:
    """The parts of ``identity`` that the register contradicts; a part the register or the
    prescriber left empty is not compared. Names compare by their letters (case, accents,
    hyphens and spaces ignored): « TREMBLAY LACHANCE » agrees with « Tremblay-Lachance »."""
    disagreeing = []
    for name in ("last_name", "first_name"):
        known, typed = letters_only(getattr(person, name)), letters_only(getattr(identity, name))
        if known and typed and known != typed:
            disagreeing.append(name)
    if person.birth_date and identity.birth_date and person.birth_date != identity.birth_date:
        disagreeing.append("birth_date")
    if person.sex and identity.sex and person.sex != identity.sex:
        disagreeing.append("sex")
    return disagreeing


def identity_compared(person: InsuredPerson, identity: Identity) -> bool:
    """Whether the register holds at least one part the prescriber also typed."""
    return any(
        getattr(person, name) not in ("", None) and getattr(identity, name) not in ("", None)
        for name in ("last_name", "first_name", "birth_date", "sex")
    )
