from django.urls import path

from sel.messaging import views

app_name = "messaging"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("ecrire/", views.compose, name="compose"),
    path("file/", views.queue, name="queue"),
    path("file/ecrire/", views.agent_compose, name="agent_compose"),
    path("echanges/<int:thread_id>/", views.thread_detail, name="thread"),
    path("echanges/<int:thread_id>/fermer/", views.thread_close, name="thread_close"),
    path("echanges/<int:thread_id>/archiver/", views.thread_archive, name="thread_archive"),
    path("pieces-jointes/<int:attachment_id>/", views.attachment_download, name="attachment"),
]
