from django.urls import path

from sel.exception_drugs import views, views_agent

app_name = "exception_drugs"

urlpatterns = [
    path("", views.consult, name="consult"),
    path("a-propos/", views.about, name="about"),
    path("demandes/", views.request_list, name="request_list"),
    path("demandes/nouvelle/", views.request_submit, name="request_submit"),
    path("demandes/<str:reference>/", views.request_detail, name="request_detail"),
    path("demandes/<str:reference>/reponse/", views.request_answer, name="request_answer"),
    path("demandes/<str:reference>/renouveler/", views.request_renew, name="request_renew"),
    path(
        "demandes/<str:reference>/consultations/",
        views.request_consultations,
        name="request_consultations",
    ),
    path("fichiers/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("delegations/", views.delegations, name="delegations"),
    path("delegations/<int:delegation_id>/fin/", views.delegation_end, name="delegation_end"),
    path("regie/", views_agent.queue, name="agent_queue"),
    path("regie/saisie/", views_agent.record_paper, name="agent_record"),
    path("regie/demandes/<str:reference>/", views_agent.decide, name="agent_request"),
    path("regie/consultations/", views_agent.audit_search, name="agent_audit"),
    path("regie/indicateurs/", views_agent.indicators, name="agent_indicators"),
    path("regie/liens/", views_agent.links, name="agent_links"),
]
