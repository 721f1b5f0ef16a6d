from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse

from jiangxin.core.access import access_denial_take, set_active_assignment
from jiangxin.core.audit import set_request_ip
from jiangxin.core.client_ip import client_ip

from .services import access_denied_record

SESSION_KEY = "jx_active_assignment"

# What a signed-in user may still open while a gate (second factor, new password) is due.
GATE_OPEN = frozenset(
    {
        "accounts:logout",
        "set_language",
        "javascript-catalog",
    }
)


class ActiveRoleMiddleware:
    """Sets the request's client IP for the audit log and the user's active role (the
    scope every selector filters by) from the session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        set_request_ip(client_ip(request))
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            set_active_assignment(user, request.session.get(SESSION_KEY))
        access_denial_take()
        try:
            response = self.get_response(request)
            if response.status_code == 404 and (denial := access_denial_take()):
                access_denied_record(user=request.user, path=request.path, denial=denial)
            return response
        finally:
            set_request_ip(None)


class AccountGateMiddleware:
    """A signed-in user who still owes a second factor, an enrolment or a new password
    (see accounts/otp.py `account_gate`) is sent to that page; only it, logout and the
    language switch open until it is done. The API authenticates by token and is not
    gated here."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.path.startswith("/api/"):
            return None
        from .otp import account_gate

        gate = account_gate(request)
        match = request.resolver_match
        name = match.view_name if match else ""
        if gate is None or name == gate or name in GATE_OPEN:
            return None
        url = reverse(gate)
        if request.method == "GET":
            url += "?" + urlencode({"next": request.get_full_path()})
        return redirect(url)
