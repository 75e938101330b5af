from django.urls import path

from sel.exception_drugs.views import agent, professional

app_name = "exception_drugs"

urlpatterns = [
    path("", professional.consult, name="consult"),
    path("a-propos/", professional.about, name="about"),
    path("demandes/", professional.request_list, name="request_list"),
    path("demandes/nouvelle/", professional.request_submit, name="request_submit"),
    path("demandes/<str:reference>/", professional.request_detail, name="request_detail"),
    path("demandes/<str:reference>/reponse/", professional.request_answer, name="request_answer"),
    path("demandes/<str:reference>/renouveler/", professional.request_renew, name="request_renew"),
    path(
        "demandes/<str:reference>/consultations/",
        professional.request_consultations,
        name="request_consultations",
    ),
    path("fichiers/<int:attachment_id>/", professional.attachment_download, name="attachment"),
    path("delegations/", professional.delegations, name="delegations"),
    path(
        "delegations/<int:delegation_id>/fin/", professional.delegation_end, name="delegation_end"
    ),
    path("regie/", agent.queue, name="agent_queue"),
    path("regie/saisie/", agent.record_paper, name="agent_record"),
    path("regie/demandes/<str:reference>/", agent.decide, name="agent_request"),
    path("regie/consultations/", agent.audit_search, name="agent_audit"),
    path("regie/indicateurs/", agent.indicators, name="agent_indicators"),
    path("regie/liens/", agent.links, name="agent_links"),
]
