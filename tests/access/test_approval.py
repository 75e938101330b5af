"""Approval (section 4): a CE account created or reused, the applications granted, and the
credentials split between two emails read from a real SMTP server – the username to the
authorizer, the temporary password to the user – or a registered-mail letter (seed 004)."""

from __future__ import annotations

from datetime import date, timedelta
from email.header import decode_header, make_header
from email.message import Message

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from sel.access import services
from sel.access.models import AccessRequest, FormVersion, Grant, MailRoomLetter
from sel.access.rules import PAPER_DIRECTIVE_CODES, AuthorizerSection, UserSection
from sel.accounts.models import Role, User
from tests.conftest import SmtpServer, login, run_worker
from tests.factories.access import AccessRequestFactory, access_agent
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def body(message: Message) -> str:
    payload = message.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return payload.decode()


def accepted(smtp_server: SmtpServer, to: str) -> list[Message]:
    """The approval emails received by ``to`` (their subject says « acceptée »)."""
    return [m for m in smtp_server.to(to) if "acceptée" in subject(m)]


def subject(message: Message) -> str:
    return str(make_header(decode_header(message["Subject"])))


def approve(access_request: AccessRequest, valid_until: date | None = None) -> AccessRequest:
    client = Client()
    login(client, access_agent())
    until = valid_until or timezone.localdate() + timedelta(days=730)
    response = client.post(
        f"/acces/regie/demandes/{access_request.pk}/approve/", {"valid_until": until.isoformat()}
    )
    assert response.status_code == 302
    access_request.refresh_from_db()
    return access_request


def test_approval_creates_a_ce_account_grants_the_applications_and_records_section_4(
    smtp_server: SmtpServer,
) -> None:
    access_request = approve(AccessRequestFactory(), date(2028, 6, 30))
    assert access_request.status == AccessRequest.Status.APPROVED
    account = access_request.account
    assert account is not None
    assert account.username.startswith("CE") and access_request.username_issued == account.username
    assert account.role == Role.PHARMACY_TECHNICIAN or account.role == Role.ADMIN_ASSISTANT
    assert account.last_name == "TREMBLAY" and account.email == "julie.tremblay@exemple.qc.ca"
    assert access_request.registration_date == timezone.localdate()
    assert access_request.valid_until == date(2028, 6, 30)
    assert access_request.agent is not None and access_request.decided_at is not None
    grant = Grant.objects.get(user=account)
    assert grant.online_service.code == "exception-drugs"
    assert grant.valid_until == date(2028, 6, 30)
    assert grant.authorizer_email == "marc.gagnon@pharmacie.qc.ca"


def test_the_username_goes_to_the_authorizer_and_the_password_to_the_user_never_both(
    smtp_server: SmtpServer,
) -> None:
    access_request = approve(AccessRequestFactory())
    run_worker()
    username = access_request.username_issued
    to_authorizer = accepted(smtp_server, "marc.gagnon@pharmacie.qc.ca")
    to_user = accepted(smtp_server, "julie.tremblay@exemple.qc.ca")
    assert len(to_authorizer) == 1 and len(to_user) == 1
    authorizer_text, user_text = body(to_authorizer[0]), body(to_user[0])
    assert username in authorizer_text
    assert "mot de passe temporaire :" not in authorizer_text.lower()
    assert username not in user_text
    password_line = next(
        line for line in user_text.splitlines() if "mot de passe temporaire :" in line
    )
    password = password_line.split(":", 1)[1].strip()
    assert len(password) >= 12
    assert password not in authorizer_text
    account = User.objects.get(username=username)
    assert account.check_password(password)
    for message in smtp_server.handler.messages:
        text = body(message)
        assert not (username in text and password in text)


def test_a_named_existing_account_of_the_same_person_is_reused_without_a_new_password(
    smtp_server: SmtpServer,
) -> None:
    existing = UserFactory(username="CE123456", last_name="TREMBLAY", first_name="JULIE")
    access_request = approve(AccessRequestFactory(user_existing_username="CE123456"))
    assert access_request.account == existing
    assert existing.check_password("correct horse battery staple")
    assert Grant.objects.filter(user=existing).count() == 1
    run_worker()
    user_mail = accepted(smtp_server, "julie.tremblay@exemple.qc.ca")
    assert "votre mot de passe ne change pas" in body(user_mail[0])


