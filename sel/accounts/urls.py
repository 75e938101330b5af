from django.urls import path

from sel.accounts import views, views_recovery, views_settings, views_support

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.login_view, name="login"),
    path("connexion/deuxieme-facteur/", views.login_second_factor, name="login_second_factor"),
    path("deconnexion/", views.logout_view, name="logout"),
    path("nouveau-mot-de-passe/", views.password_required, name="password_required"),
    path("questions-secretes/", views.secret_questions, name="questions"),
    path("ce-n-etait-pas-moi/<str:token>/", views.not_me, name="not_me"),
    path("mot-de-passe-oublie/", views_recovery.recovery_start, name="recovery_start"),
    path("mot-de-passe-oublie/code/", views_recovery.recovery_code, name="recovery_code"),
    path(
        "mot-de-passe-oublie/questions/",
        views_recovery.recovery_questions,
        name="recovery_questions",
    ),
    path(
        "mot-de-passe-oublie/nouveau/",
        views_recovery.recovery_password,
        name="recovery_password",
    ),
    path("inscription/", views.register, name="register"),
    path("soutien/", views_support.support_search, name="support_search"),
    path("soutien/compte/<int:pk>/", views_support.support_account, name="support_account"),
    path("soutien/nip/", views_support.support_pin_issue, name="support_pin_issue"),
    path("parametres/", views_settings.settings_home, name="settings"),
    path("parametres/langue/", views_settings.language_change, name="language_change"),
    path("parametres/mot-de-passe/", views_settings.password_change, name="password_change"),
    path("parametres/questions/", views_settings.questions_change, name="questions_change"),
    path("parametres/alias/", views_settings.alias_change, name="alias_change"),
    path("parametres/alias/code/", views_settings.alias_confirm, name="alias_confirm"),
    path(
        "parametres/deuxieme-facteur/",
        views_settings.second_factor_setup,
        name="second_factor_setup",
    ),
    path(
        "parametres/deuxieme-facteur/retirer/",
        views_settings.second_factor_remove,
        name="second_factor_remove",
    ),
]
