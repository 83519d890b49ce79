from django import template

from projects.access import Can, may
from reciprocity.money import format_money

register = template.Library()


@register.filter
def money(amount, currency: str = "GBP") -> str:
    """ "£12.50": an amount with its currency, to the penny."""
    return format_money(amount, currency)


@register.filter
def hours(value) -> str:
    """ "1.5" rather than "1.50"; "2" rather than "2.00"."""
    if value is None:
        return "0"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


@register.filter
def may_do(membership, right: str) -> bool:
    """Whether the membership has the right (``projects.access.Can`` by its value)."""
    return may(membership, Can(right))
