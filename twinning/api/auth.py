"""Who calls: a bearer token, its scopes, and the same permission gate as the web pages."""

from django.http import Http404, HttpRequest
from ninja.security import HttpBearer

from twinning.accounts.rules import may
from twinning.api.models import ApiToken
from twinning.api.tokens import token_find


class ScopeMissing(Exception):
    """A valid token without the scope the operation needs: 403."""

    def __init__(self, scope: str):
        super().__init__(scope)
        self.scope = scope


class TokenAuth(HttpBearer):
    """``Authorization: Bearer twn_…`` with ``scope``; the request then acts as the owner."""

    openapi_scheme = "bearer"

    def __init__(self, scope: str):
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = token_find(token)
        if api_token is None:
            return None
        if not api_token.allows(self.scope):
            raise ScopeMissing(self.scope)
        request.api_token = api_token
        return api_token


def actor(request: HttpRequest):
    """The user a token acts for."""
    return request.auth.owner


def gate(request: HttpRequest, action: str, obj) -> None:
    """The web pages' gate, for the token's owner: what they may not see does not exist."""
    if obj is None or not may(actor(request), action, obj):
        raise Http404
