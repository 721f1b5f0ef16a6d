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
