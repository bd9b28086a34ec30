"""Display filters for the career framework pages (rounding is for display only)."""

from decimal import Decimal

from django import template

from display.money import money
from goals.rows import rounded

register = template.Library()


@register.filter(name="money")
def money_filter(value: Decimal | None) -> str:
    """``$650,000`` or ``$1,250.50`` in the company currency; a missing amount is an em dash."""
    return money(value)


@register.filter
def pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{rounded(value)}%"


@register.filter
def score(value: int | None) -> str:
    return "—" if value is None else str(value)
