"""The B2B API for software vendors (``/api/b2b/v1/``): four services of seed 004, and issue
#14's payment requests sent by software, behind OAuth 2.0 client-credentials bearer tokens,
documented by its own OpenAPI 3 schema and docs page.

Every call: the token is checked with its client and the grant in one statement
(``caller_for_token``), the per-client rate limit applies (429 with ``Retry-After``), one audit
row is written (client, service, NAM, outcome), and errors are RFC 9457 problem details with a
French and an English ``detail``. A NAM never travels in a URL: the reads by NAM are POSTs."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from ninja import Header, NinjaAPI, Query, Swagger
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security.http import HttpAuthBase

from sel.access.models import ServiceCode
from sel.b2b import rules, selectors
from sel.b2b.forms.api import (
    ClaimIn,
    ClaimOut,
    EligibilityIn,
    EligibilityOut,
    FamilyDoctorIn,
    FamilyDoctorOut,
    FieldError,
    PaymentRequestIn,
    PaymentRequestOut,
    Ping,
    Problem,
    RegistrationEndIn,
    RegistrationIn,
    RegistrationOut,
    RegistrationPage,
)
from sel.b2b.models import AidClaim, ClaimStatus, Environment, Registration
from sel.b2b.rules import Refusal
from sel.b2b.selectors import Caller
from sel.b2b.services import idempotency, payments
from sel.b2b.services.calls import call_count, call_record
from sel.b2b.services.register import (
    acting_physician,
    claim_submit,
    registration_create,
    registration_end,
)
from sel.core.rules import RuleViolation
from sel.establishments.models import Status as PaymentStatus
from sel.establishments.rules import LineInput, PaymentRequestSection

logger = logging.getLogger("sel.b2b")

PROBLEM = "application/problem+json"
PROBLEM_BASE = "https://sel.example/problemes/"

# --- problems (RFC 9457) -------------------------------------------------------------------------


class ApiProblem(Exception):
    def __init__(
        self,
        status: int,
        slug: str,
        title: str,
        message: Any,
        *,
        errors: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
        outcome: str = "",
    ) -> None:
        super().__init__(slug)
        self.status, self.slug, self.title, self.message = status, slug, title, message
        self.errors, self.headers = errors, headers or {}
        self.outcome = outcome or slug


def _in(language: str, message: Any) -> str:
    with translation.override(language):
        return str(message)


def problem_response(request: HttpRequest, problem: ApiProblem) -> HttpResponse:
    french, english = _in("fr-ca", problem.message), _in("en", problem.message)
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + problem.slug,
        "title": problem.title,
        "status": problem.status,
        "detail": english if translation.get_language() == "en" else french,
        "detail_fr": french,
        "detail_en": english,
    }
    if problem.errors is not None:
        body["errors"] = [error.dict() for error in problem.errors]
    response = JsonResponse(body, status=problem.status, content_type=PROBLEM)
    for name, value in problem.headers.items():
        response[name] = value
    caller: Caller | None = getattr(request, "b2b_caller", None)
    if caller is not None and not getattr(request, "b2b_recorded", False):
        call_record(
            client=caller.client,
            service=getattr(request, "b2b_service", ""),
            outcome=problem.outcome,
            status=problem.status,
            nam=getattr(request, "b2b_nam", ""),
            request=request,
        )
    return response


def _messages_in(language: str, error: ValidationError) -> str:
    with translation.override(language):
        return " ".join(str(message) for message in error.messages)


def _field_errors(by_field: dict[str, list[ValidationError]]) -> list[FieldError]:
    return [
        FieldError(
            field=field,
            detail_fr=_messages_in("fr-ca", error),
            detail_en=_messages_in("en", error),
        )
        for field, errors in by_field.items()
        for error in errors
    ]


INVALID = _("La demande contient des valeurs refusées : voyez « errors ».")


def invalid(errors: list[FieldError]) -> ApiProblem:
    return ApiProblem(422, "donnees-invalides", "Unprocessable Content", INVALID, errors=errors)


# --- the API and its error handlers --------------------------------------------------------------


class B2BApi(NinjaAPI):
    def get_openapi_schema(self, **kwargs: Any) -> Any:
        """Errors are declared as ``application/problem+json``, as they are sent."""
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content", {})
                    if str(status) >= "400" and "application/json" in content:
                        content[PROBLEM] = content.pop("application/json")
        return schema


api = B2BApi(
    title="SEL – services B2B",
    version="1",
    description=(
        "Services B2B des développeurs de logiciels (formulaires 4123, 4444, 4058 et 4134, et "
        "les demandes de paiement des professionnels rémunérés par un établissement). "
        "Jeton : OAuth 2.0 client credentials sur /api/b2b/v1/oauth/token/."
    ),
    urls_namespace="b2b_api",
    docs=Swagger(),
    docs_url="/docs/",
    openapi_url="/openapi.json",
)


@api.exception_handler(ApiProblem)
def _on_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return problem_response(request, exc)


UNAUTHENTICATED = _(
    "Jeton d'accès absent, invalide ou expiré, ou accès retiré : obtenez un nouveau jeton."
)


@api.exception_handler(AuthenticationError)
def _on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem_response(
        request,
        ApiProblem(
            401,
            "non-authentifie",
            "Unauthorized",
            UNAUTHENTICATED,
            headers={"WWW-Authenticate": 'Bearer realm="sel-b2b", error="invalid_token"'},
        ),
    )


PYDANTIC_MESSAGES = {
    "missing": _("Ce champ est obligatoire."),
    "extra_forbidden": _("Ce champ n'est pas attendu : retirez-le."),
    "string_too_short": _("Cette valeur est trop courte."),
    "string_too_long": _("Cette valeur est trop longue."),
    "string_pattern_mismatch": _("Cette valeur n'a pas la forme attendue."),
    "string_type": _("Une chaîne de caractères est attendue."),
    "date_from_datetime_parsing": _("Une date AAAA-MM-JJ est attendue."),
    "date_parsing": _("Une date AAAA-MM-JJ est attendue."),
    "date_type": _("Une date AAAA-MM-JJ est attendue."),
    "int_parsing": _("Un nombre entier est attendu."),
    "greater_than_equal": _("Cette valeur est trop petite."),
    "less_than_equal": _("Cette valeur est trop grande."),
    "decimal_parsing": _("Un montant est attendu (p. ex. 125.50)."),
    "decimal_max_digits": _("Ce montant a trop de chiffres."),
    "decimal_max_places": _("Un montant a au plus 2 décimales."),
    "value_error": _("Une date AAAA-MM-JJ est attendue."),  # forms.api.Strict's only error
    "greater_than": _("Cette valeur doit être plus grande que zéro."),
    "too_short": _("Au moins un élément est attendu."),
    "too_long": _("Cette liste a trop d'éléments."),
    "literal_error": _("Cette valeur ne fait pas partie des valeurs permises."),
    "list_type": _("Une liste est attendue."),
    "model_attributes_type": _("Un objet JSON est attendu."),
    "dict_type": _("Un objet JSON est attendu."),
}
NAM_AS_TYPED = _(
    "Inscrivez le numéro d'assurance maladie tel quel : 4 lettres et 8 chiffres, sans espace "
    "ni tiret."
)
VALUE_REFUSED = _("Valeur refusée.")


def _typed(request: HttpRequest, field: str) -> Any:
    """What the body held for a top-level field (None when it is not a JSON object)."""
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return None
    return body.get(field) if isinstance(body, dict) else None


@api.exception_handler(NinjaValidationError)
def _on_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ()) if part not in {"body", "payload"}]
        field = ".".join(location) or "body"
        typed = error.get("input", _typed(request, field))
        if field == "nam" and isinstance(typed, str):
            # The NAM's own rule says precisely what is wrong (length, letters, month, day).
            _nam_value, nam_problems = rules.nam_errors(typed)
            problem = nam_problems[0] if nam_problems else ValidationError(NAM_AS_TYPED)
            errors.append(
                FieldError(
                    field=field,
                    detail_fr=_messages_in("fr-ca", problem),
                    detail_en=_messages_in("en", problem),
                )
            )
            continue
        message = PYDANTIC_MESSAGES.get(str(error.get("type", "")), VALUE_REFUSED)
        errors.append(
            FieldError(field=field, detail_fr=_in("fr-ca", message), detail_en=_in("en", message))
        )
    return problem_response(request, invalid(errors))


@api.exception_handler(RuleViolation)
def _on_rule(request: HttpRequest, exc: RuleViolation) -> HttpResponse:
    return problem_response(request, invalid(_field_errors(exc.field_errors)))


REFUSAL_STATUS = {"not_found": (404, "Not Found"), "forbidden": (403, "Forbidden")}


@api.exception_handler(Refusal)
def _on_refusal(request: HttpRequest, exc: Refusal) -> HttpResponse:
    status, title = REFUSAL_STATUS.get(exc.kind, (409, "Conflict"))
    return problem_response(
        request,
        ApiProblem(status, exc.kind.replace("_", "-"), title, exc.message, outcome=exc.kind),
    )


NOT_FOUND = _("Cette adresse n'existe pas dans l'API.")


@api.exception_handler(Http404)
def _on_404(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(request, ApiProblem(404, "not-found", "Not Found", NOT_FOUND))


@api.exception_handler(HttpError)
def _on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem_response(
        request, ApiProblem(exc.status_code, "http-error", "Error", str(exc.message))
    )


SERVER_ERROR = _("Erreur inattendue de notre côté : rien n'a été enregistré. Réessayez.")


@api.exception_handler(Exception)
def _on_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("b2b api error")
    return problem_response(
        request, ApiProblem(500, "erreur-interne", "Internal Server Error", SERVER_ERROR)
    )


# --- authentication: bearer token, scope, grant, rate limit --------------------------------------

FORBIDDEN_SCOPE = _("Ce client n'a pas accès à ce service (portée non accordée).")
TOO_MANY = _("Trop d'appels pour ce client en peu de temps : réessayez après le délai indiqué.")


class ClientToken(HttpAuthBase):
    """A bearer token of a B2B client, for one service (``None``: any, the no-op call)."""

    openapi_scheme = "bearer"

    def __init__(self, service: str | None) -> None:
        self.service = service
        super().__init__()

    def __call__(self, request: HttpRequest) -> Caller | None:
        # Not ninja's HttpBearer: it logs an unexpected header, which may hold a secret.
        scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        request.b2b_service = self.service or "ping"  # type: ignore[attr-defined]
        caller = selectors.caller_for_token(token.strip(), service=self.service)
        if caller is None:
            return None
        if self.service is not None and self.service not in caller.scopes:
            request.b2b_caller = caller  # type: ignore[attr-defined]
            raise ApiProblem(
                403,
                "portee-insuffisante",
                "Forbidden",
                FORBIDDEN_SCOPE,
                headers={"WWW-Authenticate": 'Bearer error="insufficient_scope"'},
            )
        if not caller.granted:
            return None  # the grant was withdrawn or ended: the token opens nothing now
        request.b2b_caller = caller  # type: ignore[attr-defined]
        wait = call_count(caller.client)
        if wait:
            raise ApiProblem(
                429,
                "trop-d-appels",
                "Too Many Requests",
                TOO_MANY,
                headers={"Retry-After": str(wait)},
                outcome="rate_limited",
            )
        return caller


ELIGIBILITY = ClientToken(ServiceCode.B2B_ELIGIBILITY)
FAMILY_DOCTOR = ClientToken(ServiceCode.B2B_FAMILY_DOCTOR)
CLIENTELE = ClientToken(ServiceCode.B2B_CLIENTELE_REGISTRATION)
SELAT = ClientToken(ServiceCode.B2B_SELAT)
PAYMENTS = ClientToken(ServiceCode.B2B_PAYMENT_REQUESTS)
ANY_SERVICE = ClientToken(None)

ERRORS: dict[int, Any] = {401: Problem, 403: Problem, 422: Problem, 429: Problem}
WITH_404 = {**ERRORS, 404: Problem}


def _caller(request: HttpRequest) -> Caller:
    caller: Caller = request.auth  # type: ignore[attr-defined]
    return caller


def _nam(request: HttpRequest, value: str) -> str:
    """The NAM normalised, kept on the request for the call's audit row; a malformed NAM is a
    422 naming what is wrong."""
    nam, errors = rules.nam_errors(value)
    request.b2b_nam = nam if not errors else ""  # type: ignore[attr-defined]
    if errors:
        raise RuleViolation({"nam": errors})
    return nam


def _recorded(request: HttpRequest, *, outcome: str, status: int = 200) -> None:
    caller = _caller(request)
    call_record(
        client=caller.client,
        service=getattr(request, "b2b_service", ""),
        outcome=outcome,
        status=status,
        nam=getattr(request, "b2b_nam", ""),
        request=request,
    )
    request.b2b_recorded = True  # type: ignore[attr-defined]


IdempotencyKey = Header(
    ...,
    alias="Idempotency-Key",
    min_length=1,
    max_length=100,
    pattern=r"^[\x21-\x7e]+$",
    description="Une clé par écriture : un appel repris avec la même clé ne crée rien de plus.",
)
OptionalIdempotencyKey = Header(
    None,
    alias="Idempotency-Key",
    min_length=1,
    max_length=100,
    pattern=r"^[\x21-\x7e]+$",
    description="Acceptée; une lecture n'écrit rien, la reprendre donne la même réponse.",
)


# --- the no-op call ------------------------------------------------------------------------------


@api.get("/ping", auth=ANY_SERVICE, response={200: Ping, **ERRORS}, tags=["client"])
def ping(request: HttpRequest) -> Any:
    """Checks the token and nothing else (the floor of the benchmarks)."""
    caller = _caller(request)
    _recorded(request, outcome="ok")
    return {
        "client_id": caller.client.application.client_id,
        "environment": caller.client.environment,
        "scopes": sorted(caller.scopes),
    }


# --- 4123 eligibility ----------------------------------------------------------------------------


@api.post(
    "/eligibility", auth=ELIGIBILITY, response={200: EligibilityOut, **WITH_404}, tags=["4123"]
)
def eligibility(
    request: HttpRequest,
    payload: EligibilityIn,
    idempotency_key: str | None = OptionalIdempotencyKey,
) -> Any:
    """Is this person covered on this date, by the health insurance plan and by the public
    prescription drug insurance plan, until when, and does the identity given agree with the
    NAM? Nothing else about the person is returned."""
    nam = _nam(request, payload.nam)
    found = selectors.eligibility(
        environment=_caller(request).client.environment,
        nam=nam,
        service_date=payload.service_date,
        last_name=payload.last_name or "",
        first_name=payload.first_name or "",
        birth_date=payload.birth_date,
    )
    if not found.found:
        raise Refusal("not_found", rules.NAM_UNKNOWN)
    _recorded(request, outcome="answered")
    return {
        "service_date": payload.service_date,
        "health_insurance": {"covered": found.health_covered, "ends_on": found.health_ends_on},
        "prescription_drug_insurance": {
            "covered": found.drug_covered,
            "ends_on": found.drug_ends_on,
        },
        "identity_matches": found.identity_matches,
    }


# --- 4444 family doctor --------------------------------------------------------------------------

NO_FAMILY_DOCTOR = _("Aucun médecin de famille")
FAMILY_DOCTOR_IS = _("Médecin de famille : %(name)s (%(clinic)s)")


@api.post(
    "/family-doctor",
    auth=FAMILY_DOCTOR,
    response={200: FamilyDoctorOut, **WITH_404},
    tags=["4444"],
)
def family_doctor(
    request: HttpRequest,
    payload: FamilyDoctorIn,
    idempotency_key: str | None = OptionalIdempotencyKey,
) -> Any:
    """The person's family physician (name, practice number, clinic or GMF), or « aucun
    médecin de famille »."""
    nam = _nam(request, payload.nam)
    physician = selectors.family_physician(environment=_caller(request).client.environment, nam=nam)
    if physician is False:
        raise Refusal("not_found", rules.NAM_UNKNOWN)
    if physician is None or physician is True:
        _recorded(request, outcome="none")
        return {
            "family_physician": None,
            "summary_fr": _in("fr-ca", NO_FAMILY_DOCTOR),
            "summary_en": _in("en", NO_FAMILY_DOCTOR),
        }
    _recorded(request, outcome="found")
    names = {
        "name": f"{physician.first_name} {physician.last_name}",
        "clinic": physician.clinic_name,
    }
    return {
        "family_physician": {
            "last_name": physician.last_name,
            "first_name": physician.first_name,
            "practice_number": physician.practice_number,
            "clinic_name": physician.clinic_name,
            "is_gmf": physician.is_gmf,
        },
        "summary_fr": _in("fr-ca", FAMILY_DOCTOR_IS) % names,
        "summary_en": _in("en", FAMILY_DOCTOR_IS) % names,
    }


# --- 4058 clientele registration -----------------------------------------------------------------


def _registration_out(registration: Registration) -> dict[str, Any]:
    return {
        "id": registration.public_id,
        "nam": registration.person.nam,
        "consent_date": registration.consent_date,
        "registered_at": registration.registered_at,
        "ended_on": registration.ended_on,
        "end_reason": registration.end_reason,
    }


def _idempotent(
    request: HttpRequest, key: str, write: Callable[[], tuple[int, dict[str, Any]]]
) -> HttpResponse:
    """Runs ``write`` once per key: a retry with the same key and body gets the first answer,
    the same key with another body a 422."""
    caller = _caller(request)
    fingerprint = hashlib.sha256(
        request.method.encode() + request.path.encode() + b"\n" + request.body  # type: ignore[union-attr]
    ).hexdigest()
    for _attempt in range(2):
        try:
            with transaction.atomic():
                stored = idempotency.idempotency_begin(
                    client=caller.client, key=key, fingerprint=fingerprint
                )
                if stored is None:
                    status, body = write()
                    idempotency.idempotency_finish(
                        client=caller.client, key=key, status=status, body=body
                    )
                    request.b2b_recorded = True  # type: ignore[attr-defined]
                    return JsonResponse(body, status=status)
        except IntegrityError:
            continue  # the same key committed meanwhile: answer as it did
        except idempotency.KeyReused:
            raise invalid(
                [
                    FieldError(
                        field="Idempotency-Key",
                        detail_fr=_in("fr-ca", idempotency.KEY_REUSED),
                        detail_en=_in("en", idempotency.KEY_REUSED),
                    )
                ]
            ) from None
        _recorded(request, outcome="replayed", status=stored.status_code)
        response = JsonResponse(stored.body, status=stored.status_code)
        response["Idempotent-Replayed"] = "true"
        return response
    raise ApiProblem(409, "conflit", "Conflict", idempotency.KEY_REUSED)


@api.post(
    "/registrations",
    auth=CLIENTELE,
    response={200: RegistrationOut, 201: RegistrationOut, **WITH_404},
    tags=["4058"],
)
def registration_add(
    request: HttpRequest, payload: RegistrationIn, idempotency_key: str = IdempotencyKey
) -> Any:
    """Registers the person with the physician of ``practice_number`` (consent date); a
    registration with another physician ends, and shows as ended (moved) in that physician's
    next list. 201 when created, 200 when the person was already registered here."""
    nam = _nam(request, payload.nam)

    def write() -> tuple[int, dict[str, Any]]:
        registration, created = registration_create(
            client=_caller(request).client,
            practice_number=payload.practice_number,
            nam=nam,
            consent_date=payload.consent_date,
            request=request,
        )
        return (201 if created else 200), json.loads(
            RegistrationOut.model_validate(_registration_out(registration)).model_dump_json()
        )

    return _idempotent(request, idempotency_key, write)


@api.post(
    "/registrations/{registration_id}/end",
    auth=CLIENTELE,
    response={200: RegistrationOut, **WITH_404},
    tags=["4058"],
)
def registration_stop(
    request: HttpRequest,
    registration_id: str,
    payload: RegistrationEndIn,
    idempotency_key: str = IdempotencyKey,
) -> Any:
    """Ends one of the physician's registrations today."""

    def write() -> tuple[int, dict[str, Any]]:
        registration = registration_end(
            client=_caller(request).client,
            practice_number=payload.practice_number,
            public_id=_uuid(registration_id, rules.REGISTRATION_UNKNOWN),
            request=request,
        )
        request.b2b_nam = registration.person.nam  # type: ignore[attr-defined]
        return 200, json.loads(
            RegistrationOut.model_validate(_registration_out(registration)).model_dump_json()
        )

    return _idempotent(request, idempotency_key, write)


