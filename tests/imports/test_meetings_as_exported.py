"""Issue 14, meetings as Salesforce exports them: no Activity ID, no Status, held by an AE."""

from __future__ import annotations

import pytest

from goals.models import Meeting
from imports.models import ImportStatus

from .conftest import load

pytestmark = pytest.mark.django_db


def _file(tmp_path, text: str):
    path = tmp_path / "activities.csv"
    path.write_text(text, encoding="utf-8")
    return path


NO_ID = (
    "Assigned,Date,Subject,Meeting Type,Account Name\n"
    "Sam Rivera,9/18/2023,Intro,New Business Meeting,Acme\n"
    "Sam Rivera,9/18/2023,Demo,New Business Meeting,Acme\n"
)


def test_meetings_without_an_id_are_keyed_and_reimport_updates_them(team, tmp_path):
    path = _file(tmp_path, NO_ID)
    run = load(path, kind="meetings")
    assert run.status == ImportStatus.DONE, run.errors
    assert Meeting.objects.count() == 2
    reasons = [w["reason"] for w in run.warnings]
    assert any("keyed by (owner, date, subject, account)" in r for r in reasons)
    assert any("no Status column: every meeting is counted as held" in r for r in reasons)
    again = load(path, kind="meetings")
    assert (again.created, again.unchanged, Meeting.objects.count()) == (0, 2, 2)


def test_two_meetings_alike_in_all_four_are_named_as_duplicates(team, tmp_path):
    run = load(_file(tmp_path, NO_ID.replace("Demo", "Intro")), kind="meetings")
    assert run.status == ImportStatus.REJECTED
    (error,) = run.errors
    assert (error["line"], error["column"]) == (3, "(owner, date, subject, account)")


def test_a_meeting_held_by_someone_not_an_sdr_is_a_warning_naming_them(team, tmp_path):
    text = (
        "Activity ID,Assigned,Date,Meeting Type,Status\n"
        "00U5b0000000001EAA,Avery Stone,9/18/2023,Demo,Held\n"
    )
    run = load(_file(tmp_path, text), kind="meetings")
    assert run.status == ImportStatus.DONE, run.errors
    (warning,) = run.warnings
    assert (warning["line"], warning["column"]) == (2, "Assigned")
    assert warning["reason"] == "held by Avery Stone, who is not an SDR in the roster"
