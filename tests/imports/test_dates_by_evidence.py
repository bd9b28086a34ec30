"""Issue 14, dates by evidence: with no declared format, slashed dates are read M/D/Y or D/M/Y
only when the file's own values prove it, across every date column; else an error saying so."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from goals.models import Opportunity
from imports import dates
from imports.models import ImportRun, ImportStatus
from imports.services import confirm, create_upload, execute
from tests.factories import UserFactory

from .conftest import database_state, load, opportunity

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
HEADER = "Opportunity ID,Opportunity Owner,Account Name,Stage,Amount,Close Date,Created Date"


def _export(tmp_path, rows, name="export.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def _row(number: int, close: str, created: str = "") -> str:
    return f"0065b00000Dv{number:03d},Avery Stone,Acme,Closed Won,10,{close},{created}"


def test_a_second_part_above_12_proves_month_first():
    reading = dates.weigh([(2, "Close Date", "3/4/2026"), (14, "Close Date", "02/23/2026")])
    assert reading.date_format == "MDY"
    assert reading.explanation() == (
        "M/D/Y: 02/23/2026 on line 14 (column Close Date), whose second part is above 12"
    )


def test_a_first_part_above_12_proves_day_first():
    assert dates.weigh([(5, "Created Date", "23/02/2026")]).date_format == "DMY"


def test_both_proofs_contradict_and_decide_nothing():
    reading = dates.weigh([(3, "Close Date", "02/23/2026"), (9, "Created Date", "23/02/2026")])
    assert (reading.date_format, reading.contradicts) == ("", True)
    assert "contradict" in reading.explanation()


def test_no_proof_decides_nothing():
    reading = dates.weigh([(2, "Close Date", "3/4/2026"), (3, "Close Date", "5/5/2026")])
    assert reading.date_format == ""
    assert "no date in the file has a day above 12" in reading.explanation()


def test_evidence_in_one_column_reads_every_date_column(team, tmp_path):
    path = _export(tmp_path, [_row(1, "3/4/2026", "1/2/2026"), _row(2, "5/6/2026", "1/20/2026")])
    run = load(path)
    assert run.status == ImportStatus.DONE, run.errors
    assert opportunity("0065b00000Dv001").close_date == date(2026, 3, 4)
    assert opportunity("0065b00000Dv002").created_date == date(2026, 1, 20)
    assert run.date_reading.startswith("M/D/Y: 1/20/2026 on line 3 (column Created Date)")


def test_day_first_evidence_reads_day_first(team, tmp_path):
    run = load(_export(tmp_path, [_row(1, "3/4/2026"), _row(2, "25/12/2025")]))
    assert run.status == ImportStatus.DONE, run.errors
    assert opportunity("0065b00000Dv001").close_date == date(2026, 4, 3)


def test_contradicting_columns_are_errors_that_say_so_and_change_nothing(team, tmp_path):
    before = database_state()
    run = load(
        _export(tmp_path, [_row(1, "2/23/2026", "3/3/2026"), _row(2, "3/3/2026", "23/2/2026")])
    )
    assert run.status == ImportStatus.REJECTED
    reasons = {(e["line"], e["column"]): e["reason"] for e in run.errors}
    assert set(reasons) == {(2, "Close Date"), (3, "Created Date")}
    assert all("contradict" in r and "choose the date format" in r for r in reasons.values())
    assert database_state() == before


def test_no_evidence_is_an_error_naming_a_value_that_reads_both_ways(team, tmp_path):
    run = load(_export(tmp_path, [_row(1, "3/4/2026")]))
    (error,) = run.errors
    assert (error["line"], error["column"], error["value"]) == (2, "Close Date", "3/4/2026")
    assert "no date in the file has a day above 12" in error["reason"]


def test_a_declared_format_wins(team, tmp_path):
    run = load(_export(tmp_path, [_row(1, "3/4/2026"), _row(2, "1/20/2026")]), date_format="DMY")
    assert run.status == ImportStatus.REJECTED  # 1/20/2026 has no month 20
    assert run.date_reading == "D/M/Y: chosen for this import"


def _service_upload(kind: str, path: Path) -> ImportRun:
    run = create_upload(kind=kind, name=path.name, data=path.read_bytes())
    return execute(run)


@pytest.mark.django_db
def test_the_demo_exports_uploaded_with_the_page_defaults_give_no_errors():
    roster = _service_upload("people", FIXTURES / "demo_people.csv")
    assert roster.error_count == 0, roster.errors
    assert execute(confirm(roster, skip_invalid=False)).status == ImportStatus.DONE
    for kind, name in (
        ("opportunities", "demo_opportunities.csv"),
        ("meetings", "demo_meetings.csv"),
    ):
        run = _service_upload(kind, FIXTURES / name)
        assert (run.status, run.error_count) == (ImportStatus.PREVIEWED, 0), run.errors[:3]
        assert run.date_reading.startswith("M/D/Y: ")
        assert run.skipped == 0 and run.created == run.rows_in_file


@pytest.mark.django_db
def test_the_date_format_is_changed_on_the_preview_without_uploading_again(
    client, team, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    data = _export(tmp_path, [_row(1, "3/4/2026")]).read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("imports"),
            {"kind": "opportunities", "date_format": "", "file": SimpleUploadedFile("e.csv", data)},
        )
    run = ImportRun.objects.get()
    assert run.error_count == 1
    page = client.get(reverse("import_detail", args=[run.pk])).content.decode()
    assert 'id="date-format-form"' in page and "no date in the file has a day above 12" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("import_redate", args=[run.pk]), {"date_format": "DMY"})
    run.refresh_from_db()
    assert (run.status, run.error_count, run.created) == (ImportStatus.PREVIEWED, 0, 1)
    assert ImportRun.objects.count() == 1 and Opportunity.objects.count() == 0
    assert (
        "D/M/Y: chosen for this import"
        in client.get(reverse("import_detail", args=[run.pk])).content.decode()
    )


@pytest.mark.django_db
def test_the_demo_exports_through_the_upload_page_with_its_defaults_give_no_errors(
    client, django_capture_on_commit_callbacks
):
    """The page itself (its form's defaults: Detect dates, no taken-at, not complete), each file
    previewed and confirmed there: zero errors, every row imported."""
    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    form = client.get(reverse("imports")).content.decode()
    assert '<option value="" selected>Detect' in form
    assert 'name="complete"' in form and 'name="complete" checked' not in form
    for kind, name in (
        ("people", "demo_people.csv"),
        ("opportunities", "demo_opportunities.csv"),
        ("meetings", "demo_meetings.csv"),
    ):
        data = (FIXTURES / name).read_bytes()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("imports"),
                {
                    "kind": kind,
                    "date_format": "",
                    "taken_at": "",
                    "file": SimpleUploadedFile(name, data),
                },
            )
        run = ImportRun.objects.first()
        assert (run.file_name, run.status, run.error_count) == (
            name,
            ImportStatus.PREVIEWED,
            0,
        ), run.errors[:3]
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("import_confirm", args=[run.pk]))
        run.refresh_from_db()
        assert (run.status, run.error_count, run.skipped) == (ImportStatus.DONE, 0, 0)
        assert run.created == run.rows_in_file