def _uuid(value: str, unknown: Any) -> str:
    """A UUID path value; anything else answers as an unknown object."""
    from uuid import UUID

    try:
        return str(UUID(value))
    except ValueError:
        raise Refusal("not_found", unknown) from None


CURSOR_INVALID = _("Le curseur est invalide : reprenez la liste depuis le début.")


def cursor_encode(after: int) -> str:
    return base64.urlsafe_b64encode(f"r{after}".encode()).decode().rstrip("=")


def cursor_decode(cursor: str) -> int:
    """The last id of the previous page; ValueError for anything this API did not give."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise ValueError(cursor) from None
    if not raw.startswith("r") or not raw[1:].isdigit() or len(raw) > 20:
        raise ValueError(cursor)
    return int(raw[1:])


@api.get(
    "/registrations",
    auth=CLIENTELE,
    response={200: RegistrationPage, **WITH_404},
    tags=["4058"],
)
def registration_list(
    request: HttpRequest,
    practice_number: str = Query(..., min_length=1, max_length=10, pattern=r"^[0-9]{1,10}$"),
    cursor: str | None = Query(None, max_length=40),
    limit: int = Query(50, ge=1, le=200),
) -> Any:
    """The physician's registrations, open and ended, by pages (``next_cursor``)."""
    after = 0
    if cursor:
        try:
            after = cursor_decode(cursor)
        except ValueError:
            raise invalid(
                [
                    FieldError(
                        field="cursor",
                        detail_fr=_in("fr-ca", CURSOR_INVALID),
                        detail_en=_in("en", CURSOR_INVALID),
                    )
                ]
            ) from None
    physician = acting_physician(client=_caller(request).client, practice_number=practice_number)
    rows = selectors.clientele_page(physician=physician, after=after, limit=limit)
    more = len(rows) > limit
    rows = rows[:limit]
    _recorded(request, outcome=f"listed:{len(rows)}")
    return {
        "items": [_registration_out(row) for row in rows],
        "next_cursor": cursor_encode(rows[-1].pk) if more else None,
    }


