"""Display filters for the career framework pages (rounding is for display only)."""

from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma

from goals.rows import rounded

register = template.Library()


@register.filter
def money(value: Decimal | None) -> str:
    """``$650,000`` or ``$1,250.50``; a missing amount shows as an em dash."""
    if value is None:
        return "—"
    return f"${intcomma(rounded(value))}"


@register.filter
def pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{rounded(value)}%"


@register.filter
def score(value: int | None) -> str:
    return "—" if value is None else str(value)