def test_a_named_account_of_someone_else_is_not_reused(smtp_server: SmtpServer) -> None:
    other = UserFactory(username="CE123457", last_name="AUTRE", first_name="PERSONNE")
    access_request = approve(AccessRequestFactory(user_existing_username="CE123457"))
    assert access_request.account != other
    assert not Grant.objects.filter(user=other).exists()


def test_training_credentials_produce_a_registered_mail_letter_instead_of_emails(
    smtp_server: SmtpServer,
) -> None:
    access_request = approve(AccessRequestFactory(form="4123", credentials="training"))
    # The portal account's letter (the B2B client's credentials have a letter of their own).
    letter = MailRoomLetter.objects.get(access_request=access_request, recipient="user")
    assert bytes(letter.pdf).startswith(b"%PDF")
    run_worker()
    assert not [m for m in smtp_server.handler.messages if "acceptée" in subject(m)]
    agent = Client()
    login(agent, access_agent())
    assert access_request.reference in agent.get("/acces/regie/lettres/").content.decode()
    assert agent.get(f"/acces/regie/lettres/{letter.pk}/pdf/").content.startswith(b"%PDF")
    agent.post(f"/acces/regie/lettres/{letter.pk}/postee/")
    letter.refresh_from_db()
    assert letter.mailed_at is not None and bytes(letter.pdf) == b""


def test_a_b2b_request_received_before_the_cut_off_goes_by_registered_mail() -> None:
    agent = access_agent()
    version = FormVersion.objects.get(form_type__code="4058", number="2019")
    access_request = services.access_request_record_paper(
        agent=agent,
        form_version=version,
        received_on=date(2022, 3, 30),
        user_section=UserSection(
            online_services=list(version.form_type.online_services.all()),
            last_name="NGUYEN",
            first_name="ANH",
            sex="F",
            function="vendor_it_lead",
            organization_name="LOGICIELS INC.",
            address="1 RUE A",
            postal_code="G1K 7T3",
            phone="418 555-0100",
            email="anh.nguyen@logiciels.ca",
            authorizer_email="claire.roy@logiciels.ca",
            credentials="production",
        ),
        authorizer_section=AuthorizerSection(
            auth_last_name="ROY",
            auth_first_name="CLAIRE",
            auth_sex="F",
            auth_function="vendor_officer",
            auth_organization_name="LOGICIELS INC.",
            auth_address="1 RUE A",
            auth_postal_code="G1K 7T3",
            auth_phone="418 555-0101",
        ),
        scan=SimpleUploadedFile("scan.pdf", b"%PDF-1.4", "application/pdf"),
    )
    assert services.credentials_by_registered_mail(access_request)
    services.access_request_approve(
        access_request=access_request,
        agent=agent,
        valid_until=date(2030, 1, 1),
        directives_confirmed=PAPER_DIRECTIVE_CODES,
    )
    assert MailRoomLetter.objects.filter(access_request=access_request).exists()
    access_request.received_at = timezone.now()
    assert not services.credentials_by_registered_mail(access_request)


def test_the_approved_user_sees_the_grant_and_its_end_date_on_the_home_page(
    smtp_server: SmtpServer,
) -> None:
    access_request = approve(AccessRequestFactory(), date(2028, 6, 30))
    client = Client()
    assert access_request.account is not None
    account = User.objects.get(pk=access_request.account.pk)
    account.must_change_password = False
    account.must_set_questions = False
    account.save()
    login(client, account)
    html = client.get("/").content.decode()
    assert "2028-06-30" in html


def test_an_establishment_request_grants_both_applications(smtp_server: SmtpServer) -> None:
    from sel.access.models import FormType

    both = [s.pk for s in FormType.objects.get(code="etablissements").online_services.all()]
    access_request = approve(
        AccessRequestFactory(form="etablissements", online_services=both, user_function="director")
    )
    assert access_request.account is not None
    assert access_request.account.role == Role.ESTABLISHMENT_STAFF
    codes = set(
        Grant.objects.filter(user=access_request.account).values_list(
            "online_service__code", flat=True
        )
    )
    assert codes == {"online-payment-authorization", "authorizer-professional-association"}
