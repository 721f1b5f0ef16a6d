from django import template
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag
def query_replace(request, **kwargs) -> str:
    """The current query string with some parameters replaced (empty value drops it)."""
    params = request.GET.copy()
    for key, value in kwargs.items():
        params.pop(key, None)
        if value not in ("", None):
            params[key] = value
    return urlencode(sorted(params.items()))
