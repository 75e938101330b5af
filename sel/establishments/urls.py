from django.urls import path

from sel.establishments.views import agent, establishment, professional

app_name = "establishments"

urlpatterns = [
    # the professional
    path("demandes/", professional.requests_list, name="my_requests"),
    path("demandes/nouvelle/", professional.request_new, name="my_request_new"),
    path("demandes/<str:reference>/", professional.request_detail, name="my_request"),
    path(
        "demandes/<str:reference>/corriger/",
        professional.request_correct,
        name="my_request_correct",
    ),
    # the signatory (Autorisation des demandes de paiement en ligne)
    path("autorisation/", establishment.queue, name="queue"),
    path("autorisation/confirmer/", establishment.bulk_confirm, name="bulk_confirm"),
    path("autorisation/<str:reference>/", establishment.request_detail, name="queue_request"),
    # the Association application
    path("associations/", establishment.associations, name="associations"),
    path("associations/nouvelle/", establishment.association_new, name="association_new"),
    path("associations/export.csv", establishment.associations_export, name="associations_export"),
    path(
        "associations/<int:association_id>/",
        establishment.association_detail,
        name="association",
    ),
    path(
        "associations/<int:association_id>/modifier/",
        establishment.association_change,
        name="association_change",
    ),
    path(
        "associations/<int:association_id>/fin/",
        establishment.association_end,
        name="association_end",
    ),
    # the Régie's agents
    path("regie/", agent.establishments, name="agent_establishments"),
    path("regie/historique/", agent.request_history, name="agent_history"),
    path("regie/import/", agent.payment_import, name="agent_import"),
    path("regie/signataires/nouveau/", agent.signatory_new, name="agent_signatory_new"),
    path(
        "regie/signataires/<int:signatory_id>/retirer/",
        agent.signatory_remove,
        name="agent_signatory_remove",
    ),
    path(
        "regie/signataires/<int:signatory_id>/demande-acces/",
        agent.signatory_link,
        name="agent_signatory_link",
    ),
    path(
        "regie/signataires/<int:signatory_id>/file/",
        agent.signatory_queue,
        name="agent_signatory_queue",
    ),
    path(
        "regie/associations/<int:association_id>/",
        agent.association,
        name="agent_association",
    ),
    path("regie/<str:number>/", agent.establishment, name="agent_establishment"),
]
