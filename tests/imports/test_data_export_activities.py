"""Issue 14 item 1: a Data Export zip's Event.csv / Task.csv become meetings and its
OpportunityHistory.csv past states of the deal history, in the same preview and the same
all-or-nothing commit as its opportunities (public_exports/README.md: konsul_force_org's
Opportunity, Account and OpportunityHistory files and winkel_data_changelog's Event.csv,
unedited; its Task.csv written here in that export's layout). Expected figures by hand."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from goals.history_models import OpportunityState, StateSource
from goals.models import Meeting, Opportunity
from imports import preferences
from imports.models import ImportRun, ImportStatus
from imports.run_extras import WRITTEN
from tests.factories import PersonFactory, UserFactory

PUBLIC = Path(__file__).parent / "public_exports"
KONSUL, WINKEL = PUBLIC / "konsul_force_org", PUBLIC / "winkel_data_changelog"
pytestmark = pytest.mark.django_db
MANOLO, P_SDR, Z_SDR = "0058a00000MNWtKAAX", "0058a00000MNWtPAAX", "0058a00000MNWtZAAX"


@pytest.fixture
def roster(today):
    today(date(2023, 4, 20))
    PersonFactory(name="Pat Owner", email="pat@example.com", salesforce_id="00546000001l1cJAAQ")
    PersonFactory(
        name="Manolo", email="manolo@example.com", role="sdr", sdr_segment="outbound",
        salesforce_id=MANOLO,
    )  # fmt: skip
    PersonFactory(
        name="Paola", email="paola@example.com", role="sdr", sdr_segment="inbound",
        salesforce_id=P_SDR,
    )  # fmt: skip
    PersonFactory(
        name="Zoe", email="zoe@example.com", role="sdr", sdr_segment="vc_bod",
        salesforce_id=Z_SDR,
    )  # fmt: skip


def _zip(tmp_path, event: bytes | None = None) -> str:
    path = tmp_path / "WE_00D46000001_1.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for folder, name in (
            (KONSUL, "Opportunity.csv"),
            (KONSUL, "Account.csv"),
            (KONSUL, "OpportunityHistory.csv"),
            (WINKEL, "Task.csv"),
        ):
            archive.writestr(name, (folder / name).read_bytes())
        archive.writestr("Event.csv", event or (WINKEL / "Event.csv").read_bytes())
    return str(path)


def _import(path, *args) -> str:
    out = StringIO()
    call_command("import_salesforce_export", path, *args, stdout=out)
    return out.getvalue()


def figures(quarter: str, day: str) -> dict[tuple[str, str], str | None]:
    out = StringIO()
    call_command("attainment", "--quarter", quarter, "--as-of", day, "--format", "json", stdout=out)
    return {(row["email"], row["metric"]): row["value"] for row in json.loads(out.getvalue())}


def test_the_zip_commits_meetings_and_history_with_its_opportunities(roster, tmp_path):
    out = _import(_zip(tmp_path))
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.DONE, out
    assert Opportunity.objects.count() == 31
    # 24 events (all kept: no type filter); 12 tasks, one IsDeleted: 11.
    assert Meeting.objects.count() == 35
    written = run.companions[WRITTEN]
    event, task = written["meetings"]["Event.csv"], written["meetings"]["Task.csv"]
    # Every event's day is past on 2023-04-20 but REUNION PRESENTACION PROPUESTA (04-25).
    assert (event["created"], event["held"], event["filtered"]) == (24, 23, 0)
    # Completed tasks: R01 R02 R05 R06 R08 R09 R10 R11 (R12 deleted, R03 R04 R07 not done).
    assert (task["created"], task["held"], task["deleted"]) == (11, 8, 1)
    assert written["past_states"] == 62
    assert "Event.csv: 24 row(s): wrote 24 meeting(s)" in out
    assert "OpportunityHistory: wrote 62 past state(s) into the deal history" in out
    assert Meeting.objects.get(external_id="00U8a00000pGTxaEAG").type == "Meeting"
    assert Meeting.objects.get(external_id="00U8a00000pGH22EAG").type == "Event"  # Type blank
    assert not Meeting.objects.get(external_id="00U8a00000r2tD7EAI").took_place


def test_meetings_count_in_the_sdr_figures_as_rules_say(roster, tmp_path):
    _import(_zip(tmp_path))
    found = figures("FY24-Q1", "2023-04-20")
    # FY24-Q1 = 2023-02-01 .. 04-30, as of 04-20. Manolo (outbound): New Business Meetings
    # held R01 (02-06), R02 (02-20); R03 not started, R05 in FY23-Q4, R12 deleted; his events
    # are "Event"/"Meeting"/"Other", no segment's type. Paola (inbound): R06 (R07 deferred).
    # Zoe (VC/BOD): EBC R08 + Referral R09; her New Business Meeting R10 does not count.
    assert Decimal(found[("manolo@example.com", "new_business_meetings")]) == 2
    assert Decimal(found[("paola@example.com", "new_business_meetings")]) == 1
    assert Decimal(found[("zoe@example.com", "new_business_meetings")]) == 2


def test_history_gives_a_past_days_weighted_pipeline(roster, tmp_path):
    _import(_zip(tmp_path))
    assert OpportunityState.objects.filter(source=StateSource.OPPORTUNITY_HISTORY).count() == 62
    # Every row was recorded on 2018-10-13 17:16:45 UTC with the deal's current stage and
    # amount (README): the open deals weigh 690,000×10% + 440,000×20% + 120,000×50%
    # + 370,000×75% + 395,000×90% = 850,000. The day before, no deal had been observed.
    assert Decimal(figures("FY19-Q3", "2018-10-13")[("pat@example.com", "weighted_pipeline")]) == (
        Decimal("850000")
    )
    assert figures("FY19-Q3", "2018-10-12")[("pat@example.com", "weighted_pipeline")] is None


def test_the_preview_says_what_it_would_write_and_writes_nothing(roster, tmp_path):
    out = _import(_zip(tmp_path), "--dry-run")
    assert "Event.csv: 24 row(s): would write 24 meeting(s)" in out
    assert "Task.csv: 12 row(s): would write 11 meeting(s)" in out
    assert "OpportunityHistory: would write 62 past state(s)" in out
    assert (Opportunity.objects.count(), Meeting.objects.count()) == (0, 0)
    assert not OpportunityState.objects.exists()


def test_the_same_zip_again_records_nothing_new(roster, tmp_path):
    _import(_zip(tmp_path))
    out = _import(_zip(tmp_path))
    assert "OpportunityHistory: wrote 0 past state(s)" in out
    assert "wrote 0 meeting(s)" in out
    assert OpportunityState.objects.filter(source=StateSource.OPPORTUNITY_HISTORY).count() == 62


def test_a_bad_event_row_refuses_the_whole_zip(roster, tmp_path):
    text = (WINKEL / "Event.csv").read_text(encoding="utf-8")
    bad = text.replace('"2023-02-09 00:00:00"', '"2023-02-30 00:00:00"')
    with pytest.raises(CommandError):
        _import(_zip(tmp_path, bad.encode()))
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.REJECTED
    # IPG MEDIABRANDS - Media Day is the 5th event: line 6 of Event.csv.
    assert [(e["file"], e["line"], e["column"]) for e in run.errors] == [
        ("Event.csv", 6, "ActivityDate")
    ]
    assert not Opportunity.objects.exists() and not Meeting.objects.exists()
    assert not OpportunityState.objects.exists()


def test_the_type_filter_is_applied_and_reported(roster, tmp_path):
    preferences.save_meeting_types(["Meeting", "New Business Meeting", "EBC", "Referral"])
    out = _import(_zip(tmp_path))
    event = ImportRun.objects.get().companions[WRITTEN]["meetings"]["Event.csv"]
    assert (event["created"], event["filtered"]) == (2, 22)
    assert "22 row(s) left out by the meeting type filter: Event (21), Other (1)" in out
    assert "1 row(s) left out by the meeting type filter: Task (1)" in out  # R11, no Type
    assert set(Meeting.objects.values_list("type", flat=True)) == {
        "Meeting",
        "New Business Meeting",
        "EBC",
        "Referral",
    }


def test_the_page_previews_the_zip_once_and_commits_it_once(
    roster, tmp_path, client, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(username="boss", is_superuser=True, is_staff=True))
    data = Path(_zip(tmp_path)).read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("imports"),
            {"kind": "data_export", "file": SimpleUploadedFile("WE_konsul.zip", data)},
        )
    run = ImportRun.objects.get()
    assert run.status == ImportStatus.PREVIEWED, run.message
    page = client.get(reverse("import_detail", args=[run.pk])).content.decode()
    assert "Event.csv: 24 row(s): would write 24 meeting(s) (23 took place)" in page
    assert "would record 62 past state(s) into the deal history" in page
    assert not Meeting.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("import_confirm", args=[run.pk]))
    run.refresh_from_db()
    assert run.status == ImportStatus.DONE and ImportRun.objects.count() == 1
    assert (Opportunity.objects.count(), Meeting.objects.count()) == (31, 35)
    assert OpportunityState.objects.filter(source=StateSource.OPPORTUNITY_HISTORY).count() == 62
