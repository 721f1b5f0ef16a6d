from jiangxin.core.access import set_active_assignment
from jiangxin.core.audit import client_ip, set_request_ip

SESSION_KEY = "jx_active_assignment"


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
        try:
            return self.get_response(request)
        finally:
            set_request_ip(None)
