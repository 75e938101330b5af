from django.urls import path

from sel.privacy.views import agent, professional

app_name = "privacy"

urlpatterns = [
    path("mes-renseignements/", professional.my_data, name="my_data"),
    path("mes-renseignements/telecharger/", professional.my_data_download, name="my_data_download"),
    path("regie/demandes-assures/", agent.insured_requests, name="insured_requests"),
    path(
        "regie/demandes-assures/telecharger/",
        agent.insured_requests_export,
        name="insured_requests_export",
    ),
]
