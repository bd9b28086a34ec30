"""Issue 16 item 2: the sync reads Event and Task (Bulk API 2.0 on the first sync, REST by
SystemModstamp after it) into meetings through the Data Export's own function, in the sync's
transaction; the figures equal those of the same records imported as a meetings CSV."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from goals.models import Meeting
from imports import preferences
from salesforce import services
from salesforce.models import SyncStatus

pytestmark = pytest.mark.django_db
SAM = {
    "OwnerId": "0055g00000Us009AAA",
    "Owner.Name": "Sam Rivera",
    "Owner.Email": "sam@example.com",
}
ACCOUNT = {"AccountId": "0015g00000Ac001AAA", "Account.Name": "Account 1"}
# FY24-Q3 (2023-08-01 .. 10-31), today 2023-09-15.
TASKS = (
    ("00T5g00000Tk001AAA", "2023-08-10", "Completed", "New Business Meeting"),
    ("00T5g00000Tk002AAA", "2023-08-11", "Completed", "New Business Meeting"),
    ("00T5g00000Tk003AAA", "2023-08-12", "No Show", "New Business Meeting"),
    ("00T5g00000Tk004AAA", "2023-08-13", "Completed", "Call"),
)
EVENTS = (
    ("00U5g00000Ev001AAA", "2023-09-01", "New Business Meeting"),
    ("00U5g00000Ev002AAA", "2023-09-20", "New Business Meeting"),  # future: not held yet
)


def _seed(org) -> None:
    for record_id, day, status, kind in TASKS:
        org.put_activity(
            "Task",
            Id=record_id,
            ActivityDate=day,
            Status=status,
            IsClosed=True,
            Type=kind,
            TaskSubtype="Task",
            Subject=f"Task {record_id[-6:]}",
            WhatId=None,
            **SAM,
            **ACCOUNT,
        )
    for record_id, day, kind in EVENTS:
        org.put_activity(
            "Event",
            Id=record_id,
            ActivityDate=day,
            StartDateTime=f"{day}T15:00:00.000+0000",
            Type=kind,
            EventSubtype="Event",
            Subject=f"Event {record_id[-6:]}",
            WhatId=None,
            **SAM,
            **ACCOUNT,
        )


def sam_meetings() -> str:
    out = StringIO()
    call_command(
        "attainment", "--quarter", "FY24-Q3", "--as-of", "2023-09-15", "--format", "json",
        stdout=out,
    )  # fmt: skip
    rows = json.loads(out.getvalue())
    return next(
        r["value"]
        for r in rows
        if r["email"] == "sam@example.com" and r["metric"] == "new_business_meetings"
    )


def test_first_sync_reads_events_and_tasks_into_meetings(org):
    _seed(org)
    sync = services.sync()
    assert sync.status == SyncStatus.DONE, sync.message
    assert (sync.meetings_read, sync.meetings_written) == (6, 6)
    assert any("FROM Event" in q for q in org.jobs_seen())
    assert any("FROM Task" in q for q in org.jobs_seen())
    held = dict(Meeting.objects.values_list("external_id", "took_place"))
    assert held == {
        "00T5g00000Tk001AAA": True,
        "00T5g00000Tk002AAA": True,
        "00T5g00000Tk003AAA": False,
        "00T5g00000Tk004AAA": True,
        "00U5g00000Ev001AAA": True,
        "00U5g00000Ev002AAA": False,
    }
    assert Meeting.objects.get(external_id="00U5g00000Ev001AAA").sdr.email == "sam@example.com"
    # Held New Business Meetings in FY24-Q3 by 09-15: Tk001, Tk002, Ev001.
    assert sam_meetings() == "3"


def test_incremental_sync_reads_changed_activities_by_rest(org):
    _seed(org)
    services.sync()
    org.calls.clear()
    org.put_activity("Task", Id="00T5g00000Tk003AAA", Status="Completed")
    second = services.sync()
    assert second.status == SyncStatus.DONE, second.message
    assert not any("jobs/query" in c for c in org.calls)
    assert any("/query/?q=" in c and "Task" in c for c in org.calls)
    assert Meeting.objects.get(external_id="00T5g00000Tk003AAA").took_place
    assert sam_meetings() == "4"


def test_the_type_filter_applies_to_the_sync_and_is_counted(org):
    preferences.save_meeting_types(["New Business Meeting"])
    _seed(org)
    sync = services.sync()
    assert sync.status == SyncStatus.DONE, sync.message
    assert (sync.meetings_read, sync.meetings_written) == (6, 5)
    assert not Meeting.objects.filter(type="Call").exists()
    assert "1 row(s) left out by the meeting type filter: Call (1)" in str(sync.run.warnings)


def test_a_bad_activity_fails_the_sync_and_changes_nothing(org):
    _seed(org)
    org.put_activity("Task", Id="00T5g00000Tk001AAA", ActivityDate="2023-02-30")
    sync = services.sync()
    assert sync.status == SyncStatus.FAILED
    assert "Task 00T5g00000Tk001AAA, ActivityDate" in sync.message
    assert not Meeting.objects.exists() and sync.watermark is None


def test_the_figures_equal_those_of_the_same_records_as_a_meetings_csv(org, tmp_path):
    _seed(org)
    services.sync()
    synced = sam_meetings()
    Meeting.objects.all().delete()
    report = tmp_path / "activities.csv"
    lines = ["Activity ID,Assigned,Date,Meeting Type,Status,Account Name"]
    for record_id, day, status, kind in TASKS:
        lines.append(f"{record_id},sam@example.com,{day},{kind},{status},Account 1")
    for record_id, day, kind in EVENTS:
        # An activities report of events: the admin marks those not held yet.
        status = "Held" if day <= "2023-09-15" else "Cancelled"
        lines.append(f"{record_id},sam@example.com,{day},{kind},{status},Account 1")
    report.write_text("\n".join(lines) + "\n")
    call_command("import_meetings", str(report), stdout=StringIO())
    assert Meeting.objects.count() == 6
    assert sam_meetings() == synced == "3"
