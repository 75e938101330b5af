from django.urls import path

from sel.privacy import views

app_name = "privacy"

urlpatterns = [
    path("mes-renseignements/", views.my_data, name="my_data"),
    path("mes-renseignements/telecharger/", views.my_data_download, name="my_data_download"),
]
