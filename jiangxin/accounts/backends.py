"""The one authentication backend: Django's model backend behind the login throttle
(accounts/throttle.py). Every path that checks a password through `authenticate()` — the
login page, the admin site's login (which is the same page, see accounts/admin.py) —
is throttled by (user name, source) and audited by the login view."""

from django.contrib.auth.backends import ModelBackend

from jiangxin.core.client_ip import client_ip

from .throttle import throttle_check, throttle_failure, throttle_success


class ThrottledModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None or username is None:
            return super().authenticate(request, username=username, password=password, **kwargs)
        ip = client_ip(request)
        refusal = throttle_check(username, ip)
        if refusal is not None:
            request.jx_login_refusal = refusal
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            request.jx_login_locked = throttle_failure(username, ip)
        else:
            throttle_success(username, ip)
        return user