# --- 4134 SELAT ----------------------------------------------------------------------------------


def _claim_out(claim: AidClaim) -> dict[str, Any]:
    """A claim as its vendor reads it: the status in both languages and, once refused, the
    agent's reason in both (``refusal_reason_fr``, ``refusal_reason_en``)."""
    status = ClaimStatus(claim.status)
    refused = claim.status == ClaimStatus.REFUSED
    return {
        "id": claim.public_id,
        "status": claim.status,
        "status_fr": _in("fr-ca", status.label),
        "status_en": _in("en", status.label),
        "category": claim.aid.category,
        "aid_code": claim.aid.code,
        "service_date": claim.service_date,
        "amount": claim.amount,
        "submitted_at": claim.created_at,
        "status_changed_at": claim.status_changed_at,
        "refusal_reason_fr": claim.refusal_reason_fr if refused else None,
        "refusal_reason_en": claim.refusal_reason_en if refused else None,
    }


@api.post("/selat/claims", auth=SELAT, response={201: ClaimOut, **WITH_404}, tags=["4134"])
def claim_add(request: HttpRequest, payload: ClaimIn, idempotency_key: str = IdempotencyKey) -> Any:
    """A claim for a technical aid given to an insured person; its status starts « reçue »."""
    nam = _nam(request, payload.nam)

    def write() -> tuple[int, dict[str, Any]]:
        claim = claim_submit(
            client=_caller(request).client,
            nam=nam,
            aid_code=payload.aid_code,
            category=payload.category,
            service_date=payload.service_date,
            amount=payload.amount,
            request=request,
        )
        return 201, json.loads(ClaimOut.model_validate(_claim_out(claim)).model_dump_json())

    return _idempotent(request, idempotency_key, write)


