"""Validating opportunity rows a chunk at a time, column by column: the fast path.

Each distinct owner, stage, type, date and SDR is decided once per import by the field rules
of ``checks`` (the row path's own); ids and amounts in the spellings exports write are read a
whole column at a time. Any row holding a value a rule refuses or warns about goes through
``records.opportunity``, which applies the same rules to the row for its messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import compress, islice
from operator import itemgetter

import numpy as np

from goals.models import Opportunity

from . import checks, parsers, records
from .records import Context, RowError

# Small chunks, so the collector rarely runs: a chunk's rows die before the young generation
# fills (its default threshold of 700 objects). At 1,000 rows and more its passes (most of
# them over the older generations) cost about a third of the time; at 100-500 rows almost none.
CHUNK_ROWS = 250
# Distinct keys remembered per column: a file of unique spellings cannot grow memory unbounded.
MAX_REMEMBERED = 100_000


class _Undecided:
    """A value the fast path leaves to the row path."""

    __slots__ = ()


UNDECIDED = _Undecided()
_NO_PAIR = (UNDECIDED, UNDECIDED)


@dataclass
class Checked:
    """A chunk of rows checked: the staging records of its valid rows (file order) and the
    errors of each invalid row (file order)."""

    rows: int
    records: list[tuple]
    errors: list[list[RowError]]
    row_path: int = 0  # rows the fast path left to the row path


def chunks(rows: Iterable, size: int = CHUNK_ROWS) -> Iterator[list]:
    rows = iter(rows)
    while chunk := list(islice(rows, size)):
        yield chunk


def row_by_row(to_record: Callable, ctx: Context, rows: Iterable) -> Iterator[Checked]:
    """``to_record`` (``records.opportunity``, ``records.meeting``) on each row, in chunks."""
    for chunk in chunks(rows):
        valid, invalid = [], []
        for line, cells in chunk:
            record, errors = to_record(ctx, line, cells)
            if errors:
                invalid.append(errors)
            elif record is not None:  # None: left out by a filter (counted by the context)
                valid.append(record)
        yield Checked(len(chunk), valid, invalid)


def opportunities(ctx: Context, rows: Iterable, chunk_rows: int = CHUNK_ROWS) -> Iterator[Checked]:
    """Opportunity rows checked column by column; the same records, errors and warnings as
    ``row_by_row(records.opportunity, …)``."""
    columns = OpportunityColumns(ctx)
    for chunk in chunks(rows, chunk_rows):
        yield columns.check(chunk)


def _limit(field: str) -> int:
    return Opportunity._meta.get_field(records.COLUMN_OF.get(field, field)).max_length


class OpportunityColumns:
    """The fast path's per-import memory: each distinct key's decided value, per column."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.remembered: dict[str, dict] = {
            name: {} for name in ("owner", "stage", "type", "date", "sourced_by")
        }
        self.limits = {field: _limit(field) for field in ("name", "owner", "account", "sourced_by")}

    def check(self, chunk: list[tuple[int, list[str]]]) -> Checked:
        ctx, count = self.ctx, len(chunk)
        lines, rows = zip(*chunk, strict=True)
        table = list(zip(*rows, strict=False))  # the columns (rows are padded to the header)

        def column(field: str) -> Sequence[str] | None:
            index = ctx.columns.get(field)
            return None if index is None else table[index]

        def texts(field: str) -> Sequence[str]:
            found = column(field)
            return ("",) * count if found is None else found

        bad: set[int] = set()
        ids = salesforce_ids(texts("external_id"))
        if ids is None:
            ids = [_one_id(text) for text in texts("external_id")]
        _mark(ids, bad)
        names = self._text(texts("name"), self.limits["name"], bad, required=False)
        owner_columns = [column(field) for field in ("owner_id", "owner_email", "owner")]
        owners = self._combined("owner", owner_columns, self._owner, bad, _NO_PAIR)
        if "account_id" in ctx.columns:
            accounts = self._accounts(texts("account"), texts("account_id"), bad)
        else:
            accounts = self._text(texts("account"), self.limits["account"], bad, required=True)
        types = self._lookup("type", texts("type"), parsers.type_of, bad)
        stage_columns = [column(field) for field in ("stage", "is_won", "is_closed")]
        stages = self._combined("stage", stage_columns, self._stage, bad)
        amounts = self._amounts(texts("amount"), texts("currency"), bad)
        # A blank close date is an error: its row goes to the row path.
        closes = self._lookup("date", texts("close_date"), self._date, bad, required=True)
        created = self._lookup("date", texts("created_date"), self._date, bad)
        sao = self._lookup("date", texts("sao_date"), self._date, bad)
        sdrs = self._lookup("sourced_by", texts("sourced_by"), self._sourced_by, bad, _NO_PAIR)
        candidates = list(
            zip(
                ids,
                names,
                map(itemgetter(0), owners),
                map(itemgetter(1), owners),
                accounts,
                types,
                stages,
                amounts,
                closes,
                created,
                sao,
                map(itemgetter(0), sdrs),
                map(itemgetter(1), sdrs),
                lines,
                strict=True,
            )
        )
        return self._row_path(candidates, bad, lines, rows)

    def _row_path(self, candidates: list, bad: set[int], lines, rows) -> Checked:
        """The chunk's records, with each row in ``bad`` checked by the row path instead."""
        keep = [True] * len(candidates)
        errors = []
        for i in sorted(bad):
            record, row_errors = records.opportunity(self.ctx, lines[i], rows[i])
            if row_errors:
                keep[i] = False
                errors.append(row_errors)
            else:
                candidates[i] = record
        return Checked(len(candidates), list(compress(candidates, keep)), errors, len(bad))

    def _lookup(self, name, keys, decide, bad, undecided=UNDECIDED, *, required=False) -> list:
        """``decide(key)`` of each key, computed once per distinct key; the rows whose value is
        ``undecided`` (or None, when ``required``) are added to ``bad``."""
        known = self.remembered[name]
        try:  # after the first chunks every key is known: one pass over the column
            values = list(map(known.__getitem__, keys))
        except KeyError:
            new = set(keys).difference(known)
            if len(known) + len(new) > MAX_REMEMBERED:
                known.clear()
                new = set(keys)
            for key in new:
                known[key] = decide(key)
            values = list(map(known.__getitem__, keys))
        if undecided in values or (required and None in values):
            bad.update(
                i
                for i, value in enumerate(values)
                if value is undecided or (required and value is None)
            )
        return values

    def _combined(self, name, parts, decide, bad, undecided=UNDECIDED) -> list:
        """``decide(*texts)`` of each row's texts in the columns ``parts`` (None for a column
        the file lacks: blank), once per distinct combination."""
        given = [i for i, part in enumerate(parts) if part is not None]
        if len(given) == 1:  # the usual export: the key is the one column's text
            (only,) = given

            def decide_one(text: str):
                return decide(*(text if i == only else "" for i in range(len(parts))))

            return self._lookup(name, parts[only], decide_one, bad, undecided)
        blank = ("",) * len(parts[given[0]])
        keys = list(zip(*(blank if part is None else part for part in parts), strict=True))
        return self._lookup(name, keys, lambda key: decide(*key), bad, undecided)

    @staticmethod
    def _text(values, limit: int, bad: set[int], *, required: bool) -> list[str]:
        texts = [value.strip() for value in values]
        if max(map(len, texts)) > limit:
            bad.update(i for i, text in enumerate(texts) if len(text) > limit)
        if required and not all(texts):
            bad.update(i for i, text in enumerate(texts) if not text)
        return texts

    def _owner(self, owner_id: str, email: str, owner: str):
        found = checks.owner_of(self.ctx, owner_id.strip(), email.strip(), owner.strip())
        return _person(found, self.limits["owner"])

    def _accounts(self, names, account_ids, bad: set[int]) -> list:
        decided = {}
        keys = list(zip(names, account_ids, strict=True))
        for key in set(keys):
            decided[key] = self._account(*key)
        accounts = [decided[key] for key in keys]
        _mark(accounts, bad)
        return accounts

    def _account(self, name: str, account_id: str):
        account = _decided(checks.account_of(self.ctx, name.strip(), account_id.strip()))
        if account is UNDECIDED:
            return UNDECIDED
        return _decided(checks.within("account", account, self.limits["account"]), account)

    def _stage(self, stage: str, won: str, closed: str):
        return _decided(checks.stage_of(self.ctx, stage.strip(), won.strip(), closed.strip()))

    def _date(self, text: str):
        # A blank is None here; ``_lookup(required=True)`` leaves a blank close date undecided.
        return _decided(checks.date_of(self.ctx, "close_date", text.strip()))

    def _sourced_by(self, text: str):
        found = checks.person_of(self.ctx, (("sourced_by", text.strip()),), required=False)
        return _person(found, self.limits["sourced_by"])

    def _amounts(self, values, currencies, bad: set[int]) -> list:
        """Each amount as its staging text, in the company currency."""
        found = None if self.ctx.decimal_comma else report_cents(values)
        if found is None:
            parsed = [self._one_amount(value) for value in values]
            cents = [UNDECIDED if amount is UNDECIDED else amount[0] for amount in parsed]
            codes = [UNDECIDED if amount is UNDECIDED else amount[1] for amount in parsed]
            _mark(cents, bad)
        else:
            cents, code = found
            if code is None:
                codes = ["USD" if value[:1] == "$" else "" for value in values]
            else:
                codes = code
        in_company = self._currencies(codes, currencies)
        if in_company is True:
            return cents
        converted = list(cents)
        for i, code in enumerate(in_company):
            if code is True or i in bad:
                continue
            converted[i] = self._converted(values[i], code)
        _mark(converted, bad)
        return converted

    def _converted(self, text: str, code: str):
        """checks.company_amount of the amount as written (the row path's conversion)."""
        parsed = _decided(checks.parsed_amount(self.ctx, text, as_written=True))
        if parsed is None or parsed is UNDECIDED:
            return UNDECIDED
        amount = checks.company_amount(self.ctx, parsed[0], code)
        return UNDECIDED if isinstance(amount, checks.Invalid) else str(amount)

    def _one_amount(self, text: str):
        parsed = _decided(checks.parsed_amount(self.ctx, text))
        # A blank amount is warned about: its row goes to the row path.
        return UNDECIDED if parsed is None or parsed is UNDECIDED else (str(parsed[0]), parsed[1])

    def _currencies(self, codes: str | list, currencies: Sequence[str]):
        """True when every row is in the company currency; else, per row, True or the code of
        its currency (records._amount: the Currency column's, else the amount's own). ``codes``:
        each amount's own code, or the one code of them all."""
        company = self.ctx.company_currency

        def in_company(currency: str, code) -> bool | str:
            if code is UNDECIDED:  # the row path decides this row
                return True
            code = checks.currency_code(self.ctx, currency.strip(), code)
            return True if code == company else code

        if isinstance(codes, str):
            decided = {currency: in_company(currency, codes) for currency in set(currencies)}
            if all(value is True for value in decided.values()):
                return True
            return list(map(decided.__getitem__, currencies))
        keys = list(zip(currencies, codes, strict=True))
        decided = {key: in_company(*key) for key in set(keys)}
        found = list(map(decided.__getitem__, keys))
        return True if all(value is True for value in found) else found


