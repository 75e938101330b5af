from django.urls import path

from sel.accounts.views import professional, public, support

app_name = "accounts"

urlpatterns = [
    path("connexion/", public.login_view, name="login"),
    path("connexion/deuxieme-facteur/", public.login_second_factor, name="login_second_factor"),
    path("deconnexion/", public.logout_view, name="logout"),
    path("nouveau-mot-de-passe/", public.password_required, name="password_required"),
    path("questions-secretes/", public.secret_questions, name="questions"),
    path("ce-n-etait-pas-moi/<str:token>/", public.not_me, name="not_me"),
    path("mot-de-passe-oublie/", public.recovery_start, name="recovery_start"),
    path("mot-de-passe-oublie/code/", public.recovery_code, name="recovery_code"),
    path(
        "mot-de-passe-oublie/questions/",
        public.recovery_questions,
        name="recovery_questions",
    ),
    path(
        "mot-de-passe-oublie/nouveau/",
        public.recovery_password,
        name="recovery_password",
    ),
    path("inscription/", public.register, name="register"),
    path("soutien/", support.support_search, name="support_search"),
    path("soutien/compte/<int:pk>/", support.support_account, name="support_account"),
    path("soutien/nip/", support.support_pin_issue, name="support_pin_issue"),
    path("parametres/", professional.settings_home, name="settings"),
    path("parametres/langue/", professional.language_change, name="language_change"),
    path("parametres/mot-de-passe/", professional.password_change, name="password_change"),
    path("parametres/questions/", professional.questions_change, name="questions_change"),
    path("parametres/alias/", professional.alias_change, name="alias_change"),
    path("parametres/alias/code/", professional.alias_confirm, name="alias_confirm"),
    path(
        "parametres/deuxieme-facteur/",
        professional.second_factor_setup,
        name="second_factor_setup",
    ),
    path(
        "parametres/deuxieme-facteur/retirer/",
        professional.second_factor_remove,
        name="second_factor_remove",
    ),
]