@api.get(
    "/selat/claims/{claim_id}", auth=SELAT, response={200: ClaimOut, **WITH_404}, tags=["4134"]
)
def claim_read(request: HttpRequest, claim_id: str) -> Any:
    """A claim this client submitted, with its status (reçue, en traitement, acceptée,
    refusée) as the Régie's agents moved it and, when refused, the reason in French and
    English; another client's claim answers as a missing one."""
    claim = selectors.claim_of_client(
        client=_caller(request).client, public_id=_uuid(claim_id, rules.CLAIM_UNKNOWN)
    )
    if claim is None:
        raise Refusal("not_found", rules.CLAIM_UNKNOWN)
    request.b2b_nam = claim.person.nam  # type: ignore[attr-defined]
    _recorded(request, outcome=claim.status)
    return _claim_out(claim)


# --- payment requests (issue #14) ----------------------------------------------------------------


def _payment_out(sent: payments.SentRequest) -> dict[str, Any]:
    """A request as its client reads it: the status in both languages, who decided and when,
    and the reason of a refusal or a return."""
    label = PaymentStatus(sent.status).label
    return {
        "reference": sent.reference,
        "environment": sent.environment,
        "status": sent.status,
        "status_fr": _in("fr-ca", label),
        "status_en": _in("en", label),
        "practice_number": sent.practice_number,
        "installation_number": sent.installation_number,
        "mode": sent.mode,
        "period_start": sent.period_start,
        "period_end": sent.period_end,
        "total": sent.total,
        "submitted_at": sent.submitted_at,
        "decided_by": sent.decided_by or None,
        "decided_at": sent.decided_at,
        "reason": sent.reason or None,
    }