def _decided(result, value=None):
    """A field rule's value, UNDECIDED when it refuses or warns (the row path says why)."""
    if isinstance(result, (checks.Invalid, checks.Warned)):
        return UNDECIDED
    return result if value is None else value


def _person(found, limit: int):
    """A found ``(person id, name)``; undecided when refused or the name is too long."""
    if isinstance(found, checks.Invalid) or len(found[1]) > limit:
        return _NO_PAIR
    return found


def _mark(values: list, bad: set[int]) -> None:
    if UNDECIDED in values:
        bad.update(i for i, value in enumerate(values) if value is UNDECIDED)


def _one_id(text: str):
    return _decided(checks.external_id_of(text.strip(), "Opportunity ID"))


_SUFFIX = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ012345", dtype=np.uint8)
_BITS = np.array([1, 2, 4, 8, 16])


def salesforce_ids(values: Sequence[str]) -> list | None:
    """``parsers.parse_id`` of a whole column whose ids are all ASCII and of one length (15 or
    18), as exports write them; an empty lookup is UNDECIDED. None for any other column."""
    joined = "".join(values)
    widths = set(map(len, values))
    if not (widths in ({15}, {18}) and joined.isascii() and joined.isalnum()):
        return None
    (width,) = widths
    codes = np.frombuffer(joined.encode("ascii"), dtype=np.uint8).reshape(-1, width)
    if width == 15:
        # salesforce.to_18_char_id: each 5 characters' capitals, as bits, pick a suffix letter.
        capitals = (codes >= ord("A")) & (codes <= ord("Z"))
        suffix = _SUFFIX[capitals.reshape(-1, 3, 5).astype(np.int64) @ _BITS]
    else:
        suffix = codes[:, 15:]
        lower = (suffix >= ord("a")) & (suffix <= ord("z"))
        if not lower.any():  # the usual 18-character column: already in its 18-character form
            return _without_empty_ids(list(values), joined, width)
        suffix = np.where(lower, suffix - 32, suffix)
    text = np.hstack([codes[:, :15], suffix.astype(np.uint8)]).tobytes().decode("ascii")
    return _without_empty_ids([text[at : at + 18] for at in range(0, len(text), 18)], joined, width)


