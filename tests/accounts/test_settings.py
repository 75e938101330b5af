"""*Paramètres du compte* (seed 002; SECURITY.md #5, #21, #22)."""

from __future__ import annotations

import re

import pyotp
import pytest
from django.test import Client

from sel.accounts.models import User
from sel.audit.events import Action
from sel.audit.models import AuditEvent
from sel.outbox.models import OutboundEmail
from tests.accounts.helpers import last_secret, page
from tests.conftest import login
from tests.factories.accounts import DEFAULT_PASSWORD, UserFactory, answer_questions

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "encore une autre phrase de passe"


def test_settings_show_the_account_and_its_recent_security_events(client: Client) -> None:
    user = UserFactory()
    client.post("/compte/connexion/", {"username": user.username, "password": "mauvais"})
    client.post("/compte/connexion/", {"username": user.username, "password": DEFAULT_PASSWORD})
    html = page(client.get("/compte/parametres/"))
    assert str(user.username) in html
    assert "Échec de connexion" in html
    assert "127.0.0.1" in html


def test_password_change_needs_the_current_password(client: Client) -> None:
    user = UserFactory()
    login(client, user)
    response = client.post(
        "/compte/parametres/mot-de-passe/",
        {
            "current_password": "pas le bon",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert "Le mot de passe actuel est inexact" in page(response)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("a" * 5 + "b" * 6, "trop court"),
        ("x" * 129, "au plus 128"),
        ("password1234", "trop courant"),
        ("ramq12345678", "ressemble trop"),
    ],
)
def test_password_rules_say_why_a_password_is_refused(
    client: Client, password: str, message: str
) -> None:
    login(client, UserFactory())
    response = client.post(
        "/compte/parametres/mot-de-passe/",
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password1": password,
            "new_password2": password,
        },
    )
    assert message in page(response)


@pytest.mark.parametrize("length", [12, 64, 128])
def test_passwords_of_12_64_and_128_characters_and_plain_passphrases_are_accepted(
    client: Client, length: int
) -> None:
    user = UserFactory()
    login(client, user)
    password = ("une longue phrase de passe sans chiffres " * 4)[:length].strip() + "z" * 0
    password = password.ljust(length, "q")
    response = client.post(
        "/compte/parametres/mot-de-passe/",
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password1": password,
            "new_password2": password,
        },
    )
    assert response["Location"] == "/compte/parametres/"
    user.refresh_from_db()
    assert user.check_password(password)


def test_the_last_five_passwords_cannot_be_reused(client: Client) -> None:
    user = UserFactory()
    login(client, user)
    current = DEFAULT_PASSWORD
    used = [current]
    for n in range(5):
        new = f"phrase de passe numero {n} pour le test"
        client.post(
            "/compte/parametres/mot-de-passe/",
            {"current_password": current, "new_password1": new, "new_password2": new},
        )
        current = new
        used.append(new)
    # used[-5:] are the last five (current included); the first one is now allowed again.
    for old in used[-5:-1]:
        response = client.post(
            "/compte/parametres/mot-de-passe/",
            {"current_password": current, "new_password1": old, "new_password2": old},
        )
        assert "déjà utilisé ce mot de passe" in page(response)
    response = client.post(
        "/compte/parametres/mot-de-passe/",
        {"current_password": current, "new_password1": used[0], "new_password2": used[0]},
    )
    assert response.status_code == 302


