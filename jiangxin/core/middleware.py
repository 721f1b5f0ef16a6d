from django_htmx.http import HttpResponseClientRedirect


class HtmxRedirectMiddleware:
    """A redirect answering an htmx request becomes a client-side redirect (HX-Redirect):
    the browser's XHR would otherwise follow it silently and swap the target page's
    fragment into the form. So every view may simply `redirect()` after a successful
    post, whether the form was sent by htmx or not (and an expired session sends the
    whole page to the login form)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "htmx", False) and response.status_code in (301, 302, 303, 307, 308):
            return HttpResponseClientRedirect(response["Location"])
        return response


class QueryTextMiddleware:
    """A query string holding a NUL character is refused (400) before any view reads it:
    no database stores one (PostgreSQL refuses it with an error), and no filter means one.
    Lone surrogates cannot arrive here — Django decodes undecodable bytes to U+FFFD."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.core.exceptions import BadRequest
        from django.utils.translation import gettext as _

        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in v for v in values):
                raise BadRequest(_("The address holds a character no field can take (NUL)."))
        return self.get_response(request)


class PrivateCacheMiddleware:
    """Pages and files answered to a signed-in user hold personal information: no browser
    or proxy may keep them (`Cache-Control: no-store`, unless the view set its own)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            response["Cache-Control"] = "private, no-store"
        return response


class SessionTouchMiddleware:
    """The idle timeout without a write on every request: a signed-in session is saved
    (its expiry pushed SESSION_COOKIE_AGE ahead) at most once a minute, when a request
    comes more than `TOUCH_EVERY` seconds after the last save. An idle session still ends
    SESSION_IDLE_MINUTES after its last save (so within a minute of the idle timeout), and
    a page costs no session UPDATE (issue 11: 3 of a trivial page's 5 queries were the
    session; issue 12: every request waited for SQLite's write lock during an import)."""

    TOUCH_EVERY = 60
    KEY = "_jx_touched"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is None or user is None or not user.is_authenticated:
            return response
        import time

        now = int(time.time())
        if session.modified or now - session.get(self.KEY, 0) >= self.TOUCH_EVERY:
            session[self.KEY] = now
        return response