def _without_empty_ids(ids: list, joined: str, width: int) -> list:
    """``ids`` with each empty lookup (``parsers.EMPTY_IDS``) UNDECIDED: the row path calls
    it blank."""
    (empty,) = (empty for empty in parsers.EMPTY_IDS if len(empty) == width)
    start = joined.find(empty)
    while start != -1:
        if start % width == 0:
            ids[start // width] = UNDECIDED
        start = joined.find(empty, start + 1)
    return ids


# How a report writes money, to the cent: $12,345.67, 12,345.67, 12345.67 (up to 12 digits).
# [0-9], not \d: \d would take other scripts' digits, which Decimal reads as 0-9.
_CENTS = r"\$?(?:[1-9][0-9]{0,2}(?:,[0-9]{3}){1,3}|[1-9][0-9]{0,11}|0)\.[0-9][0-9]"
# Atomic and possessive: a column that fails is refused without backtracking (linear time).
_CENTS_COLUMN = re.compile(rf"(?>{_CENTS}\n)*+(?>{_CENTS})")


def report_cents(values: Sequence[str]) -> tuple[list[str], str | None] | None:
    """``parsers.parse_amount`` of a whole column written to the cent in a report's spelling
    (one regular expression over the column): each amount's text and the one currency code of
    them all ("USD" when each has a "$", "" when none has, None when some have). Else None."""
    joined = "\n".join(values)
    if not _CENTS_COLUMN.fullmatch(joined):
        return None
    cents = joined.replace("$", "").replace(",", "").split("\n")
    if len(cents) != len(values):  # a value with a line break in it
        return None
    dollars = joined.count("$")
    return cents, "USD" if dollars == len(values) else "" if dollars == 0 else None
