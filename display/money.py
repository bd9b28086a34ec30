"""Money as people read it: the company currency (``COMPANY_CURRENCY``) in the locale
(``PACER_LOCALE``), formatted by Babel's patterns. Pages and charts call :func:`money`;
exports and the API keep raw decimal strings."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from babel import Locale
from babel.numbers import NumberPattern, get_currency_symbol, parse_pattern
from django.conf import settings

CENTS = Decimal("0.01")


@dataclass(frozen=True)
class MoneyFormat:
    """A locale's way of writing the currency, read once from Babel."""

    locale: Locale
    currency: str
    whole: NumberPattern  # ``¤#,##0``: a whole amount shows without its ".00"
    cents: NumberPattern  # the locale's standard currency pattern
    prefix: str  # what stands before a positive amount, the symbol put in (``$``)
    suffix: str  # and after it (``\xa0€`` in German)
    group: str
    decimal: str
    fast: bool  # groups of three, two decimals: Python's own formatting writes the same

    def apply(self, value: Decimal) -> str:
        """``value`` (cents at most) written the locale's way."""
        whole = value == value.to_integral_value()
        if self.fast and value >= 0:
            # Babel's apply costs ~30 µs an amount and a team page formats hundreds; for the
            # common patterns Python's "," writes the same digits (checked in tests).
            digits = f"{value:,.0f}" if whole else f"{value:,.2f}"
            if (self.group, self.decimal) != (",", "."):
                digits = digits.translate({ord(","): self.group, ord("."): self.decimal})
            return f"{self.prefix}{digits}{self.suffix}"
        pattern = self.whole if whole else self.cents
        return pattern.apply(value, self.locale, currency=self.currency, currency_digits=False)


@lru_cache(maxsize=32)
def money_format(locale: str, currency: str) -> MoneyFormat:
    """How ``locale`` writes amounts in ``currency``, from Babel's standard currency pattern."""
    parsed = Locale.parse(locale)
    standard = parsed.currency_formats["standard"]
    whole = parse_pattern(standard.pattern.replace("0.00", "0"))
    symbol = get_currency_symbol(currency, locale=parsed)
    symbols = parsed.number_symbols["latn"]
    # An explicit negative pattern (";") or Indian grouping: leave those to Babel.
    fast = ";" not in standard.pattern and standard.grouping == (3, 3)
    fast = fast and standard.frac_prec == (2, 2)
    return MoneyFormat(
        locale=parsed,
        currency=currency,
        whole=whole,
        cents=standard,
        prefix=whole.prefix[0].replace("¤", symbol),
        suffix=whole.suffix[0].replace("¤", symbol),
        group=symbols["group"],
        decimal=symbols["decimal"],
        fast=fast,
    )


def money(amount: Decimal | None) -> str:
    """``amount`` in the company currency, to the cent, without cents when whole (``$650,000``,
    ``$1,250.50``); a missing amount is an em dash."""
    if amount is None:
        return "—"
    value = amount.quantize(CENTS, rounding=ROUND_HALF_UP)
    return money_format(settings.PACER_LOCALE, settings.COMPANY_CURRENCY).apply(value)


def currency_affixes() -> tuple[str, str]:
    """What the locale writes before and after a whole amount (``("$", "")``, ``("", " €")``),
    for charts, where plotly.js formats the number itself."""
    found = money_format(settings.PACER_LOCALE, settings.COMPANY_CURRENCY)
    return found.prefix, found.suffix


def separators() -> str:
    """The locale's decimal and group separators as plotly.js's ``layout.separators``."""
    found = money_format(settings.PACER_LOCALE, settings.COMPANY_CURRENCY)
    return found.decimal + found.group
