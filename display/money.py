"""Money as people read it: the company currency (``COMPANY_CURRENCY``) in the locale
(``PACER_LOCALE``), formatted by Babel. Pages and charts call :func:`money`; exports and the
API keep raw decimal strings."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import NumberPattern, get_currency_symbol, parse_pattern
from django.conf import settings

CENTS = Decimal("0.01")


@lru_cache(maxsize=32)
def _patterns(locale: str) -> tuple[Locale, NumberPattern, NumberPattern]:
    """The locale with its currency pattern for whole amounts and for amounts with cents."""
    parsed = Locale.parse(locale)
    standard = parsed.currency_formats["standard"]
    # A whole amount shows without its ".00" (``$650,000``), wherever the locale puts the sign.
    whole = parse_pattern(standard.pattern.replace("0.00", "0"))
    return parsed, whole, standard


def money(amount: Decimal | None) -> str:
    """``amount`` in the company currency, to the cent, without cents when whole (``$650,000``,
    ``$1,250.50``); a missing amount is an em dash."""
    if amount is None:
        return "—"
    locale, whole, with_cents = _patterns(settings.PACER_LOCALE)
    value = amount.quantize(CENTS, rounding=ROUND_HALF_UP)
    pattern = whole if value == value.to_integral_value() else with_cents
    return pattern.apply(value, locale, currency=settings.COMPANY_CURRENCY, currency_digits=False)


@lru_cache(maxsize=32)
def _affixes(locale: str, currency: str) -> tuple[str, str]:
    parsed, whole, _ = _patterns(locale)
    symbol = get_currency_symbol(currency, locale=parsed)
    prefix, suffix = whole.prefix[0], whole.suffix[0]
    return prefix.replace("¤", symbol), suffix.replace("¤", symbol)


def currency_affixes() -> tuple[str, str]:
    """What the locale writes before and after a whole amount (``("$", "")``, ``("", " €")``),
    for charts, where plotly.js formats the number itself."""
    return _affixes(settings.PACER_LOCALE, settings.COMPANY_CURRENCY)


def separators() -> str:
    """The locale's decimal and group separators as plotly.js's ``layout.separators``."""
    locale = _patterns(settings.PACER_LOCALE)[0]
    return locale.number_symbols["latn"]["decimal"] + locale.number_symbols["latn"]["group"]
