"""The whole first-login → questions → logout → forgot password → new password path in
Chromium, in French (issue "Accounts"), with an accessibility check of the new pages."""

from __future__ import annotations

from typing import Any

import pytest

from sel.accounts.models import EmailCode
from sel.accounts.services.password import temporary_password_issue
from sel.core.models import OutboundEmail
from tests.e2e.conftest import axe_violations, describe
from tests.factories import AgentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_PASSWORD = "ma première phrase de passe"
SECOND_PASSWORD = "une autre phrase choisie après l'oubli"


def _submit(page: Any, label: str) -> None:
    page.get_by_role("button", name=label).click()
    page.wait_for_load_state()


def test_first_login_questions_logout_forgot_password_and_new_password(
    live_server: Any, browser_page: Any
) -> None:
    page = browser_page
    user = UserFactory(username="CE200777", first_name="Léa", last_name="Fortin")
    temporary = temporary_password_issue(user=user, actor=AgentFactory(), reason="premier accès")

    # First login with the temporary password: new password first.
    page.goto(live_server.url + "/compte/connexion/")
    assert page.get_by_role("heading", name="Connexion aux services en ligne").is_visible()
    assert axe_violations(page) == []
    page.locator("#id_username").fill("ce200777")
    page.locator("#id_password").fill(temporary)
    _submit(page, "Se connecter")
    assert page.url.endswith("/compte/nouveau-mot-de-passe/")
    page.locator("#id_new_password1").fill(FIRST_PASSWORD)
    page.locator("#id_new_password2").fill(FIRST_PASSWORD)
    _submit(page, "Enregistrer")

    # Then the 8 secret questions.
    assert page.url.endswith("/compte/questions-secretes/")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    for index in range(1, 9):
        page.locator(f"#id_question_{index}").select_option(f"q{index:02d}")
        page.locator(f"#id_answer_{index}").fill(f"Réponse numéro {index}")
    _submit(page, "Enregistrer mes questions secrètes")
    assert page.get_by_role("heading", name="Léa Fortin").is_visible()

    # Logout.
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Se connecter").first.is_visible()

    # Forgot password: username → emailed code → 3 questions → new password.
    page.goto(live_server.url + "/compte/connexion/")
    page.get_by_role("link", name="Mot de passe oublié?").click()
    page.locator("#id_username").fill("CE200777")
    _submit(page, "Continuer")
    assert page.get_by_text("Si ce compte existe, un code de 6 chiffres").is_visible()
    email = OutboundEmail.objects.filter(template="accounts/recovery_code").latest("created_at")
    page.locator("#id_code").fill(email.secret_context["code"])
    _submit(page, "Continuer")
    attempt = EmailCode.objects.filter(user=user).latest("created_at")
    assert len(attempt.questions) == 3
    for code in attempt.questions:
        page.locator(f"#id_answer_{code}").fill(f"reponse numero {int(code[1:])}")
    _submit(page, "Continuer")
    assert page.url.endswith("/compte/mot-de-passe-oublie/nouveau/")
    page.locator("#id_new_password1").fill(SECOND_PASSWORD)
    page.locator("#id_new_password2").fill(SECOND_PASSWORD)
    _submit(page, "Enregistrer")
    assert page.url.endswith("/compte/connexion/")
    assert page.get_by_text("Votre mot de passe est changé").is_visible()

    # Logging in with the new password lands on the questions to review them.
    page.locator("#id_username").fill("CE200777")
    page.locator("#id_password").fill(SECOND_PASSWORD)
    _submit(page, "Se connecter")
    assert page.url.endswith("/compte/questions-secretes/")
    _submit(page, "Conserver mes questions actuelles")
    assert page.get_by_role("heading", name="Léa Fortin").is_visible()
