"""The whole first-login → questions → logout → forgot password → new password path in
Chromium, in French (issue "Accounts"), with an accessibility check of the new pages."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from sel.accounts.models import EmailCode
from sel.accounts.services.password import temporary_password_issue
from sel.outbox.models import OutboundEmail
from tests.e2e.conftest import axe_violations, describe
from tests.factories.accounts import AgentFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_PASSWORD = "ma première phrase de passe"
SECOND_PASSWORD = "une autre phrase choisie après l'oubli"


def _submit(page: Any, label: str) -> None:
    page.get_by_role("button", name=label).click()


def _at(page: Any, path: str) -> None:
    """Waits until the browser is on ``path`` (after a form's redirect)."""
    expect(page).to_have_url(re.compile(re.escape(path) + "$"))


def test_first_login_questions_logout_forgot_password_and_new_password(
    live_server: Any, browser_page: Any
) -> None:
    page = browser_page
    user = UserFactory(username="CE200777", first_name="Léa", last_name="Fortin")
    temporary = temporary_password_issue(user=user, actor=AgentFactory(), reason="premier accès")

    # First login with the temporary password: new password first.
    page.goto(live_server.url + "/compte/connexion/")
    expect(page.get_by_role("heading", name="Connexion aux services en ligne")).to_be_visible()
    assert axe_violations(page) == []
    page.locator("#id_username").fill("ce200777")
    page.locator("#id_password").fill(temporary)
    _submit(page, "Se connecter")
    _at(page, "/compte/nouveau-mot-de-passe/")
    page.locator("#id_new_password1").fill(FIRST_PASSWORD)
    page.locator("#id_new_password2").fill(FIRST_PASSWORD)
    _submit(page, "Enregistrer")

    # Then the 8 secret questions.
    _at(page, "/compte/questions-secretes/")
    expect(page.get_by_role("heading", name="Questions secrètes")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    for index in range(1, 9):
        page.locator(f"#id_question_{index}").select_option(f"q{index:02d}")
        page.locator(f"#id_answer_{index}").fill(f"Réponse numéro {index}")
    _submit(page, "Enregistrer mes questions secrètes")
    expect(page.get_by_role("heading", name="Léa Fortin")).to_be_visible()

    # Logout.
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("link", name="Se connecter").first).to_be_visible()

    # Forgot password: username → emailed code → 3 questions → new password.
    page.goto(live_server.url + "/compte/connexion/")
    page.get_by_role("link", name="Mot de passe oublié?").click()
    page.locator("#id_username").fill("CE200777")
    _submit(page, "Continuer")
    expect(page.get_by_text("Si ce compte existe, un code de 6 chiffres")).to_be_visible()
    email = OutboundEmail.objects.filter(template="accounts/recovery_code").latest("created_at")
    page.locator("#id_code").fill(email.secret_context["code"])
    _submit(page, "Continuer")
    expect(page.locator("input[id^=id_answer_]")).to_have_count(3)  # on to three questions
    attempt = EmailCode.objects.filter(user=user).latest("created_at")
    assert len(attempt.questions) == 3
    for code in attempt.questions:
        page.locator(f"#id_answer_{code}").fill(f"reponse numero {int(code[1:])}")
    _submit(page, "Continuer")
    _at(page, "/compte/mot-de-passe-oublie/nouveau/")
    page.locator("#id_new_password1").fill(SECOND_PASSWORD)
    page.locator("#id_new_password2").fill(SECOND_PASSWORD)
    _submit(page, "Enregistrer")
    _at(page, "/compte/connexion/")
    expect(page.get_by_text("Votre mot de passe est changé")).to_be_visible()

    # Logging in with the new password lands on the questions to review them.
    page.locator("#id_username").fill("CE200777")
    page.locator("#id_password").fill(SECOND_PASSWORD)
    _submit(page, "Se connecter")
    _at(page, "/compte/questions-secretes/")
    _submit(page, "Conserver mes questions actuelles")
    expect(page.get_by_role("heading", name="Léa Fortin")).to_be_visible()