def test_a_password_change_ends_other_sessions_keeps_this_one_and_notifies(client: Client) -> None:
    user = UserFactory()
    other = Client()
    login(other, user)
    login(client, user)
    client.post(
        "/compte/parametres/mot-de-passe/",
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert client.get("/compte/parametres/").status_code == 200
    assert other.get("/compte/parametres/").status_code == 302
    assert OutboundEmail.objects.filter(template="accounts/password_changed").count() == 1


def test_the_not_me_link_ends_every_session_and_blocks_the_account(client: Client) -> None:
    user = UserFactory()
    session = Client()
    login(session, user)
    login(client, user)
    client.post(
        "/compte/parametres/mot-de-passe/",
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    url = last_secret("accounts/password_changed", "not_me_url")
    assert url.startswith("http://127.0.0.1:8000/compte/ce-n-etait-pas-moi/")
    path = url.removeprefix("http://127.0.0.1:8000")
    Client().post(path)
    user.refresh_from_db()
    assert user.is_locked and user.lock_reason == "not_me"
    assert client.get("/compte/parametres/").status_code == 302
    response = Client().post(
        "/compte/connexion/", {"username": user.username, "password": NEW_PASSWORD}
    )
    assert response.status_code == 200


def test_email_links_use_the_configured_base_url_even_with_a_forged_host(
    client: Client, settings
) -> None:
    settings.ALLOWED_HOSTS = ["*"]
    user = UserFactory()
    login(client, user)
    client.post(
        "/compte/parametres/mot-de-passe/",
        {
            "current_password": DEFAULT_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
        HTTP_HOST="evil.example",
    )
    assert "evil.example" not in last_secret("accounts/password_changed", "not_me_url")


def test_an_alias_needs_the_password_and_the_emailed_code_and_notifies_the_user(
    client: Client,
) -> None:
    user = UserFactory(email="compte@exemple.qc.ca")
    login(client, user)
    response = client.post(
        "/compte/parametres/alias/", {"alias": "moi@perso.qc.ca", "current_password": "faux"}
    )
    assert "Le mot de passe actuel est inexact" in page(response)
    response = client.post(
        "/compte/parametres/alias/",
        {"alias": "Moi@Perso.qc.ca", "current_password": DEFAULT_PASSWORD},
    )
    assert response["Location"] == "/compte/parametres/alias/code/"
    user.refresh_from_db()
    assert user.alias is None  # not active before the code
    code = last_secret("accounts/alias_code", to="moi@perso.qc.ca")
    assert (
        client.post(
            "/compte/parametres/alias/code/", {"code": "000000" if code != "000000" else "111111"}
        ).status_code
        == 200
    )
    response = client.post("/compte/parametres/alias/code/", {"code": code})
    assert response["Location"] == "/compte/parametres/"
    user.refresh_from_db()
    assert user.alias == "moi@perso.qc.ca"
    assert OutboundEmail.objects.filter(
        template="accounts/alias_set", to="compte@exemple.qc.ca"
    ).exists()
    client.post("/compte/deconnexion/")
    for name in ("moi@perso.qc.ca", user.username):
        c = Client()
        assert (
            c.post(
                "/compte/connexion/", {"username": name, "password": DEFAULT_PASSWORD}
            ).status_code
            == 302
        )


def test_an_alias_used_by_someone_else_is_refused_with_a_clear_message(client: Client) -> None:
    UserFactory(alias="pris@exemple.qc.ca")
    login(client, UserFactory())
    response = client.post(
        "/compte/parametres/alias/",
        {"alias": "PRIS@exemple.qc.ca", "current_password": DEFAULT_PASSWORD},
    )
    assert "Cet alias est déjà utilisé" in page(response)


def test_changing_the_questions_needs_the_password(client: Client) -> None:
    user = UserFactory()
    answer_questions(user)
    login(client, user)
    data = {"current_password": "faux"}
    for i in range(1, 9):
        data[f"question_{i}"] = f"q{i + 8:02d}"
        data[f"answer_{i}"] = f"nouvelle reponse {i}"
    response = client.post("/compte/parametres/questions/", data)
    assert "Le mot de passe actuel est inexact" in page(response)
    data["current_password"] = DEFAULT_PASSWORD
    assert client.post("/compte/parametres/questions/", data)["Location"] == "/compte/parametres/"
    assert sorted(user.secret_answers.values_list("question", flat=True)) == [
        f"q{i + 8:02d}" for i in range(1, 9)
    ]


def test_second_factor_setup_shows_a_qr_code_and_gives_ten_recovery_codes(client: Client) -> None:
    user = UserFactory()
    login(client, user)
    html = page(client.get("/compte/parametres/deuxieme-facteur/"))
    assert 'src="data:image/svg+xml;base64,' in html
    secret = client.session["sel_totp_setup"]
    response = client.post(
        "/compte/parametres/deuxieme-facteur/",
        {"code": pyotp.TOTP(secret).now(), "current_password": DEFAULT_PASSWORD},
    )
    codes = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", page(response))
    assert len(codes) == 10
    user.refresh_from_db()
    assert user.has_second_factor
    assert AuditEvent.objects.filter(action=Action.SECOND_FACTOR_ENABLED).exists()
    # The next login asks for the second factor; a recovery code works once.
    client.post("/compte/deconnexion/")
    response = client.post(
        "/compte/connexion/", {"username": user.username, "password": DEFAULT_PASSWORD}
    )
    assert response["Location"].startswith("/compte/connexion/deuxieme-facteur/")
    assert "_auth_user_id" not in client.session
    response = client.post("/compte/connexion/deuxieme-facteur/", {"code": codes[0]})
    assert response["Location"] == "/"
    client.post("/compte/deconnexion/")
    client.post("/compte/connexion/", {"username": user.username, "password": DEFAULT_PASSWORD})
    response = client.post("/compte/connexion/deuxieme-facteur/", {"code": codes[0]})
    assert response.status_code == 200
    assert User.objects.get(pk=user.pk).recovery_codes.filter(used_at__isnull=True).count() == 9
