"""Issue 19: an upload is bounded in every dimension before any expensive work.

A 122 KB .xlsx whose header row holds 1,000,000 cells took a worker to 3.45 GB: openpyxl builds
a whole row before it yields it, and loads every shared string. So a workbook is measured from
its zip directory and a streamed byte scan (member sizes, shared strings, cells per row and per
sheet) before openpyxl opens it; and every row of every upload (CSV, .xlsx, target accounts)
is checked for its number of columns, the length of each cell and NUL bytes, naming the row.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from typing import BinaryIO

from django.conf import settings

CHUNK = 1 << 20
SHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$")
CELL_TOKENS = (b"<c ", b"<c>", b"<c/>")
STRING_TOKENS = (b"<si>", b"<si ")


class UploadLimitError(Exception):
    """An upload is over one of the limits; ``line`` and ``column`` say where."""

    def __init__(self, reason: str, line: int | str = "-", column: str = "-") -> None:
        self.reason, self.line, self.column = reason, line, column
        super().__init__(reason)


def check_cells(line: int, cells: list[str]) -> None:
    """Refuse a row with too many columns, a cell too long or a NUL byte, naming the row."""
    # Every row of a million-row import passes here: decide a good row in C (len, max, join)
    # and look cell by cell only at a row that breaks a limit.
    if (
        len(cells) <= settings.MAX_IMPORT_COLUMNS
        and max(map(len, cells), default=0) <= settings.MAX_CELL_CHARS
        and "\x00" not in "".join(cells)
    ):
        return
    if len(cells) > settings.MAX_IMPORT_COLUMNS:
        raise UploadLimitError(
            f"{len(cells):,} columns in this row, more than {settings.MAX_IMPORT_COLUMNS:,} "
            "(MAX_IMPORT_COLUMNS): export only the report's columns",
            line,
        )
    for index, cell in enumerate(cells, start=1):
        if len(cell) > settings.MAX_CELL_CHARS:
            raise UploadLimitError(
                f"a cell of {len(cell):,} characters, more than {settings.MAX_CELL_CHARS:,} "
                "(MAX_CELL_CHARS): fix this row in the export",
                line,
                f"#{index}",
            )
        if "\x00" in cell:
            raise UploadLimitError(
                "a NUL byte (\\x00) in a cell: the export is damaged; export it again",
                line,
                f"#{index}",
            )


def cells_checker() -> Callable[[int, list[str]], None]:
    """``check_cells`` with the limits read once: a million-row file would otherwise read three
    settings per row through Django's lazy settings (a tenth of the reading time)."""
    max_columns, max_chars = settings.MAX_IMPORT_COLUMNS, settings.MAX_CELL_CHARS

    def check(line: int, cells: list[str]) -> None:
        joined = "".join(cells)
        # A row no longer than the cell limit has no cell over it: no look at each cell.
        if (
            len(cells) > max_columns
            or (len(joined) > max_chars and max(map(len, cells)) > max_chars)
            or "\x00" in joined
        ):
            check_cells(line, cells)

    return check


def _segments(stream: BinaryIO, boundary: bytes) -> Iterator[tuple[bytes, bool]]:
    """The decompressed bytes of ``stream`` cut at each ``boundary``, in pieces of at most a
    chunk; each piece says whether a boundary follows it. Never holds more than two chunks."""
    carry = b""
    while chunk := stream.read(CHUNK):
        data = carry + chunk
        # Keep back a possibly cut token ("<ro", "<c"): every token starts with "<".
        cut = data.rfind(b"<")
        if cut == -1 or len(data) - cut > 8:
            cut = len(data)
        data, carry = data[:cut], data[cut:]
        parts = data.split(boundary)
        for part in parts[:-1]:
            yield part, True
        yield parts[-1], False
    yield carry, False


def _count(data: bytes, tokens: tuple[bytes, ...]) -> int:
    return sum(data.count(token) for token in tokens)


def _check_sheet(stream: BinaryIO) -> int:
    """Cells per row and in the sheet, counted from the XML's bytes; returns the cells."""
    total = in_row = 0
    row = 1
    for piece, row_ends in _segments(stream, b"<row"):
        cells = _count(piece, CELL_TOKENS)
        in_row += cells
        total += cells
        if in_row > settings.MAX_IMPORT_COLUMNS:
            raise UploadLimitError(
                f"more than {settings.MAX_IMPORT_COLUMNS:,} cells in one row "
                "(MAX_IMPORT_COLUMNS): export only the report's columns",
                max(row - 1, 1),
            )
        if total > settings.MAX_SHEET_CELLS:
            raise UploadLimitError(
                f"more than {settings.MAX_SHEET_CELLS:,} cells in the sheet (MAX_SHEET_CELLS): "
                "split the file",
                max(row - 1, 1),
            )
        if row_ends:
            row, in_row = row + 1, 0
    return total


def _check_shared_strings(stream: BinaryIO) -> int:
    strings = 0
    for piece, _ in _segments(stream, b"\x00"):
        strings += _count(piece, STRING_TOKENS)
        if strings > settings.MAX_XLSX_SHARED_STRINGS:
            raise UploadLimitError(
                f"more than {settings.MAX_XLSX_SHARED_STRINGS:,} distinct texts "
                "(MAX_XLSX_SHARED_STRINGS): save the workbook as CSV and upload that"
            )
    return strings


def check_workbook(handle: BinaryIO) -> None:
    """Measure an .xlsx before openpyxl opens it: the decompressed size of its members (from
    the zip directory, then enforced while reading), its shared strings and its cells."""
    try:
        with zipfile.ZipFile(handle) as archive:
            members = archive.infolist()
            inflated = sum(member.file_size for member in members)
            if inflated > settings.MAX_XLSX_INFLATED_BYTES:
                raise UploadLimitError(
                    f"the workbook inflates to {inflated:,} bytes, more than "
                    f"{settings.MAX_XLSX_INFLATED_BYTES:,} (MAX_XLSX_INFLATED_BYTES): "
                    "save it as CSV and upload that"
                )
            for member in members:
                if member.filename == "xl/sharedStrings.xml":
                    with archive.open(member) as stream:
                        _check_shared_strings(stream)
                elif SHEET.match(member.filename):
                    with archive.open(member) as stream:
                        _check_sheet(stream)
    finally:
        handle.seek(0)


def check_text_rows(text: str) -> None:
    """The same limits on a small CSV read whole (the target-account list): rows, columns,
    cell lengths and NUL bytes, naming the row."""
    import csv
    import io

    reader = csv.reader(io.StringIO(text))
    line = 1
    try:
        for count, cells in enumerate(reader):
            if count > settings.MAX_IMPORT_ROWS:
                raise UploadLimitError(
                    f"more than {settings.MAX_IMPORT_ROWS:,} rows (MAX_IMPORT_ROWS): split it",
                    line,
                )
            check_cells(line, cells)
            line = reader.line_num + 1
    except csv.Error as error:
        raise UploadLimitError(f"unreadable CSV ({error})", line) from error
