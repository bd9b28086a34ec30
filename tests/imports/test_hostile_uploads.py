"""Issue 19: hostile uploads are refused before the expensive work, naming the row: a header
row of 1,000,000 cells in a 122 KB workbook, a workbook that inflates past the limit, too many
shared strings, a cell too long, a NUL byte after the first megabyte, too many columns; and
the same limits on the target-account upload. Peak memory is measured with tracemalloc."""

from __future__ import annotations

import tracemalloc
import zipfile
from io import BytesIO

import pytest
from openpyxl import Workbook

from imports.models import ImportStatus
from imports.services import import_file
from okrs.models import TargetAccount
from tests.factories import UserFactory

from .conftest import database_state

pytestmark = pytest.mark.django_db
HEADER = (
    "Opportunity Owner,Account Name,Opportunity Name,Type,Stage,Amount,Close Date,Opportunity ID"
)
ROW = "Avery Stone,Acme,deal,New Business,Closed Won,1000,8/1/2023,0065b00000Lm{:03d}"
CELL = b'<c t="inlineStr"><is><t>x</t></is></c>'
SHEET = (
    b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
    b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s'
    b"</sheetData></worksheet>"
)


def workbook(path, sheet_xml: bytes, shared_strings: bytes | None = None):
    """A real .xlsx (written by openpyxl) whose first sheet's XML is replaced."""
    book = Workbook()
    book.active["A1"] = "placeholder"
    buffer = BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for member in source.infolist():
            if member.filename == "xl/worksheets/sheet1.xml":
                out.writestr(member, sheet_xml)
            elif member.filename == "xl/sharedStrings.xml" and shared_strings is not None:
                out.writestr(member, shared_strings)
            else:
                out.writestr(member, source.read(member))
        if shared_strings is not None and "xl/sharedStrings.xml" not in source.namelist():
            out.writestr("xl/sharedStrings.xml", shared_strings)
    return path


def refused(path) -> tuple[object, int]:
    """Import ``path``; the run and the peak of Python memory it took, in bytes."""
    before = database_state()
    tracemalloc.start()
    run = import_file("opportunities", path, date_format="MDY")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert run.status == ImportStatus.REJECTED, run.message
    assert database_state() == before
    return run, peak


def first_error(run) -> tuple:
    error = run.errors[0]
    return error["line"], error["column"], error["reason"]


def test_a_header_row_of_a_million_cells_is_refused_in_little_memory(team, tmp_path, capsys):
    path = workbook(tmp_path / "wide.xlsx", SHEET % (b'<row r="1">' + CELL * 1_000_000 + b"</row>"))
    assert path.stat().st_size < 200_000
    run, peak = refused(path)
    line, _, reason = first_error(run)
    assert line == 1 and "MAX_IMPORT_COLUMNS" in reason
    with capsys.disabled():
        print(f"\n1,000,000-cell header ({path.stat().st_size:,} B): peak {peak / 2**20:.1f} MiB")
    assert peak < 50 * 2**20


def test_a_workbook_inflating_past_the_limit_is_refused_from_its_directory(
    team, tmp_path, settings
):
    settings.MAX_XLSX_INFLATED_BYTES = 5_000_000
    path = workbook(tmp_path / "bomb.xlsx", SHEET % (b" " * 20_000_000))
    run, peak = refused(path)
    assert "MAX_XLSX_INFLATED_BYTES" in first_error(run)[2]
    assert peak < 5 * 2**20  # nothing was inflated


def test_too_many_shared_strings_are_refused_before_openpyxl_loads_them(team, tmp_path, settings):
    settings.MAX_XLSX_SHARED_STRINGS = 1_000
    strings = b"".join(b"<si><t>s%d</t></si>" % i for i in range(5_000))
    sst = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst '
        b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">%s</sst>' % strings
    )
    path = workbook(tmp_path / "strings.xlsx", SHEET % b'<row r="1"></row>', sst)
    run, _ = refused(path)
    assert "MAX_XLSX_SHARED_STRINGS" in first_error(run)[2]


