"""Template filters for the movement pages."""

from django import template

from goals.rules import cents

from .pacer import figure

register = template.Library()


@register.filter
def cents_text(amount_cents: int) -> str:
    """Integer cents as a currency figure."""
    return figure(cents(amount_cents), "currency")