@api.post(
    "/payment-requests",
    auth=PAYMENTS,
    response={201: PaymentRequestOut, **WITH_404},
    tags=["paiements"],
)
def payment_request_add(
    request: HttpRequest, payload: PaymentRequestIn, idempotency_key: str = IdempotencyKey
) -> Any:
    """A professional's payment request for their work at one installation over a period
    (lines: date, activity code, quantity), totalled from the Régie's rate table. Only for an
    installation whose establishment authorized this client, a professional whom an association
    in force names there, and under every rule of the portal's form; 201 « en attente
    d'autorisation » in the queue of the signatory associated with the professional."""
    section = PaymentRequestSection(
        installation_number=payload.installation_number,
        mode=payload.mode,
        period_start=payload.period_start,
        period_end=payload.period_end,
        lines=tuple(
            LineInput(
                day=line.day,
                activity_code=line.activity_code.strip().upper(),
                quantity=line.quantity,
            )
            for line in payload.lines
        ),
    )

    def write() -> tuple[int, dict[str, Any]]:
        sent = payments.payment_request_send(
            client=_caller(request).client,
            practice_number=payload.practice_number,
            section=section,
            request=request,
        )
        return 201, json.loads(
            PaymentRequestOut.model_validate(_payment_out(sent)).model_dump_json()
        )

    return _idempotent(request, idempotency_key, write)


