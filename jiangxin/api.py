"""The REST API under /api/v1/: token auth (Authorization: Bearer jx_…), scoped exactly
like the UI (a foreign object answers 404)."""

from django.http import Http404
from ninja import NinjaAPI
from ninja.security import HttpBearer

from jiangxin.accounts.services import api_token_authenticate
from jiangxin.core.access import set_active_assignment
from jiangxin.core.modules import load, modules


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        user = api_token_authenticate(token)
        if user is None:
            return None
        # The API acts in the user's most senior role unless X-Jiangxin-Role names another.
        role_header = request.headers.get("X-Jiangxin-Role")
        set_active_assignment(
            user, int(role_header) if role_header and role_header.isdigit() else None
        )
        request.user = user
        return user


api = NinjaAPI(
    title="jiangxin API",
    version="1",
    urls_namespace="api",
    auth=TokenAuth(),
    docs_url=None,
)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": "Not found."}, status=404)


# Each module mounts its router (see jiangxin/core/modules.py).
for _module in modules():
    for _prefix, _router in _module.api:
        api.add_router(_prefix, load(_router))
