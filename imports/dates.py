"""Dates by evidence (issue 14): with no declared format, a file's slashed dates are read M/D/Y
or D/M/Y only when its own values prove it: a first part above 12 proves D/M/Y, a second part
above 12 proves M/D/Y, and every date column of the file must agree."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import BinaryIO

from . import fields, parsers
from .reading import read_table

# The date fields of each import kind: the evidence is looked for across all of them.
DATE_FIELDS = {
    "opportunities": ("close_date", "created_date", "sao_date"),
    "meetings": ("date",),
    "people": ("start_date",),
}
NAMES = {"MDY": "M/D/Y", "DMY": "D/M/Y"}


@dataclass(frozen=True)
class Proof:
    """A date that reads only one way, and where it is."""

    value: str
    line: int
    column: str

    def __str__(self) -> str:
        return f"{self.value} on line {self.line} (column {self.column})"


@dataclass(frozen=True)
class DateReading:
    """How the file's slashed dates are read, and why."""

    date_format: str = ""  # "MDY", "DMY", or "" when undecided
    declared: bool = False
    mdy: Proof | None = None
    dmy: Proof | None = None
    two_way: Proof | None = None  # the first date that reads both ways

    @property
    def contradicts(self) -> bool:
        return self.mdy is not None and self.dmy is not None

    def explanation(self) -> str:
        """What the preview says: "M/D/Y: 02/23/2026 on line 14 (column Close Date)"."""
        if self.declared:
            return f"{NAMES[self.date_format]}: chosen for this import"
        if self.contradicts:
            return (
                f"undecided: the dates contradict each other (M/D/Y: {self.mdy}; D/M/Y: "
                f"{self.dmy}): choose the date format on this preview"
            )
        if self.date_format == "MDY":
            return f"M/D/Y: {self.mdy}, whose second part is above 12"
        if self.date_format == "DMY":
            return f"D/M/Y: {self.dmy}, whose first part is above 12"
        if self.two_way:
            return (
                f"undecided: no date in the file has a day above 12, so {self.two_way} reads "
                "both as M/D/Y and as D/M/Y: choose the date format on this preview"
            )
        return ""  # no slashed dates: ISO, dotted or none

    def parser(self) -> parsers.DateParser:
        """The file's date parser: the format decided, or one refusing every slashed date that
        could be read two ways, with the reason."""
        refusal = ""
        if not self.date_format and self.two_way:
            refusal = "ambiguous date: " + self.explanation()
        return parsers.DateParser(self.date_format, refusal=refusal)


def weigh(values: Iterable[tuple[int, str, str]]) -> DateReading:
    """The reading that ``(line, column, text)`` dates prove (the first proof of each kind)."""
    mdy = dmy = two_way = None
    for line, column, text in values:
        match = parsers.SLASHED.match(text.strip().split(" ")[0])
        if not match:
            continue
        first, second = int(match[1]), int(match[2])
        if first > 12 and dmy is None:
            dmy = Proof(text.strip(), line, column)
        elif second > 12 and mdy is None:
            mdy = Proof(text.strip(), line, column)
        elif first != second and first <= 12 and second <= 12 and two_way is None:
            two_way = Proof(text.strip(), line, column)
    if mdy and dmy:
        return DateReading("", mdy=mdy, dmy=dmy, two_way=two_way or mdy)
    if mdy or dmy:
        return DateReading("MDY" if mdy else "DMY", mdy=mdy, dmy=dmy, two_way=two_way)
    return DateReading("", two_way=two_way)


def decide(
    kind: str,
    handle: BinaryIO,
    file: str,
    date_format: str,
    overrides: dict[str, str] | None = None,
) -> DateReading:
    """The declared format, or what the file's own date columns prove (one read of the file;
    ``handle`` is left at its start)."""
    if date_format:
        return DateReading(date_format, declared=True)
    try:
        table = read_table(handle, file, fields.header_finder(kind, overrides))
        match = fields.match_columns(kind, table.header, overrides)
        wanted = [
            (match.columns[name], table.header[match.columns[name]])
            for name in DATE_FIELDS[kind]
            if name in match.columns
        ]
        values = (
            (line, column, cells[index])
            for line, cells in table.rows
            for index, column in wanted
            if "/" in cells[index]
        )
        return weigh(values)
    finally:
        handle.seek(0)
