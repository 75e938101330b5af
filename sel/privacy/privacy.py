"""What the privacy app holds about a person: nothing of its own. The incident register names the
agent who recorded an entry; that agent's action is in their exported audit activity."""

from __future__ import annotations

EXPORTED: dict[str, str] = {}
NOT_EXPORTED = {
    "privacy.PrivacyIncident": "The register of confidentiality incidents: its one personal field "
    "is the agent who recorded the entry, whose action is in their exported activity.",
}
