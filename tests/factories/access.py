"""Access: online services and grants, Régie agents with the access permissions, emailed links,
and access requests in each state of their workflow.

``AccessRequestFactory()`` is a request waiting in the Régie's queue (SUBMITTED), filled as the
4313 form's tests fill it (``tests.access.helpers.user_section`` and ``authorizer_section``, as the
forms store them). A trait gives each other state, built as the services leave it:

    AccessRequestFactory(awaiting_user_email=True)   # sections 1–2 signed, address unconfirmed
    AccessRequestFactory(awaiting_authorizer=True)   # address confirmed, section 3 empty
    AccessRequestFactory()                           # signed by both, in the queue
    AccessRequestFactory(incomplete=True)            # returned by an agent, correction link out
    AccessRequestFactory(refused=True)
    AccessRequestFactory(approved=True)              # account created, applications granted
    AccessRequestFactory(expired=True)               # the confirmation link ran out

``form="etablissements"`` (or any form type's code) fills the form type's own fields. When the
state has a link waiting in someone's mailbox (confirmation, authorizer's signature, correction),
its path is ``access_request.emailed_link``, as the email would carry it.

No audit row and no email are written: the factory sets up a state, it does not change one."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

import factory
from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from sel.access.models import (
    AccessLink,
    AccessRequest,
    FormFamily,
    FormType,
    Grant,
    OnlineService,
    Signature,
)
from sel.accounts.models import Role, User
from tests.factories.accounts import UserFactory


class OnlineServiceFactory(factory.django.DjangoModelFactory[OnlineService]):
    class Meta:
        model = OnlineService
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"service-{n}")
    name_fr = factory.Sequence(lambda n: f"Service {n}")
    name_en = factory.Sequence(lambda n: f"Service {n}")


class GrantFactory(factory.django.DjangoModelFactory[Grant]):
    class Meta:
        model = Grant

    user = factory.SubFactory(UserFactory)
    online_service = factory.SubFactory(OnlineServiceFactory)


def access_agent(**fields: Any) -> User:
    """A Régie agent (role, staff) with the access app's permissions (section 4)."""
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    # A transactional test elsewhere may have flushed the permissions: create them again.
    create_permissions(apps.get_app_config("access"), verbosity=0)
    agent = UserFactory(role=Role.AGENT, is_staff=True, **fields)
    agent.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="access",
            codename__in=["process_accessrequest", "revoke_grant"],
        )
    )
    return User.objects.get(pk=agent.pk)  # a fresh object: no stale permission cache


# --- emailed links ------------------------------------------------------------------------------

LINK_PAGES = {
    AccessLink.Purpose.USER_EMAIL: "access:user_email_confirm",
    AccessLink.Purpose.AUTHORIZER_SIGN: "access:authorizer_sign",
    AccessLink.Purpose.CORRECTION: "access:request_correct",
    AccessLink.Purpose.YEARLY_CONFIRMATION: "access:grant_confirm",
}


class AccessLinkFactory(factory.django.DjangoModelFactory[AccessLink]):
    """A single-use emailed link. Only the token's hash is stored, as the portal stores it; pass
    ``token`` to know the link (``access_link_path``)."""

    class Meta:
        model = AccessLink

    class Params:
        token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
        used = factory.Trait(used_at=factory.LazyFunction(timezone.now))
        expired = factory.Trait(
            expires_at=factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=1))
        )

    purpose = AccessLink.Purpose.AUTHORIZER_SIGN
    email = "marc.gagnon@pharmacie.qc.ca"
    token_hash = factory.LazyAttribute(lambda o: hashlib.sha256(o.token.encode()).hexdigest())
    expires_at = factory.LazyFunction(
        lambda: timezone.now() + timedelta(days=settings.ACCESS_LINK_DAYS)
    )


def access_link_path(access_request: AccessRequest, purpose: str, **fields: Any) -> str:
    """A new usable link of ``purpose`` for the request; returns the path its email carries."""
    token = secrets.token_urlsafe(32)
    email = (
        access_request.user_email
        if purpose in (AccessLink.Purpose.USER_EMAIL, AccessLink.Purpose.CORRECTION)
        else access_request.auth_email
    )
    AccessLinkFactory(
        purpose=purpose, email=email, access_request=access_request, token=token, **fields
    )
    return reverse(LINK_PAGES[AccessLink.Purpose(purpose)], args=[token])


