"""Field parsers for Salesforce export cells: amounts, dates, ids, booleans, stages, types.

Each raises ``ValueError`` with a reason a person can act on; the caller adds file, line and
column.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from goals.salesforce import to_18_char_id

CENT = Decimal("0.01")
EMPTY_IDS = {"000000000000000", "000000000000000AAA"}
CURRENCY_SYMBOLS = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
_PLAIN = re.compile(r"^\d+(?:\.\d+)?$")
# How a Salesforce report writes a dollar amount: "$12,345.67" (thousands grouped by 3).
_DOLLARS = re.compile(r"^\$\d{1,3}(?:,\d{3})*(?:\.\d+)?$")
_AMOUNT = re.compile(r"^(?P<code>[A-Za-z]{3})?\s*(?P<symbol>[$€£¥])?\s*(?P<number>[-\d.,\s' ]+)$")


def parse_amount(text: str, *, decimal_comma: bool = False) -> tuple[Decimal | None, str]:
    """``(amount, currency code or "")`` from ``12,345.00``, ``$12,345.00``, ``USD 12,345.00``,
    ``(1,200.00)``; blank gives ``(None, "")``. Never a float."""
    text = text.strip()
    if not text:
        return None, ""
    if _PLAIN.match(text):  # the common case, 3x faster than the general path
        return Decimal(text).quantize(CENT, rounding=ROUND_HALF_UP), ""
    if not decimal_comma and _DOLLARS.match(text):  # the report's own format, same result
        number = text[1:].replace(",", "")
        return Decimal(number).quantize(CENT, rounding=ROUND_HALF_UP), "USD"
    negative = text.startswith("(") and text.endswith(")")
    if negative:
        text = text[1:-1].strip()
    if text.startswith("-"):
        negative, text = not negative, text[1:].strip()
    match = _AMOUNT.match(text) or _AMOUNT.match(_move_trailing_code(text))
    if not match:
        raise ValueError("not an amount")
    code = (match["code"] or "").upper() or CURRENCY_SYMBOLS.get(match["symbol"] or "", "")
    number = re.sub(r"[\s' ]", "", match["number"])
    if number.startswith("-"):
        negative, number = not negative, number[1:]
    number = _plain_number(number, decimal_comma)
    try:
        amount = Decimal(number)
    except InvalidOperation as error:
        raise ValueError("not an amount") from error
    amount = amount.quantize(CENT, rounding=ROUND_HALF_UP)
    return (-amount if negative else amount), code


def _move_trailing_code(text: str) -> str:
    # "12,345.00 EUR" or "12.345,00 €" -> code/symbol first
    match = re.match(r"^(.*?)\s*([A-Za-z]{3}|[$€£¥])$", text)
    return f"{match[2]} {match[1]}" if match else text


def _plain_number(number: str, decimal_comma: bool) -> str:
    if decimal_comma:
        if "," in number:
            return number.replace(".", "").replace(",", ".")
        # "12.345" is twelve thousand; "12345.00" still has a decimal point.
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", number):
            return number.replace(".", "")
        return number
    if "," in number and "." not in number and re.fullmatch(r"\d+,\d{1,2}", number):
        raise ValueError("a decimal comma in a file without a European number format")
    return number.replace(",", "")


DATE_FORMATS = ("MDY", "DMY")
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")


def _year(text: str) -> int:
    # Excel round-trips write M/D/YY; Salesforce data is from this century.
    return 2000 + int(text) if len(text) == 2 else int(text)


def parse_date(text: str, date_format: str = "") -> date | None:
    """See _parse_date; a day or month out of range is "not a date" too."""
    try:
        return _parse_date(text, date_format)
    except ValueError as error:
        if "ambiguous" in str(error) or str(error).startswith("not a date"):
            raise
        raise ValueError(f"not a date ({error})") from error


def _parse_date(text: str, date_format: str = "") -> date | None:
    """A ``date`` from ISO (date or datetime), ``M/D/YYYY``, ``D/M/YYYY``, ``M/D/YY`` or
    ``DD.MM.YYYY``. Without a declared format, a slashed date that reads both ways is an error."""
    text = text.strip()
    if not text:
        return None
    if match := _ISO.match(text):
        if "T" in text or " " in text:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
        return date(int(match[1]), int(match[2]), int(match[3]))
    if match := _DOTTED.match(text):
        return date(_year(match[3]), int(match[2]), int(match[1]))
    match = _SLASHED.match(text.split(" ")[0])
    if not match:
        raise ValueError("not a date (expected M/D/YYYY, D/M/YYYY, DD.MM.YYYY or YYYY-MM-DD)")
    first, second, year = int(match[1]), int(match[2]), _year(match[3])
    if date_format == "MDY":
        return date(year, first, second)
    if date_format == "DMY":
        return date(year, second, first)
    if first > 12 >= second:
        return date(year, second, first)
    if second > 12 >= first:
        return date(year, first, second)
    if first == second:
        return date(year, first, second)
    raise ValueError("ambiguous date: choose the file's date format (M/D/Y or D/M/Y)")


class DateParser:
    """Parses each distinct date string once."""

    # to_datetime on a whole column is 7x slower here: parse each distinct value once.
    def __init__(self, date_format: str = "") -> None:
        self.date_format = date_format
        self.cache: dict[str, date | None | ValueError] = {}

    def __call__(self, text: str) -> date | None:
        try:
            result = self.cache[text]
        except KeyError:
            try:
                result = parse_date(text, self.date_format)
            except ValueError as error:
                result = error
            self.cache[text] = result
        if isinstance(result, ValueError):
            raise result
        return result


def parse_id(text: str) -> str:
    """The 18-character form of a Salesforce id; "" for a blank or empty lookup."""
    text = text.strip()
    if not text or text in EMPTY_IDS:
        return ""
    try:
        return to_18_char_id(text)
    except ValueError as error:
        raise ValueError("not a 15- or 18-character Salesforce id") from error


TRUE = {"true", "1", "yes", "y", "t", "x"}
FALSE = {"false", "0", "no", "n", "f", ""}


def parse_bool(text: str) -> bool:
    """TRUE/FALSE, 1/0, 1/blank (Excel round-trips); blank is false."""
    value = text.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ValueError("not TRUE/FALSE or 1/0")


# RULES.md: Salesforce's standard stage names in their usual order.
STANDARD_STAGES = {
    "prospecting": "1",
    "qualification": "2",
    "needs analysis": "2",
    "value proposition": "3",
    "id. decision makers": "3",
    "id decision makers": "3",
    "perception analysis": "4",
    "proposal/price quote": "5",
    "negotiation/review": "6",
    "closed won": "won",
    "closed lost": "lost",
}
_LEADING_NUMBER = re.compile(r"^(?:stage\s*|s)?([0-9])(?:\s*[-.:)]|\s|$)", re.IGNORECASE)


def stage_key(name: str) -> str:
    return " ".join(name.strip().lower().split())


def stage_of(
    name: str,
    aliases: dict[str, str],
    *,
    is_won: bool | None = None,
    is_closed: bool | None = None,
) -> str:
    """RULES.md stage ("1".."6", "won", "lost") of a stage name; IsWon/IsClosed, when the file
    has them, decide won and lost. An unknown name is an error, never a guess."""
    if is_closed or is_won:
        return "won" if is_won else "lost"
    key = stage_key(name)
    stage = aliases.get(key) or STANDARD_STAGES.get(key)
    if stage is None and (match := _LEADING_NUMBER.match(key)) and match[1] in "123456":
        stage = match[1]
    if stage is None:
        raise ValueError("unknown stage: add it to the stage mapping (Stage aliases)")
    if is_closed is False and stage in ("won", "lost"):
        raise ValueError("stage says closed but IsClosed is false")
    return stage


def type_of(text: str) -> str:
    """RULES.md: "New Business", "New Customer", "New Logo" … are new business; anything
    else (Existing Business, Upsell, Renewal, blank) is expansion."""
    return "new_business" if text.strip().lower().startswith("new") else "expansion"


NOT_HELD = {"no show", "no-show", "noshow", "cancelled", "canceled", "not held", "did not happen"}


def took_place(status: str) -> bool:
    """RULES.md: meetings that did not take place ("No Show", "Cancelled" …) never count."""
    return stage_key(status) not in NOT_HELD
