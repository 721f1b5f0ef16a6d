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
