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


@register.inclusion_tag("core/_calendar_warnings.html")
def calendar_warning_notes(start=None, end=None, workdays=None) -> dict:
    """The official calendar's warnings for a period (from `start`, today by default, to
    `end` or over `workdays` working days): one note per year counted Monday to Friday
    because its holiday schedule is not entered yet."""
    from django.utils import timezone

    from jiangxin.core.calendar import calendar_warnings, workday_span_end

    start = start or timezone.localdate()
    if end is None and isinstance(workdays, int) and not isinstance(workdays, bool):
        end = workday_span_end(start, max(workdays, 1))
    end = end or start
    return {"calendar_warnings": calendar_warnings(start, end), "calendar_year": end.year}


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
