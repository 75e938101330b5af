"""django-oauth-toolkit, fitted to the B2B clients: OAuth 2.0 client credentials (RFC 6749
§4.4) only, scopes taken from the grants in force, the previous secret honoured during its grace
period, and no token for a revoked client, an initial secret not yet replaced or a withdrawn
grant."""

from __future__ import annotations

import base64
import binascii
from typing import Any
from urllib.parse import unquote_plus

from oauth2_provider.oauth2_validators import OAuth2Validator
from oauth2_provider.scopes import BaseScopes
from oauthlib.oauth2.rfc6749.errors import InvalidClientError

from sel.b2b.grants import B2B_SERVICES
from sel.b2b.models import B2BClient
from sel.b2b.selectors import client_scopes, client_token_refusal
from sel.b2b.services.clients import previous_secret_matches, token_issue_record

REFUSALS = {
    "revoked": "This client was revoked. / Ce client a été révoqué.",
    "initial_secret": (
        "Replace the initial secret in the portal first (Services B2B). / Remplacez d'abord le "
        "secret initial dans le portail (Services B2B)."
    ),
    "no_grant": (
        "No B2B service is granted to this client today. / Aucun service B2B n'est accordé à ce "
        "client aujourd'hui."
    ),
}


def _b2b_client(application: Any) -> B2BClient | None:
    if application is None:
        return None
    try:
        client: B2BClient = application.b2b_client
    except B2BClient.DoesNotExist:
        return None
    return client


class ClientValidator(OAuth2Validator):
    def _presented(self, request: Any) -> tuple[str, str]:
        """The client id and secret the request presents (Basic first, then the body)."""
        auth = self._extract_basic_auth(request)
        if auth:
            try:
                decoded = base64.b64decode(auth).decode("utf-8")
                client_id, secret = map(unquote_plus, decoded.split(":", 1))
                return client_id, secret
            except (binascii.Error, UnicodeDecodeError, ValueError):
                return "", ""
        return (
            getattr(request, "client_id", "") or "",
            getattr(request, "client_secret", "") or "",
        )

    def authenticate_client(self, request: Any, *args: Any, **kwargs: Any) -> bool:
        """The current secret, or the previous one within its grace period; then the client's
        state decides (``client_token_refusal``)."""
        current = super().authenticate_client(request, *args, **kwargs)
        client_id, secret = self._presented(request)
        if not client_id:
            return False
        if not current:
            request.client = None
            if self._load_application(client_id, request) is None:
                return False
        client = _b2b_client(request.client)
        if client is None:
            return False
        if not current and not previous_secret_matches(client=client, secret=secret):
            return False
        refusal = client_token_refusal(client)
        if refusal:
            token_issue_record(client=client, refusal=refusal)
            raise InvalidClientError(description=REFUSALS[refusal], request=request)
        request.b2b_client = client
        return True

    def validate_grant_type(
        self, client_id: str, grant_type: str, client: Any, request: Any, *args: Any, **kw: Any
    ) -> bool:
        return grant_type == "client_credentials" and super().validate_grant_type(
            client_id, grant_type, client, request, *args, **kw
        )

    def save_bearer_token(self, token: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        saved = super().save_bearer_token(token, request, *args, **kwargs)
        client = getattr(request, "b2b_client", None)
        if client is not None:
            token_issue_record(client=client, refusal="", scopes=str(token.get("scope", "")))
        return saved


class GrantScopes(BaseScopes):
    """A client's scopes are the B2B services its access request's grants open today."""

    def get_all_scopes(self) -> dict[str, str]:
        return {code: code for code in B2B_SERVICES}

    def get_available_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        client = _b2b_client(application)
        return client_scopes(client) if client is not None else []

    def get_default_scopes(
        self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
    ) -> list[str]:
        return self.get_available_scopes(application, request)