@api.get(
    "/payment-requests/{reference}",
    auth=PAYMENTS,
    response={200: PaymentRequestOut, **WITH_404},
    tags=["paiements"],
)
def payment_request_read(request: HttpRequest, reference: str) -> Any:
    """A request this client submitted, by its reference: its status (soumise, en attente
    d'autorisation, autorisée, refusée, retournée pour correction, transmise pour paiement),
    who decided and when, and the reason. Another client's request answers as a missing one;
    once the establishment ended the client's authorization for its installation, 403."""
    caller = _caller(request)
    key = reference.strip().upper()[:20]
    if caller.client.environment == Environment.TRAINING:
        found = selectors.sandbox_payment_request_of_client(caller.client, key)
        if found is None:
            raise Refusal("not_found", rules.PAYMENT_REQUEST_UNKNOWN)
        sent = payments.sent_of_sandbox(found)
    else:
        link = selectors.payment_request_link_of_client(caller.client, key)
        if link is None:
            raise Refusal("not_found", rules.PAYMENT_REQUEST_UNKNOWN)
        if not selectors.installation_authorized_for(
            caller.client, link.payment_request.installation
        ):
            raise Refusal("forbidden", rules.INSTALLATION_NOT_AUTHORIZED)
        sent = payments.sent_of_production(link)
    _recorded(request, outcome=sent.status)
    return _payment_out(sent)
