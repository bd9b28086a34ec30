"""Issue 8, promise 3: files over the size or row limit, zips, renamed workbooks, binary and
UTF-16 files, and values longer than their column, through the real import path."""

import io
import shutil
import zipfile
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from goals.models import Meeting, Opportunity
from imports.models import ImportRun, ImportStatus
from imports.services import ImportFileError, import_file
from tests.imports.conftest import FILES, database_state, opportunity

pytestmark = pytest.mark.django_db
HEADER = (
    "Opportunity Owner,Account Name,Opportunity Name,Type,Stage,Amount,Close Date,Opportunity ID"
)


def row(number: int, account: str = "Acme", name: str = "deal") -> str:
    deal = f"{name},New Business,Closed Won,1000,8/1/2023,0065b00000Lm{number:03d}"
    return f"Avery Stone,{account},{deal}"


def export(tmp_path, rows: list[str], name: str = "export.csv"):
    path = tmp_path / name
    path.write_text("\r\n".join([HEADER, *rows]) + "\r\n", encoding="utf-8")
    return path


def errors_of(run) -> list[tuple]:
    return [(e["file"], e["line"], e["column"], e["reason"]) for e in run.errors]


def test_a_file_over_the_size_limit_is_refused_before_it_is_opened(team, tmp_path, settings):
    settings.MAX_UPLOAD_BYTES = 1024 * 1024
    path = tmp_path / "huge.csv"
    path.write_bytes(b"x" * (1024 * 1024 + 1))
    with pytest.raises(ImportFileError, match=r"huge.csv.*1.0 MB, over the upload limit of 1.0 MB"):
        import_file("opportunities", path)
    assert not ImportRun.objects.exists()


def test_the_import_command_names_the_size_limit(team, tmp_path, settings):
    settings.MAX_UPLOAD_BYTES = 100
    path = export(tmp_path, [row(1), row(2)])
    with pytest.raises(CommandError, match="over the upload limit of 0.0 MB"):
        call_command("import_opportunities", str(path), "--date-format", "MDY")


def test_an_xlsx_renamed_to_csv_is_read_as_a_workbook(team, tmp_path):
    renamed = tmp_path / "report.csv"
    shutil.copy(FILES / "formatted_report.xlsx", renamed)
    as_csv = import_file("opportunities", renamed)
    assert as_csv.status == ImportStatus.DONE
    assert (as_csv.created, as_csv.rows_in_file) == (2, 2)
    assert opportunity("0065b00000Xl001").amount == Decimal("45000.50")


def test_a_zip_archive_is_refused_naming_the_file(team, tmp_path):
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("export.csv", "\r\n".join([HEADER, row(1)]))
    path = tmp_path / "export.csv"
    path.write_bytes(archive.getvalue())
    run = import_file("opportunities", path, date_format="MDY")
    assert run.status == ImportStatus.REJECTED
    assert errors_of(run) == [
        (
            "export.csv",
            1,
            "-",
            "this is a zip archive, not a CSV or .xlsx export: upload the file inside it",
        )
    ]
    assert not Opportunity.objects.exists()


def test_an_old_xls_workbook_is_refused_with_what_to_do(team, tmp_path):
    path = tmp_path / "report.csv"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(510))
    run = import_file("opportunities", path)
    assert run.status == ImportStatus.REJECTED
    assert "old Excel .xls workbook: save it as .xlsx or CSV" in run.errors[0]["reason"]
    assert run.errors[0]["file"] == "report.csv"


def test_a_binary_file_is_refused_naming_the_file(team, tmp_path):
    path = tmp_path / "photo.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    run = import_file("opportunities", path)
    assert run.status == ImportStatus.REJECTED
    assert errors_of(run) == [
        ("photo.csv", 1, "-", "this is a binary file, not a CSV or .xlsx export")
    ]


def test_a_utf16_file_without_a_byte_order_mark_is_read(team, tmp_path):
    path = tmp_path / "unicode.txt"
    text = "\r\n".join(
        [HEADER.replace(",", "\t"), row(1, account="Müller GmbH").replace(",", "\t")]
    )
    path.write_bytes(text.encode("utf-16-le"))
    run = import_file("opportunities", path, date_format="MDY")
    assert run.status == ImportStatus.DONE
    assert Opportunity.objects.get().account == "Müller GmbH"


def test_a_value_longer_than_its_column_is_refused_with_its_row(team, tmp_path):
    path = export(tmp_path, [row(1), row(2, account="A" * 256)])
    run = import_file("opportunities", path, date_format="MDY")
    assert run.status == ImportStatus.REJECTED
    assert errors_of(run) == [("export.csv", 3, "Account Name", "longer than 255 characters (256)")]
    assert not Opportunity.objects.exists()


def test_a_value_as_long_as_its_column_is_kept_whole(team, tmp_path):
    path = export(tmp_path, [row(1, account="A" * 255, name="N" * 255)])
    run = import_file("opportunities", path, date_format="MDY")
    assert run.status == ImportStatus.DONE
    stored = Opportunity.objects.get()
    assert (len(stored.account), len(stored.name)) == (255, 255)


def test_skip_invalid_imports_the_rows_whose_values_fit(team, tmp_path):
    path = export(tmp_path, [row(1), row(2, name="N" * 300), row(3)])
    run = import_file("opportunities", path, date_format="MDY", skip_invalid=True)
    assert (run.status, run.created, run.skipped, run.rows_in_file) == ("done", 2, 1, 3)
    assert errors_of(run) == [
        ("export.csv", 3, "Opportunity Name", "longer than 255 characters (300)")
    ]


def test_a_meeting_type_longer_than_its_column_is_refused(team, tmp_path):
    path = tmp_path / "meetings.csv"
    path.write_text(
        "Activity ID,Assigned,Date,Type,Status\r\n"
        f"00U5b00000Mt001,Sam Rivera,2023-08-02,{'T' * 81},Completed\r\n",
        encoding="utf-8",
    )
    run = import_file("meetings", path)
    assert run.status == ImportStatus.REJECTED
    assert errors_of(run) == [("meetings.csv", 2, "Type", "longer than 80 characters (81)")]
    assert not Meeting.objects.exists()


def test_a_file_over_the_row_limit_is_refused_at_the_first_row_too_many(team, tmp_path, settings):
    settings.MAX_IMPORT_ROWS = 3
    before = database_state()
    path = export(tmp_path, [row(n) for n in range(1, 5)])
    run = import_file("opportunities", path, date_format="MDY", skip_invalid=True)
    assert run.status == ImportStatus.REJECTED
    assert errors_of(run) == [
        ("export.csv", 5, "-", "more than 3 data rows (MAX_IMPORT_ROWS): split the file")
    ]
    assert database_state() == before


def test_a_file_at_the_row_limit_is_imported(team, tmp_path, settings):
    settings.MAX_IMPORT_ROWS = 3
    path = export(tmp_path, [row(n) for n in range(1, 4)])
    run = import_file("opportunities", path, date_format="MDY")
    assert (run.status, run.created) == (ImportStatus.DONE, 3)


def test_a_person_name_longer_than_its_column_is_refused_with_its_row(db, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(
        "Name,Email,Role\r\n"
        "Maria Lopez,maria@example.com,Manager\r\n"
        f"{'N' * 201},long@example.com,Account Executive\r\n",
        encoding="utf-8",
    )
    run = import_file("people", path)
    assert run.status == ImportStatus.REJECTED
    assert errors_of(run) == [("people.csv", 3, "Name", "longer than 200 characters (201)")]
