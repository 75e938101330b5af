"""Demo data: the agents' permission, the demo agent in every team, and one answered thread for
the demo pharmacist (when the accounts demo has created them)."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from sel.accounts.models import User
from sel.messaging.catalogue import messaging_catalogue_load
from sel.messaging.models import Subject, Team, Thread
from sel.messaging.services import message_send, thread_open

AGENTS_GROUP = "Agents de la Régie"
DEMO_TITLE = "Accès de mon technicien en pharmacie"


def load() -> None:
    messaging_catalogue_load(Team, Subject)
    group, _ = Group.objects.get_or_create(name=AGENTS_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="messaging", codename="handle_messages")
    )
    agent = User.objects.filter(username="CE900001").first()
    if agent is not None:
        agent.groups.add(group)
        for team in Team.objects.all():
            team.members.add(agent)
    pharmacist = User.objects.filter(username="IP100001").first()
    if pharmacist is None or agent is None:
        return
    if Thread.objects.filter(author=pharmacist, title=DEMO_TITLE).exists():
        return
    thread = thread_open(
        author=pharmacist,
        subject=Subject.objects.get(code="online-services-access"),
        title=DEMO_TITLE,
        body="Bonjour,\n\nMon technicien en pharmacie peut-il consulter les demandes de "
        "médicaments d'exception? Quel formulaire faut-il remplir?\n\nMerci.",
    )
    agent = User.objects.get(pk=agent.pk)  # fresh permission cache after the group change
    message_send(
        thread=thread,
        sender=agent,
        body="Bonjour,\n\nOui : remplissez le formulaire Demande d'accès aux services en ligne "
        "(4313), section 2 pour votre technicien et section 3 pour vous.\n\nLa Régie",
    )