def test_a_sheet_with_too_many_cells_is_refused(team, tmp_path, settings):
    settings.MAX_SHEET_CELLS = 10_000
    rows = b"".join(b'<row r="%d">' % n + CELL * 10 + b"</row>" for n in range(1, 2_001))
    run, _ = refused(workbook(tmp_path / "tall.xlsx", SHEET % rows))
    assert "MAX_SHEET_CELLS" in first_error(run)[2]


def csv_file(tmp_path, rows: list[str], name="export.csv"):
    path = tmp_path / name
    path.write_bytes(("\r\n".join([HEADER, *rows]) + "\r\n").encode())
    return path


def test_a_cell_too_long_is_refused_naming_its_row(team, tmp_path):
    long_cell = "x" * 40_000  # over MAX_CELL_CHARS (32,767), under csv's own field limit
    rows = [ROW.format(1), ROW.format(2).replace("Acme", long_cell)]
    run, _ = refused(csv_file(tmp_path, rows))
    assert first_error(run)[:2] == (3, "#2")
    assert "MAX_CELL_CHARS" in first_error(run)[2]


def test_a_twenty_megabyte_cell_is_refused_naming_its_row(team, tmp_path):
    rows = [ROW.format(1), ROW.format(2), ROW.format(3).replace("Acme", "y" * 20_000_000)]
    run, _ = refused(csv_file(tmp_path, rows))
    line, _, reason = first_error(run)
    assert line == 4 and "cell longer than" in reason


def test_a_nul_byte_after_the_first_megabyte_is_refused_naming_its_row(team, tmp_path):
    rows = [ROW.format(n % 1000).replace("deal", f"deal {n}") for n in range(20_000)]
    rows[19_000] = rows[19_000].replace("Acme", "Ac\x00me")
    path = csv_file(tmp_path, rows)
    assert path.read_bytes().index(b"\x00") > 2**20
    run, _ = refused(path)
    assert first_error(run)[:2] == (19_002, "#2") and "NUL" in first_error(run)[2]


def test_a_row_with_too_many_columns_is_refused_naming_it(team, tmp_path):
    rows = [ROW.format(1), ROW.format(2) + "," * 1_000]
    run, _ = refused(csv_file(tmp_path, rows))
    assert first_error(run)[0] == 3 and "MAX_IMPORT_COLUMNS" in first_error(run)[2]


def test_the_target_account_upload_has_the_same_row_limits(client, tmp_path):
    TargetAccount.objects.create(name="Kept", key="kept")
    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    files = {
        "wide.csv": ("Account Name,Employees\r\nAcme,10" + ",x" * 1_000 + "\r\n", "line 2:"),
        "nul.csv": ("Account Name,Employees\r\nAc\x00me,10\r\n", "NUL"),
    }
    for name, (text, expected) in files.items():
        path = tmp_path / name
        path.write_text(text)
        with path.open("rb") as handle:
            response = client.post("/okrs/target-accounts/", {"file": handle}, follow=True)
        assert expected in response.content.decode(), name
    assert list(TargetAccount.objects.values_list("name", flat=True)) == ["Kept"]


def test_the_target_account_upload_over_the_size_limit_is_refused(client, settings, tmp_path):
    settings.MAX_UPLOAD_BYTES = 1_000
    TargetAccount.objects.create(name="Kept", key="kept")
    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    path = tmp_path / "accounts.csv"
    path.write_text("Account Name,Employees\r\n" + "".join(f"A{n},10\r\n" for n in range(500)))
    with path.open("rb") as handle:
        response = client.post("/okrs/target-accounts/", {"file": handle}, follow=True)
    assert "over the upload limit" in response.content.decode()
    assert list(TargetAccount.objects.values_list("name", flat=True)) == ["Kept"]
