"""API authentication: a Bearer token (`Authorization: Bearer jx_…`) of a user, with a
scope. Every operation needs a token; writes need one with the write scope (see
jiangxin.core.api.write). An expired token answers 401, a read token on a write 403, each
with a message saying what to do."""

from typing import Any

from ninja.errors import HttpError
from ninja.security import HttpBearer

from jiangxin.core.access import set_active_assignment
from jiangxin.core.client_ip import client_ip

from .models import TokenScope
from .services import ApiTokenRefused, api_token_authenticate, api_token_invalid_record


class TokenAuth(HttpBearer):
    def __init__(self, scope: str = TokenScope.READ):
        super().__init__()
        self.scope = scope

    def authenticate(self, request, token: str):
        try:
            user = api_token_authenticate(token, scope=self.scope)
        except ApiTokenRefused as exc:
            if exc.status == 401:
                api_token_invalid_record(raw=token, ip=client_ip(request), reason="expired")
            raise HttpError(exc.status, exc.message) from exc
        if user is None:
            api_token_invalid_record(raw=token, ip=client_ip(request), reason="unknown")
            return None
        # The API acts in the user's most senior role unless X-Jiangxin-Role names another.
        role_header = request.headers.get("X-Jiangxin-Role")
        set_active_assignment(
            user, int(role_header) if role_header and role_header.isdigit() else None
        )
        request.user = user
        return user


read_auth = TokenAuth(TokenScope.READ)
write_auth = TokenAuth(TokenScope.WRITE)


def write(example: dict, *, description: str = "") -> dict:
    """The keyword arguments of a write operation: needs the write scope, documents its
    request example and its error responses."""
    extra = {
        "x-scope": "write",
        "requestBody": {"content": {"application/json": {"example": example}}},
    }
    kwargs: dict[str, Any] = {"auth": write_auth, "openapi_extra": extra}
    if description:
        kwargs["description"] = description + "\n\nNeeds a token with the write scope."
    return kwargs