# --- access requests ----------------------------------------------------------------------------


def signature_png() -> bytes:
    from tests.access.helpers import signature_png as drawn

    return drawn()


def _family(o: Any) -> str:
    return str(o.form_version.form_type.family)


# Section 3 and the receipt date, empty until the authorizer signs.
_BEFORE_THE_AUTHORIZER: dict[str, Any] = {
    "received_at": None,
    "auth_last_name": "",
    "auth_first_name": "",
    "auth_sex": "",
    "auth_function": "",
    "auth_practice_number": "",
    "auth_organization_name": "",
    "auth_address": "",
    "auth_postal_code": "",
    "auth_phone": "",
    "auth_phone_ext": "",
    "auth_fax": "",
}


def _decided(status: str, note: str = "") -> dict[str, Any]:
    """Section 4's record of an agent's decision."""
    return {
        "status": status,
        "agent": factory.LazyFunction(access_agent),
        "decided_at": factory.LazyFunction(timezone.now),
        "decision_note": note,
    }


def _account_for(o: Any) -> User:
    """The CE account that approval creates for the request's user."""
    from sel.access.services.approval import ROLE_FOR_FUNCTION

    return UserFactory(
        email=o.user_email,
        first_name=o.user_first_name,
        last_name=o.user_last_name,
        role=ROLE_FOR_FUNCTION.get(o.user_function, Role.ESTABLISHMENT_STAFF),
        must_change_password=True,
    )


