from django.contrib import admin
from django.urls import include, path

from sel.accounts.views.professional import language_switch
from sel.b2b import urls as b2b_urls
from sel.portal import views

# The project's URLs. The home page is ``portal:home``.
home_patterns = ([path("", views.home, name="home")], "portal")

urlpatterns = [
    path("", include(home_patterns)),
    path("", include("sel.core.urls")),
    path("langue/", language_switch, name="set_language"),
    path("compte/", include("sel.accounts.urls")),
    path("messagerie/", include("sel.messaging.urls")),
    path("infos/", include("sel.notices.urls")),
    path("vie-privee/", include("sel.privacy.urls")),
    path("acces/", include("sel.access.urls")),
    path("medicaments-exception/", include("sel.exception_drugs.urls")),
    path("etablissements/", include("sel.establishments.urls")),
    path("services-b2b/", include("sel.b2b.urls")),
    path("api/b2b/v1/", include(b2b_urls.api_urlpatterns)),
    path("gestion/", admin.site.urls),
]

handler500 = "sel.core.views.server_error"
