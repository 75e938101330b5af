from django.urls import URLPattern, URLResolver, path

from sel.b2b.views import agent, establishment, professional
from sel.b2b.views.api import api
from sel.b2b.views.token import token

app_name = "b2b"

# The portal's pages (under /services-b2b/).
urlpatterns = [
    path("", professional.clients, name="clients"),
    path("<int:pk>/secret/", professional.secret_rotate, name="secret_rotate"),
    path("<int:pk>/revoquer/", professional.revoke, name="revoke"),
    path("etablissement/logiciels/", establishment.software, name="establishment_software"),
    path(
        "etablissement/logiciels/<str:pk>/fin/",
        establishment.software_end,
        name="establishment_software_end",
    ),
    path("regie/", agent.clients, name="agent_clients"),
    path("regie/<int:pk>/revoquer/", agent.revoke, name="agent_revoke"),
    path("regie/<int:pk>/pratique/", agent.practice_link, name="agent_practice_link"),
    path("regie/selat/", agent.claims, name="agent_claims"),
    path("regie/selat/<str:public_id>/", agent.claim, name="agent_claim"),
]

# The API (under /api/b2b/v1/): the token endpoint, the four services and
# the payment requests, OpenAPI and its docs.
api_urlpatterns: list[URLPattern | URLResolver] = [
    path("oauth/token/", token, name="b2b_token"),
    path("", api.urls),
]
