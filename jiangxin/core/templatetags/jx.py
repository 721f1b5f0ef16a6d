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


def money_text(value) -> str:
    """The one money format of the platform: yuan with thousands separators and two
    decimals, e.g. 4300000000 → ¥4,300,000,000.00 (empty → “—”). Used by the `money`
    template filter and wherever Python writes an amount for people to read."""
    from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

    if value in (None, ""):
        return "—"
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}¥{abs(amount):,.2f}"


@register.filter
def money(value) -> str:
    return money_text(value)
