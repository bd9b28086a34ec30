"""The import's field rules, each written once: what a cell (or the few cells of one field)
means, or why it is refused.

Both ways of checking rows read these: ``records`` applies them to one row and turns an
``Invalid`` into the row's errors (file, line, column, value, reason); ``columns`` applies them
once per distinct value of a column and sends any row holding an ``Invalid`` or a ``Warned``
to ``records``, so every message comes from here. Texts arrive stripped.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from . import parsers

if TYPE_CHECKING:
    from .records import Context


@dataclass(frozen=True)
class Invalid:
    """A field refused: its errors as (field, reason) pairs, and the value the rest of the row
    reads (a length check reads the refused owner's name, say)."""

    errors: tuple[tuple[str, str], ...]
    value: Any = None


@dataclass(frozen=True)
class Warned:
    """A value accepted with a warning on ``field`` for the admin."""

    value: Any
    field: str
    reason: str


def refused(field: str, reason: str, value: Any = None) -> Invalid:
    """One error on ``field``."""
    return Invalid(((field, reason),), value)


def external_id_of(text: str, what: str) -> str | Invalid:
    """A record's Salesforce id in its 18-character form; blank is refused."""
    try:
        record_id = parsers.parse_id(text)
    except ValueError as error:
        return refused("external_id", str(error), "")
    if record_id == "":
        return refused("external_id", f"{what} is blank", "")
    # Duplicates within the file are found in the staging table (memory stays bounded).
    return record_id


def person_of(
    ctx: Context, texts: tuple[tuple[str, str], ...], *, required: bool
) -> tuple[int | None, str] | Invalid:
    """``(person id, name)`` from the first of the (field, text) pairs that is given; with
    ``required``, none given is refused on the first field."""
    for field, text in texts:
        if text and text not in parsers.EMPTY_IDS:
            try:
                return ctx.find_person(text)
            except ValueError as error:
                return refused(field, str(error), (None, text))
    if required:
        return refused(texts[0][0], "blank: every row needs one", (None, ""))
    return None, ""


def owner_of(
    ctx: Context, owner_id: str, email: str, owner: str
) -> tuple[int | None, str] | Invalid:
    """The opportunity's owner: the first of owner id, e-mail, name that is given decides; the
    file's own spelling of the name is kept."""
    found = person_of(
        ctx, (("owner_id", owner_id), ("owner_email", email), ("owner", owner)), required=True
    )
    if not isinstance(found, Invalid) and owner:
        return found[0], owner
    return found


def account_of(ctx: Context, name: str, account_id: str) -> str | Invalid:
    """The account's name, from its own column or looked up by Account ID in the Accounts file."""
    if not name and account_id:
        try:
            record_id = parsers.parse_id(account_id)
        except ValueError as error:
            return refused("account_id", str(error), "")
        account = (ctx.accounts or {}).get(record_id, "")
        if record_id and not account:
            return refused("account_id", "account id not found in the Accounts file", "")
        return account
    if not name:
        field = "account" if "account" in ctx.columns else "account_id"
        return refused(field, "account is blank", "")
    return name


def stage_of(ctx: Context, name: str, won: str, closed: str) -> str | None | Invalid:
    """The Pacer stage of a stage name (and IsWon/IsClosed where the file has them); a blank
    stage is refused even when IsWon/IsClosed name one."""
    errors = []
    flags: dict[str, bool | None] = {"is_won": None, "is_closed": None}
    for field, text in (("is_won", won), ("is_closed", closed)):
        if field in ctx.columns:
            try:
                flags[field] = parsers.parse_bool(text)
            except ValueError as error:
                errors.append((field, str(error)))
    stage = None
    if not name:
        errors.append(("stage", "stage is blank"))
    if name or flags["is_closed"] or flags["is_won"]:
        try:
            stage = ctx.stage(name, flags["is_won"], flags["is_closed"])
        except ValueError as error:
            errors.append(("stage", str(error)))
    return Invalid(tuple(errors), stage) if errors else stage


def parsed_amount(ctx: Context, text: str) -> tuple[Decimal, str] | None | Invalid:
    """``(amount, its own currency code or "")``; None for a blank amount."""
    try:
        amount, code = parsers.parse_amount(text, decimal_comma=ctx.decimal_comma)
    except ValueError as error:
        return refused("amount", str(error))
    return None if amount is None else (amount, code)


def currency_code(ctx: Context, currency: str, code: str) -> str:
    """An amount's currency: the Currency column's code, else the amount's own, else the
    company's."""
    return (currency or code or ctx.company_currency).upper()


def company_rate(ctx: Context, currency: str, code: str) -> Decimal | None | Invalid:
    """The admin's rate into the company currency for an amount in the Currency column's code,
    else the amount's own; None when it is in the company currency already."""
    code = currency_code(ctx, currency, code)
    if code == ctx.company_currency:
        return None
    rate = (ctx.rates or {}).get(code)
    if rate is None:
        return refused("amount", f"no exchange rate for {code}: add it under Currency rates")
    return rate


def converted(amount: Decimal, rate: Decimal | None) -> Decimal:
    """``amount`` in the company currency, to the cent."""
    return amount if rate is None else (amount * rate).quantize(parsers.CENT)


def amount_of(
    ctx: Context, text: str, currency: str, stage: str | None
) -> Decimal | Invalid | Warned:
    """The amount in the company currency; a blank amount counts as 0, and the admin is told."""
    parsed = parsed_amount(ctx, text)
    if isinstance(parsed, Invalid):
        return parsed
    if parsed is None:
        reason = f"blank amount counted as 0 (stage {stage or '?'})"
        return Warned(Decimal("0.00"), "amount", reason)
    amount, code = parsed
    rate = company_rate(ctx, currency, code)
    return rate if isinstance(rate, Invalid) else converted(amount, rate)


def date_of(
    ctx: Context, field: str, text: str, what: str = "", *, required: bool = False
) -> str | None | Invalid:
    """A date in the import's date format, as ISO text; blank is None (refused if ``required``)."""
    if not text:
        return refused(field, f"{what} is blank") if required else None
    try:
        return ctx.dates(text).isoformat()
    except ValueError as error:
        return refused(field, str(error))


def required_text(field: str, text: str, what: str) -> str | Invalid:
    """The text, refused when blank."""
    return text if text else refused(field, f"{what} is blank", text)


def within(field: str, value: str, limit: int) -> str | Invalid:
    """Issue 8: a value longer than its column is refused with its row, never cut short."""
    if len(value) > limit:
        return refused(field, f"longer than {limit} characters ({len(value)})", value)
    return value
