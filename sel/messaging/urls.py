from django.urls import path

from sel.messaging.views import agent, professional

app_name = "messaging"

urlpatterns = [
    path("", professional.inbox, name="inbox"),
    path("ecrire/", professional.compose, name="compose"),
    path("file/", agent.queue, name="queue"),
    path("file/ecrire/", agent.agent_compose, name="agent_compose"),
    path("echanges/<int:thread_id>/", professional.thread_detail, name="thread"),
    path("echanges/<int:thread_id>/fermer/", agent.thread_close, name="thread_close"),
    path("echanges/<int:thread_id>/archiver/", professional.thread_archive, name="thread_archive"),
    path(
        "pieces-jointes/<int:attachment_id>/", professional.attachment_download, name="attachment"
    ),
]
