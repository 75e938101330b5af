from django.urls import path

from sel.privacy.views import professional

app_name = "privacy"

urlpatterns = [
    path("mes-renseignements/", professional.my_data, name="my_data"),
    path("mes-renseignements/telecharger/", professional.my_data_download, name="my_data_download"),
]