class AccessRequestFactory(factory.django.DjangoModelFactory[AccessRequest]):
    class Meta:
        model = AccessRequest
        skip_postgeneration_save = True

    class Params:
        form = "4313"  # the form type's code
        awaiting_user_email = factory.Trait(
            status=AccessRequest.Status.AWAITING_USER_EMAIL, **_BEFORE_THE_AUTHORIZER
        )
        awaiting_authorizer = factory.Trait(
            status=AccessRequest.Status.AWAITING_AUTHORIZER, **_BEFORE_THE_AUTHORIZER
        )
        expired = factory.Trait(status=AccessRequest.Status.EXPIRED, **_BEFORE_THE_AUTHORIZER)
        incomplete = factory.Trait(
            **_decided(AccessRequest.Status.INCOMPLETE, "Le numéro de télécopieur manque.")
        )
        refused = factory.Trait(**_decided(AccessRequest.Status.REFUSED, "Fonction non admissible"))
        approved = factory.Trait(
            **_decided(AccessRequest.Status.APPROVED),
            account=factory.LazyAttribute(_account_for),
            username_issued=factory.SelfAttribute("account.username"),
            registration_date=factory.LazyFunction(timezone.localdate),
            valid_until=factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=730)),
        )

    reference = factory.Sequence(lambda n: f"DA{timezone.localdate():%Y}-{900000 + n:06d}")
    form_version = factory.LazyAttribute(
        lambda o: FormType.objects.get(code=o.form).current_version()
    )
    status = AccessRequest.Status.SUBMITTED
    channel = AccessRequest.Channel.ONLINE
    received_at = factory.LazyFunction(timezone.now)

    # Section 1
    scope = factory.LazyAttribute(
        lambda o: AccessRequest.Scope.SOME if _family(o) == FormFamily.ESTABLISHMENT else ""
    )
    credentials = factory.LazyAttribute(
        lambda o: AccessRequest.Credentials.PRODUCTION if _family(o) == FormFamily.B2B else ""
    )
    board_resolution = factory.LazyAttribute(lambda o: _family(o) == FormFamily.ESTABLISHMENT)

    # Section 2
    user_last_name = "TREMBLAY"
    user_first_name = "JULIE"
    user_sex = AccessRequest.Sex.F
    user_function = factory.LazyAttribute(lambda o: o.form_version.form_type.user_functions[0])
    organization_name = factory.LazyAttribute(
        lambda o: (
            "LOGICIELS SANTÉ INC." if _family(o) == FormFamily.B2B else "PHARMACIE DU QUARTIER"
        )
    )
    organization_number = "01234"
    user_address = "123 RUE PRINCIPALE, QUÉBEC"
    user_postal_code = "G1K 7T3"
    user_phone = "418 643-8210"
    user_phone_ext = "12"
    user_email = "julie.tremblay@exemple.qc.ca"

    # Section 3
    auth_last_name = "GAGNON"
    auth_first_name = "MARC"
    auth_sex = AccessRequest.Sex.M
    auth_function = factory.LazyAttribute(
        lambda o: o.form_version.form_type.authorizer_functions[0]
    )
    auth_practice_number = factory.LazyAttribute(
        lambda o: "" if _family(o) == FormFamily.B2B else "123456"
    )
    auth_organization_name = "PHARMACIE DU QUARTIER"
    auth_address = "123 RUE PRINCIPALE, QUÉBEC"
    auth_postal_code = "G1K 7T3"
    auth_phone = "418 643-8210"
    auth_fax = "418 646-9251"
    auth_email = "marc.gagnon@pharmacie.qc.ca"

    # Section 5
    establishment_numbers = factory.LazyAttribute(
        lambda o: ["11111", "22222"] if _family(o) == FormFamily.ESTABLISHMENT else []
    )

    # post_generation runs in this order: the signed content includes the services.
    @factory.post_generation
    def online_services(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """The form's first application, as the tests' form data ticks it, unless given."""
        if create:
            chosen = (
                extracted if extracted is not None else self.form_type.online_services.all()[:1]
            )
            self.online_services.set(chosen)

    @factory.post_generation
    def signatures(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """The user's signature of sections 1–2, then the authorizer's of 1–3 once given,
        each drawn on the page, over the content they vouch for."""
        from sel.access.services import content_hash

        if not create:
            return
        roles = [(Signature.Role.USER, 2)]
        if self.received_at is not None:
            roles.append((Signature.Role.AUTHORIZER, 3))
        for role, through in roles:
            Signature.objects.create(
                access_request=self,
                role=role,
                kind=Signature.Kind.DRAWN,
                image=signature_png(),
                image_type="image/png",
                signer_address="127.0.0.1",
                content_hash=content_hash(self, through=through),
            )

    @factory.post_generation
    def links(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """The emailed links the workflow has sent so far: used for the steps done, usable for
        the one it waits on (its path in ``emailed_link``), run out for an expired request."""
        self.emailed_link = ""
        if not create:
            return
        status = AccessRequest.Status
        purpose = AccessLink.Purpose
        if self.status == status.AWAITING_USER_EMAIL:
            self.emailed_link = access_link_path(
                self,
                purpose.USER_EMAIL,
                expires_at=timezone.now()
                + timedelta(hours=settings.ACCESS_USER_CONFIRMATION_HOURS),
            )
            return
        if self.status == status.EXPIRED:
            access_link_path(self, purpose.USER_EMAIL, expired=True)
            return
        access_link_path(self, purpose.USER_EMAIL, used=True)
        if self.status == status.AWAITING_AUTHORIZER:
            self.emailed_link = access_link_path(self, purpose.AUTHORIZER_SIGN)
            return
        access_link_path(self, purpose.AUTHORIZER_SIGN, used=True)
        if self.status == status.INCOMPLETE:
            self.emailed_link = access_link_path(self, purpose.CORRECTION)

    @factory.post_generation
    def grants(self, create: bool, extracted: Any, **kwargs: Any) -> None:
        """An approved request's applications, granted to its account until its end date."""
        if not create or self.status != AccessRequest.Status.APPROVED or self.account is None:
            return
        for service in self.online_services.all():
            Grant.objects.create(
                user=self.account,
                online_service=service,
                valid_from=self.registration_date,
                valid_until=self.valid_until,
                granted_by=self.agent,
                access_request=self,
                authorizer_email=self.auth_email,
                last_confirmed_at=timezone.now(),
            )
