from django import template

from jiangxin.core.templatetags.jx import money_text

register = template.Library()


@register.filter
def yuan(value) -> str:
    """An amount in yuan in the platform's one money format (`jx.money`): ¥4,300,000,000.00."""
    return money_text(value)
