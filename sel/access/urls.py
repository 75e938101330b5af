from django.urls import path

from sel.access.views import agent, professional, public

app_name = "access"

urlpatterns = [
    path("", public.request_start, name="request_start"),
    path("demande/<slug:code>/", public.request_fill, name="request_fill"),
    path("renouveler/<str:token>/", public.request_renew, name="request_renew"),
    path("prolonger/<int:pk>/", professional.grant_renew, name="grant_renew"),
    path("selat/", professional.selat, name="selat"),
    path("transmise/<str:reference>/", public.request_submitted, name="request_submitted"),
    path("transmise/<str:reference>/pdf/", public.request_pdf, name="request_pdf"),
    path(
        "transmise/<str:reference>/nouveau-lien/",
        public.request_link_resend,
        name="request_link_resend",
    ),
    path("verifier-adresse/<str:token>/", public.user_email_confirm, name="user_email_confirm"),
    path("autoriser/<str:token>/", public.authorizer_sign, name="authorizer_sign"),
    path("autoriser/<str:token>/pdf/", public.authorizer_pdf, name="authorizer_pdf"),
    path("corriger/<str:token>/", public.request_correct, name="request_correct"),
    path("suivi/", public.status, name="status"),
    path("confirmer/<str:token>/", public.grant_confirm, name="grant_confirm"),
    path("dates-de-traitement/", public.processing_dates, name="processing_dates"),
    path("regie/", agent.queue, name="agent_queue"),
    path("regie/demandes/<int:pk>/", agent.detail, name="agent_detail"),
    path("regie/demandes/<int:pk>/pdf/", agent.request_pdf, name="agent_request_pdf"),
    path("regie/demandes/<int:pk>/numerisation/", agent.scan, name="agent_scan"),
    path("regie/demandes/<int:pk>/numeros/", agent.numbers, name="agent_numbers"),
    path(
        "regie/demandes/<int:pk>/<str:decision>/",
        agent.decide,
        name="agent_decide",
    ),
    path("regie/papier/<slug:code>/", agent.paper, name="agent_paper"),
    path("regie/acces/", agent.grants, name="agent_grants"),
    path("regie/acces/<int:pk>/retirer/", agent.grant_revoke, name="agent_grant_revoke"),
    path("regie/acces/accorder/", agent.grant_give, name="agent_grant_give"),
    path("regie/acces/<int:pk>/prolonger/", agent.grant_extend, name="agent_grant_extend"),
    path("regie/professions/", agent.professions, name="agent_professions"),
    path("regie/lettres/", agent.letters, name="agent_letters"),
    path("regie/lettres/<int:pk>/pdf/", agent.letter_pdf, name="agent_letter_pdf"),
    path("regie/lettres/<int:pk>/postee/", agent.letter_mailed, name="agent_letter_mailed"),
]
